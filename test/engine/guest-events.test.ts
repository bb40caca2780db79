/**
 * The guest's EventEmitter (src/engine/prelude/events.ts): Node's semantics, checked against Node's own
 * `events` module, and the leak it exists to teach, counted by the heap inspector.
 */
import { createRequire } from 'node:module'
import { format } from 'node:util'
import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'
import { inspectRun, lineOf, liveAt, suspectAt, suspectsOf } from './guest-leak-helpers'
import { output } from './run-helpers'

/** What the program prints in Node itself, with Node's `events` (its warnings go to stderr, not here). */
function inNode(source: string): string[] {
  const lines: string[] = []
  const console = { log: (...args: unknown[]) => lines.push(format(...args)) }
  new Function('require', 'console', source)(createRequire(import.meta.url), console)
  return lines
}

const SEMANTICS = `const EventEmitter = require('events')
const log = []
const e = new EventEmitter()
function a(x) { log.push('a' + x) }
function b(x) { log.push('b' + x); e.off('data', c) }
function c(x) { log.push('c' + x) }
e.on('data', a).on('data', b).addListener('data', c)
// Removed during an emit, c is still called by that emit, and by no later one.
console.log(e.emit('data', 1), log.join(' '))
log.length = 0
console.log(e.emit('data', 2), log.join(' '), e.emit('nothing'))
log.length = 0
e.once('tick', function (v) { log.push('once' + v + (this === e)) })
console.log(e.emit('tick', 1), e.emit('tick', 2), log.join(' '), e.listenerCount('tick'))
e.prependOnceListener('data', c)
e.prependListener('data', b)
console.log(e.listeners('data').map((f) => f.name).join(), e.rawListeners('data').length, e.listenerCount('data', c))
e.removeListener('data', b)
console.log(e.listeners('data').map((f) => f.name).join())
e.on('dup', a); e.on('dup', b); e.on('dup', a)
e.off('dup', a)
console.log(e.listeners('dup').map((f) => f.name).join(), e.eventNames())
e.removeAllListeners('dup')
console.log(e.eventNames(), e.listenerCount('dup'), e.listeners('dup'))
e.removeAllListeners()
console.log(e.eventNames(), e.emit('data', 3))
const f = new EventEmitter()
const seen = []
f.on('newListener', (name) => seen.push('new ' + name))
f.on('removeListener', (name) => seen.push('removed ' + name))
f.on('x', a); f.once('y', b); f.emit('y', 0); f.off('x', a); f.removeAllListeners()
console.log(seen.join(', '))
try { new EventEmitter().emit('error', new Error('boom')) } catch (err) { console.log(err.message) }
try { new EventEmitter().emit('error', 'text') } catch (err) { console.log(err.message, err.code) }
try { new EventEmitter().emit('error') } catch (err) { console.log(err.message, err.code) }
const g = new EventEmitter()
g.on('error', (err) => console.log('handled', err.message))
console.log(g.emit('error', new Error('quiet')))
class Store extends EventEmitter {
  constructor() { super(); this.items = [] }
  add(item) { this.items.push(item); return this.emit('added', item, this.items.length) }
}
const store = new Store()
store.on('added', function (item, count) { console.log('added', item, count, this === store, this instanceof EventEmitter) })
console.log(store.add('apple'), Object.keys(store).join())
console.log(e.getMaxListeners(), e.setMaxListeners(1) === e, e.getMaxListeners(), EventEmitter.defaultMaxListeners)
try { e.setMaxListeners(-1) } catch (err) { console.log(err.name, err.code, err.message) }
try { e.on('x', 1) } catch (err) { console.log(err.name, err.code, err.message) }
try { e.on('x', {}) } catch (err) { console.log(err.message) }
console.log(require('events').EventEmitter === EventEmitter, require('node:events') === EventEmitter)
try { require('no-such-module') } catch (err) { console.log(err.code, err.message.split('\\n')[0]) }
try { require('') } catch (err) { console.log(err.code, err.message) }
try { require(1) } catch (err) { console.log(err.code, err.message) }
`

describe('EventEmitter', () => {
  it('behaves as Node\'s: order, removal during emit, once, prepend, errors, subclasses, require', async () => {
    const expected = inNode(SEMANTICS)
    expect(expected).toContain('true a1 b1 c1')
    const result = await runProgram(SEMANTICS, { inspect: false })
    expect(result.error).toBeNull()
    expect(output(result)).toEqual(expected)
  })

  it('prints Node\'s MaxListenersExceededWarning once per emitter and event, naming the class', async () => {
    const result = await runProgram(`const EventEmitter = require('events')
class Store extends EventEmitter {}
const bus = new EventEmitter()
const store = new Store()
for (let i = 0; i < 12; i++) bus.on('data', () => i)
for (let i = 0; i < 11; i++) bus.on('end', () => i)
for (let i = 0; i < 10; i++) store.on('change', () => i)
store.setMaxListeners(2)
store.on('change', () => 0)
const quiet = new EventEmitter().setMaxListeners(0)
for (let i = 0; i < 100; i++) quiet.on('data', () => i)
EventEmitter.defaultMaxListeners = 1
const strict = new EventEmitter()
strict.on('x', () => 1).on('x', () => 2)`, { inspect: false })
    expect(result.error).toBeNull()
    const warning = (count: number, event: string, name: string, max: number) =>
      `MaxListenersExceededWarning: Possible EventEmitter memory leak detected. ${count} ${event} listeners added to [${name}]. MaxListeners is ${max}. Use emitter.setMaxListeners() to increase limit`
    expect(result.console).toEqual([
      { level: 'warn', text: warning(11, 'data', 'EventEmitter', 10) },
      { level: 'warn', text: warning(11, 'end', 'EventEmitter', 10) },
      { level: 'warn', text: warning(11, 'change', 'Store', 2) },
      { level: 'warn', text: warning(2, 'x', 'EventEmitter', 1) },
    ])
  })

  it('keeps its listeners where the heap inspector sees them: emitter._events.data[i]', async () => {
    const result = await runProgram(`const bus = new EventEmitter()
bus.on('data', () => 1)
console.log(Object.keys(bus).join(), Object.getPrototypeOf(bus._events), bus._events.data.length, typeof EventEmitter.prototype.on)`, { inspect: false })
    expect(output(result)).toEqual(['_events,_eventsCount,_maxListeners null 1 function'])
  })
})

describe('EventEmitter leaks, counted by the heap inspector', () => {
  const STEPS = 100
  const program = (step: string) => `var bus = new EventEmitter()
bus.setMaxListeners(0)
function step(i) {
  const big = new Array(1000).fill(i)
  function onData(value) { return big.length + value }
${step}
  bus.emit('data', i)
}`

  it(`a listener added at each step and never removed: ${STEPS} closures alive, each holding its 1,000-element array`, async () => {
    const source = program("  bus.on('data', onData)")
    const result = await inspectRun(source, { steps: STEPS })
    const snapshot = result.heap!.snapshot!
    const closureLine = lineOf(source, 'function onData')
    const arrayLine = lineOf(source, 'new Array(1000)')
    expect(liveAt(snapshot, closureLine, 'closure')).toBe(STEPS)
    expect(liveAt(snapshot, arrayLine, 'array')).toBe(STEPS)
    expect(suspectAt(result, closureLine, 'closure')).toMatchObject({ count: STEPS, retainerPath: 'globalThis.bus._events.data[0]' })
    expect(suspectAt(result, arrayLine, 'array')).toMatchObject({
      count: STEPS,
      retainerPath: 'globalThis.bus._events.data[0] → (closure onData).big',
    })
  })

  it('the same listener removed after use: nothing stays, nothing grows', async () => {
    const source = program("  bus.on('data', onData)\n  queueMicrotask(() => bus.off('data', onData))")
    const result = await inspectRun(source, { steps: STEPS })
    const snapshot = result.heap!.snapshot!
    expect(liveAt(snapshot, lineOf(source, 'function onData'), 'closure')).toBe(0)
    expect(liveAt(snapshot, lineOf(source, 'new Array(1000)'), 'array')).toBe(0)
    expect(suspectsOf(result)).toEqual([])
  })

  it('once: the listener goes with the emit that calls it', async () => {
    const source = program("  bus.once('data', onData)")
    const result = await inspectRun(source, { steps: STEPS })
    expect(liveAt(result.heap!.snapshot!, lineOf(source, 'function onData'), 'closure')).toBe(0)
    expect(suspectsOf(result)).toEqual([])
  })

  it('a once listener never emitted stays, through its wrapper\'s listener property', async () => {
    const source = program("  bus.once('never', onData)")
    const result = await inspectRun(source, { steps: STEPS })
    const closureLine = lineOf(source, 'function onData')
    expect(liveAt(result.heap!.snapshot!, closureLine, 'closure')).toBe(STEPS)
    expect(suspectAt(result, closureLine, 'closure')).toMatchObject({ retainerPath: 'globalThis.bus._events.never[0].listener' })
  })
})
