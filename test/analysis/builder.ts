import fc from 'fast-check'
import type { EdgeKind, HeapEdge, HeapNode, HeapSnapshot, NodeKind } from '../../src/heap/snapshot'

/** Hand-built snapshots for the analysis tests: node 0 is the root. */
export class SnapshotBuilder {
  readonly nodes: HeapNode[] = [{ id: 0, kind: 'root', name: '(root)', site: null, size: 0 }]
  readonly edges: HeapEdge[] = []

  node(kind: NodeKind, name: string, size = 16, site: [file: string, line: number] | null = null): number {
    const id = this.nodes.length
    this.nodes.push({ id, kind, name, size, site: site && { file: site[0], line: site[1], column: 1 } })
    return id
  }

  edge(from: number, to: number, kind: EdgeKind, label: string): this {
    this.edges.push({ from, to, kind, label })
    return this
  }

  root(label: string, to: number): this {
    return this.edge(0, to, 'root', label)
  }

  build(step = 0): HeapSnapshot {
    return { nodes: this.nodes, edges: this.edges, step, time: step * 100 }
  }
}

/** A graph of `n` nodes with the given edges, all `property` edges labelled by target, sizes given or 1. */
export type Pairs = readonly (readonly [number, number])[]

export function graphSnapshot(n: number, pairs: Pairs, sizes?: readonly number[]): HeapSnapshot {
  const nodes: HeapNode[] = []
  for (let i = 0; i < n; i++) {
    nodes.push({ id: i, kind: i === 0 ? 'root' : 'object', name: `N${i}`, site: null, size: sizes?.[i] ?? 1 })
  }
  const edges: HeapEdge[] = pairs.map(([from, to]) => ({ from, to, kind: 'property', label: `p${to}` }))
  return { nodes, edges, step: 0, time: 0 }
}

/** Nodes reachable from the root, optionally with one node removed (brute force, adjacency matrix). */
export function reachableWithout(n: number, pairs: Pairs, removed = -1): boolean[] {
  const seen = new Array<boolean>(n).fill(false)
  if (n === 0 || removed === 0) return seen
  const out: number[][] = Array.from({ length: n }, () => [])
  for (const [a, b] of pairs) out[a].push(b)
  const stack = [0]
  seen[0] = true
  while (stack.length) {
    const u = stack.pop()!
    for (const v of out[u]) {
      if (v !== removed && !seen[v]) {
        seen[v] = true
        stack.push(v)
      }
    }
  }
  return seen
}

/** Dominator sets by definition: d dominates v iff v is reachable and removing d makes v unreachable (or d = v). */
export function bruteDominators(n: number, pairs: Pairs): boolean[][] {
  const reach = reachableWithout(n, pairs)
  const dom = Array.from({ length: n }, () => new Array<boolean>(n).fill(false))
  for (let d = 0; d < n; d++) {
    if (!reach[d]) continue
    const without = reachableWithout(n, pairs, d)
    for (let v = 0; v < n; v++) dom[d][v] = reach[v] && (v === d || !without[v])
  }
  return dom
}

/**
 * Random graphs up to 30 nodes: a random forest hung from the root (some nodes left off it, so unreachable
 * unless an extra edge reaches them) plus up to 3n extra edges anywhere, so cycles, self-loops, duplicate
 * edges, edges into the root and unreachable nodes all occur.
 */
export const randomGraph = fc.integer({ min: 1, max: 30 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    pairs: fc
      .tuple(
        fc.array(fc.integer({ min: -1, max: n - 1 }), { minLength: n, maxLength: n }),
        fc.integer({ min: 0, max: 3 * n }).chain((m) =>
          fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { minLength: m, maxLength: m }),
        ),
      )
      .map(([parents, extra]) => {
        const tree: [number, number][] = []
        for (let i = 1; i < n; i++) if (parents[i] >= 0) tree.push([parents[i] % i, i])
        return [...tree, ...extra]
      }),
    sizes: fc.array(fc.nat(100), { minLength: n, maxLength: n }),
  }),
)
