import { DEFAULT_OPTIONS } from '../engine/defaults'
import type { HeapReport } from '../engine/types'
import { coverageShortfall } from './coverage'
import type { AllocationSite } from '../heap/snapshot'
import { groupPath, type HeapAnalysis } from './analyze'
import { siteText } from './graph-labels'
import type { HeapGroup } from './groups'
import { renderPath } from './notation'
import { findLeakSuspects } from './suspects'
import type { GroupRow, GrowthPoint, HeapView, LineCount, SnapshotMark, SuspectRow } from './view-types'
import { KEPT_NODE_STRIDE, snapshotName } from '../heap/kept-snapshots'
import { NODE_KINDS } from '../heap/snapshot'

/** The view of a heap report without an analysed snapshot: the growth walks and why, if known. */
export function emptyHeapView(heap: HeapReport, error: string | null = heap.error): HeapView {
  return {
    byConstructor: [],
    byLine: [],
    suspects: [],
    clusters: [],
    growth: growthPoints(heap),
    lines: [],
    nodeCount: 0,
    edgeCount: 0,
    error,
    coverage: heap.coverage,
    unsure: coverageShortfall(heap.coverage),
    notation: heap.snapshot?.notation ?? 'javascript',
    ...keptMarks(heap),
  }
}

/** The run's kept heaps as the chart marks them, and which one the end of the run is (the last, when the end was walked). */
export function keptMarks(heap: HeapReport): Pick<HeapView, 'snapshots' | 'dropped' | 'shown'> {
  const kept = heap.kept
  if (!kept) return { snapshots: [], dropped: [], shown: null }
  const root = NODE_KINDS.indexOf('root')
  const snapshots = kept.snapshots.map((k, index): SnapshotMark => {
    let objects = 0
    for (let i = 0; i < k.uids.length; i++) if (k.nodes[i * KEPT_NODE_STRIDE] !== root) objects++
    return { index, step: k.step, time: k.time, label: k.label, taken: k.taken, name: snapshotName(k), objects }
  })
  return { snapshots, dropped: kept.dropped, shown: heap.snapshot && snapshots.length > 0 ? snapshots.length - 1 : null }
}

/**
 * What the page shows about a run's heap, from the analysis of its final snapshot: the groups both
 * ways, the leak suspects (by line, as the growth walks count them) and their clusters, the growth
 * walks, and the live objects per line of `filename`, the learner's file.
 */
export function heapView(heap: HeapReport, analysis: HeapAnalysis, filename = DEFAULT_OPTIONS.filename): HeapView {
  const row = (group: HeapGroup): GroupRow => groupRow(analysis, group, filename)
  const byLine = analysis.byLine.map(row)
  const rowByKey = new Map(byLine.map((r) => [r.key, r]))
  const report = findLeakSuspects(heap.growth, analysis, { by: 'line' })
  const clusterOf = new Map<string, number>()
  report.clusters.forEach((c, i) => c.suspects.forEach((s) => clusterOf.set(s.key, i)))
  const suspects = report.suspects.map(
    (s): SuspectRow => ({ ...rowByKey.get(s.key)!, growthPerStep: s.growthPerStep, cluster: clusterOf.get(s.key) ?? null }),
  )
  return {
    byConstructor: analysis.byConstructor.map(row),
    byLine,
    suspects,
    clusters: report.clusters.map((c) => ({ pattern: c.pattern, keys: c.suspects.map((s) => s.key) })),
    growth: growthPoints(heap),
    lines: lineCounts(analysis, filename),
    nodeCount: analysis.snapshot.nodes.length,
    edgeCount: analysis.snapshot.edges.length,
    error: heap.error,
    coverage: heap.coverage,
    unsure: coverageShortfall(heap.coverage),
    notation: analysis.snapshot.notation ?? 'javascript',
    ...keptMarks(heap),
  }
}

function groupRow(analysis: HeapAnalysis, group: HeapGroup, filename: string): GroupRow {
  // Every member of a group by line shares its file and line; by constructor, the representative
  // stands for the group, as it does for the path.
  const nodes = analysis.snapshot.nodes
  const site = nodes[group.representative].site
  // Other lines the members were made at, so one site never stands for several unsaid.
  const lines = new Set<string>()
  for (const member of group.members) {
    const s = nodes[member].site
    if (s) lines.add(`${s.file}:${s.line}`)
  }
  if (site) lines.delete(`${site.file}:${site.line}`)
  return {
    key: group.key,
    name: group.name,
    kind: group.kind,
    site: siteText(site),
    line: site && site.file === filename ? site.line : null,
    otherLines: lines.size,
    count: group.count,
    shallowBytes: group.shallowBytes,
    retainedBytes: group.retainedBytes,
    path: renderPath(analysis.snapshot, groupPath(analysis, group)),
  }
}

function growthPoints(heap: HeapReport): GrowthPoint[] {
  return heap.growth.map((sample) => {
    const counts: Record<string, number> = {}
    for (const g of sample.groups) counts[g.key] = (counts[g.key] ?? 0) + g.count
    return { step: sample.step, time: sample.time, counts }
  })
}

/** Live objects per allocation line of the learner's file, in line order. */
function lineCounts(analysis: HeapAnalysis, filename: string): LineCount[] {
  const byLine = new Map<number, LineCount>()
  const nodes = analysis.snapshot.nodes
  for (const group of analysis.byLine) {
    const site: AllocationSite | null = nodes[group.representative].site
    if (!site || site.file !== filename) continue
    // A function or class declared once is the program's shape, not what it left alive: no hint.
    if ((group.kind === 'function' || group.kind === 'class') && group.count === 1) continue
    const entry = byLine.get(site.line)
    if (entry) {
      entry.count += group.count
      entry.shallowBytes += group.shallowBytes
    } else byLine.set(site.line, { line: site.line, count: group.count, shallowBytes: group.shallowBytes })
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line)
}
