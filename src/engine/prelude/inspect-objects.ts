/**
 * Node's formatRaw and the formatters of arrays, typed arrays, buffers, Sets, Maps and promises,
 * ported from Node 20's lib/internal/util/inspect.js.
 */
export const INSPECT_OBJECTS_SOURCE = String.raw`
function remainingText(remaining) {
  return '... ' + remaining + ' more item' + (remaining > 1 ? 's' : '')
}

function overBudget(ctx) {
  return ctx.written > OUTPUT_BUDGET
}

function pushEntry(ctx, output, entry) {
  ArrayPrototypePush(output, entry)
  ctx.written += entry.length
}

function formatRaw(ctx, value, recurseTimes, typedArray) {
  let keys
  let protoProps
  if (ctx.showHidden && (recurseTimes <= ctx.depth || ctx.depth === null)) protoProps = []
  const constructor = getConstructorName(value, ctx, recurseTimes, protoProps)
  if (protoProps !== undefined && protoProps.length === 0) protoProps = undefined

  let tag = value[SymbolToStringTag]
  // Brand checks throw for most objects and throwing is slow in QuickJS: they only run when a tag
  // or a missing prototype leaves the type in doubt. Otherwise Object.prototype.toString tells
  // arrays, dates, regexps, errors, boxed primitives and arguments apart from internal slots.
  const doubt = typeof tag === 'string' || constructor === null
  const builtin = typeof tag === 'string' ? '' : ObjectPrototypeToString(value)
  if (typeof tag !== 'string' ||
      (tag !== '' && (ctx.showHidden ? ObjectPrototypeHasOwnProperty : ObjectPrototypePropertyIsEnumerable)(value, SymbolToStringTag))) {
    tag = ''
  }
  let base = ''
  let formatter = getEmptyFormatArray
  let braces
  let noIterator = true
  let extrasType = kObjectType

  if (SymbolIterator in value || constructor === null) {
    noIterator = false
    if (ArrayIsArray(value)) {
      const prefix = (constructor !== 'Array' || tag !== '') ? getPrefix(constructor, tag, 'Array', '(' + value.length + ')') : ''
      keys = getOwnNonIndexProperties(value, ctx.showHidden)
      braces = [prefix + '[', ']']
      if (value.length === 0 && keys.length === 0 && protoProps === undefined) return braces[0] + ']'
      extrasType = kArrayExtrasType
      formatter = formatArray
    } else if (doubt && isSet(value)) {
      const size = SetPrototypeGetSize(value)
      const prefix = getPrefix(constructor, tag, 'Set', '(' + size + ')')
      keys = getKeys(value, ctx.showHidden)
      formatter = formatSet
      if (size === 0 && keys.length === 0 && protoProps === undefined) return prefix + '{}'
      braces = [prefix + '{', '}']
    } else if (doubt && isMap(value)) {
      const size = MapPrototypeGetSize(value)
      const prefix = getPrefix(constructor, tag, 'Map', '(' + size + ')')
      keys = getKeys(value, ctx.showHidden)
      formatter = formatMap
      if (size === 0 && keys.length === 0 && protoProps === undefined) return prefix + '{}'
      braces = [prefix + '{', '}']
    } else if (isTypedArray(value)) {
      keys = getOwnNonIndexProperties(value, ctx.showHidden)
      const fallback = constructor === null ? TypedArrayPrototypeGetSymbolToStringTag(value) : ''
      const size = TypedArrayPrototypeGetLength(value)
      const prefix = getPrefix(constructor, tag, fallback, '(' + size + ')')
      braces = [prefix + '[', ']']
      if (size === 0 && keys.length === 0 && !ctx.showHidden) return braces[0] + ']'
      formatter = formatTypedArray
      extrasType = kArrayExtrasType
    } else if (isMapIterator(value)) {
      keys = getKeys(value, ctx.showHidden)
      braces = getIteratorBraces('Map', tag)
      formatter = formatWeakCollection
    } else if (isSetIterator(value)) {
      keys = getKeys(value, ctx.showHidden)
      braces = getIteratorBraces('Set', tag)
      formatter = formatWeakCollection
    } else {
      noIterator = true
    }
  }
  if (noIterator) {
    keys = getKeys(value, ctx.showHidden)
    braces = ['{', '}']
    if (typeof value === 'function') {
      base = getFunctionBase(value, constructor, tag)
      if (keys.length === 0 && protoProps === undefined) return base
    } else if (constructor === 'Object') {
      if (builtin === '[object Arguments]') braces[0] = '[Arguments] {'
      else if (tag !== '') braces[0] = getPrefix(constructor, tag, 'Object') + '{'
      if (keys.length === 0 && protoProps === undefined) return braces[0] + '}'
    } else if (doubt ? isRegExp(value) : builtin === '[object RegExp]') {
      base = RegExpPrototypeToString(constructor !== null ? value : new RegExpCtor(value))
      const prefix = getPrefix(constructor, tag, 'RegExp')
      if (prefix !== 'RegExp ') base = prefix + base
      if ((keys.length === 0 && protoProps === undefined) || (recurseTimes > ctx.depth && ctx.depth !== null)) return base
    } else if (doubt ? isDate(value) : builtin === '[object Date]') {
      base = NumberIsNaN(DatePrototypeGetTime(value)) ? DatePrototypeToString(value) : DatePrototypeToISOString(value)
      const prefix = getPrefix(constructor, tag, 'Date')
      if (prefix !== 'Date ') base = prefix + base
      if (keys.length === 0 && protoProps === undefined) return base
    } else if (isInstanceOfOwn(value, ErrorCtor) || builtin === '[object Error]') {
      base = formatError(value, constructor, tag, ctx, keys)
      if (keys.length === 0 && protoProps === undefined) return base
    } else if (doubt && (isArrayBuffer(value) || isSharedArrayBuffer(value))) {
      const prefix = getPrefix(constructor, tag, isArrayBuffer(value) ? 'ArrayBuffer' : 'SharedArrayBuffer')
      if (typedArray === undefined) {
        formatter = formatArrayBuffer
      } else if (keys.length === 0 && protoProps === undefined) {
        return prefix + '{ byteLength: ' + formatNumber(value.byteLength, ctx.numericSeparator) + ' }'
      }
      braces[0] = prefix + '{'
      ArrayPrototypeUnshift(keys, 'byteLength')
    } else if (isDataView(value)) {
      braces[0] = getPrefix(constructor, tag, 'DataView') + '{'
      ArrayPrototypeUnshift(keys, 'byteLength', 'byteOffset', 'buffer')
    } else if (doubt && isPromise(value)) {
      braces[0] = getPrefix(constructor, tag, 'Promise') + '{'
      formatter = formatPromise
    } else if (doubt && isWeakSet(value)) {
      braces[0] = getPrefix(constructor, tag, 'WeakSet') + '{'
      formatter = formatWeakCollection
    } else if (doubt && isWeakMap(value)) {
      braces[0] = getPrefix(constructor, tag, 'WeakMap') + '{'
      formatter = formatWeakCollection
    } else if (doubt ? isBoxedPrimitive(value) : (builtin === '[object Number]' || builtin === '[object String]' || builtin === '[object Boolean]')) {
      base = getBoxedBase(value, ctx, keys, constructor, tag)
      if (keys.length === 0 && protoProps === undefined) return base
    } else {
      if (keys.length === 0 && protoProps === undefined) return getCtxStyle(value, constructor, tag) + '{}'
      braces[0] = getCtxStyle(value, constructor, tag) + '{'
    }
  }

  if (recurseTimes > ctx.depth && ctx.depth !== null) {
    let constructorName = StringPrototypeSlice(getCtxStyle(value, constructor, tag), 0, -1)
    if (constructor !== null) constructorName = '[' + constructorName + ']'
    return constructorName
  }
  recurseTimes += 1
  ArrayPrototypePush(ctx.seen, value)
  ctx.currentDepth = recurseTimes
  let output
  const indentationLvl = ctx.indentationLvl
  // What this value's entries add to ctx.written is replaced by its finished text, which the
  // caller counts: ctx.written stays the length printed so far, in document order.
  const writtenBefore = ctx.written
  try {
    output = formatter(ctx, value, recurseTimes)
    for (let i = 0; i < keys.length; i++) {
      if (overBudget(ctx)) {
        const remaining = keys.length - i
        ArrayPrototypePush(output, '... ' + remaining + ' more propert' + (remaining > 1 ? 'ies' : 'y'))
        break
      }
      pushEntry(ctx, output, formatProperty(ctx, value, recurseTimes, keys[i], extrasType))
    }
    if (protoProps !== undefined) {
      for (let i = 0; i < protoProps.length; i++) ArrayPrototypePush(output, protoProps[i])
    }
  } catch (err) {
    if (!isStackOverflowError(err)) throw err
    ArrayPrototypePop(ctx.seen)
    ctx.indentationLvl = indentationLvl
    ctx.written = writtenBefore
    const constructorName = StringPrototypeSlice(getCtxStyle(value, constructor, tag), 0, -1)
    return '[' + constructorName + ': Inspection interrupted prematurely. Maximum call stack size exceeded.]'
  }
  ctx.written = writtenBefore
  if (ctx.circular !== undefined) {
    const index = MapPrototypeGet(ctx.circular, value)
    if (index !== undefined) {
      const reference = '<ref *' + index + '>'
      if (ctx.compact !== true) base = base === '' ? reference : reference + ' ' + base
      else braces[0] = reference + ' ' + braces[0]
    }
  }
  ArrayPrototypePop(ctx.seen)
  if (ctx.sorted) {
    const comparator = ctx.sorted === true ? undefined : ctx.sorted
    if (extrasType === kObjectType) {
      ArrayPrototypeSort(output, comparator)
    } else if (keys.length > 1) {
      const start = output.length - keys.length
      const sorted = ArrayPrototypeSort(arraySlice(output, start), comparator)
      for (let i = 0; i < sorted.length; i++) output[start + i] = sorted[i]
    }
  }
  return reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value)
}

function getEmptyFormatArray() {
  return []
}

function formatArray(ctx, value, recurseTimes) {
  const valLen = value.length
  const len = MathMin(MathMax(0, ctx.maxArrayLength), valLen)
  const output = []
  for (let i = 0; i < len; i++) {
    if (!ObjectPrototypeHasOwnProperty(value, i)) return formatSpecialArray(ctx, value, recurseTimes, len, output, i)
    if (overBudget(ctx)) {
      ArrayPrototypePush(output, remainingText(valLen - i))
      return output
    }
    pushEntry(ctx, output, formatProperty(ctx, value, recurseTimes, i, kArrayType))
  }
  if (valLen - len > 0) ArrayPrototypePush(output, remainingText(valLen - len))
  return output
}

// A sparse array, or one with extra keys: runs of holes print as "<n empty items>".
function formatSpecialArray(ctx, value, recurseTimes, maxLength, output, i) {
  const keys = ObjectKeys(value)
  let index = i
  for (; i < keys.length && output.length < maxLength; i++) {
    const key = keys[i]
    const tmp = +key
    if (tmp > 4294967294) break
    if (StringCtor(index) !== key) {
      if (RegExpPrototypeExec(numberRegExp, key) === null) break
      const emptyItems = tmp - index
      ArrayPrototypePush(output, '<' + emptyItems + ' empty item' + (emptyItems > 1 ? 's' : '') + '>')
      index = tmp
      if (output.length === maxLength) break
    }
    if (overBudget(ctx)) break
    pushEntry(ctx, output, formatProperty(ctx, value, recurseTimes, key, kArrayType))
    index++
  }
  const remaining = value.length - index
  if (output.length !== maxLength && !overBudget(ctx)) {
    if (remaining > 0) ArrayPrototypePush(output, '<' + remaining + ' empty item' + (remaining > 1 ? 's' : '') + '>')
  } else if (remaining > 0) {
    ArrayPrototypePush(output, remainingText(remaining))
  }
  return output
}

function hexByte(byte) {
  return (byte < 16 ? '0' : '') + NumberPrototypeToString(byte, 16)
}

function formatArrayBuffer(ctx, value) {
  let buffer
  try {
    buffer = new Uint8ArrayCtor(value)
  } catch (err) {
    return ['(detached)']
  }
  const shown = MathMin(ctx.maxArrayLength, buffer.length)
  let str = ''
  for (let i = 0; i < shown; i++) str += (i === 0 ? '' : ' ') + hexByte(buffer[i])
  const remaining = buffer.length - ctx.maxArrayLength
  if (remaining > 0) str += ' ... ' + remaining + ' more byte' + (remaining > 1 ? 's' : '')
  return ['[Uint8Contents]: <' + str + '>']
}

function formatTypedArray(ctx, value, recurseTimes) {
  const length = TypedArrayPrototypeGetLength(value)
  const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length)
  const remaining = length - maxLength
  const output = []
  const isNumberArray = length > 0 && typeof value[0] === 'number'
  for (let i = 0; i < maxLength; ++i) {
    ArrayPrototypePush(output, isNumberArray ? formatNumber(value[i], ctx.numericSeparator) : formatBigInt(value[i], ctx.numericSeparator))
  }
  if (remaining > 0) ArrayPrototypePush(output, remainingText(remaining))
  if (ctx.showHidden) {
    ctx.indentationLvl += 2
    const names = ['BYTES_PER_ELEMENT', 'length', 'byteLength', 'byteOffset', 'buffer']
    for (let i = 0; i < names.length; i++) {
      ArrayPrototypePush(output, '[' + names[i] + ']: ' + formatValue(ctx, value[names[i]], recurseTimes, true))
    }
    ctx.indentationLvl -= 2
  }
  return output
}

function formatSet(ctx, value, recurseTimes) {
  const length = SetPrototypeGetSize(value)
  const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length)
  const output = []
  ctx.indentationLvl += 2
  const iterator = SetPrototypeValues(value)
  let i = 0
  for (; i < maxLength && !overBudget(ctx); i++) {
    const step = SetIteratorPrototypeNext(iterator)
    if (step.done) break
    pushEntry(ctx, output, formatValue(ctx, step.value, recurseTimes))
  }
  if (length - i > 0) ArrayPrototypePush(output, remainingText(length - i))
  ctx.indentationLvl -= 2
  return output
}

function formatMap(ctx, value, recurseTimes) {
  const length = MapPrototypeGetSize(value)
  const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length)
  const output = []
  ctx.indentationLvl += 2
  const iterator = MapPrototypeEntries(value)
  let i = 0
  for (; i < maxLength && !overBudget(ctx); i++) {
    const step = MapIteratorPrototypeNext(iterator)
    if (step.done) break
    const entry = step.value
    pushEntry(ctx, output, formatValue(ctx, entry[0], recurseTimes) + ' => ' + formatValue(ctx, entry[1], recurseTimes))
  }
  if (length - i > 0) ArrayPrototypePush(output, remainingText(length - i))
  ctx.indentationLvl -= 2
  return output
}

function formatWeakCollection() {
  return ['<items unknown>']
}

function formatPromise(ctx, value, recurseTimes) {
  const details = getPromiseDetails(value)
  if (details === undefined) return ['<state unknown>']
  if (details[0] === 'pending') return ['<pending>']
  ctx.indentationLvl += 2
  const str = formatValue(ctx, details[1], recurseTimes)
  ctx.indentationLvl -= 2
  return [details[0] === 'rejected' ? '<rejected> ' + str : str]
}
`
