/**
 * The leaves of Node's util.inspect, ported from Node 20's lib/internal/util/inspect.js: quoted and
 * escaped strings, numbers, functions and classes, boxed primitives and errors.
 */
export const INSPECT_TEXT_SOURCE = String.raw`
const strEscapeSequencesRegExp = /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const strEscapeSequencesReplacer = /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
const strEscapeSequencesRegExpSingle = /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const strEscapeSequencesReplacerSingle = /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
const keyStrRegExp = /^[a-zA-Z_][a-zA-Z_0-9]*$/
const numberRegExp = /^(0|[1-9][0-9]*)$/
const classRegExp = /^(\s+[^(]*?)\s*{/
const stripCommentsRegExp = /(\/\/.*?\n)|(\/\*(.|\n)*?\*\/)/g
const kMinLineLength = 16
const meta = [
  '\\x00', '\\x01', '\\x02', '\\x03', '\\x04', '\\x05', '\\x06', '\\x07',
  '\\b', '\\t', '\\n', '\\x0B', '\\f', '\\r', '\\x0E', '\\x0F',
  '\\x10', '\\x11', '\\x12', '\\x13', '\\x14', '\\x15', '\\x16', '\\x17',
  '\\x18', '\\x19', '\\x1A', '\\x1B', '\\x1C', '\\x1D', '\\x1E', '\\x1F',
  '', '', '', '', '', '', '', "\\'", '', '', '', '', '', '', '', '',
  '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '',
  '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '',
  '', '', '', '', '', '', '', '', '', '', '', '', '\\\\', '', '', '',
  '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '',
  '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '\\x7F',
  '\\x80', '\\x81', '\\x82', '\\x83', '\\x84', '\\x85', '\\x86', '\\x87',
  '\\x88', '\\x89', '\\x8A', '\\x8B', '\\x8C', '\\x8D', '\\x8E', '\\x8F',
  '\\x90', '\\x91', '\\x92', '\\x93', '\\x94', '\\x95', '\\x96', '\\x97',
  '\\x98', '\\x99', '\\x9A', '\\x9B', '\\x9C', '\\x9D', '\\x9E', '\\x9F',
]
// A backtick and a dollar-brace cannot be written inside the TypeScript template this lives in.
const BACKTICK = '\x60'
const DOLLAR_BRACE = '$' + '{'

function addQuotes(str, quotes) {
  if (quotes === -1) return '"' + str + '"'
  if (quotes === -2) return BACKTICK + str + BACKTICK
  return "'" + str + "'"
}

function escapeFn(str) {
  const charCode = StringPrototypeCharCodeAt(str, 0)
  return meta.length > charCode ? meta[charCode] : '\\u' + NumberPrototypeToString(charCode, 16)
}

function strEscape(str) {
  let escapeTest = strEscapeSequencesRegExp
  let escapeReplace = strEscapeSequencesReplacer
  let singleQuote = 39
  // Prefer another quote over escaping single quotes, as Node does.
  if (StringPrototypeIncludes(str, "'")) {
    if (!StringPrototypeIncludes(str, '"')) {
      singleQuote = -1
    } else if (!StringPrototypeIncludes(str, BACKTICK) && !StringPrototypeIncludes(str, DOLLAR_BRACE)) {
      singleQuote = -2
    }
    if (singleQuote !== 39) {
      escapeTest = strEscapeSequencesRegExpSingle
      escapeReplace = strEscapeSequencesReplacerSingle
    }
  }
  if (str.length < 5000 && RegExpPrototypeExec(escapeTest, str) === null) return addQuotes(str, singleQuote)
  if (str.length > 100) {
    str = regExpReplace(escapeReplace, str, escapeFn)
    return addQuotes(str, singleQuote)
  }
  let result = ''
  let last = 0
  for (let i = 0; i < str.length; i++) {
    const point = StringPrototypeCharCodeAt(str, i)
    if (point === singleQuote || point === 92 || point < 32 || (point > 126 && point < 160)) {
      if (last === i) result += meta[point]
      else result += StringPrototypeSlice(str, last, i) + meta[point]
      last = i + 1
    } else if (point >= 0xd800 && point <= 0xdfff) {
      if (point <= 0xdbff && i + 1 < str.length) {
        const next = StringPrototypeCharCodeAt(str, i + 1)
        if (next >= 0xdc00 && next <= 0xdfff) {
          i++
          continue
        }
      }
      result += StringPrototypeSlice(str, last, i) + '\\u' + NumberPrototypeToString(point, 16)
      last = i + 1
    }
  }
  if (last !== str.length) result += StringPrototypeSlice(str, last)
  return addQuotes(result, singleQuote)
}

function addNumericSeparator(integerString) {
  let result = ''
  let i = integerString.length
  const start = integerString[0] === '-' ? 1 : 0
  for (; i >= start + 4; i -= 3) result = '_' + StringPrototypeSlice(integerString, i - 3, i) + result
  return i === integerString.length ? integerString : StringPrototypeSlice(integerString, 0, i) + result
}

function addNumericSeparatorEnd(integerString) {
  let result = ''
  let i = 0
  for (; i < integerString.length - 3; i += 3) result += StringPrototypeSlice(integerString, i, i + 3) + '_'
  return i === 0 ? integerString : result + StringPrototypeSlice(integerString, i)
}

function formatNumber(number, numericSeparator) {
  if (!numericSeparator) {
    if (ObjectIs(number, -0)) return '-0'
    return StringCtor(number)
  }
  const numberString = StringCtor(number)
  if (MathTrunc(number) === number) {
    if (!NumberIsFinite(number) || StringPrototypeIncludes(numberString, 'e')) return numberString
    return addNumericSeparator(numberString)
  }
  if (NumberIsNaN(number)) return numberString
  const decimalIndex = StringPrototypeIndexOf(numberString, '.')
  return addNumericSeparator(StringPrototypeSlice(numberString, 0, decimalIndex)) + '.' +
    addNumericSeparatorEnd(StringPrototypeSlice(numberString, decimalIndex + 1))
}

function formatBigInt(bigint, numericSeparator) {
  const string = StringCtor(bigint)
  return (numericSeparator ? addNumericSeparator(string) : string) + 'n'
}

// value split after each line break, as Node splits it by /(?<=\n)/.
function linesKeepingBreaks(value) {
  const lines = []
  let start = 0
  for (let at = StringPrototypeIndexOf(value, '\n'); at !== -1 && at + 1 < value.length; at = StringPrototypeIndexOf(value, '\n', start)) {
    ArrayPrototypePush(lines, StringPrototypeSlice(value, start, at + 1))
    start = at + 1
  }
  ArrayPrototypePush(lines, StringPrototypeSlice(value, start))
  return lines
}

function returnEmpty() {
  return ''
}

function formatPrimitive(value, ctx) {
  if (typeof value === 'string') {
    let trailer = ''
    if (value.length > ctx.maxStringLength) {
      const remaining = value.length - ctx.maxStringLength
      value = StringPrototypeSlice(value, 0, ctx.maxStringLength)
      trailer = '... ' + remaining + ' more character' + (remaining > 1 ? 's' : '')
    }
    if (ctx.compact !== true && value.length > kMinLineLength && value.length > ctx.breakLength - ctx.indentationLvl - 4) {
      const lines = linesKeepingBreaks(value)
      for (let i = 0; i < lines.length; i++) lines[i] = strEscape(lines[i])
      return ArrayPrototypeJoin(lines, ' +\n' + StringPrototypeRepeat(' ', ctx.indentationLvl + 2)) + trailer
    }
    return strEscape(value) + trailer
  }
  if (typeof value === 'number') return formatNumber(value, ctx.numericSeparator)
  if (typeof value === 'bigint') return formatBigInt(value, ctx.numericSeparator)
  if (typeof value === 'boolean' || typeof value === 'undefined') return StringCtor(value)
  return SymbolPrototypeToString(value)
}

function getClassBase(value, constructor, tag) {
  const hasName = ObjectPrototypeHasOwnProperty(value, 'name')
  const name = (hasName && value.name) || '(anonymous)'
  let base = 'class ' + name
  if (constructor !== 'Function' && constructor !== null) base += ' [' + constructor + ']'
  if (tag !== '' && constructor !== tag) base += ' [' + tag + ']'
  if (constructor !== null) {
    const superName = ObjectGetPrototypeOf(value).name
    if (superName) base += ' extends ' + superName
  } else {
    base += ' extends [null prototype]'
  }
  return '[' + base + ']'
}

function getFunctionBase(value, constructor, tag) {
  const stringified = FunctionPrototypeToString(value)
  if (StringPrototypeStartsWith(stringified, 'class') && stringified[stringified.length - 1] === '}') {
    const slice = StringPrototypeSlice(stringified, 5, -1)
    const bracketIndex = StringPrototypeIndexOf(slice, '{')
    if (bracketIndex !== -1 &&
        (!StringPrototypeIncludes(StringPrototypeSlice(slice, 0, bracketIndex), '(') ||
        RegExpPrototypeExec(classRegExp, regExpReplace(stripCommentsRegExp, slice, returnEmpty)) !== null)) {
      return getClassBase(value, constructor, tag)
    }
  }
  let type = 'Function'
  if (isGeneratorFunction(value)) type = 'Generator' + type
  if (isAsyncFunction(value)) type = 'Async' + type
  let base = '[' + type
  if (constructor === null) base += ' (null prototype)'
  if (value.name === '') base += ' (anonymous)'
  else base += ': ' + value.name
  base += ']'
  if (constructor !== type && constructor !== null) base += ' ' + constructor
  if (tag !== '' && constructor !== tag) base += ' [' + tag + ']'
  return base
}

function getBoxedBase(value, ctx, keys, constructor, tag) {
  let fn
  let type
  if (isNumberObject(value)) {
    fn = NumberPrototypeValueOf
    type = 'Number'
  } else if (isStringObject(value)) {
    fn = StringPrototypeValueOf
    type = 'String'
    // The indexed characters of a boxed string are noise next to the string itself.
    arrayRemove(keys, 0, value.length)
  } else if (isBooleanObject(value)) {
    fn = BooleanPrototypeValueOf
    type = 'Boolean'
  } else if (isBigIntObject(value)) {
    fn = BigIntPrototypeValueOf
    type = 'BigInt'
  } else {
    fn = SymbolPrototypeValueOf
    type = 'Symbol'
  }
  let base = '[' + type
  if (type !== constructor) {
    if (constructor === null) base += ' (null prototype)'
    else base += ' (' + constructor + ')'
  }
  base += ': ' + formatPrimitive(fn(value), ctx) + ']'
  if (tag !== '' && tag !== constructor) base += ' [' + tag + ']'
  return base
}

// QuickJS's error.stack holds only the frames ("    at f (main.js:4:3)\n" each); V8 puts the
// "Name: message" line first, and Node prints that line, so it is rebuilt from the error here.
function getStackString(error) {
  const stack = error.stack
  if (!stack) return ErrorPrototypeToString(error)
  const text = StringCtor(stack)
  if (!StringPrototypeStartsWith(text, '    at ')) return text
  const frames = StringPrototypeEndsWith(text, '\n') ? StringPrototypeSlice(text, 0, -1) : text
  return ErrorPrototypeToString(error) + '\n' + frames
}

function identicalSequenceRange(a, b) {
  for (let i = 0; i < a.length - 3; i++) {
    const pos = ArrayPrototypeIndexOf(b, a[i])
    if (pos !== -1) {
      const rest = b.length - pos
      if (rest > 3) {
        let len = 1
        const maxLen = MathMin(a.length - i, rest)
        while (maxLen > len && a[i + len] === b[pos + len]) len++
        if (len > 3) return { len: len, offset: i }
      }
    }
  }
  return { len: 0, offset: 0 }
}

function getStackFrames(ctx, err, stack) {
  const frames = StringPrototypeSplit(stack, '\n')
  let cause
  try {
    cause = err.cause
  } catch (e) {
    // A throwing cause getter is ignored, as in Node.
  }
  if (cause != null && isError(cause)) {
    const causeStack = getStackString(cause)
    const causeStackStart = StringPrototypeIndexOf(causeStack, '\n    at')
    if (causeStackStart !== -1) {
      const causeFrames = StringPrototypeSplit(StringPrototypeSlice(causeStack, causeStackStart + 1), '\n')
      const range = identicalSequenceRange(frames, causeFrames)
      if (range.len > 0) {
        const skipped = range.len - 2
        arrayRemove(frames, range.offset + 1, skipped)
        arrayInsert(frames, range.offset + 1, '    ... ' + skipped + ' lines matching cause stack trace ...')
      }
    }
  }
  return frames
}

function improveStack(stack, constructor, name, tag) {
  let len = name.length
  if (constructor === null ||
      (StringPrototypeEndsWith(name, 'Error') && StringPrototypeStartsWith(stack, name) &&
      (stack.length === len || stack[len] === ':' || stack[len] === '\n'))) {
    let fallback = 'Error'
    if (constructor === null) {
      const start = RegExpPrototypeExec(/^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n {4}at)/, stack) ||
        RegExpPrototypeExec(/^([a-z_A-Z0-9-]*Error)$/, stack)
      fallback = (start && start[1]) || ''
      len = fallback.length
      fallback = fallback || 'Error'
    }
    const prefix = StringPrototypeSlice(getPrefix(constructor, tag, fallback), 0, -1)
    if (name !== prefix) {
      if (StringPrototypeIncludes(prefix, name)) {
        if (len === 0) stack = prefix + ': ' + stack
        else stack = prefix + StringPrototypeSlice(stack, len)
      } else {
        stack = prefix + ' [' + name + ']' + StringPrototypeSlice(stack, len)
      }
    }
  }
  return stack
}

function removeDuplicateErrorKeys(ctx, keys, err, stack) {
  if (!ctx.showHidden && keys.length !== 0) {
    const names = ['name', 'message', 'stack']
    for (let i = 0; i < names.length; i++) {
      const index = ArrayPrototypeIndexOf(keys, names[i])
      if (index !== -1 && StringPrototypeIncludes(stack, err[names[i]])) arrayRemove(keys, index, 1)
    }
  }
}

function isError(value) {
  if (isInstanceOfOwn(value, ErrorCtor)) return true
  // Without a tag of its own, Object.prototype.toString reveals the native error slot V8 checks.
  return typeof value[SymbolToStringTag] !== 'string' && ObjectPrototypeToString(value) === '[object Error]'
}

function formatError(err, constructor, tag, ctx, keys) {
  const name = err.name != null ? StringCtor(err.name) : 'Error'
  let stack = getStackString(err)
  removeDuplicateErrorKeys(ctx, keys, err, stack)
  if ('cause' in err && (keys.length === 0 || !ArrayPrototypeIncludes(keys, 'cause'))) ArrayPrototypePush(keys, 'cause')
  if (ArrayIsArray(err.errors) && (keys.length === 0 || !ArrayPrototypeIncludes(keys, 'errors'))) ArrayPrototypePush(keys, 'errors')
  stack = improveStack(stack, constructor, name, tag)
  let pos = (err.message && StringPrototypeIndexOf(stack, err.message)) || -1
  if (pos !== -1) pos += err.message.length
  const stackStart = StringPrototypeIndexOf(stack, '\n    at', pos)
  if (stackStart === -1) {
    stack = '[' + stack + ']'
  } else {
    const lines = getStackFrames(ctx, err, StringPrototypeSlice(stack, stackStart + 1))
    stack = StringPrototypeSlice(stack, 0, stackStart) + '\n' + ArrayPrototypeJoin(lines, '\n')
  }
  if (ctx.indentationLvl !== 0) {
    stack = StringPrototypeReplaceAll(stack, '\n', '\n' + StringPrototypeRepeat(' ', ctx.indentationLvl))
  }
  return stack
}
`
