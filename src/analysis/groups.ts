import type { GroupKey, HeapNode, HeapSnapshot, NodeKind } from '../heap/snapshot'
import { groupKeyId, groupKeyOf, isGroupable, NO_SITE, parseGroupKeyId, siteOrNull, type GroupBy, type GroupCount, type GroupSample } from '../heap/group-key'

export { groupKeyId, groupKeyOf, isGroupable, NO_SITE, parseGroupKeyId, siteOrNull, type GroupBy, type GroupCount, type GroupSample }
import type { Dominators } from './dominators'
import { buildGraph, ROOT, type HeapGraph } from './graph'
import { breadthFirst, type ShortestPaths } from './paths'

/** A group of live objects in one snapshot. */
export interface HeapGroup extends GroupKey, GroupCount {
  /**
   * Bytes freed if every member became unreachable: the retained sizes of the members that no other
   * member dominates, summed (a member inside another member's retained set is already counted there).
   * Equivalently, the shallow bytes of every node dominated by at least one member.
   */
  retainedBytes: number
  /** The member closest to the root (fewest edges, then fewest detour edges, then lowest id). */
  representative: number
  /** Member ids, ascending. */
  members: number[]
}


/** Each live node's group index (-1 for the rest), and each group's key, in order of first appearance. */
interface Assignment {
  groupOf: Int32Array
  keys: GroupKey[]
}

function assignGroups(snapshot: HeapSnapshot, live: Int32Array, by: GroupBy): Assignment {
  const nodes = snapshot.nodes
  const groupOf = new Int32Array(nodes.length).fill(-1)
  const keys: GroupKey[] = []
  // Nested maps keyed by name, kind (and line, file) rather than one composite string: building and
  // hashing a string per node was the slowest part of grouping 100,000 nodes.
  const byName = new Map<string, Map<NodeKind, number>>()
  const byNameLine = new Map<string, Map<NodeKind, Map<number, Map<string | null, number>>>>()
  const add = (node: HeapNode): number => keys.push(groupKeyOf(node, by)) - 1
  for (let i = 0; i < live.length; i++) {
    const v = live[i]
    const node = nodes[v]
    if (v === ROOT || !isGroupable(node)) continue
    let g: number
    if (by === 'constructor') {
      const kinds = inner(byName, node.name)
      g = kinds.get(node.kind) ?? -1
      if (g < 0) kinds.set(node.kind, (g = add(node)))
    } else {
      // A node without a site goes under line -1, file null: no real site has either.
      const files = inner(inner(inner(byNameLine, node.name), node.kind), node.site ? node.site.line : -1)
      const file = node.site ? node.site.file : null
      g = files.get(file) ?? -1
      if (g < 0) files.set(file, (g = add(node)))
    }
    groupOf[v] = g
  }
  return { groupOf, keys }
}

function inner<K, K2, V>(map: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let m = map.get(key)
  if (!m) map.set(key, (m = new Map()))
  return m
}

/**
 * Counts and shallow bytes of the live objects of `snapshot` by group: only a BFS, no dominators, so it is
 * cheap enough to run at every sample of a stepped run. Ordered by key.
 */
export function countGroups(snapshot: HeapSnapshot, by: GroupBy = 'constructor'): GroupCount[] {
  const graph = buildGraph(snapshot)
  const { groupOf, keys } = assignGroups(snapshot, breadthFirst(graph), by)
  const counts = keys.map((key) => ({ key: groupKeyId(key), count: 0, shallowBytes: 0 }))
  const nodes = snapshot.nodes
  for (let v = 0; v < nodes.length; v++) {
    const g = groupOf[v]
    if (g < 0) continue
    counts[g].count++
    counts[g].shallowBytes += nodes[v].size
  }
  return counts.sort((a, b) => compareStrings(a.key, b.key))
}

/** {@link countGroups} as a sample of a stepped run, at `snapshot.step`. */
export function sampleGroups(snapshot: HeapSnapshot, by: GroupBy = 'constructor'): GroupSample {
  return { step: snapshot.step, groups: countGroups(snapshot, by) }
}

/**
 * The groups of live objects, with retained bytes and a representative, sorted by retained bytes
 * (descending), then count (descending), then key. O(N + E) given the graph, paths and dominators.
 */
export function groupObjects(
  graph: HeapGraph,
  paths: ShortestPaths,
  dom: Dominators,
  by: GroupBy = 'constructor',
): HeapGroup[] {
  const nodes = graph.snapshot.nodes
  const { groupOf, keys } = assignGroups(graph.snapshot, paths.order, by)
  const k = keys.length
  const counts = new Int32Array(k)
  const shallow = new Float64Array(k)
  const retained = new Float64Array(k)
  const representative = new Int32Array(k).fill(-1)
  const { distance, detours } = paths
  for (let v = 0; v < nodes.length; v++) {
    const g = groupOf[v]
    if (g < 0) continue
    counts[g]++
    shallow[g] += nodes[v].size
    const r = representative[g]
    if (r < 0 || distance[v] < distance[r] || (distance[v] === distance[r] && detours[v] < detours[r])) {
      representative[g] = v
    }
  }

  // Members by a counting sort on the group: ascending ids within each group, no per-group array growth.
  const start = new Int32Array(k + 1)
  for (let g = 0; g < k; g++) start[g + 1] = start[g] + counts[g]
  const fill = start.slice(0, k)
  const members = new Int32Array(start[k])
  for (let v = 0; v < nodes.length; v++) {
    const g = groupOf[v]
    if (g >= 0) members[fill[g]++] = v
  }

  // Walk the dominator tree in preorder: a member is counted unless it lies inside the interval of the
  // last counted member of its group (the counted members of a group have disjoint intervals).
  const byEnter = new Int32Array(dom.order.length)
  for (const v of dom.order) byEnter[dom.enter[v]] = v
  const countedUntil = new Int32Array(k)
  for (let t = 0; t < byEnter.length; t++) {
    const v = byEnter[t]
    const g = groupOf[v]
    if (g < 0 || t < countedUntil[g]) continue
    retained[g] += dom.retained[v]
    countedUntil[g] = dom.exit[v]
  }

  const groups: HeapGroup[] = keys.map((key, g) => ({
    name: key.name,
    kind: key.kind,
    site: key.site,
    key: groupKeyId(key),
    count: counts[g],
    shallowBytes: shallow[g],
    retainedBytes: retained[g],
    representative: representative[g],
    members: Array.from(members.subarray(start[g], start[g + 1])),
  }))
  return groups.sort(
    (a, b) => b.retainedBytes - a.retainedBytes || b.count - a.count || compareStrings(a.key, b.key),
  )
}

/** Code-unit order, the same in every locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
