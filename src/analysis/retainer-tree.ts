import { ROOT, type HeapGraph } from './graph'
import type { ShortestPaths } from './paths'

/**
 * The union of the shortest retainer paths to some nodes: the part of the shortest-path tree that
 * leads to them. Each node in it hangs from its parent by the edge its chosen path enters it by
 * (`paths.parentEdge`), so the union of many paths is still a tree, however many paths share a prefix.
 */
export class RetainerTree {
  /** 1 for each node in the tree, the root excluded. */
  private readonly contains: Uint8Array

  /** The tree of `ends` (unreachable ones are left out): O(nodes in the tree). */
  constructor(
    private readonly graph: HeapGraph,
    private readonly paths: ShortestPaths,
    ends: Iterable<number>,
  ) {
    const edges = graph.snapshot.edges
    const { parentEdge, distance } = paths
    this.contains = new Uint8Array(graph.nodeCount)
    for (const end of ends) {
      if (distance[end] < 0) continue
      // Stops at the first node already in: its path to the root is in too.
      for (let v = end; v !== ROOT && !this.contains[v]; v = edges[parentEdge[v]].from) this.contains[v] = 1
    }
  }

  /**
   * Calls `visit` with each child of `v` in the tree and the edge it hangs by, in snapshot order: the
   * out-edges of `v` that are their target's chosen parent edge. O(out-degree of `v`).
   */
  forEachChild(v: number, visit: (child: number, edge: number) => void): void {
    const { outStart, outEdge, outTo } = this.graph
    const { parentEdge } = this.paths
    for (let k = outStart[v], end = outStart[v + 1]; k < end; k++) {
      const child = outTo[k]
      if (this.contains[child] && parentEdge[child] === outEdge[k]) visit(child, outEdge[k])
    }
  }
}
