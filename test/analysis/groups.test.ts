import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  analyzeSnapshot,
  countGroups,
  groupKeyId,
  groupPath,
  NO_SITE,
  parseGroupKeyId,
  renderPath,
  sampleGroups,
} from '../../src/analysis'
import type { HeapSnapshot } from '../../src/heap/snapshot'
import { bruteDominators, graphSnapshot, randomGraph, reachableWithout, SnapshotBuilder } from './builder'

/** globalThis.items: [Node, Node] where the first Node holds a nested Node; a timer list root; garbage. */
function sample(): { snapshot: HeapSnapshot; ids: Record<string, number> } {
  const b = new SnapshotBuilder()
  const global = b.node('object', 'globalThis', 100)
  const items = b.node('array', 'Array', 40, ['main.js', 3])
  const a = b.node('object', 'Node', 10, ['main.js', 7])
  const nested = b.node('object', 'Node', 20, ['main.js', 7])
  const c = b.node('object', 'Node', 30, ['main.js', 9])
  const buf = b.node('arraybuffer', 'ArrayBuffer', 1000, null)
  const timers = b.node('root', '(timers)', 0)
  const tick = b.node('closure', 'tick', 50, ['main.js', 12])
  const garbage = b.node('object', 'Node', 5000, ['main.js', 7])
  b.root('globalThis', global)
    .edge(global, items, 'property', 'items')
    .edge(items, a, 'element', '0')
    .edge(items, c, 'element', '1')
    .edge(a, nested, 'property', 'child')
    .edge(nested, buf, 'property', 'buf')
    .edge(c, a, 'property', 'sibling')
    .root('(timers)', timers)
    .edge(timers, tick, 'root', 'setInterval#1')
    .edge(tick, c, 'closure', 'last')
    .edge(garbage, a, 'property', 'x')
  return { snapshot: b.build(5), ids: { global, items, a, nested, c, buf, timers, tick, garbage } }
}

describe('groups', () => {
  it('groups live objects by constructor, without the root, root-kind nodes or garbage', () => {
    const { snapshot, ids } = sample()
    const analysis = analyzeSnapshot(snapshot)
    const byCtor = analysis.byConstructor
    expect(byCtor.map((g) => [g.name, g.count, g.shallowBytes, g.retainedBytes])).toEqual([
      // a and c are each reached two ways, so neither dominates the other; a dominates nested and buf,
      // so nested is inside a's retained set and counted once: (10 + 20 + 1000) + 30.
      ['Node', 3, 60, 1060],
      ['ArrayBuffer', 1, 1000, 1000],
      ['globalThis', 1, 100, 140],
      ['tick', 1, 50, 50],
      ['Array', 1, 40, 40],
    ])
    const node = byCtor.find((g) => g.name === 'Node')!
    expect(node.key).toBe('["object","Node",null]')
    expect(node.members).toEqual([ids.a, ids.nested, ids.c])
    expect(node.site).toBeNull()
    // a and c are both 3 edges away; c's path is as short and has no detours, a has the lower id.
    expect(node.representative).toBe(ids.a)
    expect(renderPath(snapshot, groupPath(analysis, node))).toBe('globalThis.items[0]')
  })

  it('does not count a member twice when another member of its group dominates it', () => {
    const b = new SnapshotBuilder()
    const outer = b.node('object', 'Tree', 10)
    const inner = b.node('object', 'Tree', 20)
    const leaf = b.node('object', 'Leaf', 5)
    b.root('tree', outer).edge(outer, inner, 'property', 'left').edge(inner, leaf, 'property', 'value')
    const tree = analyzeSnapshot(b.build()).byConstructor.find((g) => g.name === 'Tree')!
    expect(tree.count).toBe(2)
    expect(tree.retainedBytes).toBe(35)
  })

  it('groups by allocation line, with site-less objects under (no site)', () => {
    const { snapshot } = sample()
    const byLine = analyzeSnapshot(snapshot).byLine
    const rows = byLine.map((g) => [g.site, g.name, g.count, g.retainedBytes])
    expect(rows).toEqual([
      ['main.js:7', 'Node', 2, 1030],
      [NO_SITE, 'ArrayBuffer', 1, 1000],
      [NO_SITE, 'globalThis', 1, 140],
      ['main.js:12', 'tick', 1, 50],
      ['main.js:3', 'Array', 1, 40],
      ['main.js:9', 'Node', 1, 30],
    ])
    expect(byLine[0].key).toBe(groupKeyId({ kind: 'object', name: 'Node', site: 'main.js:7' }))
  })

  it('counts groups cheaply for samples, keyed as the full analysis keys them', () => {
    const { snapshot } = sample()
    const s = sampleGroups(snapshot, 'line')
    expect(s.step).toBe(5)
    const full = analyzeSnapshot(snapshot).byLine
    expect(new Map(s.groups.map((g) => [g.key, g.count]))).toEqual(new Map(full.map((g) => [g.key, g.count])))
    expect(countGroups(snapshot).find((g) => g.key === '["object","Node",null]')).toEqual({
      key: '["object","Node",null]',
      count: 3,
      shallowBytes: 60,
    })
  })

  it('reads its keys back', () => {
    const key = { kind: 'object' as const, name: 'we"ird\u0000', site: 'a:b.js:3' }
    expect(parseGroupKeyId(groupKeyId(key))).toEqual(key)
    expect(() => parseGroupKeyId('DataHolder')).toThrow(TypeError)
  })

  it('has the retained bytes of the union of its members’ dominated sets, on random graphs', () => {
    const arb = randomGraph.chain((g) =>
      fc.record({
        g: fc.constant(g),
        names: fc.array(fc.constantFrom('A', 'B', 'C', '(root)'), { minLength: g.n, maxLength: g.n }),
      }),
    )
    fc.assert(
      fc.property(arb, ({ g, names }) => {
        const snapshot = graphSnapshot(g.n, g.pairs, g.sizes)
        snapshot.nodes.forEach((node, i) => {
          if (i > 0 && names[i] === '(root)') node.kind = 'root'
          if (i > 0) node.name = names[i]
        })
        const analysis = analyzeSnapshot(snapshot)
        const dom = bruteDominators(g.n, g.pairs)
        const live = reachableWithout(g.n, g.pairs)
        for (const name of ['A', 'B', 'C']) {
          const members = snapshot.nodes.filter((n) => n.id > 0 && live[n.id] && n.name === name && n.kind !== 'root')
          const group = analysis.byConstructor.find((x) => x.name === name)
          if (members.length === 0) {
            expect(group).toBeUndefined()
            continue
          }
          expect(group!.members).toEqual(members.map((m) => m.id))
          expect(group!.shallowBytes).toBe(members.reduce((s, m) => s + m.size, 0))
          let retained = 0
          for (let w = 0; w < g.n; w++) if (members.some((m) => dom[m.id][w])) retained += g.sizes[w]
          expect(group!.retainedBytes).toBe(retained)
          const nearest = Math.min(...members.map((m) => analysis.paths.distance[m.id]))
          expect(analysis.paths.distance[group!.representative]).toBe(nearest)
        }
        expect(analysis.byConstructor.some((x) => x.kind === 'root')).toBe(false)
        const sizes = analysis.byConstructor.map((x) => x.retainedBytes)
        expect(sizes).toEqual([...sizes].sort((a, b) => b - a))
      }),
      { numRuns: 300 },
    )
  })
})
