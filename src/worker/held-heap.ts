/**
 * What both engine workers (JavaScript's and Python's) keep of their last run, and how they answer a
 * graph query or a `.heapsnapshot` request from it: one answer for either language, as no panel knows
 * which ran.
 */
import type { HeapAnalysis } from '../analysis/analyze'
import { graphView } from '../analysis/graph-view'
import type { GraphQuery } from '../analysis/view-types'
import { toChromeHeapSnapshot } from '../heap/heapsnapshot-format'
import type { RunId, WorkerToPage } from './protocol'

/** The last run's heap, analysed; null analysis when it was not walked. */
export interface HeldHeap {
  runId: RunId
  analysis: HeapAnalysis | null
}

/** An error as the protocol carries it, with what the worker was doing before its message. */
export function describeError(error: unknown, context = ''): { message: string; stack?: string } {
  if (!(error instanceof Error)) return { message: `${context}${String(error)}` }
  return { message: `${context}${error.name}: ${error.message}`, stack: error.stack }
}

/** The reply to graph request `id` about run `runId`. */
export function graphAnswer(held: HeldHeap | null, id: number, runId: RunId, query: GraphQuery): WorkerToPage {
  return answer(held, id, runId, (analysis) => ({ type: 'graph', id, graph: graphView(analysis, query) }))
}

/** The reply to `.heapsnapshot` request `id` about run `runId`: the file the CLI's `snapshot` writes. */
export function heapSnapshotAnswer(held: HeldHeap | null, id: number, runId: RunId): WorkerToPage {
  return answer(held, id, runId, (analysis) => ({ type: 'heapsnapshot', id, file: new TextEncoder().encode(toChromeHeapSnapshot(analysis.snapshot)) }))
}

function answer(held: HeldHeap | null, id: number, runId: RunId, make: (analysis: HeapAnalysis) => WorkerToPage): WorkerToPage {
  if (held?.runId !== runId || !held.analysis) {
    const why = held?.runId === runId ? 'its heap was not walked, or could not be analysed' : 'a newer run replaced it, or the engine restarted'
    return { type: 'graph-error', id, reason: 'gone', message: `The engine holds no heap for run ${runId}: ${why}.` }
  }
  try {
    return make(held.analysis)
  } catch (error) {
    // Not a crash: the worker and the heap it holds are fine, and later queries may well succeed.
    return { type: 'graph-error', id, reason: 'failed', ...describeError(error) }
  }
}
