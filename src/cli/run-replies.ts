/**
 * What `run`, `snapshot` and `compare` need of a finished run, made where the run happened: the
 * heap's summary, its .heapsnapshot text or the comparison of two kept heaps, and the result without
 * the raw snapshots (which can hold a million nodes). One place for the guest worker (JavaScript) and
 * the CLI's Python path.
 */
import { summarizeHeap, type HeapSummary } from '../analysis/heap-summary'
import { ReferenceNotFoundError } from '../analysis/reference-path'
import { compareKept, findKept, type CompareRow, type SnapshotComparison, type SnapshotRef } from '../analysis/snapshot-compare'
import type { RunResult } from '../engine/types'
import { buildChromeHeapSnapshot, chromeHeapSnapshotChunks } from '../heap/heapsnapshot-format'
import { snapshotName, unpackKept, type DroppedSnapshot, type KeptSnapshots } from '../heap/kept-snapshots'
import type { HeapSnapshot } from '../heap/snapshot'

/** The final heap of a `snapshot` job, ready to write. */
export interface SnapshotFile {
  /** The .heapsnapshot text in pieces (chromeHeapSnapshotChunks), written one after another. */
  chunks: string[]
  objects: number
  references: number
  /** Steps completed when it was taken. */
  step: number
  /** With `snapshot --at`: the kept heap's label (`leaklab.snapshot('after open')`), else null. */
  label?: string | null
}

/**
 * Why a reply could not give what was asked. `usage` (the CLI exits 2): a name that matches no heap
 * the run kept, the message listing those it kept. Else (exit 1): the run kept too few heaps.
 */
export interface Refusal {
  usage: boolean
  message: string
}

/** The result without its heaps (the final snapshot, the kept walks): megabytes the CLI never prints. */
function withoutSnapshot(result: RunResult): RunResult {
  if (!result.heap) return result
  const { kept: _kept, ...heap } = result.heap
  return { ...result, heap: { ...heap, snapshot: null } }
}

/**
 * `run`: the result, and the summary of its final heap (null when there is none), with what the
 * `--ignore` paths would free. `ignoreError` says which path names no reference of the heap.
 */
export function runReply(result: RunResult, ignore: readonly string[] = []): { result: RunResult; heap: HeapSummary | null; ignoreError?: string } {
  if (!result.heap?.snapshot) return { result: withoutSnapshot(result), heap: null }
  try {
    return { result: withoutSnapshot(result), heap: summarizeHeap(result.heap, ignore) }
  } catch (error) {
    if (!(error instanceof ReferenceNotFoundError)) throw error
    // A usage error: the CLI reports it and nothing of the heap.
    return { result: withoutSnapshot(result), heap: null, ignoreError: error.message }
  }
}

/**
 * `snapshot`: the result, and its final heap as .heapsnapshot text (null when it could not be walked);
 * with `at`, the heap the run kept under that name instead (refused when there is none of that name).
 */
export function snapshotReply(result: RunResult, at: string | null = null): { result: RunResult; file: SnapshotFile | null; refusal?: Refusal } {
  if (at === null) {
    const snapshot = result.heap?.snapshot
    return { result: withoutSnapshot(result), file: snapshot ? snapshotFile(snapshot, null) : null }
  }
  const store = keptOf(result)
  if ('usage' in store) return { result: withoutSnapshot(result), file: null, refusal: store }
  const index = resolveKept(store, 'at', at)
  if (typeof index !== 'number') return { result: withoutSnapshot(result), file: null, refusal: index }
  const kept = store.snapshots[index]
  return { result: withoutSnapshot(result), file: snapshotFile(unpackKept(store, kept), kept.label) }
}

function snapshotFile(snapshot: HeapSnapshot, label: string | null): SnapshotFile {
  const chunks = [...chromeHeapSnapshotChunks(buildChromeHeapSnapshot(snapshot))]
  const objects = snapshot.nodes.filter((n) => n.kind !== 'root').length
  return { chunks, objects, references: snapshot.edges.length, step: snapshot.step, label }
}

/** A kept heap as `compare --json` names it: `{ step, label, name }`. */
export type CompareRefJson = Omit<SnapshotRef, 'index'>

/** One group of `compare --json`: a CompareRow without its key and counts. */
export type CompareGroupJson = Omit<CompareRow, 'key' | 'countFrom' | 'countTo'>

/** What `compare --json` prints, exactly. */
export interface CompareJson {
  from: CompareRefJson
  to: CompareRefJson
  then: CompareRefJson | null
  groups: CompareGroupJson[]
}

/** The kept heaps `compare` compares, by name (null: the default, see compareReply). */
export interface CompareNames {
  from: string | null
  to: string | null
  then: string | null
}

export interface CompareReply {
  result: RunResult
  /** Null when refused. */
  comparison: CompareJson | null
  /** The sums over every group. */
  totals: SnapshotComparison['totals'] | null
  /** The heaps the run did not keep, and why (the memory budget, or more than a program may take). */
  dropped: DroppedSnapshot[]
  refusal: Refusal | null
}

/**
 * `compare`: two heaps the run kept compared object by object, by line (compareKept), `from` the first
 * kept and `to` the last unless named, with `then` for the three-snapshot method. A failed run is
 * compared too when it kept its heaps.
 */
export function compareReply(result: RunResult, names: CompareNames): CompareReply {
  const stripped = withoutSnapshot(result)
  const store = keptOf(result)
  const refuse = (refusal: Refusal): CompareReply => ({ result: stripped, comparison: null, totals: null, dropped: 'usage' in store ? [] : store.dropped, refusal })
  if ('usage' in store) return refuse(store)
  const count = store.snapshots.length
  if (count < 2) return refuse({ usage: false, message: `the run kept only one snapshot (${snapshotName(store.snapshots[0])}), and a comparison needs two${droppedNote(store)}` })
  const pick = (option: keyof CompareNames, fallback: number | null): number | null | Refusal => (names[option] === null ? fallback : resolveKept(store, option, names[option]))
  const from = pick('from', 0)
  const to = pick('to', count - 1)
  const then = pick('then', null)
  for (const picked of [from, to, then]) if (picked !== null && typeof picked !== 'number') return refuse(picked)
  const comparison = compareKept(store, from as number, to as number, then as number | null, 'line')
  const ref = ({ step, label, name }: SnapshotRef): CompareRefJson => ({ step, label, name })
  return {
    result: stripped,
    comparison: {
      from: ref(comparison.from),
      to: ref(comparison.to),
      then: comparison.then ? ref(comparison.then) : null,
      groups: comparison.rows.map(({ name, kind, site, added, freed, addedBytes, freedBytes, retainerPath }) => ({ name, kind, site, added, freed, addedBytes, freedBytes, retainerPath })),
    },
    totals: comparison.totals,
    dropped: store.dropped,
    refusal: null,
  }
}

/** The run's kept heaps, or why there are none. */
function keptOf(result: RunResult): KeptSnapshots | Refusal {
  const store = result.heap?.kept
  if (store && store.snapshots.length > 0) return store
  const why = result.heap?.error
  return { usage: false, message: `this run kept no snapshots${why ? ` (${why})` : ''}` }
}

/** Which kept heap `name` names: findKept's label, `end` or step number, and the names the CLI prints (`step 25`, `the end of the run`). */
function resolveKept(store: KeptSnapshots, option: string, name: string): number | Refusal {
  let index = findKept(store, name)
  const step = /^step (\d+)$/.exec(name)
  if (index === null && step) index = findKept(store, step[1])
  if (index === null && name === 'the end of the run') index = findKept(store, 'end')
  if (index !== null) return index
  const names = [...new Set(store.snapshots.map(snapshotName))].join(', ')
  return { usage: true, message: `--${option} "${name}": the run kept no snapshot of that name; it kept: ${names}` }
}

function droppedNote(store: KeptSnapshots): string {
  return store.dropped.length > 0 ? `; it dropped ${store.dropped.length} to stay within its memory budget or the snapshots a program may take` : ''
}
