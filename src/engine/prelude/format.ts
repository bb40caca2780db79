/**
 * util.format in the guest (what console.log does with its arguments), ported from Node 20's
 * formatWithOptionsInternal: %s %d %i %f %j %o %O %c %%, the rest appended inspected.
 */
export const FORMAT_SOURCE = String.raw`
// %s prints String(value) for objects whose toString a program wrote, and inspects the others.
function hasBuiltInToString(value) {
  let hasOwnToString = ObjectPrototypeHasOwnProperty
  let hasOwnToPrimitive = ObjectPrototypeHasOwnProperty
  if (typeof value.toString !== 'function') {
    if (typeof value[SymbolToPrimitive] !== 'function') return true
    else if (ObjectPrototypeHasOwnProperty(value, SymbolToPrimitive)) return false
    hasOwnToString = returnFalse
  } else if (ObjectPrototypeHasOwnProperty(value, 'toString')) {
    return false
  } else if (typeof value[SymbolToPrimitive] !== 'function') {
    hasOwnToPrimitive = returnFalse
  } else if (ObjectPrototypeHasOwnProperty(value, SymbolToPrimitive)) {
    return false
  }
  let pointer = value
  do {
    pointer = ObjectGetPrototypeOf(pointer)
  } while (!hasOwnToString(pointer, 'toString') && !hasOwnToPrimitive(pointer, SymbolToPrimitive))
  const descriptor = ownDescriptor(pointer, 'constructor')
  return descriptor !== undefined && typeof descriptor.value === 'function' &&
    SetPrototypeHas(builtInObjects, descriptor.value.name)
}

function returnFalse() {
  return false
}

function firstErrorLine(error) {
  return StringPrototypeSplit(error.message, '\n', 1)[0]
}

// The engine's message for a cycle, read before the program runs (the cycle broken after, so that
// the first gc.collect() finds no garbage of the environment's).
const circularErrorMessage = (function () {
  const a = { __proto__: null }
  a.a = a
  try {
    JSONStringify(a)
  } catch (circularError) {
    return firstErrorLine(circularError)
  } finally {
    a.a = null
  }
})()
function tryStringify(arg) {
  try {
    return JSONStringify(arg)
  } catch (err) {
    if (err.name === 'TypeError' && firstErrorLine(err) === circularErrorMessage) return '[Circular]'
    throw err
  }
}

function isMarkable(value) {
  return (typeof value === 'object' && value !== null) || typeof value === 'function'
}

// marks, when given, gets [start, end, value] for each object the line inspects, in order: where the
// Console panel can expand it (console-tree.ts).
function formatArgs(args, inspectOptions, marks) {
  const numericSeparator = inspectOptions ? inspectOptions.numericSeparator : false
  const first = args[0]
  let a = 0
  let str = ''
  let join = ''
  if (typeof first === 'string') {
    if (args.length === 1) return first
    let tempStr
    let tempValue
    let lastPos = 0
    for (let i = 0; i < first.length - 1; i++) {
      if (StringPrototypeCharCodeAt(first, i) === 37) { // '%'
        const nextChar = StringPrototypeCharCodeAt(first, ++i)
        if (a + 1 !== args.length) {
          switch (nextChar) {
            case 115: { // 's'
              const tempArg = args[++a]
              if (typeof tempArg === 'number') tempStr = formatNumber(tempArg, numericSeparator)
              else if (typeof tempArg === 'bigint') tempStr = formatBigInt(tempArg, numericSeparator)
              else if (typeof tempArg !== 'object' || tempArg === null || !hasBuiltInToString(tempArg)) tempStr = StringCtor(tempArg)
              else {
                tempStr = inspect(tempArg, withOptions(inspectOptions, { compact: 3, colors: false, depth: 0 }))
                tempValue = tempArg
              }
              break
            }
            case 106: // 'j'
              tempStr = tryStringify(args[++a])
              break
            case 100: { // 'd'
              const tempNum = args[++a]
              if (typeof tempNum === 'bigint') tempStr = formatBigInt(tempNum, numericSeparator)
              else if (typeof tempNum === 'symbol') tempStr = 'NaN'
              else tempStr = formatNumber(NumberCtor(tempNum), numericSeparator)
              break
            }
            case 79: // 'O'
              tempValue = args[++a]
              tempStr = inspect(tempValue, inspectOptions)
              break
            case 111: // 'o'
              tempValue = args[++a]
              tempStr = inspect(tempValue, withOptions(inspectOptions, { showHidden: true, showProxy: true, depth: 4 }))
              break
            case 105: { // 'i'
              const tempInteger = args[++a]
              if (typeof tempInteger === 'bigint') tempStr = formatBigInt(tempInteger, numericSeparator)
              else if (typeof tempInteger === 'symbol') tempStr = 'NaN'
              else tempStr = formatNumber(NumberParseInt(tempInteger), numericSeparator)
              break
            }
            case 102: { // 'f'
              const tempFloat = args[++a]
              if (typeof tempFloat === 'symbol') tempStr = 'NaN'
              else tempStr = formatNumber(NumberParseFloat(tempFloat), numericSeparator)
              break
            }
            case 99: // 'c'
              a += 1
              tempStr = ''
              break
            case 37: // '%'
              str += StringPrototypeSlice(first, lastPos, i)
              lastPos = i + 1
              continue
            default:
              continue
          }
          if (lastPos !== i - 1) str += StringPrototypeSlice(first, lastPos, i - 1)
          if (marks !== undefined && isMarkable(tempValue)) ArrayPrototypePush(marks, [str.length, str.length + tempStr.length, tempValue])
          tempValue = undefined
          str += tempStr
          lastPos = i + 1
        } else if (nextChar === 37) {
          str += StringPrototypeSlice(first, lastPos, i)
          lastPos = i + 1
        }
      }
    }
    if (lastPos !== 0) {
      a++
      join = ' '
      if (lastPos < first.length) str += StringPrototypeSlice(first, lastPos)
    }
  }
  while (a < args.length) {
    const value = args[a]
    str += join
    if (typeof value === 'string') {
      str += value
    } else {
      const text = inspect(value, inspectOptions)
      if (marks !== undefined && isMarkable(value)) ArrayPrototypePush(marks, [str.length, str.length + text.length, value])
      str += text
    }
    join = ' '
    a++
  }
  return str
}

// Null-prototype: an option the program put on Object.prototype (depth, colors...) is not one of these.
function withOptions(base, overrides) {
  const result = { __proto__: null }
  if (base) {
    const names = ObjectKeys(base)
    for (let i = 0; i < names.length; i++) result[names[i]] = base[names[i]]
  }
  const names = ObjectKeys(overrides)
  for (let i = 0; i < names.length; i++) result[names[i]] = overrides[names[i]]
  return result
}
`
