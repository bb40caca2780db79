/**
 * What both engine workers (JavaScript's and Python's) keep of their last run, and how they answer a
 * graph query or a `.heapsnapshot` request from it: one answer for either language, as no panel knows
 * which ran.
 */
import type { HeapAnalysis } from '../analysis/analyze'
import { graphView } from '../analysis/graph-view'
import type { GraphQuery, GraphView, WhatIfView } from '../analysis/view-types'
import { groupsBy } from '../analysis/analyze'
import { siteOrNull } from '../analysis/groups'
import { whatIf, type WhatIf } from '../analysis/what-if'
import { toChromeHeapSnapshot } from '../heap/heapsnapshot-format'
import type { QuestionRequest, RunId, WorkerToPage } from './protocol'
import { analyzeSnapshot } from '../analysis/analyze'
import { heapView } from '../analysis/heap-view'
import { compareKept } from '../analysis/snapshot-compare'
import type { HeapView } from '../analysis/view-types'
import type { HeapReport } from '../engine/types'
import { unpackKept, type KeptSnapshots } from '../heap/kept-snapshots'

/** The last run's heap, analysed; null analysis when it was not walked. */
export interface HeldHeap {
  runId: RunId
  analysis: HeapAnalysis | null
  /** The run's heap report: its growth walks and the heaps it kept (RunResult.heap), for the time travel and the compare. */
  report?: HeapReport | null
  /** The learner's file, for the views of kept snapshots. */
  filename?: string
}

/** The reply to a question about the held heap. */
export function heldAnswer(held: HeldHeap | null, message: QuestionRequest): WorkerToPage {
  switch (message.type) {
    case 'graph':
      return graphAnswer(held, message.id, message.runId, message.query)
    case 'heapsnapshot':
      return heapSnapshotAnswer(held, message.id, message.runId, message.snapshot)
    case 'snapshot-view':
      return answer(held, message.id, message.runId, (_, kept) => ({ type: 'snapshot-view', id: message.id, view: snapshotView(kept, message.snapshot) }), true)
    case 'compare':
      return answer(held, message.id, message.runId, (_, kept) => ({ type: 'compare', id: message.id, comparison: compareKept(keptOf(kept), message.from, message.to, message.then, message.by) }), true)
  }
}

function keptOf(held: HeldHeap): KeptSnapshots {
  const kept = held.report?.kept
  if (!kept || kept.snapshots.length === 0) throw new RangeError('this run kept no snapshots')
  return kept
}

/** The kept snapshot analyses a held heap has made (the two latest): the learner goes back and forth. */
const keptAnalyses = new WeakMap<HeldHeap, Map<number, HeapAnalysis>>()

/** The analysis of kept snapshot `index`, or of the end of the run (undefined, or the kept snapshot that is the end). */
function analysisAt(held: HeldHeap, index: number | undefined): HeapAnalysis {
  const report = held.report
  const endIndex = report?.snapshot && report.kept ? report.kept.snapshots.length - 1 : -1
  if (index === undefined || index === endIndex) {
    if (!held.analysis) throw new RangeError('the end of this run was not walked')
    return held.analysis
  }
  const kept = keptOf(held)
  if (!Number.isInteger(index) || index < 0 || index >= kept.snapshots.length) throw new RangeError(`the run kept ${kept.snapshots.length} snapshots: there is no snapshot ${index}`)
  let cache = keptAnalyses.get(held)
  if (!cache) keptAnalyses.set(held, (cache = new Map()))
  let analysis = cache.get(index)
  if (!analysis) {
    analysis = analyzeSnapshot(unpackKept(kept, kept.snapshots[index]))
    if (cache.size >= 2) cache.delete(cache.keys().next().value!)
    cache.set(index, analysis)
  }
  return analysis
}

/** What the page shows of kept snapshot `index`: its groups, lines and coverage, with the run's growth. */
function snapshotView(held: HeldHeap, index: number): HeapView {
  const report = held.report!
  const analysis = analysisAt(held, index)
  const kept = keptOf(held).snapshots[index]
  const view = heapView({ ...report, error: null, coverage: kept.coverage }, analysis, held.filename)
  return { ...view, shown: index }
}

/** An error as the protocol carries it, with what the worker was doing before its message. */
export function describeError(error: unknown, context = ''): { message: string; stack?: string } {
  if (!(error instanceof Error)) return { message: `${context}${String(error)}` }
  return { message: `${context}${error.name}: ${error.message}`, stack: error.stack }
}

/** The reply to graph request `id` about run `runId`; with `query.ignore`, the graph of the heap without those references. */
export function graphAnswer(held: HeldHeap | null, id: number, runId: RunId, query: GraphQuery): WorkerToPage {
  return answer(
    held,
    id,
    runId,
    (_, kept) => {
      const analysis = analysisAt(kept, query.snapshot)
      return { type: 'graph', id, graph: query.ignore?.length ? whatIfGraph(kept, analysis, query) : graphView(analysis, query) }
    },
    query.snapshot !== undefined,
  )
}

/** The last what-if asked of a held heap: the page redraws the same one as the learner expands or focuses. */
const lastWhatIf = new WeakMap<HeldHeap, { key: string; result: WhatIf }>()

function whatIfGraph(held: HeldHeap, analysis: HeapAnalysis, query: GraphQuery): GraphView {
  const ignore = [...new Set(query.ignore)].sort((a, b) => a - b)
  const key = `${query.snapshot ?? 'end'}:${ignore.join(',')}`
  let cached = lastWhatIf.get(held)
  if (cached?.key !== key) lastWhatIf.set(held, (cached = { key, result: whatIf(analysis, ignore) }))
  const result = cached.result
  const freedTarget = targetFreed(analysis, result, query)
  const summary: WhatIfView = {
    ignored: ignore.length,
    freedObjects: result.freedObjects,
    freedBytes: result.freedBytes,
    groups: result.groups.slice(0, 5).map((g) => ({ name: g.name, site: siteOrNull(g.site), freed: g.freed })),
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
export function heapSnapshotAnswer(held: HeldHeap | null, id: number, runId: RunId, snapshot?: number): WorkerToPage {
  return answer(held, id, runId, (_, kept) => ({ type: 'heapsnapshot', id, file: new TextEncoder().encode(toChromeHeapSnapshot(analysisAt(kept, snapshot).snapshot)) }), snapshot !== undefined)
}

/** `make`'s answer, or why there is none. With `keptOnly`, the run's kept snapshots are enough (the end may not have been walked). */
function answer(held: HeldHeap | null, id: number, runId: RunId, make: (analysis: HeapAnalysis, held: HeldHeap) => WorkerToPage, keptOnly = false): WorkerToPage {
  if (held?.runId !== runId || (!held.analysis && !(keptOnly && held.report?.kept))) {
    const why = held?.runId === runId ? 'its heap was not walked, or could not be analysed' : 'a newer run replaced it, or the engine restarted'
    return { type: 'graph-error', id, reason: 'gone', message: `The engine holds no heap for run ${runId}: ${why}.` }
  }
  try {
    return make(held.analysis!, held)
  } catch (error) {
    // Not a crash: the worker and the heap it holds are fine, and later queries may well succeed.
    return { type: 'graph-error', id, reason: 'failed', ...describeError(error) }
  }
}
