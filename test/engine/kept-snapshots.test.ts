import { describe, expect, it } from 'vitest'
import { compareKept, findKept } from '../../src/analysis/snapshot-compare'
import { runProgram } from '../../src/engine/run'
import { KEPT_EDGE_STRIDE, KeptSnapshotsBuilder, snapshotName, unpackKept } from '../../src/heap/kept-snapshots'
import type { HeapEdge, HeapNode, HeapSnapshot } from '../../src/heap/snapshot'
import { kept, rootUid } from '../heap/kept-helpers'
import { runWithLeakCheck } from './run-helpers'

describe('kept snapshots', () => {
  it('keeps every walk, and the same object has the same id in each: objects, suspended frames, long strings', async () => {
    const result = await runProgram(
      `const keep = { tag: 1 }
const text = 'x'.repeat(300) + Math.random()
const gate = new Promise(() => {})
async function wait() { const mine = { waiting: true }; await gate; return mine }
const pending = wait()
const list = []
function step(i) { list.push({ i }) }`,
      { steps: 8, snapshots: 5 },
    )
    const store = kept(result)
    expect(store.snapshots.map((s) => s.step)).toEqual([0, 2, 4, 6, 8])
    expect(store.snapshots.map((s) => s.taken)).toEqual(['walk', 'walk', 'walk', 'walk', 'walk'])
    for (const root of ['keep', 'text', 'list']) {
      const uids = store.snapshots.map((_, i) => rootUid(store, i, root))
      expect(new Set(uids).size, root).toBe(1)
      expect(uids[0], root).toBeGreaterThan(0)
    }
    // The frame of the suspended `wait()`: reached through the promise's reaction, the same frame every time.
    const frames = store.snapshots.map((k) => {
      const s = unpackKept(store, k)
      return s.nodes.filter((n) => n.kind === 'frame').map((n) => n.uid)
    })
    expect(frames[0]).toHaveLength(1)
    for (const f of frames) expect(f).toEqual(frames[0])
    // Every node of a walk has its own id.
    for (const k of store.snapshots) expect(new Set(k.uids).size).toBe(k.uids.length)
  })

  it('never gives a freed object\'s id to another', async () => {
    const result = await runProgram(`let current = { n: -1 }\nfunction step(i) { current = { n: i } }`, { steps: 6, snapshots: 7 })
    const store = kept(result)
    const uids = store.snapshots.map((_, i) => rootUid(store, i, 'current'))
    expect(new Set(uids).size).toBe(7)
    // Ids grow with allocation: the engine's allocation number.
    expect([...uids].sort((a, b) => a - b)).toEqual(uids)
  })

  it('compares two walks object by object: exact added and freed counts', async () => {
    const result = await runProgram(
      `class Widget {}
class Temp {}
const kept = []
let temp = []
function step(i) {
  kept.push(new Widget())
  temp = [new Temp(), new Temp()]
}`,
      { steps: 10, snapshots: 2 },
    )
    const store = kept(result)
    const diff = compareKept(store, 0, store.snapshots.length - 1, null, 'line')
    const row = (name: string, line: number) => diff.rows.find((r) => r.name === name && r.site === `main.js:${line}`)
    expect(row('Widget', 6)).toMatchObject({ added: 10, freed: 0, countFrom: 0, countTo: 10 })
    expect(row('Widget', 6)!.retainerPath).toMatch(/^kept\[\d\]$/)
    expect(row('Temp', 7)).toMatchObject({ added: 2, freed: 0 })
    // The array of the last step is new; the first `[]` is gone.
    expect(row('Array', 7)).toMatchObject({ added: 1, freed: 0 })
    expect(row('Array', 4)).toMatchObject({ added: 0, freed: 1, retainerPath: null })
    // The `kept` array is the same array at both walks: neither added nor freed.
    expect(row('Array', 3)).toBeUndefined()
    expect(diff.totals).toMatchObject({ added: 13, freed: 1 })
    expect(diff.from).toMatchObject({ index: 0, step: 0, name: 'step 0' })
    expect(diff.to).toMatchObject({ step: 10, name: 'step 10' })
  })

  it('takes the program\'s labelled snapshots, and the three-snapshot method keeps only what leaked and stayed', async () => {
    const result = await runProgram(
      `class Dialog {}
class Listener {}
const listeners = []
let open = []
function openDialogs() {
  for (let i = 0; i < 10; i++) open.push(new Dialog())
  for (let i = 0; i < 5; i++) listeners.push(new Listener())
}
function closeDialogs() { open = [] }
leaklab.snapshot('baseline')
openDialogs()
leaklab.snapshot('after open')
closeDialogs()
leaklab.snapshot('after close')`,
      { steps: 0 },
    )
    const store = kept(result)
    expect(store.snapshots.map(snapshotName)).toEqual(['baseline', 'after open', 'after close', 'the end of the run'])
    const [a, b, c] = ['baseline', 'after open', 'after close'].map((name) => findKept(store, name)!)
    const two = compareKept(store, a, b, null, 'constructor')
    expect(two.rows.find((r) => r.name === 'Dialog')).toMatchObject({ added: 10, freed: 0 })
    expect(two.rows.find((r) => r.name === 'Listener')).toMatchObject({ added: 5, freed: 0 })
    const three = compareKept(store, a, b, c, 'constructor')
    expect(three.rows.find((r) => r.name === 'Dialog')).toBeUndefined()
    expect(three.rows.find((r) => r.name === 'Listener')).toMatchObject({ added: 5, retainerPath: 'listeners[0]' })
    expect(three.then).toMatchObject({ label: 'after close', name: 'after close' })
  })

  it('a snapshot inside a function sees its locals as roots, by name', async () => {
    const result = await runProgram(
      `class Thing {}
function step(i) {
  const local = new Thing()
  if (i === 1) leaklab.snapshot('inside')
  return local
}`,
      { steps: 2, snapshots: 2 },
    )
    const store = kept(result)
    const inside = store.snapshots[findKept(store, 'inside')!]
    expect(inside.step).toBe(1)
    const snapshot = unpackKept(store, inside)
    const thing = snapshot.nodes.find((n) => n.name === 'Thing' && n.kind === 'object')!
    const edge = snapshot.edges.find((e) => e.to === thing.id)!
    expect(edge).toMatchObject({ from: 0, kind: 'root', label: '(running step).local' })
    // Between the steps, nothing holds it.
    expect(unpackKept(store, store.snapshots.at(-1)!).nodes.some((n) => n.name === 'Thing' && n.kind === 'object')).toBe(false)
  })

  it('refuses a label that is no string, takes 50 at most, and says which it dropped', async () => {
    const result = await runProgram(
      `const taken = []
for (let i = 0; i < 52; i++) taken.push(leaklab.snapshot('s' + i))
console.log(taken.filter(Boolean).length, taken.at(-1))
try { leaklab.snapshot(42) } catch (e) { console.log(e.name, e.message) }`,
      { steps: 0 },
    )
    expect(result.console.map((c) => c.text)).toEqual(['50 false', 'TypeError leaklab.snapshot(label): the label must be a string, such as "after open"'])
    const store = kept(result)
    expect(store.snapshots.filter((s) => s.taken === 'guest')).toHaveLength(50)
    expect(store.dropped).toEqual([
      { step: 0, label: 's50', taken: 'guest', why: 'count' },
      { step: 0, label: 's51', taken: 'guest', why: 'count' },
    ])
  })

  it('frees every handle when the program takes snapshots', async () => {
    const result = await runWithLeakCheck(`const a = [{}]\nfunction step(i) { a.push({ i }); leaklab.snapshot('in ' + i) }`, { steps: 3 })
    expect(kept(result).snapshots.filter((s) => s.taken === 'guest')).toHaveLength(3)
  })

  it('keeps no walk when the run takes none', async () => {
    const result = await runProgram(`leaklab.snapshot('x')`, { snapshots: 0 })
    expect(result.heap?.kept ?? null).toBeNull()
  })
})

describe('the memory budget of kept snapshots', () => {
  function heap(objects: number, step: number): HeapSnapshot {
    const nodes: HeapNode[] = [{ id: 0, kind: 'root', name: '(roots)', site: null, size: 0, uid: 0 }]
    const edges: HeapEdge[] = []
    for (let i = 1; i <= objects; i++) {
      nodes.push({ id: i, kind: 'object', name: 'Thing', site: null, size: 16, uid: i })
      edges.push({ from: 0, to: i, kind: 'root', label: `t${i}` })
    }
    return { nodes, edges, step, time: step }
  }

  it('drops middle walks first, keeps the first, the newest and the program\'s own, and says so', () => {
    // One 100-object heap packs into 100 × (4 + 2) ints + 100 uids: about 4 KB.
    const builder = new KeptSnapshotsBuilder('javascript', 13_000)
    const meta = (step: number, taken: 'walk' | 'guest' = 'walk', label: string | null = null) => ({ step, time: step, label, taken, coverage: null })
    builder.addSnapshot(heap(100, 0), meta(0))
    builder.addSnapshot(heap(100, 1), meta(1, 'guest', 'mine'))
    builder.addSnapshot(heap(100, 2), meta(2))
    builder.addSnapshot(heap(100, 3), meta(3))
    const { snapshots, dropped, bytes, budgetBytes } = builder.data
    expect(snapshots.map((s) => s.step)).toEqual([0, 1, 3])
    expect(dropped).toEqual([{ step: 2, label: null, taken: 'walk', why: 'budget' }])
    expect(bytes).toBeLessThanOrEqual(budgetBytes)
    expect(snapshots[2].edges.length / KEPT_EDGE_STRIDE).toBe(100)
  })

  it('keeps the newest even when it alone is past the budget', () => {
    const builder = new KeptSnapshotsBuilder('javascript', 100)
    builder.addSnapshot(heap(10, 0), { step: 0, time: 0, label: null, taken: 'walk', coverage: null })
    builder.addSnapshot(heap(10, 5), { step: 5, time: 5, label: null, taken: 'end', coverage: null })
    expect(builder.data.snapshots.map((s) => s.step)).toEqual([5])
    expect(builder.data.dropped).toEqual([{ step: 0, label: null, taken: 'walk', why: 'budget' }])
  })

  it('refuses a heap without ids', () => {
    const builder = new KeptSnapshotsBuilder()
    const snapshot = heap(2, 0)
    delete snapshot.nodes[1].uid
    expect(() => builder.addSnapshot(snapshot, { step: 0, time: 0, label: null, taken: 'walk', coverage: null })).toThrow(/no uid/)
  })
})

describe('the compare reads paths as the analysis does', () => {
  it('gives each added group the path the heap table gives its representative', async () => {
    const { analyzeSnapshot, groupPath } = await import('../../src/analysis/analyze')
    const { renderPath } = await import('../../src/analysis/notation')
    const result = await runProgram(
      `class Node { constructor(next) { this.next = next } }
const byName = new Map()
const chains = []
const bus = { handlers: [] }
function step(i) {
  byName.set('k' + i, { i })
  chains.push(new Node(new Node(null)))
  const local = [i]
  bus.handlers.push(() => local)
}`,
      { steps: 12, snapshots: 3 },
    )
    const store = kept(result)
    const last = store.snapshots.length - 1
    const diff = compareKept(store, 0, last, null, 'line')
    const analysis = analyzeSnapshot(unpackKept(store, store.snapshots[last]))
    expect(diff.rows.length).toBeGreaterThan(3)
    for (const row of diff.rows) {
      if (row.countFrom > 0 || row.added === 0) continue
      // Every member of the group was added: the closest of them is the group's representative.
      const group = analysis.byLine.find((g) => g.key === row.key)!
      expect(row.retainerPath, row.key).toBe(renderPath(analysis.snapshot, groupPath(analysis, group)))
    }
  })
})
