import type { HeapSnapshot } from '../heap/snapshot'

/**
 * A snapshot's references in compressed sparse row form, built once and shared by every algorithm here.
 *
 * The out-edges of node `v` sit at positions `outStart[v] .. outStart[v + 1] - 1`: `outEdge[k]` is the
 * edge's index in `snapshot.edges` and `outTo[k]` its target. The in-edges are laid out the same way in
 * `inStart` / `inEdge` / `inFrom`. Within a node, edges keep their snapshot order, so every tie broken
 * "by the first edge" is deterministic. `weak` edges keep nothing alive and are left out: no path,
 * reachability or retained size goes through one.
 */
export interface HeapGraph {
  readonly snapshot: HeapSnapshot
  readonly nodeCount: number
  readonly edgeCount: number
  readonly outStart: Int32Array
  readonly outEdge: Int32Array
  readonly outTo: Int32Array
  readonly inStart: Int32Array
  readonly inEdge: Int32Array
  readonly inFrom: Int32Array
}

/** The synthetic root every path starts from. */
export const ROOT = 0

/**
 * Builds the forward and reverse adjacency of `snapshot` in O(N + E) (a counting sort by endpoint).
 * Throws a RangeError naming the first edge whose `from` or `to` is not a node id.
 */
export function buildGraph(snapshot: HeapSnapshot): HeapGraph {
  const n = snapshot.nodes.length
  const edges = snapshot.edges
  const m = edges.length
  const outStart = new Int32Array(n + 1)
  const inStart = new Int32Array(n + 1)
  let strong = 0
  for (let e = 0; e < m; e++) {
    const { from, to, kind } = edges[e]
    if (!isNodeId(from, n) || !isNodeId(to, n)) {
      throw new RangeError(`edge ${e} (${from} → ${to}) refers to a node outside 0..${n - 1}`)
    }
    if (kind === 'weak') continue
    strong++
    outStart[from + 1]++
    inStart[to + 1]++
  }
  for (let v = 0; v < n; v++) {
    outStart[v + 1] += outStart[v]
    inStart[v + 1] += inStart[v]
  }
  const outEdge = new Int32Array(strong)
  const outTo = new Int32Array(strong)
  const inEdge = new Int32Array(strong)
  const inFrom = new Int32Array(strong)
  const outFill = outStart.slice(0, n)
  const inFill = inStart.slice(0, n)
  for (let e = 0; e < m; e++) {
    const { from, to, kind } = edges[e]
    if (kind === 'weak') continue
    const o = outFill[from]++
    outEdge[o] = e
    outTo[o] = to
    const i = inFill[to]++
    inEdge[i] = e
    inFrom[i] = from
  }
  return { snapshot, nodeCount: n, edgeCount: strong, outStart, outEdge, outTo, inStart, inEdge, inFrom }
}

function isNodeId(x: number, n: number): boolean {
  return Number.isInteger(x) && x >= 0 && x < n
}

