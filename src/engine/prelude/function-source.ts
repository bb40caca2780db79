/**
 * Function.prototype.toString as the program would see it uninstrumented. QuickJS keeps the text it
 * compiled, so a function the instrumentation rewrote would show its `__leaklab.a(…)` calls.
 * Plain JS evaluated inside QuickJS, after sites.ts (it reads instrumentation()).
 *
 * A function's text is a piece of the compiled code; QuickJS tells where it lies (fileName, lineNumber,
 * columnNumber), and the host says where text was inserted into the source, so the source's own piece
 * can be cut out. Nothing is kept per function: the source and the insertion table come with the
 * instrumentation, counted in bookkeeping there.
 *
 * The replacement is a method (no prototype, not a constructor), named toString with length 0, like the
 * built-in; it and every other function of LeakLab's own read as built-ins do: native code.
 */
export const FUNCTION_SOURCE_SOURCE = String.raw`
const functionInfoGetter = function (name) {
  const d = ObjectGetOwnPropertyDescriptor(FunctionPrototype, name)
  return d !== undefined && typeof d.get === 'function' ? uncurryThis(d.get) : null
}
const FunctionPrototypeGetFileName = functionInfoGetter('fileName')
const FunctionPrototypeGetLineNumber = functionInfoGetter('lineNumber')
const FunctionPrototypeGetColumnNumber = functionInfoGetter('columnNumber')
// Every insertion mentions the runtime: a text without it is the function's own.
const RUNTIME_NAME = '__leaklab'

if (FunctionPrototypeGetFileName !== null && FunctionPrototypeGetLineNumber !== null && FunctionPrototypeGetColumnNumber !== null) {
  const PRELUDE_FILE = FunctionPrototypeGetFileName(functionInfoGetter)
  define(FunctionPrototype, 'toString', {
    toString() {
      // The built-in first: it checks the receiver and throws as it would.
      const text = FunctionPrototypeToString(this)
      const file = FunctionPrototypeGetFileName(this)
      if (file === PRELUDE_FILE) return nativeFunctionText(this)
      if (file === undefined || !StringPrototypeIncludes(text, RUNTIME_NAME)) return text
      const original = originalFunctionText(this, file, text)
      return original === null ? text : original
    },
  }.toString)
}

/** What QuickJS prints for a function without source: its kind, its name and native code. */
function nativeFunctionText(fn) {
  const async = isAsyncFunction(fn)
  const generator = isGeneratorFunction(fn)
  const name = fn.name
  return (async ? 'async function ' : 'function ') + (generator ? '*' : '') + (name === undefined ? '' : name) + '() {\n    [native code]\n}'
}

const StringPrototypeLastIndexOf = uncurryThis(String.prototype.lastIndexOf)

/**
 * The source text of a function the instrumentation rewrote, or null. QuickJS anchors a function at
 * its first character, and a class at its closing brace, or at its constructor when it has one: then
 * the text starts at the nearest class keyword before the anchor where the source matches it.
 */
function originalFunctionText(fn, file, text) {
  const info = instrumentation()
  if (!info.instrumented || file !== info.file) return null
  const anchor = generatedOffset(info, FunctionPrototypeGetLineNumber(fn), FunctionPrototypeGetColumnNumber(fn))
  if (anchor < 0) return null
  let original = sourceAt(info, anchor, text)
  if (original === null) original = sourceAt(info, anchor + 1 - text.length, text)
  if (original === null && StringPrototypeStartsWith(text, 'class')) {
    const inserted = info.inserted
    const source = info.source
    const anchorInSource = anchor - insertedBefore(inserted, insertionEndingAfter(inserted, anchor))
    for (let at = StringPrototypeLastIndexOf(source, 'class', anchorInSource); original === null && at >= 0 && at > anchorInSource - text.length;) {
      original = sourceAt(info, at + insertedBefore(inserted, insertionFrom(inserted, at + 1)), text)
      at = at > 0 ? StringPrototypeLastIndexOf(source, 'class', at - 1) : -1
    }
  }
  return original
}

// info.inserted holds pairs: a source offset where text was inserted, and the total length inserted at
// or before it (ascending). Insertion i takes the compiled code's [at + total before, at + total).
function insertedBefore(inserted, i) { return i > 0 ? inserted[2 * i - 1] : 0 }

/** The first insertion whose source offset is at or after at. */
function insertionFrom(inserted, at) {
  let low = 0
  let high = inserted.length / 2
  while (low < high) {
    const mid = (low + high) >> 1
    if (inserted[2 * mid] < at) low = mid + 1
    else high = mid
  }
  return low
}

/** The first insertion that ends in the compiled code after offset. */
function insertionEndingAfter(inserted, offset) {
  let low = 0
  let high = inserted.length / 2
  while (low < high) {
    const mid = (low + high) >> 1
    if (inserted[2 * mid] + inserted[2 * mid + 1] <= offset) low = mid + 1
    else high = mid
  }
  return low
}

let sourceHasAstral = null

/**
 * The offset in the compiled code of a line and column QuickJS reported (1-based; a column counts
 * code points, and the inserted text is ASCII), or -1.
 */
function generatedOffset(info, line, column) {
  const lineStarts = info.lineStarts
  if (!(line >= 1 && line <= lineStarts.length && column >= 1)) return -1
  const inserted = info.inserted
  const source = info.source
  let at = lineStarts[line - 1]
  let next = insertionFrom(inserted, at)
  let offset = at + insertedBefore(inserted, next)
  if (sourceHasAstral === null) sourceHasAstral = RegExpPrototypeExec(/[\ud800-\udbff][\udc00-\udfff]/, source) !== null
  if (!sourceHasAstral) return offset + column - 1
  for (let remaining = column - 1; remaining > 0;) {
    if (next < inserted.length / 2 && inserted[2 * next] === at) {
      const length = inserted[2 * next + 1] - insertedBefore(inserted, next)
      if (remaining < length) return -1
      remaining -= length
      offset += length
      next++
      continue
    }
    if (at >= source.length) return -1
    const code = StringPrototypeCharCodeAt(source, at)
    const width = code >= 0xd800 && code <= 0xdbff && (StringPrototypeCharCodeAt(source, at + 1) & 0xfc00) === 0xdc00 ? 2 : 1
    at += width
    offset += width
    remaining--
  }
  return offset
}

/**
 * The source's text for the compiled code's text starting at offset start, or null when they do not
 * match: the characters outside insertions must be the source's own, and start must not be inserted.
 */
function sourceAt(info, start, text) {
  if (start < 0) return null
  const inserted = info.inserted
  const source = info.source
  const count = inserted.length / 2
  const end = start + text.length
  let next = insertionEndingAfter(inserted, start)
  const from = start - insertedBefore(inserted, next)
  if (next < count && inserted[2 * next] + insertedBefore(inserted, next) <= start) return null
  let at = from
  let offset = start
  while (offset < end) {
    const insertionStart = next < count ? inserted[2 * next] + insertedBefore(inserted, next) : end
    const run = MathMin(insertionStart, end) - offset
    if (at + run > source.length) return null
    for (let k = 0; k < run; k++) {
      if (StringPrototypeCharCodeAt(text, offset - start + k) !== StringPrototypeCharCodeAt(source, at + k)) return null
    }
    at += run
    offset += run
    if (offset >= end) break
    // Skip the insertion, or the part of it the text ends inside.
    offset = MathMin(inserted[2 * next] + inserted[2 * next + 1], end)
    next++
  }
  return StringPrototypeSlice(source, from, at)
}
`
