/**
 * What a logged object held, for the Console panel to expand (ConsoleArg in src/engine/types.ts).
 * Built in the guest as the line is logged, and written straight out as JSON text: a snapshot, as
 * Node's console is, and nothing of the learner's is kept once console.log returns.
 *
 * It runs none of the learner's code: no getter is called (accessors read [Getter], [Setter]), no
 * custom inspect, no toJSON, and a proxy is never asked anything (its target and handler come from
 * the record new Proxy made, see proxies.ts). Names come from property descriptors and the captured
 * built-ins only, never from a property read that could run code.
 *
 * Bounded per console entry: TREE_DEPTH levels, TREE_WIDTH children per object ("… N more"),
 * TREE_NODES values and about TREE_CHARS characters in all; and per run, TREE_RUN_VALUES values. A
 * reference back to an object being listed reads [Circular]. The whole line in parts costs about
 * as much as inspecting it did, so a line of text, which has no parts, costs nothing more.
 * Plain JS evaluated inside QuickJS, after inspect and before console.
 */
export const CONSOLE_TREE_SOURCE = String.raw`
const TREE_DEPTH = 4
const TREE_WIDTH = 100
const TREE_NODES = 2000
const TREE_CHARS = 200000
// Values kept over a whole run: past them lines print as text only, so a program that logs big
// objects thousands of times pays for trees a while, then nothing more.
const TREE_RUN_VALUES = 100000
let treeRunValuesLeft = TREE_RUN_VALUES
// Characters of one key or one value's text, and of an object's one-line preview.
const TREE_TEXT = 120
const TREE_PREVIEW = 80
const treePrimitiveCtx = { maxStringLength: TREE_TEXT, compact: true, breakLength: Infinity, indentationLvl: 0, numericSeparator: false }
// The built-ins' prototypes as they were before the program ran, told apart by identity.
const treePrototypes = new MapCtor([
  [Map.prototype, 'map'], [Set.prototype, 'set'], [WeakMap.prototype, 'weakmap'], [WeakSet.prototype, 'weakset'],
  [Date.prototype, 'date'], [RegExp.prototype, 'regexp'], [Error.prototype, 'error'], [Promise.prototype, 'promise'],
  [Number.prototype, 'boxed'], [String.prototype, 'boxed'], [Boolean.prototype, 'boxed'], [BigInt.prototype, 'boxed'],
  [Symbol.prototype, 'boxed'],
])
const treeArrayPrototype = Array.prototype
const treeMapPrototype = Map.prototype
const treeSetPrototype = Set.prototype
// The commonest kinds, told by their prototype alone (no chain to walk), each with the one
// description all its objects share.
const treePlainInfo = { kind: 'object', name: 'Object' }
const treeArrayInfo = { kind: 'array', name: 'Array' }
const treeMapInfo = { kind: 'map', name: 'Map' }
const treeSetInfo = { kind: 'set', name: 'Set' }
const regExpFlagGetters = []
{
  const flags = [['hasIndices', 'd'], ['global', 'g'], ['ignoreCase', 'i'], ['multiline', 'm'], ['dotAll', 's'],
    ['unicode', 'u'], ['unicodeSets', 'v'], ['sticky', 'y']]
  for (let i = 0; i < flags.length; i++) {
    const d = ObjectGetOwnPropertyDescriptor(RegExp.prototype, flags[i][0])
    if (d !== undefined && typeof d.get === 'function') ArrayPrototypePush(regExpFlagGetters, [uncurryThis(d.get), flags[i][1]])
  }
}

function clipText(text, max) {
  return text.length > max ? StringPrototypeSlice(text, 0, max - 1) + '…' : text
}

function treePrimitiveText(value) {
  if (typeof value === 'number') return formatNumber(value, false)
  return clipText(formatPrimitive(value, treePrimitiveCtx), 2 * TREE_TEXT)
}

/** A text as a JSON string: numbers, booleans, undefined, null and identifiers need no escaping. */
function treeJSONString(text, plain) {
  return plain ? '"' + text + '"' : JSONStringify(text)
}

/** A property key as Node writes it before the colon. */
function treeKeyText(key) {
  if (typeof key === 'symbol') {
    return clipText('[' + regExpReplace(strEscapeSequencesReplacer, SymbolPrototypeToString(key), escapeFn) + ']', TREE_TEXT)
  }
  if (key === '__proto__') return "['__proto__']"
  if (key.length > TREE_TEXT) return clipText(strEscape(StringPrototypeSlice(key, 0, TREE_TEXT)), TREE_TEXT)
  if (RegExpPrototypeExec(keyStrRegExp, key) !== null) return key
  return clipText(strEscape(key), TREE_TEXT)
}

/** A function's own name, from its descriptor: a static name getter is not called. */
function ownFunctionName(fn) {
  if (isProxy(fn)) return ''
  const d = ObjectGetOwnPropertyDescriptor(fn, 'name')
  return d !== undefined && ObjectPrototypeHasOwnProperty(d, 'value') && typeof d.value === 'string' ? clipText(d.value, TREE_TEXT) : ''
}

/**
 * What an object is, without running anything of the program's: its kind, and the name of the
 * nearest constructor on its prototype chain that has one (null for a null prototype). The kind
 * follows the built-in prototype found on the chain, confirmed by a brand check (a throwing check
 * is slow in QuickJS, so only then).
 */
function treeDescribe(value) {
  if (isProxy(value)) return { kind: 'proxy', name: 'Proxy' }
  let proto = ObjectGetPrototypeOf(value)
  if (typeof value !== 'function') {
    if (proto === ObjectPrototype) return treePlainInfo
    if (proto === treeArrayPrototype && ArrayIsArray(value)) return treeArrayInfo
    if (proto === treeMapPrototype && isMap(value)) return treeMapInfo
    if (proto === treeSetPrototype && isSet(value)) return treeSetInfo
  }
  const nullProto = proto === null
  let name = nullProto ? null : ''
  let hint
  while (proto !== null && (name === '' || hint === undefined)) {
    if (isProxy(proto)) break
    if (hint === undefined) hint = MapPrototypeGet(treePrototypes, proto)
    if (name === '') {
      const d = ObjectGetOwnPropertyDescriptor(proto, 'constructor')
      if (d !== undefined && ObjectPrototypeHasOwnProperty(d, 'value') && typeof d.value === 'function') name = ownFunctionName(d.value)
    }
    proto = ObjectGetPrototypeOf(proto)
  }
  if (name === '') name = 'Object'
  let kind = 'object'
  if (typeof value === 'function') kind = 'function'
  else if (ArrayIsArray(value)) kind = 'array'
  else if (isTypedArray(value)) kind = 'typed'
  else if (hint !== undefined || nullProto) {
    if (hint === 'map' || (nullProto && isMap(value))) kind = 'map'
    else if (hint === 'set' || (nullProto && isSet(value))) kind = isSet(value) ? 'set' : 'object'
    else if (hint === 'date') kind = isDate(value) ? 'date' : 'object'
    else if (hint === 'regexp') kind = isRegExp(value) ? 'regexp' : 'object'
    else if (hint === 'error') kind = 'error'
    else if (hint === 'promise') kind = isPromise(value) ? 'promise' : 'object'
    else if (hint === 'weakmap') kind = isWeakMap(value) ? 'weakmap' : 'object'
    else if (hint === 'weakset') kind = isWeakSet(value) ? 'weakset' : 'object'
    else if (hint === 'boxed') kind = isBoxedPrimitive(value) ? 'boxed' : 'object'
    if (kind === 'map' && !isMap(value)) kind = 'object'
  }
  return { kind: kind, name: name }
}

/** How a kind that Node prints without braces reads on its own: a function, date, regexp, error, boxed primitive. */
function treeBase(value, info) {
  switch (info.kind) {
    case 'function': {
      const name = ownFunctionName(value)
      const text = FunctionPrototypeToString(value)
      if (StringPrototypeStartsWith(text, 'class') && text[text.length - 1] === '}') {
        const parent = ObjectGetPrototypeOf(value)
        const superName = parent !== null && parent !== FunctionPrototype && typeof parent === 'function' ? ownFunctionName(parent) : ''
        return '[class ' + (name || '(anonymous)') + (superName ? ' extends ' + superName : '') + ']'
      }
      let type = 'Function'
      if (isGeneratorFunction(value)) type = 'Generator' + type
      if (isAsyncFunction(value)) type = 'Async' + type
      return '[' + type + (name === '' ? ' (anonymous)' : ': ' + name) + ']'
    }
    case 'date':
      return NumberIsNaN(DatePrototypeGetTime(value)) ? 'Invalid Date' : DatePrototypeToISOString(value)
    case 'regexp': {
      let flags = ''
      for (let i = 0; i < regExpFlagGetters.length; i++) if (regExpFlagGetters[i][0](value)) flags += regExpFlagGetters[i][1]
      return clipText('/' + RegExpPrototypeGetSource(value) + '/' + flags, TREE_TEXT)
    }
    case 'error': {
      const d = ObjectGetOwnPropertyDescriptor(value, 'message')
      const message = d !== undefined && ObjectPrototypeHasOwnProperty(d, 'value') && typeof d.value === 'string' ? d.value : ''
      const firstLine = StringPrototypeSplit(message, '\n', 1)[0] || ''
      return '[' + (info.name || 'Error') + (firstLine === '' ? '' : ': ' + clipText(firstLine, TREE_TEXT)) + ']'
    }
    case 'boxed': {
      let type
      let inner
      if (isNumberObject(value)) { type = 'Number'; inner = NumberPrototypeValueOf(value) }
      else if (isStringObject(value)) { type = 'String'; inner = StringPrototypeValueOf(value) }
      else if (isBooleanObject(value)) { type = 'Boolean'; inner = BooleanPrototypeValueOf(value) }
      else if (isBigIntObject(value)) { type = 'BigInt'; inner = BigIntPrototypeValueOf(value) }
      else { type = 'Symbol'; inner = SymbolPrototypeValueOf(value) }
      return '[' + type + ': ' + treePrimitiveText(inner) + ']'
    }
    default:
      return ''
  }
}

/** The prefix before an object's braces, as Node writes it: 'Map(2) ', 'DataHolder ', '[Object: null prototype] '. */
function treePrefix(info, fallback, size) {
  return getPrefix(info.name, '', fallback, size)
}

/**
 * One object's children as they are collected: their JSON, how many, its one-line preview so far,
 * and how many were left out (more) and why (cut: '' for the width, 'size' for the budget). The
 * line's own state, t, holds the values and characters used, the objects being listed (for
 * [Circular]), and the text, short form and tree-or-not of the value described last.
 */
function treeList() {
  return { json: '', count: 0, preview: '', previewDone: false, more: 0, cut: '' }
}

function treeFull(t) {
  return t.nodes >= t.maxNodes || t.chars >= TREE_CHARS
}

/** Whether the list takes another child; if not, the child (and the rest, by the caller) count as more. */
function treeRoom(t, list) {
  if (list.count >= TREE_WIDTH) return false
  if (treeFull(t)) {
    list.cut = 'size'
    return false
  }
  return true
}

function treePreviewAdd(list, part) {
  if (list.previewDone) return
  if (list.preview.length + part.length > TREE_PREVIEW) {
    list.preview += list.preview === '' ? '…' : ', …'
    list.previewDone = true
    return
  }
  list.preview += (list.preview === '' ? '' : ', ') + part
}

// kind: undefined for a property ('key: value' in the preview), 'member' for a Set member, 'element'
// for an array element (both bare in the preview; an element's JSON still has its index as key).
function treeAddChild(t, list, keyText, value, kind, depth, plainKey) {
  let valueJSON
  let short
  const type = typeof value
  if (type === 'number' || type === 'boolean' || value === undefined || value === null) {
    // The commonest child, inline: its text needs no escaping.
    short = type === 'number' ? formatNumber(value, false) : StringCtor(value)
    valueJSON = '{"text":"' + short + '"}'
    t.nodes++
    t.chars += short.length + 12
  } else {
    valueJSON = treeArg(t, value, depth)
    short = t.short
  }
  let json = '{"key":' + treeJSONString(keyText, plainKey === true) + ',"value":' + valueJSON
  if (kind === 'member') json += ',"kind":"member"'
  list.json += (list.count === 0 ? '' : ',') + json + '}'
  list.count++
  t.chars += keyText.length + 24
  if (!list.previewDone) treePreviewAdd(list, kind === undefined ? keyText + ': ' + short : short)
}

function treeAddMapEntry(t, list, key, value, depth) {
  const keyJSON = treeArg(t, key, depth)
  const keyText = t.text
  const keyShort = t.short
  const keyHasTree = t.hasTree
  const valueJSON = treeArg(t, value, depth)
  let json = '{"key":' + JSONStringify(keyText) + ',"value":' + valueJSON + ',"kind":"entry"'
  if (keyHasTree) json += ',"keyArg":' + keyJSON
  list.json += (list.count === 0 ? '' : ',') + json + '}'
  list.count++
  t.chars += keyText.length + 32
  treePreviewAdd(list, keyShort + ' => ' + t.short)
}

function treeAddText(t, list, keyText, text, kind, plain) {
  let json = '{"key":' + treeJSONString(keyText, plain === true) + ',"value":{"text":' + treeJSONString(text, plain === true) + '}'
  if (kind === 'member') json += ',"kind":"member"'
  list.json += (list.count === 0 ? '' : ',') + json + '}'
  list.count++
  t.nodes++
  t.chars += keyText.length + text.length + 40
  treePreviewAdd(list, kind === undefined ? keyText + ': ' + text : text)
}

/** The program's own enumerable properties (symbols too), accessors shown, not called. */
function treeAddProperties(t, list, value, keys, depth) {
  for (let i = 0; i < keys.length; i++) {
    if ((list.count >= TREE_WIDTH || t.nodes >= t.maxNodes || t.chars >= TREE_CHARS) && !treeRoom(t, list)) {
      list.more += keys.length - i
      return
    }
    const key = keys[i]
    const d = ObjectGetOwnPropertyDescriptor(value, key)
    if (d === undefined) continue
    // An identifier is its own text (see treeKeyText), and needs no escaping in JSON.
    const plainKey = typeof key === 'string' && key.length <= TREE_TEXT && key !== '__proto__' && RegExpPrototypeExec(keyStrRegExp, key) !== null
    const keyText = plainKey ? key : treeKeyText(key)
    if (ObjectPrototypeHasOwnProperty(d, 'value')) {
      const child = d.value
      const type = typeof child
      if (plainKey && (type === 'number' || type === 'boolean')) {
        // The commonest child of all, inline: an identifier holding a number or a boolean.
        const text = type === 'number' ? formatNumber(child, false) : (child ? 'true' : 'false')
        list.json += (list.count === 0 ? '{"key":"' : ',{"key":"') + key + '","value":{"text":"' + text + '"}}'
        list.count++
        t.nodes++
        t.chars += key.length + text.length + 36
        if (!list.previewDone) treePreviewAdd(list, key + ': ' + text)
      } else {
        treeAddChild(t, list, keyText, child, undefined, depth, plainKey)
      }
    } else {
      treeAddText(t, list, keyText, d.get !== undefined ? (d.set !== undefined ? '[Getter/Setter]' : '[Getter]') : '[Setter]')
    }
  }
}

function treeAddElements(t, list, value, length, depth) {
  let i = 0
  while (i < length) {
    if (!treeRoom(t, list)) break
    const d = ObjectGetOwnPropertyDescriptor(value, i)
    if (d === undefined) {
      // A run of holes is one child, as Node prints it.
      let end = i + 1
      while (end < length && end - i < 1000000 && !ObjectPrototypeHasOwnProperty(value, end)) end++
      const holes = end - i
      treeAddText(t, list, '', '<' + holes + ' empty item' + (holes > 1 ? 's' : '') + '>', 'member')
      i = end
      continue
    }
    if (ObjectPrototypeHasOwnProperty(d, 'value')) treeAddChild(t, list, StringCtor(i), d.value, 'element', depth, true)
    else treeAddText(t, list, StringCtor(i), d.get !== undefined ? (d.set !== undefined ? '[Getter/Setter]' : '[Getter]') : '[Setter]', 'element')
    i++
  }
  list.more += length - i
}

/** How many children an object has, without listing them: for one not descended into (depth). */
function treeChildCount(value, info) {
  switch (info.kind) {
    case 'proxy': return 2
    case 'array': return value.length + getOwnNonIndexProperties(value, false).length
    case 'typed': return TypedArrayPrototypeGetLength(value) + getOwnNonIndexProperties(value, false).length
    case 'map': return MapPrototypeGetSize(value) + getKeys(value, false).length
    case 'set': return SetPrototypeGetSize(value) + getKeys(value, false).length
    case 'promise': {
      const state = getPromiseDetails(value)
      return (state !== undefined && state[0] !== 'pending' ? 1 : 0) + getKeys(value, false).length
    }
    default: return treeKeys(value, info).length
  }
}

function treeKeys(value, info) {
  const keys = getKeys(value, false)
  // A boxed string's indexed characters are noise next to the string itself, as in Node.
  if (info.kind === 'boxed' && isStringObject(value)) arrayRemove(keys, 0, StringPrototypeValueOf(value).length)
  return keys
}

/** The short form of an object Node prints past its depth: [Object], [Array], [DataHolder], Map(0) {}. */
function treeShort(value, info, count) {
  const base = treeBase(value, info)
  if (base !== '') return base
  switch (info.kind) {
    case 'proxy': return '[Proxy]'
    case 'array': return count === 0 ? treePrefix(info, 'Array', '(0)') + '[]' : '[' + (info.name === null ? 'Array: null prototype' : info.name) + ']'
    case 'typed': {
      const name = info.name === null ? TypedArrayPrototypeGetSymbolToStringTag(value) : info.name
      return count === 0 ? name + '(0) []' : '[' + name + ']'
    }
    case 'map': return count === 0 ? treePrefix(info, 'Map', '(0)') + '{}' : '[' + (info.name === null ? 'Map: null prototype' : info.name) + ']'
    case 'set': return count === 0 ? treePrefix(info, 'Set', '(0)') + '{}' : '[' + (info.name === null ? 'Set: null prototype' : info.name) + ']'
    case 'weakmap': case 'weakset': return treePrefix(info, '', '') + '{ <items unknown> }'
    case 'promise': return count === 0 ? 'Promise { <pending> }' : '[Promise]'
    default:
      if (count === 0) return info.name === 'Object' ? '{}' : treePrefix(info, 'Object', '') + '{}'
      return info.name === null ? '[Object: null prototype]' : '[' + info.name + ']'
  }
}

/**
 * The ConsoleArg of any value, as JSON. Sets t.text (its text), t.short (how a parent's preview shows
 * it) and t.hasTree. depth: levels above it (0 for a logged argument).
 */
function treeArg(t, value, depth) {
  t.nodes++
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
    const text = treePrimitiveText(value)
    t.chars += text.length + 12
    t.text = text
    t.hasTree = false
    if (typeof value === 'string' || typeof value === 'symbol') {
      t.short = typeof value === 'string' ? clipText(text, 24) : text
      return '{"text":' + JSONStringify(text) + '}'
    }
    t.short = text
    return '{"text":"' + text + '"}'
  }
  if (ArrayPrototypeIncludes(t.ancestors, value)) {
    t.chars += 24
    t.text = t.short = '[Circular]'
    t.hasTree = false
    return '{"text":"[Circular]"}'
  }
  return treeObject(t, value, depth, undefined)
}

/** The ConsoleArg of an object; text replaces its preview (a logged argument keeps the line's text). */
function treeObject(t, value, depth, text) {
  const info = treeDescribe(value)
  if (depth >= TREE_DEPTH) {
    const count = treeChildCount(value, info)
    const short = treeShort(value, info, count)
    const shown = text === undefined ? short : text
    t.text = shown
    t.short = short
    t.hasTree = count > 0
    t.chars += shown.length + 60
    const json = '{"text":' + JSONStringify(shown)
    return count > 0 ? json + ',"tree":{"children":[],"more":' + count + ',"cut":"depth"}}' : json + '}'
  }
  const list = treeList()
  const childDepth = depth + 1
  let open = '{'
  let close = '}'
  let prefix = ''
  // A throw on the way (the stack running out) abandons the whole line's parts, ancestors and all.
  ArrayPrototypePush(t.ancestors, value)
  switch (info.kind) {
    case 'proxy': {
      const parts = proxyParts(value)
      treeAddChild(t, list, '[[Target]]', parts[0], 'element', childDepth)
      treeAddChild(t, list, '[[Handler]]', parts[1], 'element', childDepth)
      prefix = 'Proxy '
      open = '['
      close = ']'
      break
    }
    case 'array': {
      const length = value.length
      if (info.name !== 'Array') prefix = treePrefix(info, 'Array', '(' + length + ')')
      open = '['
      close = ']'
      treeAddElements(t, list, value, length, childDepth)
      treeAddProperties(t, list, value, getOwnNonIndexProperties(value, false), childDepth)
      break
    }
    case 'typed': {
      const length = TypedArrayPrototypeGetLength(value)
      prefix = treePrefix(info, TypedArrayPrototypeGetSymbolToStringTag(value), '(' + length + ')')
      open = '['
      close = ']'
      let i = 0
      for (; i < length && treeRoom(t, list); i++) {
        const element = value[i]
        treeAddText(t, list, StringCtor(i), typeof element === 'bigint' ? formatBigInt(element, false) : formatNumber(element, false), 'element', true)
      }
      list.more += length - i
      treeAddProperties(t, list, value, getOwnNonIndexProperties(value, false), childDepth)
      break
    }
    case 'map': {
      const size = MapPrototypeGetSize(value)
      prefix = treePrefix(info, 'Map', '(' + size + ')')
      const iterator = MapPrototypeEntries(value)
      let i = 0
      for (; i < size && treeRoom(t, list); i++) {
        const step = MapIteratorPrototypeNext(iterator)
        if (step.done) break
        treeAddMapEntry(t, list, step.value[0], step.value[1], childDepth)
      }
      list.more += size - i
      treeAddProperties(t, list, value, getKeys(value, false), childDepth)
      break
    }
    case 'set': {
      const size = SetPrototypeGetSize(value)
      prefix = treePrefix(info, 'Set', '(' + size + ')')
      const iterator = SetPrototypeValues(value)
      let i = 0
      for (; i < size && treeRoom(t, list); i++) {
        const step = SetIteratorPrototypeNext(iterator)
        if (step.done) break
        treeAddChild(t, list, '', step.value, 'member', childDepth)
      }
      list.more += size - i
      treeAddProperties(t, list, value, getKeys(value, false), childDepth)
      break
    }
    case 'promise': {
      prefix = treePrefix(info, 'Promise', '')
      const state = getPromiseDetails(value)
      if (state !== undefined && state[0] !== 'pending') {
        treeAddChild(t, list, state[0] === 'rejected' ? '<rejected>' : '<fulfilled>', state[1], undefined, childDepth)
      }
      treeAddProperties(t, list, value, getKeys(value, false), childDepth)
      break
    }
    default: {
      const base = treeBase(value, info)
      if (base !== '') prefix = base + ' '
      else if (info.kind === 'weakmap' || info.kind === 'weakset') prefix = treePrefix(info, '', '')
      else if (info.name !== 'Object') prefix = treePrefix(info, 'Object', '')
      treeAddProperties(t, list, value, treeKeys(value, info), childDepth)
    }
  }
  ArrayPrototypePop(t.ancestors)
  const count = list.count + list.more
  const short = info === treePlainInfo ? (count === 0 ? '{}' : '[Object]') : info === treeArrayInfo ? (count === 0 ? '[]' : '[Array]') : treeShort(value, info, count)
  let preview
  if (list.count === 0 && list.more === 0) preview = short
  else preview = clipText(prefix + open + ' ' + list.preview + (list.more > 0 && !list.previewDone ? (list.preview === '' ? '…' : ', …') : '') + ' ' + close, 2 * TREE_PREVIEW)
  const shown = text === undefined ? preview : text
  t.text = shown
  t.short = short
  t.hasTree = count > 0
  t.chars += shown.length + 40
  let json = '{"text":' + JSONStringify(shown)
  if (count > 0) {
    json += ',"tree":{"children":[' + list.json + ']'
    if (list.more > 0) json += ',"more":' + list.more
    if (list.cut !== '') json += ',"cut":"' + list.cut + '"'
    json += '}'
  }
  return json + '}'
}

/** A piece of a line inside console.group: every line break is followed by the group's indentation. */
function indentLines(piece, indent) {
  return indent.length === 0 || !StringPrototypeIncludes(piece, '\n') ? piece : StringPrototypeReplaceAll(piece, '\n', '\n' + indent)
}

/**
 * A console line in parts, as the JSON of ConsoleEntry.args: the text between logged objects, and
 * each object (whose text is what the line prints for it) with its tree; their texts joined are the
 * line, group indentation included. marks are [start, end, value] of the objects formatArgs
 * inspected, in order. Undefined when no object has anything to expand, so a line of text costs
 * nothing more.
 */
function consoleArgsJSON(text, marks, indent) {
  if (treeRunValuesLeft <= 0) return undefined
  const t = { nodes: 0, maxNodes: MathMin(TREE_NODES, treeRunValuesLeft), chars: 0, ancestors: [], text: '', short: '', hasTree: false }
  let json = ''
  let plain = indent
  let last = 0
  let trees = 0
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i]
    const argJSON = treeObject(t, mark[2], 0, indentLines(StringPrototypeSlice(text, mark[0], mark[1]), indent))
    if (!t.hasTree) continue
    plain += indentLines(StringPrototypeSlice(text, last, mark[0]), indent)
    if (plain !== '') json += (json === '' ? '' : ',') + '{"text":' + JSONStringify(plain) + '}'
    json += (json === '' ? '' : ',') + argJSON
    plain = ''
    last = mark[1]
    trees++
  }
  treeRunValuesLeft -= t.nodes
  if (trees === 0) return undefined
  plain += indentLines(StringPrototypeSlice(text, last), indent)
  if (plain !== '') json += ',{"text":' + JSONStringify(plain) + '}'
  return '[' + json + ']'
}
`
