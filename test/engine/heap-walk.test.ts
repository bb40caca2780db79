import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'
import type { HeapSnapshot } from '../../src/heap/snapshot'

async function snapshotOf(source: string, options = {}): Promise<HeapSnapshot> {
  const result = await runProgram(source, options)
  expect(result.error).toBeNull()
  expect(result.heap?.error).toBeNull()
  return result.heap!.snapshot!
}

const named = (s: HeapSnapshot, name: string) => s.nodes.filter((n) => n.name === name)
const edgesInto = (s: HeapSnapshot, id: number) => s.edges.filter((e) => e.to === id)

describe('the heap walker', () => {
  it('finds objects from globals, top-level let/const bindings and pending timers', async () => {
    const s = await snapshotOf(`
      class Held { constructor(by) { this.by = by } }
      var fromVar = new Held('var')
      const fromConst = new Held('const')
      let fromLet = [new Held('let')]
      function start() { const mine = new Held('timer'); setInterval(() => mine, 1000) }
      start()`)
    const roots = s.edges.filter((e) => e.from === 0).map((e) => e.label)
    expect(roots).toEqual(expect.arrayContaining(['globalThis', 'fromConst', 'fromLet', 'setInterval#1']))
    expect(named(s, 'Held').filter((n) => n.kind === 'object')).toHaveLength(4)
  })

  it('follows closure variables, map entries and set members', async () => {
    const s = await snapshotOf(`
      class Payload {}
      function makeTick() { const cache = new Map([['u7', new Payload()]]); return () => cache.size }
      const tick = makeTick()
      const members = new Set([new Payload()])`)
    const closure = s.nodes[s.edges.find((e) => e.from === 0 && e.label === 'tick')!.to]
    expect(closure).toMatchObject({ kind: 'closure', name: '(anonymous)' })
    const cacheEdge = s.edges.find((e) => e.from === closure.id && e.kind === 'closure')!
    expect(cacheEdge.label).toBe('cache')
    expect(s.nodes[cacheEdge.to].kind).toBe('map')
    expect(s.edges.some((e) => e.kind === 'map-value' && e.label === '"u7"')).toBe(true)
    expect(s.edges.some((e) => e.kind === 'set-member')).toBe(true)
    expect(named(s, 'Payload').filter((n) => n.kind === 'object')).toHaveLength(2)
  })

  it('records where each object was allocated', async () => {
    const s = await snapshotOf('const list = []\nfor (let i = 0; i < 3; i++)\n  list.push({ i })')
    const objects = s.nodes.filter((n) => n.kind === 'object' && n.name === 'Object' && n.site)
    expect(objects).toHaveLength(3)
    for (const node of objects) expect(node.site).toEqual({ file: 'main.js', line: 3, column: 13 })
  })

  it('never counts the environment or its own bookkeeping', async () => {
    const s = await snapshotOf('const mine = { a: 1 }')
    const names = s.nodes.filter((n) => n.kind !== 'root').map((n) => n.name)
    expect(names).toEqual(['Object'])
  })

  it('runs no learner code while it walks: a closure is asked for its variables, not called', async () => {
    const result = await runProgram(`
      let calls = 0
      function make() { const data = [1]; return () => { calls++; console.log('called'); return data } }
      const keep = make()
      function step() {}
      function teardown() { console.log('calls', calls) }`, { steps: 3 })
    expect(result.console.map((e) => e.text)).toEqual(['calls 0'])
  })

  it('keeps nothing alive: a dropped closure frees what it captured, inspected or not', async () => {
    const source = `
      let holder = null
      function step(i) {
        const big = []
        for (let k = 0; k < 2000; k++) big.push({ k })
        holder = () => big.length
        holder = null
      }`
    for (const inspect of [false, true]) {
      const result = await runProgram(source, { steps: 5, inspect })
      expect(result.memory.objects - result.start.objects).toBeLessThan(20)
    }
  })

  it('adds no objects to the engine counts the learner sees', async () => {
    const source = 'const list = []\nfunction step(i) { list.push({ i }, [i], () => i) }'
    const plain = await runProgram(source, { steps: 50, inspect: false })
    const inspected = await runProgram(source, { steps: 50, inspect: true })
    expect(inspected.samples.map((s) => s.objects - inspected.start.objects)).toEqual(plain.samples.map((s) => s.objects - plain.start.objects))
  })

  it('samples growth by allocation line over the steps', async () => {
    const result = await runProgram('const list = []\nfunction step(i) {\n  list.push({ i })\n}', { steps: 40, snapshots: 5 })
    const growth = result.heap!.growth
    expect(growth.map((g) => g.step)).toEqual([0, 10, 20, 30, 40])
    const counts = growth.map((g) => g.groups.find((c) => c.key.includes('main.js:3'))?.count ?? 0)
    expect(counts).toEqual([0, 10, 20, 30, 40])
  })

  it('still walks when the program replaced Map, Set, WeakMap, WeakSet or Int32Array', async () => {
    const source = 'const keep = [{ a: 1 }]\nMap = Set = WeakMap = WeakSet = WeakRef = Int32Array = null\nconsole.log(gc.getReferents(keep).length)'
    const result = await runProgram(source, {})
    expect(result.error).toBeNull()
    expect(result.console.map((e) => e.text)).toEqual(['1'])
    expect(result.heap?.error).toBeNull()
    expect(result.heap?.snapshot?.nodes.filter((n) => n.site?.line === 1).map((n) => n.kind).sort()).toEqual(['array', 'object'])
  })

  it('walks nothing with snapshots: 0, yet runs instrumented so tracemalloc still sees allocations', async () => {
    const source = 'tracemalloc.start()\nconst list = []\nfunction step(i) {\n  list.push({ i })\n}\nfunction teardown() { console.log(String(tracemalloc.takeSnapshot().statistics("lineno")[0])) }'
    const result = await runProgram(source, { steps: 20, snapshots: 0 })
    expect(result.error).toBeNull()
    expect(result.heap).toEqual({ snapshot: null, growth: [], error: null, coverage: null, kept: null })
    expect(result.console.map((e) => e.text)).toEqual([expect.stringMatching(/^main\.js:4: size=.*, count=20, /)])
  })

  it('does not walk a heap the run left at its memory limit, and says why', async () => {
    const result = await runProgram('const a = []\nwhile (true) a.push({})', { memoryBytes: 16 * 1024 * 1024 })
    expect(result.error?.kind).toBe('memory')
    expect(result.heap?.snapshot).toBeNull()
    expect(result.heap?.error).toMatch(/memory limit/)
  })

  it('walks the heap of a program that failed at run time: the leak up to the error', async () => {
    const result = await runProgram('const list = []\nfunction step(i) {\n  list.push({ i })\n  if (i === 5) null.x\n}', { steps: 10 })
    expect(result.error?.kind).toBe('runtime')
    expect(result.heap?.snapshot?.nodes.filter((n) => n.site?.line === 3)).toHaveLength(6)
  })
})

describe('WeakMap entries', () => {
  const program = (keepKeys: boolean) => `
    class Metadata { constructor(n) { this.n = n } }
    class Request {}
    const meta = new WeakMap()
    const live = []
    function step(i) {
      const request = new Request()
      meta.set(request, new Metadata(i))
      ${keepKeys ? 'live.push(request)' : ''}
    }`

  it('keeps a value while its key is alive, reached through the map and the key', async () => {
    const s = await snapshotOf(program(true), { steps: 5 })
    const values = s.nodes.filter((n) => n.name === 'Metadata' && n.kind === 'object')
    expect(values).toHaveLength(5)
    for (const value of values) {
      const into = edgesInto(s, value.id)
      expect(into.map((e) => e.kind).sort()).toEqual(['internal', 'map-value'])
      expect(into.find((e) => e.kind === 'map-value')!.label).toBe('{Request}')
    }
  })

  it('shows no value whose key died', async () => {
    const s = await snapshotOf(program(false), { steps: 5 })
    expect(s.nodes.filter((n) => n.name === 'Metadata' && n.kind === 'object')).toHaveLength(0)
  })
})

describe('bound functions', () => {
  it('follow their target, this and bound arguments, which the program itself cannot see', async () => {
    const source = `
      class Widget { constructor() { this.rows = [] } onEvent(e) { return this.rows.length } }
      const options = { capture: true }
      const handler = new Widget().onEvent.bind(new Widget(), options)
      console.log(Reflect.ownKeys(handler).length, Object.getOwnPropertySymbols(handler).length, handler.length, handler.name)`
    const result = await runProgram(source)
    expect(result.console.map((e) => e.text)).toEqual(['2 0 0 bound onEvent'])
    const s = result.heap!.snapshot!
    const bound = s.nodes[s.edges.find((e) => e.from === 0 && e.label === 'handler')!.to]
    expect(bound.kind).toBe('bound-function')
    const slots = s.edges.filter((e) => e.from === bound.id && e.kind === 'internal').map((e) => [e.label, s.nodes[e.to].name])
    expect(slots).toEqual(expect.arrayContaining([['target', 'onEvent'], ['this', 'Widget'], ['args[0]', 'Object']]))
  })
})

describe('proxies', () => {
  // Every trap logs: any output means the walk (or gc, or tracemalloc) ran the learner's code.
  const traps = "['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'apply'].reduce((h, t) => (h[t] = (...a) => { console.log('trap ' + t); return Reflect[t](...a) }, h), {})"

  it('follow their target and handler without running a trap', async () => {
    const source = `const handler = ${traps}
const data = { rows: [1, 2, 3] }
const view = new Proxy(data, handler)
const { proxy: fn } = Proxy.revocable(function f() {}, {})
tracemalloc.start()
const more = new Proxy([], {})
console.log(gc.getReferents(view).length, tracemalloc.takeSnapshot().statistics('lineno').length)`
    const result = await runProgram(source)
    expect(result.error).toBeNull()
    expect(result.console.map((e) => e.text)).toEqual(['2 1'])
    const s = result.heap!.snapshot!
    const proxy = s.nodes[s.edges.find((e) => e.from === 0 && e.label === 'view')!.to]
    expect([proxy.kind, proxy.name, proxy.site?.line]).toEqual(['proxy', 'Proxy', 3])
    const parts = s.edges.filter((e) => e.from === proxy.id).map((e) => [e.kind, e.label, s.nodes[e.to].site?.line])
    expect(parts).toEqual([['internal', 'target', 2], ['internal', 'handler', 1]])
    const revocable = s.nodes[s.edges.find((e) => e.from === 0 && e.label === 'fn')!.to]
    expect([revocable.kind, revocable.name]).toEqual(['proxy', 'Proxy'])
    expect(s.edges.filter((e) => e.from === revocable.id).map((e) => s.nodes[e.to].name)).toEqual(['f', 'Object'])
  })

  it('keep nothing alive: a dropped proxy frees its target and handler, and the records stay out of the counts', async () => {
    const result = await runProgram('function step(i) {\n  const p = new Proxy({ rows: [i] }, { get() { return 1 } })\n  p.x\n}', { steps: 300 })
    expect(result.error).toBeNull()
    const objects = result.samples.map((sample) => sample.objects)
    expect(new Set(objects)).toEqual(new Set([objects[0]]))
  })

  it('are made by a Proxy that looks like the built-in', async () => {
    const source = "console.log(Proxy.name, Proxy.length, Reflect.ownKeys(Proxy).join(), String(Proxy), typeof Proxy.prototype)\ntry { Proxy({}, {}) } catch (e) { console.log(e instanceof TypeError) }"
    const result = await runProgram(source)
    expect(result.console.map((e) => e.text)).toEqual(['Proxy 2 length,name,revocable function Proxy() {\n    [native code]\n} undefined', 'true'])
  })
})
