import { ROOT, type HeapGraph } from './graph'

/**
 * The dominator tree of a snapshot and the retained sizes it gives.
 *
 * Node `d` dominates `v` when every path from the root to `v` goes through `d` (so freeing `d`'s
 * referrers would free `v`); the immediate dominator is the closest strict one. The retained size of `v`
 * is the sum of the shallow sizes of the nodes it dominates, itself included.
 */
export interface Dominators {
  /** Immediate dominator of each node; the root's is the root itself, an unreachable node's is -1. */
  readonly idom: Int32Array
  /** Retained size in bytes of each node; 0 for unreachable nodes. */
  readonly retained: Float64Array
  /** The reachable nodes in depth-first preorder from the root: every node comes after its dominators. */
  readonly order: Int32Array
  /**
   * Preorder interval of each node in the dominator tree: `d` dominates `v` (or is `v`) exactly when
   * `enter[d] <= enter[v] && enter[v] < exit[d]`. -1 for unreachable nodes.
   */
  readonly enter: Int32Array
  readonly exit: Int32Array
}

/**
 * Lengauer and Tarjan's algorithm ("A Fast Algorithm for Finding Dominators in a Flowgraph", TOPLAS 1979),
 * the "simple" variant with path compression, O(E log N), written with explicit stacks so that a
 * 100,000-long chain does not exhaust the call stack.
 */
export function dominators(graph: HeapGraph): Dominators {
  const n = graph.nodeCount
  const idomNode = new Int32Array(n).fill(-1)
  const retained = new Float64Array(n)
  const enter = new Int32Array(n).fill(-1)
  const exit = new Int32Array(n).fill(-1)
  if (n === 0) return { idom: idomNode, retained, order: new Int32Array(0), enter, exit }

  const { outStart, outTo, inStart, inFrom } = graph

  // 1. Depth-first numbering. Everything below works on preorder numbers, not node ids.
  const pre = new Int32Array(n).fill(-1)
  const vertex = new Int32Array(n)
  const parent = new Int32Array(n)
  const cursor = outStart.slice(0, n)
  const stack = new Int32Array(n)
  let count = 0
  let sp = 0
  pre[ROOT] = count
  vertex[count] = ROOT
  parent[count] = -1
  count++
  stack[sp++] = ROOT
  while (sp > 0) {
    const u = stack[sp - 1]
    if (cursor[u] < outStart[u + 1]) {
      const v = outTo[cursor[u]++]
      if (pre[v] < 0) {
        pre[v] = count
        vertex[count] = v
        parent[count] = pre[u]
        count++
        stack[sp++] = v
      }
    } else {
      sp--
    }
  }

  // 2. Semidominators, and immediate dominators implicitly, in reverse preorder.
  const semi = new Int32Array(count)
  const label = new Int32Array(count)
  const ancestor = new Int32Array(count).fill(-1)
  const idom = new Int32Array(count)
  const bucketHead = new Int32Array(count).fill(-1)
  const bucketNext = new Int32Array(count)
  for (let i = 0; i < count; i++) {
    semi[i] = i
    label[i] = i
  }
  const path = stack // the DFS is done; reuse its stack for path compression

  // EVAL from the paper: the vertex of least semidominator on the forest path above v (root excluded).
  const evaluate = (v: number): number => {
    if (ancestor[v] < 0) return v
    let top = 0
    let x = v
    while (ancestor[ancestor[x]] >= 0) {
      path[top++] = x
      x = ancestor[x]
    }
    // COMPRESS, unrolled: the nodes nearest the forest root are updated first, as the recursion would.
    while (top > 0) {
      const y = path[--top]
      const a = ancestor[y]
      if (semi[label[a]] < semi[label[y]]) label[y] = label[a]
      ancestor[y] = ancestor[a]
    }
    return label[v]
  }

  for (let w = count - 1; w > 0; w--) {
    const node = vertex[w]
    for (let k = inStart[node], end = inStart[node + 1]; k < end; k++) {
      const v = pre[inFrom[k]]
      if (v < 0) continue
      const u = evaluate(v)
      if (semi[u] < semi[w]) semi[w] = semi[u]
    }
    bucketNext[w] = bucketHead[semi[w]]
    bucketHead[semi[w]] = w
    const p = parent[w]
    ancestor[w] = p
    for (let v = bucketHead[p]; v >= 0; v = bucketNext[v]) {
      const u = evaluate(v)
      idom[v] = semi[u] < semi[v] ? u : p
    }
    bucketHead[p] = -1
  }
  idom[0] = 0
  for (let w = 1; w < count; w++) {
    if (idom[w] !== semi[w]) idom[w] = idom[idom[w]]
  }

  // 3. Retained sizes, bottom-up: a dominator always has a smaller preorder number than what it dominates.
  const nodes = graph.snapshot.nodes
  for (let i = 0; i < count; i++) {
    const v = vertex[i]
    idomNode[v] = vertex[idom[i]]
    retained[v] = nodes[v].size
  }
  const subtree = new Int32Array(count).fill(1)
  for (let i = count - 1; i > 0; i--) {
    const v = vertex[i]
    retained[idomNode[v]] += retained[v]
    subtree[idom[i]] += subtree[i]
  }

  // 4. A preorder numbering of the dominator tree without walking it: each child takes the next free
  //    slot of its parent's interval, in graph preorder (parents before children).
  const nextFree = new Int32Array(count)
  enter[ROOT] = 0
  exit[ROOT] = subtree[0]
  nextFree[0] = 1
  for (let i = 1; i < count; i++) {
    const d = idom[i]
    const at = nextFree[d]
    nextFree[d] += subtree[i]
    nextFree[i] = at + 1
    const v = vertex[i]
    enter[v] = at
    exit[v] = at + subtree[i]
  }

  return { idom: idomNode, retained, order: vertex.slice(0, count), enter, exit }
}

/** Whether `d` dominates `v` (every node dominates itself); false when either is unreachable. */
export function dominates(dom: Dominators, d: number, v: number): boolean {
  const e = dom.enter[v]
  return e >= 0 && dom.enter[d] >= 0 && dom.enter[d] <= e && e < dom.exit[d]
}
