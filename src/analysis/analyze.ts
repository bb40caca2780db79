import type { HeapSnapshot } from '../heap/snapshot'
import { dominators, type Dominators } from './dominators'
import { buildGraph, type HeapGraph } from './graph'
import { groupObjects, type GroupBy, type HeapGroup } from './groups'
import { retainerPath, shortestPaths, type RetainerPath, type ShortestPaths } from './paths'

/** Everything the inspector shows about one snapshot, computed once. */
export interface HeapAnalysis {
  snapshot: HeapSnapshot
  graph: HeapGraph
  paths: ShortestPaths
  dominators: Dominators
  /** Live objects by kind and name, by retained bytes. */
  byConstructor: HeapGroup[]
  /** Live objects by allocation line, kind and name, by retained bytes. */
  byLine: HeapGroup[]
}

/** Builds the graph, shortest paths, dominators and both groupings: O(E log N), in practice near O(N + E). */
export function analyzeSnapshot(snapshot: HeapSnapshot): HeapAnalysis {
  const graph = buildGraph(snapshot)
  const paths = shortestPaths(graph)
  const dom = dominators(graph)
  return {
    snapshot,
    graph,
    paths,
    dominators: dom,
    byConstructor: groupObjects(graph, paths, dom, 'constructor'),
    byLine: groupObjects(graph, paths, dom, 'line'),
  }
}

/** The groups of an analysis for one way of grouping. */
export function groupsBy(analysis: HeapAnalysis, by: GroupBy): HeapGroup[] {
  return by === 'constructor' ? analysis.byConstructor : analysis.byLine
}

/** The shortest retainer path to node `id` (see {@link ShortestPaths} for which one), null if unreachable. */
export function pathTo(analysis: Pick<HeapAnalysis, 'graph' | 'paths'>, id: number): RetainerPath | null {
  return retainerPath(analysis.graph, analysis.paths, id)
}

/** The path to a group's representative, the member closest to the root. */
export function groupPath(analysis: Pick<HeapAnalysis, 'graph' | 'paths'>, group: HeapGroup): RetainerPath {
  const path = retainerPath(analysis.graph, analysis.paths, group.representative)
  if (!path) throw new RangeError(`group ${group.key} has no reachable representative`)
  return path
}
