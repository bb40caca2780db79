import type { EdgeKind, HeapEdge } from '../heap/snapshot'
import { ROOT, type HeapGraph } from './graph'

/**
 * The shortest retainer path from the root to every reachable node, as a BFS tree over the forward graph.
 *
 * Among the shortest paths (fewest edges) to a node, the chosen one has the fewest *detour* edges
 * (`internal` and `prototype` edges, which say less about the learner's code than a property or a
 * variable); among those, the one entering the node by its earliest edge in snapshot order, and so on
 * back to the root (every prefix of a chosen path is the chosen path to that node).
 */
export interface ShortestPaths {
  /** Edges from the root to each node; -1 when the node is unreachable. */
  readonly distance: Int32Array
  /** Index in `snapshot.edges` of the edge the chosen path enters each node by; -1 at the root and unreachable. */
  readonly parentEdge: Int32Array
  /** Detour (`internal` / `prototype`) edges on the chosen path to each node. */
  readonly detours: Int32Array
  /** The reachable nodes in BFS order (non-decreasing distance), the root first. */
  readonly order: Int32Array
}

/** A retainer path as data: `nodes[0]` is the root, `edges[i]` goes from `nodes[i]` to `nodes[i + 1]`. */
export interface RetainerPath {
  nodes: number[]
  edges: HeapEdge[]
}

/** Edge kinds a path goes through only when no equally short path avoids them. */
export function isDetour(kind: EdgeKind): boolean {
  return kind === 'internal' || kind === 'prototype'
}

/** BFS from the root, then one pass over the BFS layers choosing each node's parent edge: O(N + E). */
export function shortestPaths(graph: HeapGraph): ShortestPaths {
  const n = graph.nodeCount
  const distance = new Int32Array(n).fill(-1)
  const parentEdge = new Int32Array(n).fill(-1)
  const detours = new Int32Array(n)
  if (n === 0) return { distance, parentEdge, detours, order: new Int32Array(0) }

  const { inStart, inEdge, inFrom } = graph
  const order = breadthFirst(graph, distance)

  // Every node of the previous layer is settled before any node of the next one, so this is a DP over
  // the layered DAG of shortest-path edges.
  const edges = graph.snapshot.edges
  for (let q = 1; q < order.length; q++) {
    const v = order[q]
    const want = distance[v] - 1
    let best = -1
    let bestCost = Infinity
    for (let k = inStart[v], end = inStart[v + 1]; k < end; k++) {
      const u = inFrom[k]
      if (distance[u] !== want) continue
      const e = inEdge[k]
      const cost = detours[u] + (isDetour(edges[e].kind) ? 1 : 0)
      if (cost < bestCost) {
        bestCost = cost
        best = e
      }
    }
    parentEdge[v] = best
    detours[v] = bestCost
  }
  return { distance, parentEdge, detours, order }
}

/**
 * The nodes reachable from the root, in BFS order, root first: O(N + E). When `distance` is given (length
 * N, filled with -1) it receives each reached node's distance from the root.
 */
export function breadthFirst(graph: HeapGraph, distance?: Int32Array): Int32Array {
  const n = graph.nodeCount
  if (n === 0) return new Int32Array(0)
  const dist = distance ?? new Int32Array(n).fill(-1)
  const { outStart, outTo } = graph
  const queue = new Int32Array(n)
  let head = 0
  let tail = 0
  queue[tail++] = ROOT
  dist[ROOT] = 0
  while (head < tail) {
    const u = queue[head++]
    const d = dist[u] + 1
    for (let k = outStart[u], end = outStart[u + 1]; k < end; k++) {
      const v = outTo[k]
      if (dist[v] < 0) {
        dist[v] = d
        queue[tail++] = v
      }
    }
  }
  return queue.slice(0, tail)
}

/** The chosen shortest path from the root to `id`, or null when `id` is unreachable. */
export function retainerPath(graph: HeapGraph, paths: ShortestPaths, id: number): RetainerPath | null {
  if (!(id >= 0 && id < graph.nodeCount) || paths.distance[id] < 0) return null
  const edges = graph.snapshot.edges
  const pathEdges: HeapEdge[] = []
  for (let v = id; v !== ROOT; ) {
    const e = edges[paths.parentEdge[v]]
    pathEdges.push(e)
    v = e.from
  }
  pathEdges.reverse()
  const nodes = [ROOT]
  for (const e of pathEdges) nodes.push(e.to)
  return { nodes, edges: pathEdges }
}
