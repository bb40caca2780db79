import { describe, expect, it } from 'vitest'
import { analyzeSnapshot, groupKeyId, NO_SITE, summarizeHeap } from '../../src/analysis'
import { toRunView } from '../../src/analysis/run-view'
import { runProgram } from '../../src/engine/run'
import type { HeapReport, RunResult } from '../../src/engine/types'
import type { HeapSnapshot } from '../../src/heap/snapshot'
import { SnapshotBuilder } from './builder'

const SEED = [
  'class DataHolder { constructor(d) { this.data = d } }',
  'const leakList = []',
  'function step(i) { for (let k = 0; k < 10; k++) leakList.push(new DataHolder({ k })) }',
].join('\n')

const CACHE = [
  'const cache = new Map()',
  'function step(i) {',
  '  cache.set("user" + i, { id: i, rows: [i] })',
  '}',
].join('\n')

async function run(source: string, steps = 20, filename?: string): Promise<RunResult> {
  const result = await runProgram(source, { steps, ...(filename ? { filename } : {}) })
  expect(result.error).toBeNull()
  return result
}

/** A RunResult around a hand-built heap: the view reads only `heap`, and passes the rest through. */
function resultWith(heap: HeapReport | null): RunResult {
  return { ok: true, error: null, console: [{ level: 'log', text: 'hi' }], steps: 2, heap } as unknown as RunResult
}

describe('toRunView on real runs', () => {
  it('says how many other lines a group by constructor was made at, beside its representative’s', async () => {
    const source = ['const kept = []', 'kept.push({ a: 1 })', 'function step(i) {', '  kept.push({ i })', '  kept.push({ j: i })', '}'].join('\n')
    const { view } = toRunView(await run(source, 5), { runId: 1 })
    const objects = view.heap!.byConstructor.find((g) => g.name === 'Object' && g.kind === 'object')!
    expect(objects.count).toBe(11)
    expect(objects.otherLines).toBe(2)
    for (const row of view.heap!.byLine) expect(row.otherLines).toBe(0)
  })

  it('keeps every field of the result but the snapshot, which it replaces by its analysis', async () => {
    const result = await run(SEED)
    const { view, analysis } = toRunView(result, { runId: 7 })
    expect(analysis?.snapshot).toBe(result.heap!.snapshot)
    const { heap: _heap, runId, ...rest } = view
    const { heap: _report, ...expected } = result
    expect(rest).toEqual(expected)
    expect(runId).toBe(7)
    expect(JSON.stringify(view)).not.toContain('"snapshot"')
    // Plain data: it crosses the worker boundary by structured clone.
    expect(JSON.parse(JSON.stringify(view))).toEqual(view)
    expect(view.heap).toMatchObject({
      nodeCount: result.heap!.snapshot!.nodes.length,
      edgeCount: result.heap!.snapshot!.edges.length,
      error: null,
    })
  })

  it('describes each group by line and by constructor, with its line in the learner\'s file and its path', async () => {
    const { view, analysis } = toRunView(await run(SEED), { runId: 1 })
    const heap = view.heap!
    expect(heap.byLine.map((r) => r.key)).toEqual(analysis!.byLine.map((g) => g.key))
    expect(heap.byConstructor.map((r) => r.key)).toEqual(analysis!.byConstructor.map((g) => g.key))

    const holders = heap.byLine.find((r) => r.name === 'DataHolder' && r.kind === 'object')!
    expect(holders).toMatchObject({
      key: groupKeyId({ kind: 'object', name: 'DataHolder', site: 'main.js:3' }),
      site: expect.stringMatching(/^main\.js:3:\d+$/),
      line: 3,
      count: 200,
      path: 'leakList[0]',
    })
    // Each DataHolder holds a `{ k }` made on the same line: a separate group, reached through it.
    expect(heap.byLine.find((r) => r.name === 'Object' && r.line === 3)).toMatchObject({ count: 200, path: 'leakList[0].data' })
    const byConstructor = heap.byConstructor.find((r) => r.key === groupKeyId({ kind: 'object', name: 'DataHolder', site: null }))
    expect(byConstructor).toMatchObject({ count: 200, line: 3, retainedBytes: holders.retainedBytes, path: 'leakList[0]' })
  })

  it('ranks the leak as a suspect, with its cluster, and its row as in byLine', async () => {
    const heap = toRunView(await run(CACHE), { runId: 1 }).view.heap!
    expect(heap.suspects.map((s) => [s.name, s.path])).toEqual([
      ['Object', 'cache.get("user0")'],
      ['Array', 'cache.get("user0").rows'],
    ])
    for (const s of heap.suspects) {
      const { growthPerStep, cluster, ...row } = s
      expect(row).toEqual(heap.byLine.find((r) => r.key === s.key))
      expect(growthPerStep).toBeCloseTo(1, 1)
      expect(heap.clusters[cluster!].keys).toContain(s.key)
    }
    // Different paths, so two clusters, in rank order.
    expect(heap.clusters.map((c) => c.pattern)).toEqual(['cache.get(*)', 'cache.get(*).rows'])
  })

  it('counts growth by the keys of byLine: the last walk is the final heap', async () => {
    const result = await run(SEED, 20)
    const heap = toRunView(result, { runId: 1 }).view.heap!
    expect(heap.growth.map((p) => p.step)).toEqual(result.heap!.growth.map((g) => g.step))
    expect(heap.growth.map((p) => p.time)).toEqual(result.heap!.growth.map((g) => g.time))
    const final = heap.growth.at(-1)!
    expect(final.step).toBe(20)
    expect(final.counts).toEqual(Object.fromEntries(heap.byLine.map((r) => [r.key, r.count])))
    // Ten DataHolders a step; none before the first.
    const key = heap.suspects[0].key
    expect(heap.growth.length).toBeGreaterThan(2)
    expect(heap.growth.map((p) => p.counts[key] ?? 0)).toEqual(heap.growth.map((p) => p.step * 10))
  })

  it('counts live objects per line of the learner\'s file, summing the groups of one line, without the one-off declarations', async () => {
    const heap = toRunView(await run(CACHE, 20), { runId: 1 }).view.heap!
    const line3 = heap.byLine.filter((r) => r.line === 3)
    expect(line3.map((r) => r.name).sort()).toEqual(['Array', 'Object'])
    // Line 2 declares step(): a function made once is the program's shape, not what it left alive.
    expect(heap.byLine.find((r) => r.line === 2)?.kind).toBe('function')
    expect(heap.lines).toEqual([
      { line: 1, count: 1, shallowBytes: heap.byLine.find((r) => r.line === 1)!.shallowBytes },
      { line: 3, count: 40, shallowBytes: line3[0].shallowBytes + line3[1].shallowBytes },
    ])
  })

  it("knows the learner's file by the run's filename", async () => {
    const result = await run(CACHE, 5, 'lesson.js')
    const named = toRunView(result, { runId: 1, filename: 'lesson.js' }).view.heap!
    expect(named.lines.map((l) => l.line)).toEqual([1, 3])
    expect(named.byLine.every((r) => r.line !== null || r.site === null)).toBe(true)
    const other = toRunView(result, { runId: 1 }).view.heap!
    expect(other.lines).toEqual([])
    expect(other.byLine.every((r) => r.line === null)).toBe(true)
    expect(other.byLine.some((r) => r.site?.startsWith('lesson.js:'))).toBe(true)
  })

  it('shares its numbers with the CLI summary', async () => {
    const result = await run(CACHE)
    const heap = toRunView(result, { runId: 1 }).view.heap!
    const summary = summarizeHeap(result.heap!)
    expect(summary.groups.map((g) => [g.name, g.count, g.retainedBytes])).toEqual(heap.byLine.map((r) => [r.name, r.count, r.retainedBytes]))
    expect(summary.suspects.map((s) => s.retainerPath)).toEqual(heap.suspects.map((s) => s.path))
    expect(summary.clusters.map((c) => c.suspects)).toEqual(heap.clusters.map((c) => c.keys))
  })

  it('passes on a run without a heap (inspection off) as null, and a heap not walked as its reason', async () => {
    const plain = await runProgram('let x = 1', { inspect: false })
    expect(toRunView(plain, { runId: 1 })).toEqual({ view: { ...plain, runId: 1 }, analysis: null })

    const stuck = await runProgram('const kept = []\nfunction step() { kept.push({}) }\nfunction teardown() { while (true) {} }', { steps: 4, timeoutMs: 300 })
    expect(stuck.error?.kind).toBe('timeout')
    expect(stuck.heap?.snapshot).toBeNull()
    const { view, analysis } = toRunView(stuck, { runId: 1 })
    expect(analysis).toBeNull()
    expect(view.heap).toMatchObject({ byLine: [], byConstructor: [], suspects: [], lines: [], nodeCount: 0, error: stuck.heap!.error })
    expect(view.heap!.error).toBeTruthy()
    // The walks before the timeout still show the growth.
    expect(view.heap!.growth.length).toBe(stuck.heap!.growth.length)
    expect(view.heap!.growth.length).toBeGreaterThan(0)
  })
})

describe('toRunView on hand-built heaps', () => {
  function heap(snapshot: HeapSnapshot, growth: HeapReport['growth'] = []): HeapReport {
    return { snapshot, growth, error: null, coverage: null }
  }

  it('gives objects without a site no site and no line, under the (no site) key', () => {
    const b = new SnapshotBuilder()
    const list = b.node('array', 'Array', 32, ['main.js', 2])
    const buffer = b.node('arraybuffer', 'ArrayBuffer', 1024)
    b.root('list', list).edge(list, buffer, 'element', '0')
    const rows = toRunView(resultWith(heap(b.build())), { runId: 1 }).view.heap!.byLine
    expect(rows.find((r) => r.name === 'ArrayBuffer')).toMatchObject({
      key: groupKeyId({ kind: 'arraybuffer', name: 'ArrayBuffer', site: NO_SITE }),
      site: null,
      line: null,
      path: 'list[0]',
      shallowBytes: 1024,
    })
    expect(rows.find((r) => r.name === 'Array')).toMatchObject({ site: 'main.js:2:1', line: 2 })
  })

  it('sums the groups of one line and leaves out other files', () => {
    const b = new SnapshotBuilder()
    const list = b.node('array', 'Array', 32, ['main.js', 2])
    const a = b.node('object', 'A', 10, ['main.js', 5])
    const a2 = b.node('object', 'A', 10, ['main.js', 5])
    const c = b.node('closure', 'f', 20, ['main.js', 5])
    const lib = b.node('object', 'B', 40, ['lib.js', 5])
    b.root('list', list).edge(list, a, 'element', '0').edge(list, a2, 'element', '1').edge(list, c, 'element', '2').edge(list, lib, 'element', '3')
    const view = toRunView(resultWith(heap(b.build())), { runId: 1 }).view.heap!
    expect(view.lines).toEqual([
      { line: 2, count: 1, shallowBytes: 32 },
      { line: 5, count: 3, shallowBytes: 40 },
    ])
    expect(view.byLine.find((r) => r.name === 'B')).toMatchObject({ site: 'lib.js:5:1', line: null })
  })

  it('turns growth samples into counts by key, as the walks recorded them', () => {
    const b = new SnapshotBuilder()
    b.root('x', b.node('object', 'A', 10, ['main.js', 1]))
    const key = groupKeyId({ kind: 'object', name: 'A', site: 'main.js:1' })
    const growth = [
      { step: 0, time: 0, groups: [] },
      { step: 5, time: 50, groups: [{ key, count: 3, shallowBytes: 30 }] },
    ]
    expect(toRunView(resultWith(heap(b.build(), growth)), { runId: 1 }).view.heap!.growth).toEqual([
      { step: 0, time: 0, counts: {} },
      { step: 5, time: 50, counts: { [key]: 3 } },
    ])
  })

  it('still returns the run when its heap cannot be analysed, saying why in heap.error', () => {
    const b = new SnapshotBuilder()
    const a = b.node('object', 'A')
    b.root('a', a).edge(a, 99, 'property', 'broken')
    const growth = [{ step: 0, time: 0, groups: [] }]
    const result = resultWith(heap(b.build(), growth))
    expect(() => analyzeSnapshot(result.heap!.snapshot!)).toThrow(RangeError)
    const { view, analysis } = toRunView(result, { runId: 3 })
    expect(analysis).toBeNull()
    expect(view).toMatchObject({ ok: true, console: [{ level: 'log', text: 'hi' }], steps: 2, runId: 3 })
    expect(view.heap).toMatchObject({ byLine: [], suspects: [], nodeCount: 0, growth: [{ step: 0, time: 0, counts: {} }] })
    expect(view.heap!.error).toMatch(/^LeakLab could not analyse the heap \(RangeError: edge 1 .*refers to a node outside/)
  })
})
