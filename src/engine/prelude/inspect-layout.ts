/**
 * How Node's util.inspect lays out what it formatted: property lines, one-line versus broken
 * structures (breakLength 80, compact 3) and arrays grouped into aligned columns. Ported from
 * Node 20's lib/internal/util/inspect.js.
 */
export const INSPECT_LAYOUT_SOURCE = String.raw`
const kObjectType = 0
const kArrayType = 1
const kArrayExtrasType = 2

function formatProperty(ctx, value, recurseTimes, key, type, desc, original) {
  if (original === undefined) original = value
  let name
  let str
  let extra = ' '
  // Null-prototype descriptors: a data property's get is undefined whatever Object.prototype says.
  desc = desc || ownDescriptor(value, key) || { __proto__: null, value: value[key], enumerable: true }
  if (desc.value !== undefined) {
    const diff = (ctx.compact !== true || type !== kObjectType) ? 2 : 3
    ctx.indentationLvl += diff
    str = formatValue(ctx, desc.value, recurseTimes)
    if (diff === 3 && ctx.breakLength < getStringWidth(str)) {
      extra = '\n' + StringPrototypeRepeat(' ', ctx.indentationLvl)
    }
    ctx.indentationLvl -= diff
  } else if (desc.get !== undefined) {
    const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter'
    if (ctx.getters && (ctx.getters === true ||
          (ctx.getters === 'get' && desc.set === undefined) ||
          (ctx.getters === 'set' && desc.set !== undefined))) {
      try {
        const tmp = FunctionPrototypeCall(desc.get, original)
        ctx.indentationLvl += 2
        if (tmp === null) str = '[' + label + ': null]'
        else if (typeof tmp === 'object') str = '[' + label + '] ' + formatValue(ctx, tmp, recurseTimes)
        else str = '[' + label + ': ' + formatPrimitive(tmp, ctx) + ']'
        ctx.indentationLvl -= 2
      } catch (err) {
        str = '[' + label + ': <Inspection threw (' + err.message + ')>]'
      }
    } else {
      str = '[' + label + ']'
    }
  } else if (desc.set !== undefined) {
    str = '[Setter]'
  } else {
    str = 'undefined'
  }
  if (type === kArrayType) return str
  if (typeof key === 'symbol') {
    name = '[' + regExpReplace(strEscapeSequencesReplacer, SymbolPrototypeToString(key), escapeFn) + ']'
  } else if (key === '__proto__') {
    name = "['__proto__']"
  } else if (desc.enumerable === false) {
    name = '[' + regExpReplace(strEscapeSequencesReplacer, key, escapeFn) + ']'
  } else if (RegExpPrototypeExec(keyStrRegExp, key) !== null) {
    name = key
  } else {
    name = strEscape(key)
  }
  return name + ':' + extra + str
}

function isBelowBreakLength(ctx, output, start, base) {
  let totalLength = output.length + start
  if (totalLength + output.length > ctx.breakLength) return false
  for (let i = 0; i < output.length; i++) {
    totalLength += output[i].length
    if (totalLength > ctx.breakLength) return false
  }
  return base === '' || !StringPrototypeIncludes(base, '\n')
}

function reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value) {
  if (ctx.compact !== true) {
    if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
      // A grouped array must not then be put on one line.
      const entries = output.length
      if (extrasType === kArrayExtrasType && entries > 6) output = groupArrayElements(ctx, output, value)
      // Only the innermost ctx.compact levels of an object may share a line.
      if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
        const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10
        if (isBelowBreakLength(ctx, output, start, base)) {
          const joinedOutput = ArrayPrototypeJoin(output, ', ')
          if (!StringPrototypeIncludes(joinedOutput, '\n')) {
            return (base ? base + ' ' : '') + braces[0] + ' ' + joinedOutput + ' ' + braces[1]
          }
        }
      }
    }
    const indentation = '\n' + StringPrototypeRepeat(' ', ctx.indentationLvl)
    return (base ? base + ' ' : '') + braces[0] + indentation + '  ' +
      ArrayPrototypeJoin(output, ',' + indentation + '  ') + indentation + braces[1]
  }
  if (isBelowBreakLength(ctx, output, 0, base)) {
    return braces[0] + (base ? ' ' + base : '') + ' ' + ArrayPrototypeJoin(output, ', ') + ' ' + braces[1]
  }
  const indentation = StringPrototypeRepeat(' ', ctx.indentationLvl)
  const ln = base === '' && braces[0].length === 1 ? ' ' : (base ? ' ' + base : '') + '\n' + indentation + '  '
  return braces[0] + ln + ArrayPrototypeJoin(output, ',\n' + indentation + '  ') + ' ' + braces[1]
}

// Node's column layout for arrays of short entries: about as many columns as make the block
// square (a character being about 2.5 times as high as wide), numbers right-aligned.
function groupArrayElements(ctx, output, value) {
  let totalLength = 0
  let maxLength = 0
  let i = 0
  let outputLength = output.length
  if (ctx.maxArrayLength < output.length) {
    // The "... more items" entry takes no part in the layout.
    outputLength--
  }
  const separatorSpace = 2
  const dataLen = new ArrayCtor(outputLength)
  for (; i < outputLength; i++) {
    const len = getStringWidth(output[i])
    dataLen[i] = len
    totalLength += len + separatorSpace
    if (maxLength < len) maxLength = len
  }
  const actualMax = maxLength + separatorSpace
  if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength &&
      (totalLength / actualMax > 5 || maxLength <= 6)) {
    const approxCharHeights = 2.5
    const averageBias = MathSqrt(actualMax - totalLength / output.length)
    const biasedMax = MathMax(actualMax - 3 - averageBias, 1)
    const columns = MathMin(
      MathRound(MathSqrt(approxCharHeights * biasedMax * outputLength) / biasedMax),
      MathFloor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      ctx.compact * 4,
      15,
    )
    if (columns <= 1) return output
    const tmp = []
    const maxLineLength = []
    for (let c = 0; c < columns; c++) {
      let lineMaxLength = 0
      for (let j = c; j < output.length; j += columns) {
        if (dataLen[j] > lineMaxLength) lineMaxLength = dataLen[j]
      }
      ArrayPrototypePush(maxLineLength, lineMaxLength + separatorSpace)
    }
    let padStart = true
    if (value !== undefined) {
      for (let k = 0; k < output.length; k++) {
        if (typeof value[k] !== 'number' && typeof value[k] !== 'bigint') {
          padStart = false
          break
        }
      }
    }
    for (let k = 0; k < outputLength; k += columns) {
      const max = MathMin(k + columns, outputLength)
      let str = ''
      let j = k
      for (; j < max - 1; j++) {
        const padding = maxLineLength[j - k] + output[j].length - dataLen[j]
        str += padStart ? StringPrototypePadStart(output[j] + ', ', padding, ' ') : StringPrototypePadEnd(output[j] + ', ', padding, ' ')
      }
      if (padStart) {
        const padding = maxLineLength[j - k] + output[j].length - dataLen[j] - separatorSpace
        str += StringPrototypePadStart(output[j], padding, ' ')
      } else {
        str += output[j]
      }
      ArrayPrototypePush(tmp, str)
    }
    if (outputLength < output.length) ArrayPrototypePush(tmp, output[outputLength])
    output = tmp
  }
  return output
}
`
