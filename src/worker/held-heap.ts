/**
 * What both engine workers (JavaScript's and Python's) keep of their last run, and how they answer a
 * graph query or a `.heapsnapshot` request from it: one answer for either language, as no panel knows
 * which ran.
 */
import type { HeapAnalysis } from '../analysis/analyze'
import { graphView } from '../analysis/graph-view'
import type { GraphQuery, GraphView, WhatIfView } from '../analysis/view-types'
import { groupsBy } from '../analysis/analyze'
import { NO_SITE } from '../analysis/groups'
import { whatIf, type WhatIf } from '../analysis/what-if'
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

/** The reply to graph request `id` about run `runId`; with `query.ignore`, the graph of the heap without those references. */
export function graphAnswer(held: HeldHeap | null, id: number, runId: RunId, query: GraphQuery): WorkerToPage {
  return answer(held, id, runId, (analysis, kept) => ({ type: 'graph', id, graph: query.ignore?.length ? whatIfGraph(kept, analysis, query) : graphView(analysis, query) }))
}

/** The last what-if asked of a held heap: the page redraws the same one as the learner expands or focuses. */
const lastWhatIf = new WeakMap<HeldHeap, { key: string; result: WhatIf }>()

function whatIfGraph(held: HeldHeap, analysis: HeapAnalysis, query: GraphQuery): GraphView {
  const ignore = [...new Set(query.ignore)].sort((a, b) => a - b)
  const key = ignore.join(',')
  let cached = lastWhatIf.get(held)
  if (cached?.key !== key) lastWhatIf.set(held, (cached = { key, result: whatIf(analysis, ignore) }))
  const result = cached.result
  const freedTarget = targetFreed(analysis, result, query)
  const summary: WhatIfView = {
    ignored: ignore.length,
    freedObjects: result.freedObjects,
    freedBytes: result.freedBytes,
    groups: result.groups.slice(0, 5).map((g) => ({ name: g.name, site: g.site === NO_SITE ? null : g.site, freed: g.freed })),
    targetFreed: freedTarget,
  }
  if (freedTarget) return { nodes: [], edges: [], path: '', truncated: false, notation: analysis.snapshot.notation ?? 'javascript', whatIf: summary }
  const view = graphView(result.analysis, query)
  // The drawing's references are the copy's: named again by their index in the heap the page knows.
  const edges = view.edges.map((edge) => ({ ...edge, refs: edge.refs.map((e) => result.originalEdge[e]) }))
  return { ...view, edges, whatIf: summary }
}

/** Whether nothing of the query's target would be alive without the ignored references. */
function targetFreed(before: HeapAnalysis, result: WhatIf, query: GraphQuery): boolean {
  const { target } = query
  const alive = result.analysis.paths.distance
  if ('node' in target) return before.paths.distance[target.node] >= 0 && alive[target.node] < 0
  const group = groupsBy(before, target.by).find((g) => g.key === target.group)
  return !!group && group.members.every((v) => alive[v] < 0)
}

/** The reply to `.heapsnapshot` request `id` about run `runId`: the file the CLI's `snapshot` writes. */
export function heapSnapshotAnswer(held: HeldHeap | null, id: number, runId: RunId): WorkerToPage {
  return answer(held, id, runId, (analysis) => ({ type: 'heapsnapshot', id, file: new TextEncoder().encode(toChromeHeapSnapshot(analysis.snapshot)) }))
}

function answer(held: HeldHeap | null, id: number, runId: RunId, make: (analysis: HeapAnalysis, held: HeldHeap) => WorkerToPage): WorkerToPage {
  if (held?.runId !== runId || !held.analysis) {
    const why = held?.runId === runId ? 'its heap was not walked, or could not be analysed' : 'a newer run replaced it, or the engine restarted'
    return { type: 'graph-error', id, reason: 'gone', message: `The engine holds no heap for run ${runId}: ${why}.` }
  }
  try {
    return make(held.analysis, held)
  } catch (error) {
    // Not a crash: the worker and the heap it holds are fine, and later queries may well succeed.
    return { type: 'graph-error', id, reason: 'failed', ...describeError(error) }
  }
}
