/**
 * Issue 18, item 8: the kept snapshots (src/heap/kept-snapshots.ts: every walk of a run kept, packed)
 * and comparing two of them object by object (src/analysis/snapshot-compare.ts, compareKept):
 * 1. compare-100k: one cold compare of two 100,000-object kept snapshots, against the walk of one such
 *    heap (inspector-walk-100k, snapshot-cases.ts), side by side in one run. Goal ≤ 0.5×.
 * 2. kept-memory-100k: what 5 kept snapshots of a 100,000-object run take, in the store's own count
 *    and in this process's heap, beside the same heap as a HeapSnapshot of objects. No goal.
 * 3. kept-walks-1m: a 1,000,000-object run with the default 5 walks still finishes, and keeps what
 *    fits in the budget (inspector-full-1m, inspector-cases.ts, walks that heap once only: it has no step()).
 *
 * The program is the seed that also replaces a tenth of its holders over its steps, so that two walks
 * differ: the first walk (step 0) and the last (step 100) share 90% of their objects.
 */
import { compareKept } from '../src/analysis/snapshot-compare'
import { EngineNative } from '../src/engine/engine-native'
import { HeapInspector } from '../src/engine/heap-inspector'
import { DEFAULT_OPTIONS, MIB } from '../src/engine/defaults'
import type { RunResult } from '../src/engine/types'
import { KeptSnapshotsBuilder, unpackKept, type KeptSnapshots } from '../src/heap/kept-snapshots'
import type { Case, CaseTable, RatioSpec } from './case'
import { checkGrowth, finalSnapshot, LARGE_COUNT, LARGE_MEMORY_BYTES, loopLine, seedSource, timedRun, WARM } from './inspector-cases'
import { SEED_COUNT, type SeedSuite } from './seed-cases'
import { clockMethod } from './snapshot-cases'
import { collectCompiledWasm } from './gc'

export const COMPARE_CASE = 'compare-100k'
export const KEPT_MEMORY_CASE = 'kept-memory-100k'
export const KEPT_LARGE_CASE = 'kept-walks-1m'

const STEPS = DEFAULT_OPTIONS.steps

/** The seed with `count` holders, whose step(i) replaces holders i·perStep … i·perStep + perStep − 1 by new ones made on its own line. */
export function keptSource(count: number, perStep: number): string {
  if (STEPS * perStep > count) throw new Error(`${STEPS} steps of ${perStep} would replace more than the ${count} holders`)
  return `${seedSource(count)}function step(i) { for (let k = 0; k < ${perStep}; k++) leakList[i * ${perStep} + k] = new DataHolder(-1 - k) }\n`
}

/** The line (1-based) of step(), where the replacements are made. */
function stepLine(source: string): number {
  return source.split('\n').findIndex((line) => line.startsWith('function step(')) + 1
}

/** A tenth of the holders replaced over the run's 100 steps. */
const PER_STEP_100K = SEED_COUNT / 10 / STEPS
const PER_STEP_1M = LARGE_COUNT / 10 / STEPS

function keptOf(result: RunResult): KeptSnapshots {
  const store = result.heap?.kept
  if (!store) throw new Error(`the run kept no snapshots: ${result.heap?.error ?? result.error?.message ?? 'result.heap.kept is null'}`)
  return store
}

/** Two of a run's kept snapshots in a store of their own, cloned: new objects, so compareKept's per-snapshot caches (WeakMaps) start cold. */
function freshPair(store: KeptSnapshots, from: number, to: number): KeptSnapshots {
  const snapshots = [store.snapshots[from], store.snapshots[to]]
  return structuredClone({ ...store, snapshots, dropped: [], bytes: snapshots.reduce((sum, k) => sum + k.nodes.byteLength + k.uids.byteLength + k.edges.byteLength, 0) })
}

const round1 = (x: number) => Math.round(x * 10) / 10

function compareCase(): Case {
  const source = keptSource(SEED_COUNT, PER_STEP_100K)
  const replaced = PER_STEP_100K * STEPS
  const loopSite = `main.js:${loopLine(source)}`
  const stepSite = `main.js:${stepLine(source)}`
  // One run per process (outside every clock): each timed compare gets fresh clones of its two walks.
  let store: KeptSnapshots | null = null
  let observed: Record<string, number> = {}
  return {
    id: COMPARE_CASE,
    label: 'compare two kept 100k snapshots (compareKept, cold)',
    includes: `Outside the clock, once per process: runProgram(the seed whose step(i) replaces ${PER_STEP_100K} holders by new ones on its own line, { inspect: true, snapshots: 2 }), 100 steps, so two walks are kept, at step 0 and step 100, of about 100,000 objects each, ${replaced.toLocaleString('en-US')} of them replaced in between; then, for each timed run and outside the clock, those two KeptSnapshots structuredClone'd into a fresh store, so compareKept's per-snapshot caches (groups, uid table, paths: WeakMaps keyed by the snapshot) start cold. Timed: compareKept(store, 0, 1, null, 'line') alone: a uid → index table of the first walk (open addressing over typed arrays), each walk's nodes grouped by line (keptGroups), every object matched by uid (added, freed, counts by group), and for each group with added objects a retainer path to the one closest to a root, computed from the second walk's packed edges (its graph and shortest paths, no HeapSnapshot of objects made). It must find exactly ${replaced.toLocaleString('en-US')} DataHolders added at ${stepSite} (held through leakList) and ${replaced.toLocaleString('en-US')} freed at ${loopSite}, and nothing else changed.${WARM}`,
    async run() {
      if (!store) {
        const { result } = await timedRun(source, { inspect: true, snapshots: 2 })
        store = keptOf(result)
        if (store.snapshots.length !== 2) throw new Error(`the run kept ${store.snapshots.length} snapshots, expected 2 (dropped: ${JSON.stringify(store.dropped)})`)
      }
      const fresh = freshPair(store, 0, store.snapshots.length - 1)
      const started = performance.now()
      const comparison = compareKept(fresh, 0, 1, null, 'line')
      const ms = performance.now() - started
      const added = comparison.rows.find((r) => r.name === 'DataHolder' && r.site === stepSite)
      const freed = comparison.rows.find((r) => r.name === 'DataHolder' && r.site === loopSite)
      if (added?.added !== replaced || freed?.freed !== replaced || comparison.totals.added !== replaced || comparison.totals.freed !== replaced) {
        throw new Error(`compareKept found ${JSON.stringify(comparison.totals)} (${JSON.stringify(comparison.rows.map((r) => [r.key, r.added, r.freed]))}), expected ${replaced} DataHolders added at ${stepSite} and ${replaced} freed at ${loopSite}, and nothing else`)
      }
      if (!added.retainerPath?.startsWith('leakList')) throw new Error(`the added DataHolders' retainer path is ${JSON.stringify(added.retainerPath)}, not through leakList`)
      const [a, b] = fresh.snapshots
      observed = { nodesFrom: a.uids.length, nodesTo: b.uids.length, edgesTo: b.edges.length / 4, added: comparison.totals.added, freed: comparison.totals.freed, rows: comparison.rows.length }
      return ms
    },
    observed: () => observed,
  }
}

/** This process's JavaScript heap and array buffers (the kept snapshots' typed arrays live in the latter), after collecting all it can. */
async function settledBytes(): Promise<number> {
  await collectCompiledWasm()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1)

function memoryCase(): Case {
  const source = keptSource(SEED_COUNT, PER_STEP_100K)
  let observed: Record<string, number> = {}
  let table: CaseTable | null = null
  return {
    id: KEPT_MEMORY_CASE,
    label: 'run with 5 kept 100k walks, and their memory',
    includes: `runProgram(the seed whose step(i) replaces ${PER_STEP_100K} holders, { inspect: true }) end to end with the default options (100 steps, snapshots 5: walks at steps 0, 25, 50, 75 and 100, each kept packed, and the final HeapSnapshot of objects the result carries), timed as engine-seed is. The memory figures are measured around the run, outside its clock (no goal: they are not times): this process's heapUsed + arrayBuffers after full collections (gc, a turn of the event loop, gc: see gc.ts) before the run, while holding its RunResult, and again with the RunResult's final HeapSnapshot (heap.snapshot) dropped, which leaves about what the worker holds for comparisons; then the last kept walk unpacked to a HeapSnapshot of objects (unpackKept), measured the same way: the same heap as a plain object graph. store.bytes is the kept snapshots' own count (their typed arrays, not the shared texts and sites). The figures are in observed and in the table.${WARM}`,
    async run() {
      const before = await settledBytes()
      const { ms, result } = await timedRun(source, { inspect: true })
      const store = keptOf(result)
      if (store.snapshots.length !== 5 || store.dropped.length > 0) throw new Error(`the run kept ${store.snapshots.length} snapshots and dropped ${store.dropped.length}, expected 5 and none`)
      const holding = await settledBytes()
      // No local may hold the final snapshot, or dropping it from the result would free nothing.
      const heap = result.heap as { snapshot: unknown }
      if (!heap.snapshot) throw new Error('the run has no final HeapSnapshot')
      heap.snapshot = null
      const withoutFinal = await settledBytes()
      const unpacked = unpackKept(store, store.snapshots[store.snapshots.length - 1])
      const withUnpacked = await settledBytes()
      const last = store.snapshots[store.snapshots.length - 1]
      observed = {
        kept: store.snapshots.length,
        nodesPerSnapshot: last.uids.length,
        edgesPerSnapshot: last.edges.length / 4,
        storeBytes: store.bytes,
        storeBytesPerSnapshot: Math.round(store.bytes / store.snapshots.length),
        heapGrowthHoldingResult: holding - before,
        heapGrowthWithoutFinalSnapshot: withoutFinal - before,
        finalHeapSnapshotBytes: holding - withoutFinal,
        unpackedHeapSnapshotBytes: withUnpacked - withoutFinal,
        unpackedNodes: unpacked.nodes.length,
      }
      const o = observed
      table = {
        title: `${KEPT_MEMORY_CASE}: memory of 5 kept walks of a ${last.uids.length.toLocaleString('en-US')}-object heap (last sample; this process's heapUsed + arrayBuffers after gc)`,
        columns: ['what', 'MB', 'per snapshot MB'],
        rightAligned: [1, 2],
        rows: [
          ['kept snapshots, store.bytes (their typed arrays)', mb(o.storeBytes), mb(o.storeBytesPerSnapshot)],
          ['process heap growth, holding the RunResult', mb(o.heapGrowthHoldingResult), ''],
          ['  of which the final HeapSnapshot of objects (result.heap.snapshot)', mb(o.finalHeapSnapshotBytes), ''],
          ['  the rest: kept snapshots, texts, sites, samples, growth…', mb(o.heapGrowthWithoutFinalSnapshot), mb(o.heapGrowthWithoutFinalSnapshot / o.kept)],
          ['the last kept walk unpacked to a HeapSnapshot of objects (unpackKept)', mb(o.unpackedHeapSnapshotBytes), mb(o.unpackedHeapSnapshotBytes)],
        ],
        notes: [`Packed vs objects, one heap: ${(o.unpackedHeapSnapshotBytes / o.storeBytesPerSnapshot).toFixed(1)}× smaller kept (store.bytes per snapshot against the unpacked HeapSnapshot's heap growth).`],
      }
      return ms
    },
    observed: () => observed,
    table: () => table,
  }
}


/**
 * The program's own time at 1,000,000 objects (making them, the 100 steps' replacements)
 * is about 2.5-3 s on the quiet dev VM, and went past the default 5 s with the 2 cores shared (load
 * about 5): this case is about the walks and what is kept, which are not charged to the budget, so it
 * gives the program 30 s rather than fail on a busy machine.
 */
const LARGE_TIMEOUT_MS = 30_000

function largeCase(): Case {
  const source = keptSource(LARGE_COUNT, PER_STEP_1M)
  let observed: Record<string, number> = {}
  return {
    id: KEPT_LARGE_CASE,
    label: '1M holders, 5 walks kept within the budget',
    includes: `runProgram(the seed with 1,000,000 holders whose step(i) replaces ${PER_STEP_1M.toLocaleString('en-US')} of them, { inspect: true, memoryBytes: ${LARGE_MEMORY_BYTES / MIB} MiB, timeoutMs: ${LARGE_TIMEOUT_MS / 1000} s }) end to end, timed as engine-seed is: the default 100 steps and snapshots 5, so five walks of about 1,000,000 objects (steps 0, 25, 50, 75, 100), each packed and kept while the kept snapshots fit in their budget (KEPT_BUDGET_BYTES; the middle walks are dropped first), and the final HeapSnapshot. The memory budget is inspector-full-1m's (the program's own growth is about 84 MiB; walks are not charged to it); timeoutMs is ${LARGE_TIMEOUT_MS / 1000} s, not the default 5 s: the program's own 2.5-3 s (walks are not charged) went past 5 s with the machine's cores shared. Samples are the default, one after every step: at 1,000,000 objects each costs about 175 ms (the collector's garbage count over every object, and JS_ComputeMemoryUsage), which the engine gives back to the budget as it does a walk's time. The run must finish with a final snapshot, and kept + dropped must be 5 with at least the first and the last kept. observed: kept, dropped, their steps, store.bytes, the engine walks' and the packing's total time (EngineNative.walk and KeptSnapshotsBuilder.add clocked for this run), the wasm memory's peak. Slow: leave it out with --skip '*-1m'.${WARM}`,
    async run() {
      const walks: number[] = []
      const adds: number[] = []
      const finishes: number[] = []
      const restore = [
        clockMethod(EngineNative.prototype, 'EngineNative', 'walk', (ms) => walks.push(ms)),
        clockMethod(KeptSnapshotsBuilder.prototype, 'KeptSnapshotsBuilder', 'add', (ms) => adds.push(ms)),
        clockMethod(HeapInspector.prototype, 'HeapInspector', 'finish', (ms) => finishes.push(ms)),
      ]
      let run
      try {
        run = await timedRun(source, { inspect: true, memoryBytes: LARGE_MEMORY_BYTES, timeoutMs: LARGE_TIMEOUT_MS })
      } finally {
        for (const put of restore) put()
      }
      const { ms, result } = run
      const snapshot = finalSnapshot(result, ms)
      const store = keptOf(result)
      const kept = store.snapshots.length
      const dropped = store.dropped.length
      const steps = store.snapshots.map((k) => k.step)
      if (kept + dropped !== 5 || steps[0] !== 0 || steps[kept - 1] !== STEPS) {
        throw new Error(`kept walks at steps ${JSON.stringify(steps)} and dropped ${JSON.stringify(store.dropped)}: expected 5 in all, the first (step 0) and the last (step ${STEPS}) kept`)
      }
      if (store.bytes > store.budgetBytes) throw new Error(`the kept snapshots take ${store.bytes} B, over their budget of ${store.budgetBytes} B`)
      observed = {
        objectGrowth: checkGrowth(result, LARGE_COUNT),
        nodes: snapshot.nodes.length,
        edges: snapshot.edges.length,
        kept,
        dropped,
        storeBytes: store.bytes,
        budgetBytes: store.budgetBytes,
        engineWalks: walks.length,
        engineWalksMs: round1(walks.reduce((x, y) => x + y, 0)),
        packingMs: round1(adds.reduce((x, y) => x + y, 0)),
        finishMs: round1(finishes.reduce((x, y) => x + y, 0)),
        wasmPeakBytes: result.wasmMemory.peakBytes,
      }
      for (const [i, step] of steps.entries()) observed[`keptStep${i}`] = step
      return ms
    },
    observed: () => observed,
  }
}

export function keptSuite(): SeedSuite {
  const ratios: RatioSpec[] = [
    { numerator: COMPARE_CASE, denominator: 'inspector-walk-100k', meaning: 'one cold compare of two kept 100k walks vs the walk + snapshot of one such heap (goal ≤ 0.5×, issue 18 item 8)', goal: { atMost: 0.5 } },
  ]
  return { cases: [compareCase(), memoryCase(), largeCase()], skipped: [], derived: [], ratios }
}
