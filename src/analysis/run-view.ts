import type { RunResult } from '../engine/types'
import { analyzeSnapshot, type HeapAnalysis } from './analyze'
import { emptyHeapView, heapView } from './heap-view'
import type { HeapView, RunView } from './view-types'

export interface RunViewContext {
  /** The id the page names the run by in graph queries. */
  runId: number
  /** The learner's file as the run named it (RunOptions.filename); default `main.js`. */
  filename?: string
}

/**
 * A run as the page receives it: the snapshot, which can hold a million nodes, replaced by its analysis
 * (returned too, for the graph queries that follow). A snapshot that cannot be analysed leaves the rest
 * of the run intact and says why in `heap.error`.
 */
export function toRunView(result: RunResult, context: RunViewContext): { view: RunView; analysis: HeapAnalysis | null } {
  const { heap: report, ...rest } = result
  let heap: HeapView | null = null
  let analysis: HeapAnalysis | null = null
  if (report?.snapshot) {
    try {
      analysis = analyzeSnapshot(report.snapshot)
      heap = heapView(report, analysis, context.filename)
    } catch (error) {
      analysis = null
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      heap = emptyHeapView(report, `LeakLab could not analyse the heap (${reason}).`)
    }
  } else if (report) {
    heap = emptyHeapView(report)
  }
  return { view: { ...rest, heap, runId: context.runId }, analysis }
}
