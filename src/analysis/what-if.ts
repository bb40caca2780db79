/**
 * "What if this reference were gone?" (issue 18): the heap analysed again without some references, to
 * see what would be freed and, for what is not, the route that still holds it. A what-if only: the
 * program and its heap are as they were; the edges are left out of a copy of the snapshot's edge list.
 */
import type { HeapSnapshot } from '../heap/snapshot'
import { groupsBy, pathTo, type HeapAnalysis } from './analyze'
import { dominators } from './dominators'
import { buildGraph } from './graph'
import { groupKeyId, groupKeyOf, groupObjects, isGroupable, type GroupBy, type HeapGroup } from './groups'
import { shortestPaths } from './paths'
import type { RetainerPath } from './paths'

/** What would be freed, for one group of objects. */
export interface FreedGroup {
  /** The group's key under the grouping asked for (groupKeyId). */
  key: string
  name: string
  kind: string
  /** `file:line` by line, null by constructor. */
  site: string | null
  /** Objects of the group alive now that nothing would reach without the ignored references. */
  freed: number
  freedBytes: number
}

export interface WhatIf {
  /** The references left out: indexes into the original snapshot's `edges`. */
  ignored: number[]
  /** Objects alive now and reached by nothing without the ignored references (the root not counted). */
  freedObjects: number
  /** Their shallow bytes, summed. */
  freedBytes: number
  /** The same by group, most objects first. */
  groups: FreedGroup[]
  /** The analysis of the heap without those references: its paths, dominators and groups. */
  analysis: HeapAnalysis
  /** Maps an edge of `analysis.snapshot` back to its index in the original snapshot. */
  originalEdge: Int32Array
}

/**
 * The heap of `analysis` without the references `ignored` (indexes into its snapshot's edges; repeats
 * and out-of-range indexes are refused). O(N + E): the analysis is done again on a copy of the edge list.
 */
export function whatIf(analysis: HeapAnalysis, ignored: readonly number[], by: GroupBy = 'line'): WhatIf {
  const { snapshot } = analysis
  const left = new Set<number>()
  for (const e of ignored) {
    if (!Number.isInteger(e) || e < 0 || e >= snapshot.edges.length) throw new RangeError(`there is no reference ${e} in this heap (it has ${snapshot.edges.length})`)
    left.add(e)
  }
  const originalEdge = new Int32Array(snapshot.edges.length - left.size)
  const edges: HeapSnapshot['edges'] = []
  snapshot.edges.forEach((edge, i) => {
    if (left.has(i)) return
    originalEdge[edges.length] = i
    edges.push(edge)
  })
  const after = analyzeLazily({ ...snapshot, edges })

  const before = analysis.paths.distance
  const now = after.paths.distance
  const byKey = new Map<string, FreedGroup>()
  let freedObjects = 0
  let freedBytes = 0
  for (const node of snapshot.nodes) {
    if (before[node.id] < 0 || now[node.id] >= 0 || !isGroupable(node)) continue
    freedObjects++
    freedBytes += node.size
    const key = groupKeyOf(node, by)
    const id = groupKeyId(key)
    let group = byKey.get(id)
    if (!group) byKey.set(id, (group = { key: id, name: key.name, kind: key.kind, site: key.site, freed: 0, freedBytes: 0 }))
    group.freed++
    group.freedBytes += node.size
  }
  const groups = [...byKey.values()].sort((a, b) => b.freed - a.freed || b.freedBytes - a.freedBytes || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return { ignored: [...left].sort((a, b) => a - b), freedObjects, freedBytes, groups, analysis: after, originalEdge }
}

/**
 * analyzeSnapshot, with each grouping made when first read: a what-if needs the paths and retained
 * sizes at once, and one grouping only when its graph is drawn (the other perhaps never).
 */
function analyzeLazily(snapshot: HeapSnapshot): HeapAnalysis {
  const graph = buildGraph(snapshot)
  const paths = shortestPaths(graph)
  const dom = dominators(graph)
  const made: Partial<Record<GroupBy, HeapGroup[]>> = {}
  const grouped = (by: GroupBy) => (made[by] ??= groupObjects(graph, paths, dom, by))
  return {
    snapshot,
    graph,
    paths,
    dominators: dom,
    get byConstructor() {
      return grouped('constructor')
    },
    get byLine() {
      return grouped('line')
    },
  }
}

/**
 * The route that still holds node `id` without the ignored references, as a path over the original
 * snapshot's edges; null when nothing would hold it (it would be freed).
 */
export function stillHeldBy(result: Pick<WhatIf, 'analysis'>, id: number): RetainerPath | null {
  return pathTo(result.analysis, id)
}

/** The members of group `key` (under `by`) that would still be alive: a group freed in full has none. */
export function survivors(result: WhatIf, key: string, by: GroupBy = 'line'): number {
  return groupsBy(result.analysis, by).find((g) => g.key === key)?.count ?? 0
}
