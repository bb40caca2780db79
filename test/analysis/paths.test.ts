import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildGraph, isDetour, retainerPath, shortestPaths } from '../../src/analysis'
import type { EdgeKind, HeapSnapshot } from '../../src/heap/snapshot'
import { graphSnapshot, randomGraph, SnapshotBuilder } from './builder'

const KINDS: EdgeKind[] = ['property', 'element', 'internal', 'prototype', 'closure', 'map-value']

describe('shortest retainer paths', () => {
  it('are shortest, then have the fewest internal/prototype edges, on random graphs', () => {
    fc.assert(
      fc.property(randomGraph, fc.array(fc.constantFrom(...KINDS), { minLength: 200, maxLength: 200 }), (g, kinds) => {
        const snapshot: HeapSnapshot = graphSnapshot(g.n, g.pairs)
        snapshot.edges.forEach((e, i) => (e.kind = kinds[i % kinds.length]))
        const graph = buildGraph(snapshot)
        const paths = shortestPaths(graph)

        // Brute force: Bellman-Ford on the cost (edges, detour edges), compared lexicographically.
        const INF = Number.MAX_SAFE_INTEGER
        const cost = Array.from({ length: g.n }, (_, v) => (v === 0 ? 0 : INF))
        for (let round = 0; round < g.n; round++) {
          for (const e of snapshot.edges) {
            if (cost[e.from] === INF) continue
            const c = cost[e.from] + 1000 + (isDetour(e.kind) ? 1 : 0)
            if (c < cost[e.to]) cost[e.to] = c
          }
        }
        for (let v = 0; v < g.n; v++) {
          const path = retainerPath(graph, paths, v)
          if (cost[v] === INF) {
            expect(paths.distance[v]).toBe(-1)
            expect(path).toBeNull()
            continue
          }
          expect(paths.distance[v]).toBe(Math.floor(cost[v] / 1000))
          expect(paths.detours[v]).toBe(cost[v] % 1000)
          expect(path!.nodes[0]).toBe(0)
          expect(path!.nodes.at(-1)).toBe(v)
          expect(path!.edges.length).toBe(paths.distance[v])
          path!.edges.forEach((e, i) => {
            expect(e.from).toBe(path!.nodes[i])
            expect(e.to).toBe(path!.nodes[i + 1])
          })
          expect(path!.edges.filter((e) => isDetour(e.kind)).length).toBe(paths.detours[v])
          // The tie-break: of the edges that enter v at the best cost, the first in snapshot order.
          if (v === 0) continue
          const best = snapshot.edges.findIndex(
            (e) => e.to === v && e.kind !== 'weak' && paths.distance[e.from] === paths.distance[v] - 1 && paths.detours[e.from] + (isDetour(e.kind) ? 1 : 0) === paths.detours[v],
          )
          expect(paths.parentEdge[v]).toBe(best)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('prefers a property path over an equally short internal one, else the first edge', () => {
    const b = new SnapshotBuilder()
    const bound = b.node('bound-function', 'bound f')
    const holder = b.node('object', 'Holder')
    const target = b.node('object', 'Target')
    const other = b.node('object', 'Other')
    b.root('f', bound).root('holder', holder)
    b.edge(bound, target, 'internal', 'target') // earlier, but internal
    b.edge(holder, target, 'property', 'target')
    b.edge(bound, other, 'property', 'a')
    b.edge(holder, other, 'property', 'b')
    const graph = buildGraph(b.build())
    const paths = shortestPaths(graph)
    expect(retainerPath(graph, paths, target)!.nodes).toEqual([0, holder, target])
    expect(retainerPath(graph, paths, other)!.edges.map((e) => e.label)).toEqual(['f', 'a'])
    expect(retainerPath(graph, paths, 0)).toEqual({ nodes: [0], edges: [] })
  })

  it('walks a 200,000-long chain without recursion', () => {
    const n = 200_000
    const pairs: [number, number][] = []
    for (let i = 0; i + 1 < n; i++) pairs.push([i, i + 1])
    const graph = buildGraph(graphSnapshot(n, pairs))
    const path = retainerPath(graph, shortestPaths(graph), n - 1)!
    expect(path.edges.length).toBe(n - 1)
  })

  it('rejects an edge to a node that does not exist', () => {
    expect(() => buildGraph(graphSnapshot(2, [[0, 2]]))).toThrow(RangeError)
  })
})

describe('the compare reads the same paths from packed heaps', () => {
  it('chooses every parent edge as shortestPaths does, on random graphs with weak edges', async () => {
    const { packedPaths } = await import('../../src/analysis/snapshot-compare')
    const { KeptSnapshotsBuilder } = await import('../../src/heap/kept-snapshots')
    const kinds: EdgeKind[] = [...KINDS, 'weak']
    fc.assert(
      fc.property(randomGraph, fc.array(fc.constantFrom(...kinds), { minLength: 200, maxLength: 200 }), (g, chosen) => {
        const snapshot: HeapSnapshot = graphSnapshot(g.n, g.pairs)
        snapshot.edges.forEach((e, i) => (e.kind = chosen[i % chosen.length]))
        snapshot.nodes.forEach((node, i) => (node.uid = i))
        const paths = shortestPaths(buildGraph(snapshot))
        const kept = new KeptSnapshotsBuilder().addSnapshot(snapshot, { step: 0, time: 0, label: null, taken: 'walk', coverage: null })
        const packed = packedPaths(kept)
        expect(Array.from(packed.distance)).toEqual(Array.from(paths.distance))
        expect(Array.from(packed.parentEdge)).toEqual(Array.from(paths.parentEdge))
        expect(Array.from(packed.detours).filter((_, v) => paths.distance[v] >= 0)).toEqual(Array.from(paths.detours).filter((_, v) => paths.distance[v] >= 0))
      }),
      { numRuns: 300 },
    )
  })
})
