/**
 * What `run` and `snapshot` need of a finished run, made where the run happened: the heap's summary
 * or its .heapsnapshot text, and the result without the raw snapshot (which can hold a million
 * nodes). One place for the guest worker (JavaScript) and the CLI's Python path.
 */
import { summarizeHeap, type HeapSummary } from '../analysis/heap-summary'
import { ReferenceNotFoundError } from '../analysis/reference-path'
import type { RunResult } from '../engine/types'
import { buildChromeHeapSnapshot, chromeHeapSnapshotChunks } from '../heap/heapsnapshot-format'

/** The final heap of a `snapshot` job, ready to write. */
export interface SnapshotFile {
  /** The .heapsnapshot text in pieces (chromeHeapSnapshotChunks), written one after another. */
  chunks: string[]
  objects: number
  references: number
  /** Steps completed when it was taken. */
  step: number
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

/** `snapshot`: the result, and its final heap as .heapsnapshot text (null when it could not be walked). */
export function snapshotReply(result: RunResult): { result: RunResult; file: SnapshotFile | null } {
  const snapshot = result.heap?.snapshot
  if (!snapshot) return { result: withoutSnapshot(result), file: null }
  const chunks = [...chromeHeapSnapshotChunks(buildChromeHeapSnapshot(snapshot))]
  const objects = snapshot.nodes.filter((n) => n.kind !== 'root').length
  return { result: withoutSnapshot(result), file: { chunks, objects, references: snapshot.edges.length, step: snapshot.step } }
}
