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

/** The chosen paths of a snapshot's graph: layeredPaths over its out-edges. O(N + E). */
export function shortestPaths(graph: HeapGraph): ShortestPaths {
  const edges = graph.snapshot.edges
  const outDetour = new Uint8Array(graph.edgeCount)
  for (let k = 0; k < outDetour.length; k++) outDetour[k] = isDetour(edges[graph.outEdge[k]].kind) ? 1 : 0
  return layeredPaths(graph.nodeCount, graph.outStart, graph.outEdge, graph.outTo, outDetour)
}

/**
 * The rules above, over any graph in compressed sparse row form (the analysis's HeapGraph, a kept
 * snapshot's packed edges): node `u`'s strong out-edges sit at `outStart[u] .. outStart[u + 1] - 1`, in
 * snapshot order, with `outEdge[k]` the edge's index, `outTo[k]` its target and `outDetour[k]` 1 for a
 * detour edge. One forward BFS from node 0: a node's detours are final before its layer is scanned
 * (every edge from the layer before has been seen), so each node of the next layer keeps, among the
 * edges from this layer, the one with the fewest detours and then the earliest. O(N + E).
 */
export function layeredPaths(n: number, outStart: Int32Array, outEdge: Int32Array, outTo: Int32Array, outDetour: Uint8Array): ShortestPaths {
  const distance = new Int32Array(n).fill(-1)
  const parentEdge = new Int32Array(n).fill(-1)
  const detours = new Int32Array(n)
  const queue = new Int32Array(n)
  let head = 0
  let tail = 0
  if (n > 0) {
    queue[tail++] = ROOT
    distance[ROOT] = 0
  }
  while (head < tail) {
    const u = queue[head++]
    const d = distance[u] + 1
    const base = detours[u]
    for (let k = outStart[u], end = outStart[u + 1]; k < end; k++) {
      const v = outTo[k]
      const e = outEdge[k]
      const cost = base + outDetour[k]
      if (distance[v] < 0) {
        distance[v] = d
        detours[v] = cost
        parentEdge[v] = e
        queue[tail++] = v
      } else if (distance[v] === d && (cost < detours[v] || (cost === detours[v] && e < parentEdge[v]))) {
        detours[v] = cost
        parentEdge[v] = e
      }
    }
  }
  return { distance, parentEdge, detours, order: queue.slice(0, tail) }
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
