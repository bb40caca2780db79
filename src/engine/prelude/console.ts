/**
 * The guest's `console`, printing as Node 20's Console does (lib/internal/console/constructor.js).
 * Each call sends one entry to the host, however many lines it holds, with the line's objects in
 * parts the Console panel can expand (console-tree.ts). Timers read the simulated clock. Node's process warnings (a label used twice, an unknown label) become 'warn' entries.
 */
export const CONSOLE_SOURCE = String.raw`
const ErrorCaptureStackTrace = Error.captureStackTrace
const kSecond = 1000
const kMinute = 60 * kSecond
const kHour = 60 * kMinute
// The prelude's own file name, read from a stack here, so console.trace can leave its frames out.
const preludeFrameMark = (function () {
  const match = RegExpPrototypeExec(/\(([^()]*):\d+:\d+\)/, StringCtor(new ErrorCtor().stack))
  return match ? '(' + match[1] + ':' : null
})()

function toLabel(label) {
  if (typeof label === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string')
  return StringCtor(label)
}

function pad(value) {
  return StringPrototypePadStart(StringCtor(value), 2, '0')
}

function formatTime(ms) {
  let hours = 0
  let minutes = 0
  let seconds = 0
  if (ms >= kSecond) {
    if (ms >= kMinute) {
      if (ms >= kHour) {
        hours = MathFloor(ms / kHour)
        ms = ms % kHour
      }
      minutes = MathFloor(ms / kMinute)
      ms = ms % kMinute
    }
    seconds = ms / kSecond
  }
  if (hours !== 0 || minutes !== 0) {
    const parts = StringPrototypeSplit(NumberPrototypeToFixed(seconds, 3), '.')
    const res = hours !== 0 ? hours + ':' + pad(minutes) : minutes
    return res + ':' + pad(parts[0]) + '.' + parts[1] + ' (' + (hours !== 0 ? 'h:m' : '') + 'm:ss.mmm)'
  }
  if (seconds !== 0) return NumberPrototypeToFixed(seconds, 3) + 's'
  return NumberCtor(NumberPrototypeToFixed(ms, 3)) + 'ms'
}

function stackBelow(fn) {
  let stack
  if (typeof ErrorCaptureStackTrace === 'function') {
    // Null-prototype: a stack accessor a program put on Object.prototype is not this holder's.
    const holder = { __proto__: null }
    ErrorCaptureStackTrace(holder, fn)
    stack = holder.stack
  } else {
    // An error's own stack, made with it.
    stack = new ErrorCtor().stack
  }
  const lines = StringPrototypeSplit(StringCtor(stack || ''), '\n')
  const kept = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line === '' || (preludeFrameMark !== null && StringPrototypeIncludes(line, preludeFrameMark))) continue
    ArrayPrototypePush(kept, line)
  }
  return kept
}

const console = {}
let groupIndent = ''
const counts = new MapCtor()
const times = new MapCtor()

// marks: where the line's objects are ([start, end, value], from formatArgs), for the Console panel to
// expand them (console-tree.ts). A failure there costs the line its parts, never the line.
function write(level, text, marks) {
  let args
  if (marks !== undefined && marks.length !== 0) {
    try {
      args = consoleArgsJSON(text, marks, groupIndent)
    } catch (err) {
      args = undefined
    }
  }
  if (groupIndent.length !== 0) {
    if (StringPrototypeIncludes(text, '\n')) text = StringPrototypeReplaceAll(text, '\n', '\n' + groupIndent)
    text = groupIndent + text
  }
  host.print(level, text, args)
}

// Writes a line formatted from args, with where its objects are.
function writeArgs(level, args) {
  const marks = []
  write(level, formatArgs(args, undefined, marks), marks)
}

function emitWarning(message) {
  write('warn', 'Warning: ' + message)
}

function timeLogImpl(name, label, data) {
  const start = MapPrototypeGet(times, label)
  if (start === undefined) {
    emitWarning("No such label '" + label + "' for console." + name + '()')
    return false
  }
  const args = ['%s: %s', label, formatTime(host.now() - start)]
  if (data !== undefined) for (let i = 0; i < data.length; i++) ArrayPrototypePush(args, data[i])
  writeArgs('log', args)
  return true
}

const consoleMethods = {
  log: function log(...args) { writeArgs('log', args) },
  warn: function warn(...args) { writeArgs('warn', args) },
  dir: function dir(object, options) {
    const text = inspect(object, withOptions({ customInspect: false }, options || {}))
    write('log', text, isMarkable(object) ? [[0, text.length, object]] : undefined)
  },
  time: function time(label = 'default') {
    label = toLabel(label)
    if (MapPrototypeHas(times, label)) {
      emitWarning("Label '" + label + "' already exists for console.time()")
      return
    }
    MapPrototypeSet(times, label, host.now())
  },
  timeEnd: function timeEnd(label = 'default') {
    label = toLabel(label)
    if (timeLogImpl('timeEnd', label)) MapPrototypeDelete(times, label)
  },
  timeLog: function timeLog(label = 'default', ...data) {
    timeLogImpl('timeLog', toLabel(label), data)
  },
  trace: function trace(...args) {
    const marks = []
    const message = formatArgs(args, undefined, marks)
    const frames = stackBelow(trace)
    const header = message === '' ? 'Trace' : 'Trace: ' + message
    // The objects sit after "Trace: ".
    for (let i = 0; i < marks.length; i++) marks[i] = [marks[i][0] + 7, marks[i][1] + 7, marks[i][2]]
    write('error', frames.length === 0 ? header : header + '\n' + ArrayPrototypeJoin(frames, '\n'), marks)
  },
  assert: function assert(expression, ...args) {
    if (!expression) {
      args[0] = 'Assertion failed' + (args.length === 0 ? '' : ': ' + toLabel(args[0]))
      writeArgs('warn', args)
    }
  },
  // Node clears only a terminal; the host's console is not one.
  clear: function clear() {},
  count: function count(label = 'default') {
    label = toLabel(label)
    let value = MapPrototypeGet(counts, label)
    value = value === undefined ? 1 : value + 1
    MapPrototypeSet(counts, label, value)
    write('log', label + ': ' + value)
  },
  countReset: function countReset(label = 'default') {
    if (!MapPrototypeHas(counts, label)) {
      emitWarning("Count for '" + toLabel(label) + "' does not exist")
      return
    }
    MapPrototypeDelete(counts, toLabel(label))
  },
  group: function group(...data) {
    if (data.length > 0) writeArgs('log', data)
    groupIndent += '  '
  },
  groupEnd: function groupEnd() {
    groupIndent = StringPrototypeSlice(groupIndent, 0, groupIndent.length - 2)
  },
  table: function table(tabularData, properties) {
    const text = formatTable(tabularData, properties)
    if (text === undefined) writeArgs('log', [tabularData])
    else write('log', text)
  },
  debug: function debug(...args) { writeArgs('debug', args) },
  info: function info(...args) { writeArgs('info', args) },
  dirxml: function dirxml(...args) { writeArgs('log', args) },
  error: function error(...args) { writeArgs('error', args) },
  groupCollapsed: function groupCollapsed(...data) {
    if (data.length > 0) writeArgs('log', data)
    groupIndent += '  '
  },
  // Inspector-only in Node: present so code written for a browser does not throw.
  profile: function profile() {},
  profileEnd: function profileEnd() {},
  timeStamp: function timeStamp() {},
}
// Own, enumerable and writable, as on Node's global console.
const consoleMethodNames = ObjectKeys(consoleMethods)
for (let i = 0; i < consoleMethodNames.length; i++) console[consoleMethodNames[i]] = consoleMethods[consoleMethodNames[i]]
defineValue(console, SymbolToStringTag, 'console', false, false, true)
define(globalThis, 'console', console)
`
