/**
 * console.table's text, ported from Node 20's lib/internal/cli_table.js and Console#table:
 * box-drawing borders, an (index) column, a Values column for primitive rows, cells left-aligned.
 */
export const CONSOLE_TABLE_SOURCE = String.raw`
const tableChars = {
  middleMiddle: '─',
  rowMiddle: '┼',
  topRight: '┐',
  topLeft: '┌',
  leftMiddle: '├',
  topMiddle: '┬',
  bottomRight: '┘',
  bottomLeft: '└',
  bottomMiddle: '┴',
  rightMiddle: '┤',
  left: '│ ',
  right: ' │',
  middle: ' │ ',
}

function renderRow(row, columnWidths) {
  let out = tableChars.left
  for (let i = 0; i < row.length; i++) {
    const cell = row[i]
    const needed = columnWidths[i] - getStringWidth(cell)
    out += cell + StringPrototypeRepeat(' ', MathCeil(needed))
    if (i !== row.length - 1) out += tableChars.middle
  }
  return out + tableChars.right
}

function renderTable(head, columns) {
  const rows = []
  const columnWidths = arrayMap(head, function (h) { return getStringWidth(h) })
  let longestColumn = 0
  for (let i = 0; i < columns.length; i++) longestColumn = MathMax(longestColumn, columns[i].length)
  for (let i = 0; i < head.length; i++) {
    const column = columns[i]
    for (let j = 0; j < longestColumn; j++) {
      if (rows[j] === undefined) rows[j] = []
      const value = rows[j][i] = ObjectPrototypeHasOwnProperty(column, j) ? column[j] : ''
      columnWidths[i] = MathMax(columnWidths[i] || 0, getStringWidth(value))
    }
  }
  const divider = arrayMap(columnWidths, function (w) { return StringPrototypeRepeat(tableChars.middleMiddle, w + 2) })
  let result = tableChars.topLeft + ArrayPrototypeJoin(divider, tableChars.topMiddle) + tableChars.topRight + '\n' +
    renderRow(head, columnWidths) + '\n' +
    tableChars.leftMiddle + ArrayPrototypeJoin(divider, tableChars.rowMiddle) + tableChars.rightMiddle + '\n'
  for (let i = 0; i < rows.length; i++) result += renderRow(rows[i], columnWidths) + '\n'
  return result + tableChars.bottomLeft + ArrayPrototypeJoin(divider, tableChars.bottomMiddle) + tableChars.bottomRight
}

function tableCell(v) {
  const depth = v !== null && typeof v === 'object' && !ArrayIsArray(v) && !isTypedArray(v) && ObjectKeys(v).length > 2 ? -1 : 0
  return inspect(v, { depth: depth, maxArrayLength: 3, breakLength: Infinity })
}

function describeReceived(value) {
  if (value == null) return ' Received ' + value
  if (typeof value === 'function') return ' Received function ' + value.name
  if (typeof value === 'object') {
    if (value.constructor && value.constructor.name) return ' Received an instance of ' + value.constructor.name
    return ' Received ' + inspect(value, { depth: -1 })
  }
  let shown = inspect(value, { colors: false })
  if (shown.length > 28) shown = StringPrototypeSlice(shown, 0, 25) + '...'
  return ' Received type ' + typeof value + ' (' + shown + ')'
}

// The table's text, or undefined when Node would log the data as it is instead.
function formatTable(tabularData, properties) {
  if (properties !== undefined && !ArrayIsArray(properties)) {
    const error = new TypeError('The "properties" argument must be an instance of Array.' + describeReceived(properties))
    setOwn(error, 'code', 'ERR_INVALID_ARG_TYPE')
    throw error
  }
  if (tabularData === null || typeof tabularData !== 'object') return undefined
  // Node previews iterators without advancing them; from JavaScript that is not possible.
  if (isMapIterator(tabularData) || isSetIterator(tabularData)) return undefined
  const indexArray = function (length) {
    const out = []
    for (let i = 0; i < length; i++) ArrayPrototypePush(out, tableCell(i))
    return out
  }
  if (isMap(tabularData)) {
    const keys = []
    const values = []
    const iterator = MapPrototypeEntries(tabularData)
    for (let step = MapIteratorPrototypeNext(iterator); !step.done; step = MapIteratorPrototypeNext(iterator)) {
      ArrayPrototypePush(keys, tableCell(step.value[0]))
      ArrayPrototypePush(values, tableCell(step.value[1]))
    }
    return renderTable(['(iteration index)', 'Key', 'Values'], [indexArray(keys.length), keys, values])
  }
  if (isSet(tabularData)) {
    const values = []
    const iterator = SetPrototypeValues(tabularData)
    for (let step = SetIteratorPrototypeNext(iterator); !step.done; step = SetIteratorPrototypeNext(iterator)) {
      ArrayPrototypePush(values, tableCell(step.value))
    }
    return renderTable(['(iteration index)', 'Values'], [indexArray(values.length), values])
  }
  const map = ObjectCreate(null)
  let hasPrimitives = false
  const valuesKeyArray = []
  const indexKeyArray = ObjectKeys(tabularData)
  for (let i = 0; i < indexKeyArray.length; i++) {
    const item = tabularData[indexKeyArray[i]]
    const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object')
    if (properties === undefined && primitive) {
      hasPrimitives = true
      valuesKeyArray[i] = tableCell(item)
    } else {
      const keys = properties || ObjectKeys(item)
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k]
        if (map[key] === undefined) map[key] = []
        if ((primitive && properties) || !ObjectPrototypeHasOwnProperty(item, key)) map[key][i] = ''
        else map[key][i] = tableCell(item[key])
      }
    }
  }
  // Node orders the columns as Object.keys orders the keys of its column map.
  const head = ObjectKeys(map)
  const columns = arrayMap(head, function (key) { return map[key] })
  if (hasPrimitives) {
    ArrayPrototypePush(head, 'Values')
    ArrayPrototypePush(columns, valuesKeyArray)
  }
  ArrayPrototypeUnshift(head, '(index)')
  ArrayPrototypeUnshift(columns, indexKeyArray)
  return renderTable(head, columns)
}
`
