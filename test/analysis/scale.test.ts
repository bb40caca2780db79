import { describe, expect, it } from 'vitest'
import { analyzeSnapshot, findLeakSuspects, pathTo, renderPath, sampleGroups } from '../../src/analysis'
import type { EdgeKind, HeapEdge, HeapNode, HeapSnapshot, NodeKind } from '../../src/heap/snapshot'

/** A heap-like graph: a random tree of n nodes plus ~1.2n extra references anywhere; deterministic. */
function bigHeap(n: number, seed: number): HeapSnapshot {
  let x = seed
  const rand = (k: number) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    return x % k
  }
  const kinds: NodeKind[] = ['object', 'array', 'closure', 'map', 'string']
  const edgeKinds: EdgeKind[] = ['property', 'element', 'closure', 'map-value', 'internal', 'prototype']
  const nodes: HeapNode[] = [{ id: 0, kind: 'root', name: '(root)', site: null, size: 0 }]
  for (let i = 1; i < n; i++) {
    const kind = kinds[rand(kinds.length)]
    const site = { file: 'big.js', line: 1 + rand(200), column: 1 }
    nodes.push({ id: i, kind, name: `C${rand(50)}`, site, size: 8 + rand(200) })
  }
  const edges: HeapEdge[] = []
  for (let i = 1; i < n; i++) {
    const from = i < 20 ? 0 : rand(i)
    edges.push({ from, to: i, kind: from === 0 ? 'root' : edgeKinds[rand(edgeKinds.length)], label: `e${i}` })
  }
  for (let k = 0; k < 1.2 * n; k++) {
    edges.push({ from: 1 + rand(n - 1), to: 1 + rand(n - 1), kind: edgeKinds[rand(edgeKinds.length)], label: String(k) })
  }
  return { nodes, edges, step: 0, time: 0 }
}

describe('at scale', () => {
  it('analyzes 120,000 nodes and 264,000 edges', () => {
    const snapshot = bigHeap(120_000, 7)
    const analysis = analyzeSnapshot(snapshot)
    const total = snapshot.nodes.reduce((s, n) => s + n.size, 0)
    expect(analysis.dominators.retained[0]).toBe(total)
    expect(analysis.byConstructor.reduce((s, g) => s + g.count, 0)).toBe(snapshot.nodes.length - 1)
    const path = pathTo(analysis, snapshot.nodes.length - 1)!
    expect(renderPath(snapshot, path).length).toBeGreaterThan(0)
    const samples = [0, 1, 2].map((step) => ({ ...sampleGroups(snapshot), step }))
    expect(findLeakSuspects(samples, analysis).suspects).toEqual([])
  })
})
