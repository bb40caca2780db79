import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildGraph, dominates, dominators } from '../../src/analysis'
import { bruteDominators, graphSnapshot, randomGraph, reachableWithout } from './builder'

describe('dominators', () => {
  it('matches dominators by definition on random graphs', () => {
    fc.assert(
      fc.property(randomGraph, ({ n, pairs, sizes }) => {
        const dom = dominators(buildGraph(graphSnapshot(n, pairs, sizes)))
        const brute = bruteDominators(n, pairs)
        const reach = reachableWithout(n, pairs)
        for (let v = 0; v < n; v++) {
          if (!reach[v]) {
            expect(dom.idom[v]).toBe(-1)
            expect(dom.retained[v]).toBe(0)
            continue
          }
          // The immediate dominator is the strict dominator with the most dominators of its own.
          let idom = v === 0 ? 0 : -1
          let depth = -1
          for (let d = 0; d < n; d++) {
            if (d === v || !brute[d][v]) continue
            const k = brute.reduce((acc, row) => acc + (row[d] ? 1 : 0), 0)
            if (k > depth) {
              depth = k
              idom = d
            }
          }
          expect(dom.idom[v]).toBe(idom)
          let retained = 0
          for (let w = 0; w < n; w++) if (brute[v][w]) retained += sizes[w]
          expect(dom.retained[v]).toBe(retained)
          for (let d = 0; d < n; d++) expect(dominates(dom, d, v)).toBe(brute[d][v])
        }
        expect(dom.order.length).toBe(reach.filter(Boolean).length)
      }),
      { numRuns: 600 },
    )
  })

  it('handles a diamond, a loop back to the root and an unreachable cycle', () => {
    // 0 → 1 → {2, 3} → 4 → 1; 5 ⇄ 6 unreachable
    const pairs: [number, number][] = [[0, 1], [1, 2], [1, 3], [2, 4], [3, 4], [4, 1], [4, 0], [5, 6], [6, 5], [6, 4]]
    const dom = dominators(buildGraph(graphSnapshot(7, pairs, [0, 1, 2, 3, 4, 5, 6])))
    expect([...dom.idom]).toEqual([0, 0, 1, 1, 1, -1, -1])
    expect([...dom.retained]).toEqual([10, 10, 2, 3, 4, 0, 0])
  })

  it('survives a 200,000-node chain', () => {
    const n = 200_000
    const pairs: [number, number][] = []
    for (let i = 0; i + 1 < n; i++) pairs.push([i, i + 1])
    const dom = dominators(buildGraph(graphSnapshot(n, pairs)))
    expect(dom.idom[n - 1]).toBe(n - 2)
    expect(dom.retained[0]).toBe(n)
    expect(dom.retained[n - 1]).toBe(1)
    expect(dominates(dom, 1, n - 1)).toBe(true)
  })

  it('survives a 200,000-node doubly linked list (every node reachable two ways but one)', () => {
    const n = 200_000
    const pairs: [number, number][] = []
    for (let i = 0; i + 1 < n; i++) pairs.push([i, i + 1], [i + 1, i])
    const dom = dominators(buildGraph(graphSnapshot(n, pairs)))
    expect(dom.idom[n - 1]).toBe(n - 2)
    expect(dom.retained[1]).toBe(n - 1)
  })

  it('survives a 100,000-leaf star whose leaves point back at the hub and at each other', () => {
    const n = 100_002
    const pairs: [number, number][] = [[0, 1]]
    for (let leaf = 2; leaf < n; leaf++) pairs.push([1, leaf], [leaf, 1], [leaf, leaf + 1 < n ? leaf + 1 : 2])
    const dom = dominators(buildGraph(graphSnapshot(n, pairs)))
    expect(dom.idom[1]).toBe(0)
    expect(dom.idom[2]).toBe(1)
    expect(dom.idom[n - 1]).toBe(1)
    expect(dom.retained[1]).toBe(n - 1)
  })
})
