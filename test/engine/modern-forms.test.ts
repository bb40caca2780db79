import { describe, expect, it } from 'vitest'
import type { SuspectSummary } from '../../src/analysis'
import type { RunResult } from '../../src/engine/types'
import { runProgram } from '../../src/engine/run'
import { inspectRun, lineOf, suspectsOf } from './guest-leak-helpers'

/**
 * The forms of code people actually write, each as a leak the engine's walk must find (the right group
 * as a suspect, growing one a step, with its retainer path from the real root through the captured
 * variable or frame), and as a fix that shows no suspect. The heap comes from the engine: no form here
 * needs anything of the program's text but its allocation lines.
 */

const STEPS = 30

interface Form {
  name: string
  leaky: string
  fixed: string
  /** Text on the line that allocates the payload that leaks. */
  at: string
  /** The payload's group name. */
  group: string
  /** The retainer path of the payload's suspect, exactly. */
  path: string
}

const FORMS: Form[] = [
  {
    name: 'a class whose constructor listens on a bus with an arrow using this',
    leaky: `const bus = new EventEmitter()
class Widget {
  constructor() {
    this.rows = new Array(100).fill(0)
    bus.on('tick', () => this.render())
  }
  render() { return this.rows.length }
}
function step(i) { new Widget() }`,
    fixed: `const bus = new EventEmitter()
class Widget {
  constructor() {
    this.rows = new Array(100).fill(0)
    this.onTick = () => this.render()
    bus.on('tick', this.onTick)
  }
  render() { return this.rows.length }
  destroy() { bus.off('tick', this.onTick) }
}
function step(i) { new Widget().destroy() }`,
    at: 'this.rows = new Array(100)',
    group: 'Array',
    path: 'bus._events.tick[*] → (closure (anonymous)).this.rows',
  },
  {
    name: 'the locals of an async function suspended at await',
    leaky: `const waiting = []
async function handle(request) {
  const payload = { request, data: new Array(100) }
  await new Promise((resolve) => waiting.push(resolve))
  return payload.data.length
}
function step(i) { handle(i) }`,
    fixed: `const waiting = []
async function handle(request) {
  const payload = { request, data: new Array(100) }
  await new Promise((resolve) => waiting.push(resolve))
  return payload.data.length
}
function step(i) {
  handle(i)
  waiting.splice(0).forEach((resolve) => resolve())
}`,
    at: 'const payload = {',
    group: 'Object',
    path: 'waiting[*].<promise>.<then[*]>.<frame> → (frame handle).payload',
  },
  {
    name: 'callbacks waiting on a pending promise',
    leaky: `const ready = new Promise(() => {})
function step(i) {
  const chunk = { rows: new Array(100).fill(i) }
  ready.then(function flush() { return chunk.rows })
}`,
    fixed: `let open
const ready = new Promise((resolve) => (open = resolve))
function step(i) {
  const chunk = { rows: new Array(100).fill(i) }
  ready.then(function flush() { return chunk.rows })
}
function teardown() {}
open()`,
    at: 'const chunk = {',
    group: 'Object',
    path: 'ready.<then[*]> → (closure flush).chunk',
  },
  {
    name: 'suspended generators kept in a list',
    leaky: `const readers = []
function* reader(id) {
  const buffer = { id, bytes: new Array(100) }
  yield buffer.bytes.length
  yield 0
}
function step(i) {
  const r = reader(i)
  r.next()
  readers.push(r)
}`,
    fixed: `const readers = []
function* reader(id) {
  const buffer = { id, bytes: new Array(100) }
  yield buffer.bytes.length
  yield 0
}
function step(i) {
  const r = reader(i)
  r.next()
  readers.push(r)
  if (readers.length > 3) readers.shift().return()
}`,
    at: 'const buffer = {',
    group: 'Object',
    path: 'readers[*].<frame> → (frame reader).buffer',
  },
  {
    name: 'a bus keeping its listeners in a private #listeners Set',
    leaky: `class Bus {
  #listeners = new Set()
  on(fn) { this.#listeners.add(fn) }
  off(fn) { this.#listeners.delete(fn) }
}
const bus = new Bus()
function step(i) {
  const state = { i, big: new Array(100) }
  bus.on(() => state.big.length)
}`,
    fixed: `class Bus {
  #listeners = new Set()
  on(fn) { this.#listeners.add(fn) }
  off(fn) { this.#listeners.delete(fn) }
}
const bus = new Bus()
function step(i) {
  const state = { i, big: new Array(100) }
  const fn = () => state.big.length
  bus.on(fn)
  bus.off(fn)
}`,
    at: 'const state = {',
    group: 'Object',
    path: 'bus.#listeners.values()[*] → (closure (anonymous)).state',
  },
  {
    name: 'variables captured by a class made inside a function',
    leaky: `const made = []
function makeClass(i) {
  const config = { i, table: new Array(100) }
  return class Local { size() { return config.table.length } }
}
function step(i) { made.push(makeClass(i)) }`,
    fixed: `const made = []
function makeClass(i) {
  const size = new Array(100).length
  return class Local { size() { return size } }
}
function step(i) { made[i % 3] = makeClass(i) }`,
    at: 'const config = {',
    group: 'Object',
    path: 'made[*].prototype.size → (closure size).config',
  },
  {
    name: 'a function with a default parameter',
    leaky: `const handlers = []
function handlerFor(options = { log: new Array(100) }) {
  return () => options.log.length
}
function step(i) { handlers.push(handlerFor()) }`,
    fixed: `const handlers = []
function handlerFor(options = { log: new Array(100) }) {
  const n = options.log.length
  return () => n
}
function step(i) { handlers[i % 3] = handlerFor() }`,
    at: 'function handlerFor(options',
    group: 'Object',
    path: 'handlers[*] → (closure (anonymous)).options',
  },
  {
    name: 'a method with a computed key',
    leaky: `const key = 'handle'
const objects = []
function step(i) {
  const data = { i, rows: new Array(100) }
  objects.push({ [key]() { return data.rows } })
}`,
    fixed: `const key = 'handle'
const objects = []
function step(i) {
  const data = { i, rows: new Array(100) }
  const n = data.rows.length
  objects[i % 3] = { [key]() { return n } }
}`,
    at: 'const data = {',
    group: 'Object',
    path: 'objects[*].handle → (closure handle).data',
  },
  {
    name: 'a memoizer written with rest parameters',
    leaky: `const memo = (fn) => {
  const cache = new Map()
  return (...args) => {
    const key = args.join(',')
    if (!cache.has(key)) cache.set(key, fn(...args))
    return cache.get(key)
  }
}
const load = memo((id) => ({ id, rows: new Array(50) }))
function step(i) { load(i) }`,
    fixed: `const memo = (fn) => {
  const cache = new Map()
  return (...args) => {
    const key = args.join(',')
    if (!cache.has(key)) cache.set(key, fn(...args))
    const value = cache.get(key)
    if (cache.size > 5) cache.delete(cache.keys().next().value)
    return value
  }
}
const load = memo((id) => ({ id, rows: new Array(50) }))
function step(i) { load(i) }`,
    at: 'const load = memo(',
    group: 'Object',
    path: 'load → (closure (anonymous)).cache.get(*)',
  },
  {
    name: 'Promise.race against a promise that never settles',
    leaky: `class Connection {
  constructor() { this.closed = new Promise(() => {}) }
}
const connection = new Connection()
function step(i) {
  const message = { i, body: new Array(100) }
  Promise.race([Promise.resolve(message), connection.closed])
}`,
    fixed: `class Connection {
  constructor() {
    this.closed = new Promise((r) => (this.close = r))
  }
}
const connection = new Connection()
function step(i) {
  const message = { i, body: new Array(100) }
  Promise.race([Promise.resolve(message), connection.closed])
}
function teardown() {}
connection.close()`,
    at: 'const message = {',
    group: 'Object',
    path: 'connection.closed.<then[*]>',
  },
]

const payloadSuspect = (result: RunResult, form: Form): SuspectSummary | undefined => {
  const line = lineOf(form.leaky, form.at)
  return suspectsOf(result).find((s) => s.name === form.group && s.site === `main.js:${line}`)
}

describe('the leaks of modern code, found through the engine', () => {
  for (const form of FORMS) {
    it(`${form.name}: the payload is a suspect, one a step, on its path from the root`, async () => {
      const result = await inspectRun(form.leaky, { steps: STEPS })
      const suspect = payloadSuspect(result, form)
      expect(suspect, JSON.stringify(suspectsOf(result).map((s) => [s.name, s.site, s.retainerPath]))).toBeDefined()
      expect(suspect!.count).toBeGreaterThanOrEqual(STEPS)
      expect(suspect!.growthPerStep).toBeCloseTo(1, 1)
      expect(suspect!.retainerPath.replace(/\[\d+\]/g, '[*]').replace(/\(\d+\)/g, '(*)').replace(/get\([^)]*\)/g, 'get(*)')).toContain(form.path)
      // Every object the engine lists is reached or known garbage; every reference is accounted.
      const coverage = result.heap!.coverage!
      expect(coverage.reached + coverage.unreachable).toBe(coverage.engineObjects)
      expect(coverage.namedEdges / coverage.edges).toBeGreaterThanOrEqual(0.99)
    })

    it(`${form.name}: fixed, it shows no suspect`, async () => {
      const result = await inspectRun(form.fixed, { steps: STEPS })
      expect(suspectsOf(result).map((s) => `${s.name} ${s.site} ${s.retainerPath}`)).toEqual([])
    })
  }
})

describe('samples count what is alive', () => {
  it('a fixed program whose dead objects form cycles: its count does not climb', async () => {
    const source = `const bus = []
class Panel {
  constructor() { this.self = this; this.onClose = () => this }
}
function step(i) { new Panel() }`
    const result = await inspectRun(source, { steps: 200 })
    const counts = result.samples.map((s) => s.objects)
    // Cycles die each step; between two collections they wait (a tenth of the count at most), but
    // never pile up, and the last sample, always after a collection, is where the run started.
    expect(Math.max(...counts) - counts[0]).toBeLessThan(counts[0] * 0.15)
    expect(Math.abs(counts.at(-1)! - counts[0])).toBeLessThan(5)
    expect(suspectsOf(result)).toEqual([])
  })
})

/** What a hand-in might do to hide a leak from the inspector: the engine's walk sees through each. */
describe('a leak cannot hide from the engine', () => {
  const HIDDEN: { name: string; source: string; group: string; path: string; at?: string }[] = [
    {
      name: 'allocated by code built at run time (new Function): counted at the learner’s line that ran it',
      source: `const store = []
const grow = new Function('store', 'i', 'store.push({ i, rows: new Array(100) })')
function step(i) { grow(store, i) }`,
      group: 'Object',
      path: 'store[*]',
      at: 'grow(store, i)',
    },
    {
      name: 'allocated by eval and indirect eval: counted at the learner’s line that ran it',
      source: `const store = []
function step(i) {
  store.push(eval('({ i, rows: new Array(100) })'))
  store.push((0, eval)('[1, 2, 3]'))
}`,
      group: 'Object',
      path: 'store[*]',
      at: "store.push(eval(",
    },
    {
      name: 'made by built-ins for the learner (JSON.parse, Array.from)',
      source: `const kept = []
function step(i) {
  kept.push(JSON.parse('{"rows": [1, 2, 3]}'), Array.from({ length: 3 }), new Map())
}`,
      group: 'Object',
      path: 'kept[*]',
      at: 'kept.push(JSON.parse',
    },
    {
      name: 'in a Map whose prototype was replaced',
      source: `const cache = new Map()
const set = Map.prototype.set
Object.setPrototypeOf(cache, null)
function step(i) { set.call(cache, i, { i, rows: new Array(100) }) }`,
      group: 'Object',
      path: 'cache.get(*)',
    },
    {
      name: 'as the held values of a FinalizationRegistry',
      source: `const registry = new FinalizationRegistry(() => {})
const targets = []
function step(i) {
  const target = {}
  targets.push(target)
  registry.register(target, { i, rows: new Array(100) })
}`,
      group: 'Object',
      path: 'registry.<held[*]>',
    },
    {
      name: 'behind a proxy whose traps lie',
      source: `const real = []
const shown = new Proxy(real, { ownKeys: () => [], get: () => undefined })
function step(i) { real.push({ i, rows: new Array(100) }) ; real.length }
globalThis.view = shown
real.length = 0`,
      group: 'Object',
      path: 'real[*]',
    },
    {
      name: 'with a global named like an inspector hook (there is none: the engine records the line)',
      source: `globalThis.__leaklab = { a: (v) => v }
const kept = []
function step(i) { kept.push({ i, rows: new Array(100) }) }`,
      group: 'Object',
      path: 'kept[*]',
      at: 'kept.push({ i',
    },
    {
      name: 'in instances of a class whose static name getter spins, behind a getter that throws',
      source: `class Spin { static get name() { for (;;) {} } }
const holder = { get items() { throw new Error('no') } }
const items = []
Object.defineProperty(holder, 'list', { value: items, enumerable: false })
function step(i) { items.push(new Spin()) }`,
      group: 'Spin',
      path: 'items[*]',
    },
  ]

  for (const hidden of HIDDEN) {
    it(`${hidden.name}: still a suspect, one a step`, async () => {
      const result = await inspectRun(hidden.source, { steps: STEPS })
      const suspect = suspectsOf(result).find((s) => s.name === hidden.group && s.retainerPath.replace(/\[\d+\]|\(\d+\)/g, (m) => (m[0] === '[' ? '[*]' : '(*)')).replace(/get\([^)]*\)/g, 'get(*)').includes(hidden.path))
      expect(suspect, JSON.stringify(suspectsOf(result).map((s) => [s.name, s.site, s.retainerPath]))).toBeDefined()
      expect(suspect!.growthPerStep).toBeCloseTo(1, 1)
      if (hidden.at) expect(suspect!.site).toBe(`main.js:${lineOf(hidden.source, hidden.at)}`)
    })
  }

  it('an Array.prototype index getter that spins neither hangs the host nor stops the walk', async () => {
    const source = `Object.defineProperty(Array.prototype, 0, { get() { for (;;) {} }, set(v) {}, configurable: true })
globalThis.keep = [1]
const list = []
function step(i) { list.push({ i }) }`
    const result = await runProgram(source, { steps: 10, timeoutMs: 2000 })
    expect(result.durationMs).toBeLessThan(20_000)
    if (result.ok) expect(result.heap?.snapshot).not.toBeNull()
    else expect(result.error?.kind).toBe('timeout')
  })
})
