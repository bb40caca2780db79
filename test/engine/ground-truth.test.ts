import { describe, expect, it } from 'vitest'
import { summarizeHeap } from '../../src/analysis'
import { runProgram } from '../../src/engine/run'
import type { RunOptions, RunResult } from '../../src/engine/types'
import type { HeapSnapshot, NodeKind } from '../../src/heap/snapshot'
import { output } from './run-helpers'

/** Ground truth per leak category: programs whose leaks we can count exactly, and their retainer paths. */

const STEPS = 25

async function run(source: string, options: Partial<RunOptions> = {}): Promise<RunResult> {
  const result = await runProgram(source, { steps: STEPS, ...options })
  expect(result.error).toBeNull()
  expect(result.heap?.error).toBeNull()
  return result
}

/** The 1-based line of the one line containing `text`: the groups are keyed by line, and this keeps the programs readable. */
function lineOf(source: string, text: string): number {
  const lines = source.split('\n')
  const found = lines.flatMap((line, i) => (line.includes(text) ? [i + 1] : []))
  if (found.length !== 1) throw new Error(`"${text}" is on ${found.length} lines`)
  return found[0]
}

/** Live nodes in the final snapshot allocated on `line`, of one kind, counted straight from the snapshot. */
const liveAt = (snapshot: HeapSnapshot, line: number, kind: NodeKind) =>
  snapshot.nodes.filter((n) => n.kind === kind && n.site?.file === 'main.js' && n.site.line === line).length

interface Leak {
  name: string
  source: string
  /** Text on the line that allocates the leaking group (the top suspect). */
  at: string
  kind: NodeKind
  /** How many the program allocated and never let go. */
  allocated: number
  path: string
  /** A second group the first one keeps alive, with its own count and path. */
  also?: { at: string; kind: NodeKind; allocated: number; path: string }
}

const leaks: Leak[] = [
  {
    name: 'a growing global array',
    source: `var leakList = []
class Record { constructor(i) { this.i = i } }
function step(i) {
  leakList.push(new Record(i), new Record(-i))
}`,
    at: 'new Record(i)',
    kind: 'object',
    allocated: STEPS * 2,
    path: 'globalThis.leakList[0]',
  },
  {
    name: 'a Map cache keyed per step',
    source: `const cache = new Map()
function step(i) {
  cache.set("user" + i, { id: i, rows: [i, i + 1] })
}`,
    at: 'cache.set',
    kind: 'object',
    allocated: STEPS,
    path: 'cache.get("user0")',
    also: { at: 'cache.set', kind: 'array', allocated: STEPS, path: 'cache.get("user0").rows' },
  },
  {
    name: 'closures capturing a large array, registered in a global list',
    source: `var handlers = []
function step(i) {
  const big = new Array(1000).fill(i)
  handlers.push(() => big.length)
}`,
    // The closures rank first: each retains its array.
    at: 'handlers.push',
    kind: 'closure',
    allocated: STEPS,
    path: 'globalThis.handlers[0]',
    also: { at: 'new Array(1000)', kind: 'array', allocated: STEPS, path: 'globalThis.handlers[0] → (closure (anonymous)).big' },
  },
  {
    name: 'listeners added to an emitter and never removed',
    source: `class Emitter {
  constructor() { this.listeners = [] }
  on(fn) { this.listeners.push(fn) }
  off(fn) { const at = this.listeners.indexOf(fn); if (at >= 0) this.listeners.splice(at, 1) }
  emit(value) { for (const fn of this.listeners) fn(value) }
}
const emitter = new Emitter()
function step(i) {
  const rows = new Array(50).fill(i)
  const removed = () => rows.length
  emitter.on(removed)
  emitter.on((value) => rows.push(value))
  emitter.emit(i)
  emitter.off(removed)
}`,
    // The listener taken off again must not count: only one of the two per step stays.
    at: 'emitter.on((value)',
    kind: 'closure',
    allocated: STEPS,
    path: 'emitter.listeners[0]',
    also: { at: 'new Array(50)', kind: 'array', allocated: STEPS, path: 'emitter.listeners[0] → (closure (anonymous)).rows' },
  },
  {
    name: 'a top-level let holding a growing linked list',
    source: `let head = null
function step(i) {
  head = { i, next: head }
}`,
    // The newest node is the one closest to the root.
    at: 'head = {',
    kind: 'object',
    allocated: STEPS,
    path: 'head',
  },
]

describe('ground truth: each leak category, counted exactly', () => {
  for (const leak of leaks) {
    it(`${leak.name}: ${leak.allocated} live, reached by ${leak.path}`, async () => {
      const result = await run(leak.source)
      const snapshot = result.heap!.snapshot!
      const { suspects } = summarizeHeap(result.heap!)
      const line = lineOf(leak.source, leak.at)
      expect(liveAt(snapshot, line, leak.kind)).toBe(leak.allocated)
      expect(suspects[0]).toMatchObject({ kind: leak.kind, site: `main.js:${line}`, count: leak.allocated })
      expect(suspects[0].retainerPath).toBe(leak.path)
      if (leak.also) {
        const alsoLine = lineOf(leak.source, leak.also.at)
        expect(liveAt(snapshot, alsoLine, leak.also.kind)).toBe(leak.also.allocated)
        const also = suspects.find((s) => s.kind === leak.also!.kind && s.site === `main.js:${alsoLine}`)
        expect(also).toMatchObject({ count: leak.also.allocated, retainerPath: leak.also.path })
      }
    })
  }

  it(`a forgotten setInterval: ${STEPS} pending timers hold ${STEPS} reports, and cleared ones hold nothing`, async () => {
    const source = `function step(i) {
  const report = { lines: [i] }
  setInterval(() => report.lines.length, 1000)
  const cleared = setInterval(() => report.lines.push(i), 500)
  clearInterval(cleared)
}`
    const result = await run(source)
    expect(result.timers.pending).toBe(STEPS)
    const snapshot = result.heap!.snapshot!
    // The host holds every pending interval, one root each, numbered in the order they were set.
    const timerRoots = snapshot.edges.filter((e) => e.from === 0 && e.label.startsWith('set')).map((e) => e.label)
    expect(timerRoots.sort()).toEqual(Array.from({ length: STEPS }, (_, k) => `setInterval#${2 * k + 1}`).sort())
    const callbackLine = lineOf(source, '1000)')
    expect(liveAt(snapshot, callbackLine, 'closure')).toBe(STEPS)
    expect(liveAt(snapshot, lineOf(source, '500)'), 'closure')).toBe(0)
    expect(liveAt(snapshot, lineOf(source, 'const report'), 'object')).toBe(STEPS)

    const { suspects } = summarizeHeap(result.heap!)
    // Which interval is the representative depends on which is due first at the end; any of them reads the same.
    expect(suspects[0]).toMatchObject({ kind: 'closure', site: `main.js:${callbackLine}`, count: STEPS })
    expect(suspects[0].retainerPath).toMatch(/^setInterval#\d+$/)
    expect(timerRoots).toContain(suspects[0].retainerPath)
    const report = suspects.find((s) => s.kind === 'object' && s.site === `main.js:${lineOf(source, 'const report')}`)
    expect(report).toMatchObject({ count: STEPS, retainerPath: expect.stringMatching(/^setInterval#\d+ → \(closure \(anonymous\)\)\.report$/) })
  })
})

describe('ground truth: what must not be reported', () => {
  // A heap kept alive first puts the collector's own next run far away, so the cycles wait for gc.collect().
  const BALLAST = 'const ballast = []\nfor (let i = 0; i < 20000; i++) ballast.push({ i })\ngc.collect()\n'

  it('garbage cycles: in the engine until gc.collect() frees them all, never counted in samples nor seen by the walker', async () => {
    const source = `${BALLAST}class Node { constructor(i) { this.i = i } }
function step(i) {
  const parent = new Node(i)
  const child = new Node(-i)
  parent.child = child
  child.parent = parent
}
function teardown() { console.log(gc.collect(), gc.collect()) }`
    const result = await run(source, { sampleEvery: 1 })
    // Two per step, all of them garbage: the collector frees exactly those, and the second call finds nothing.
    expect(output(result)).toEqual([`${STEPS * 2} 0`])
    // A sample counts what is alive: QuickJS still holds the cycles, but the collector would free them.
    const base = result.samples[0].objects
    expect(result.samples.map((s) => s.objects - base)).toEqual(Array.from({ length: STEPS + 1 }, () => 0))
    expect(result.memory.objects).toBe(base)

    const line = lineOf(source, 'new Node(i)')
    for (const sample of result.heap!.growth) expect(sample.groups.filter((g) => g.key.includes(`main.js:${line}`))).toEqual([])
    expect(liveAt(result.heap!.snapshot!, line, 'object')).toBe(0)
    expect(summarizeHeap(result.heap!).suspects).toEqual([])
  })

  it('a WeakMap cache: values die with their keys, so nothing grows', async () => {
    const source = `class Request {}
const cache = new WeakMap()
let kept = null
function step(i) {
  const request = new Request()
  cache.set(request, { rows: [i] })
  if (i === 0) kept = request
}`
    const result = await run(source)
    const snapshot = result.heap!.snapshot!
    // The one value whose key is still alive shows that the walker does see WeakMap values.
    expect(liveAt(snapshot, lineOf(source, 'cache.set'), 'object')).toBe(1)
    expect(liveAt(snapshot, lineOf(source, 'cache.set'), 'array')).toBe(1)
    expect(liveAt(snapshot, lineOf(source, 'new Request()'), 'object')).toBe(1)
    expect(summarizeHeap(result.heap!).suspects).toEqual([])
  })

  it('an LRU cache bounded by a Map and delete-oldest: it fills, then stays at its bound', async () => {
    const source = `const MAX = 5
const cache = new Map()
function remember(key, value) {
  cache.delete(key)
  cache.set(key, value)
  if (cache.size > MAX) cache.delete(cache.keys().next().value)
}
function recall(key) {
  const value = cache.get(key)
  if (value !== undefined) remember(key, value)
  return value
}
function step(i) {
  remember("user" + i, { id: i })
  recall("user0")
}`
    const result = await run(source)
    const snapshot = result.heap!.snapshot!
    expect(liveAt(snapshot, lineOf(source, 'remember("user" + i'), 'object')).toBe(5)
    // Recalled at every step, user0 is never the oldest; the rest are the newest four.
    const keys = snapshot.edges.filter((e) => e.kind === 'map-value').map((e) => e.label)
    expect(keys.sort()).toEqual(['"user0"', '"user21"', '"user22"', '"user23"', '"user24"'])
    expect(summarizeHeap(result.heap!).suspects).toEqual([])
  })
})
