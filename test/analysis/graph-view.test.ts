import { describe, expect, it } from 'vitest'
import { analyzeSnapshot, groupKeyId, type HeapAnalysis } from '../../src/analysis'
import { GRAPH_LIMITS, graphView } from '../../src/analysis/graph-view'
import type { GraphQuery, GraphView } from '../../src/analysis/view-types'
import { runProgram } from '../../src/engine/run'
import type { HeapSnapshot, NodeKind } from '../../src/heap/snapshot'
import { SnapshotBuilder } from './builder'

/** A graph as text: `label ×count (role)` per node, `source -label-> target` per edge, `*` on the path. */
function shape(graph: GraphView): { nodes: string[]; edges: string[] } {
  const name = new Map(graph.nodes.map((n) => [n.id, n.count > 1 ? `${n.label} ×${n.count}` : n.label]))
  return {
    nodes: graph.nodes.map((n) => `${name.get(n.id)} (${n.role})`),
    edges: graph.edges.map((e) => `${name.get(e.source)} -${e.label}-> ${name.get(e.target)}${e.onPath ? ' *' : ''}`),
  }
}

/** What every graph must be, whatever it shows: ids unique, edges between drawn nodes. */
function checkWellFormed(graph: GraphView): GraphView {
  const ids = graph.nodes.map((n) => n.id)
  expect(new Set(ids).size).toBe(ids.length)
  const edgeIds = graph.edges.map((e) => e.id)
  expect(new Set(edgeIds).size).toBe(edgeIds.length)
  for (const e of graph.edges) {
    expect(ids).toContain(e.source)
    expect(ids).toContain(e.target)
  }
  for (const n of graph.nodes) expect(n.node === null).toBe(n.count !== 1 || n.id.startsWith('r'))
  return graph
}

function draw(analysis: HeapAnalysis, target: GraphQuery['target'], expand: string[] = []): GraphView {
  return checkWellFormed(graphView(analysis, { target, expand }))
}

async function analyzeRun(source: string, steps: number): Promise<HeapAnalysis> {
  const result = await runProgram(source, { steps })
  expect(result.error).toBeNull()
  return analyzeSnapshot(result.heap!.snapshot!)
}

function lineGroup(analysis: HeapAnalysis, name: string, kind: NodeKind = 'object'): string {
  const group = analysis.byLine.find((g) => g.name === name && g.kind === kind)
  if (!group) throw new Error(`no ${kind} ${name}`)
  return group.key
}

/** `list` → Array → `count` Items (line 2), each `.data` → a Blob (line 3). */
function itemList(count: number): { snapshot: HeapSnapshot; array: number; items: number[]; blobs: number[] } {
  const b = new SnapshotBuilder()
  const array = b.node('array', 'Array', 16, ['main.js', 1])
  b.root('list', array)
  const items: number[] = []
  const blobs: number[] = []
  for (let i = 0; i < count; i++) {
    const item = b.node('object', 'Item', 10, ['main.js', 2])
    const blob = b.node('object', 'Blob', 100, ['main.js', 3])
    b.edge(array, item, 'element', String(i)).edge(item, blob, 'property', 'data')
    items.push(item)
    blobs.push(blob)
  }
  return { snapshot: b.build(), array, items, blobs }
}

const BLOB = groupKeyId({ kind: 'object', name: 'Blob', site: 'main.js:3' })
const ITEM = groupKeyId({ kind: 'object', name: 'Item', site: 'main.js:2' })

describe('the graph of a group', () => {
  it('draws the seed leak, 100,000 DataHolders in a list, as 3 nodes', async () => {
    const analysis = await analyzeRun(
      'class DataHolder { constructor(d) { this.data = d } }\nconst leakList = []\nfunction step(i) { for (let k = 0; k < 1000; k++) leakList.push(new DataHolder(k)) }',
      100,
    )
    const key = lineGroup(analysis, 'DataHolder')
    const graph = draw(analysis, { group: key, by: 'line' })
    expect(shape(graph)).toEqual({
      nodes: ['leakList (root)', 'Array (path)', 'DataHolder ×100000 (target)'],
      edges: ['leakList --> Array *', 'Array -[0…99999]-> DataHolder ×100000 *'],
    })
    expect(graph.path).toBe('leakList[0]')
    expect(graph.truncated).toBe(false)
    const group = analysis.byLine.find((g) => g.key === key)!
    const [root, array, holders] = graph.nodes
    expect(root).toMatchObject({ kind: 'root', count: 1, node: null })
    expect(array).toMatchObject({ id: `n${array.node}`, kind: 'array', site: 'main.js:2:18' })
    expect(analysis.snapshot.nodes[array.node!].name).toBe('Array')
    expect(holders).toMatchObject({
      kind: 'object',
      node: null,
      site: expect.stringMatching(/^main\.js:3:\d+$/),
      shallowBytes: group.shallowBytes,
      retainedBytes: group.retainedBytes,
    })
    // By constructor, the same objects, the same picture.
    const byConstructor = draw(analysis, { group: groupKeyId({ kind: 'object', name: 'DataHolder', site: null }), by: 'constructor' })
    expect(shape(byConstructor)).toEqual(shape(graph))
  })

  it('draws a Map cache: the values collapse under `.get(*)`, what they hold under its property', () => {
    const b = new SnapshotBuilder()
    const map = b.node('map', 'Map', 64, ['main.js', 1])
    b.root('cache', map)
    for (let i = 0; i < 50; i++) {
      const user = b.node('object', 'User', 40, ['main.js', 3])
      const rows = b.node('array', 'Array', 24, ['main.js', 3])
      b.edge(map, user, 'map-value', `"u${i}"`).edge(user, rows, 'property', 'rows')
    }
    const analysis = analyzeSnapshot(b.build())
    const rows = draw(analysis, { group: lineGroup(analysis, 'Array', 'array'), by: 'line' })
    expect(shape(rows)).toEqual({
      nodes: ['cache (root)', 'Map (path)', 'User ×50 (path)', 'Array ×50 (target)'],
      edges: ['cache --> Map *', 'Map -.get(*)-> User ×50 *', 'User ×50 -.rows-> Array ×50 *'],
    })
    expect(rows.path).toBe('cache.get("u0").rows')
    expect(rows.nodes[3]).toMatchObject({ shallowBytes: 50 * 24, retainedBytes: 50 * 24 })
    expect(rows.nodes[2]).toMatchObject({ shallowBytes: 50 * 40, retainedBytes: 50 * 64 })
  })

  it('draws the closures forgotten timers hold, and what they captured', async () => {
    const analysis = await analyzeRun('function step(i) { const report = { lines: [i] }\n  setInterval(() => report.lines.length, 1000) }', 20)
    const graph = draw(analysis, { group: lineGroup(analysis, 'Object'), by: 'line' })
    expect(shape(graph)).toEqual({
      nodes: ['setInterval#1…#20 ×20 (root)', '(closure (anonymous)) ×20 (path)', 'Object ×20 (target)'],
      edges: ['setInterval#1…#20 ×20 --> (closure (anonymous)) ×20 *', '(closure (anonymous)) ×20 -.report-> Object ×20 *'],
    })
    expect(graph.path).toBe('setInterval#1 → (closure (anonymous)).report')
  })

  it('draws a closure per element holding an object each as two collapsed nodes', async () => {
    const analysis = await analyzeRun(
      'const handlers = []\nfunction step(i) { for (let k = 0; k < 10; k++) { const payload = { at: i }; handlers.push(() => payload.at) } }',
      20,
    )
    const graph = draw(analysis, { group: lineGroup(analysis, 'Object'), by: 'line' })
    expect(shape(graph)).toEqual({
      nodes: ['handlers (root)', 'Array (path)', '(closure (anonymous)) ×200 (path)', 'Object ×200 (target)'],
      edges: [
        'handlers --> Array *',
        'Array -[0…199]-> (closure (anonymous)) ×200 *',
        '(closure (anonymous)) ×200 -.payload-> Object ×200 *',
      ],
    })
  })

  it('keeps a few siblings apart, and draws only shortest paths (a cycle closes no loop)', () => {
    const b = new SnapshotBuilder()
    const head = b.node('object', 'Node', 10, ['main.js', 1])
    const next = b.node('object', 'Node', 10, ['main.js', 1])
    const global = b.node('root', 'globalThis', 0)
    b.root('globalThis', global).edge(global, head, 'property', 'head').edge(head, next, 'property', 'next').edge(next, head, 'property', 'prev')
    const graph = draw(analyzeSnapshot(b.build()), { group: groupKeyId({ kind: 'object', name: 'Node', site: 'main.js:1' }), by: 'line' })
    expect(shape(graph)).toEqual({
      nodes: ['globalThis (root)', 'Node (target)', 'Node (target)'],
      edges: ['globalThis -.head-> Node *', 'Node -.next-> Node'],
    })
    expect(graph.nodes.map((n) => n.id)).toEqual([`n${global}`, `n${head}`, `n${next}`])
  })
})

describe('the graph of one object', () => {
  it('draws a cycle: its path, and the edge back from its other retainer', () => {
    const b = new SnapshotBuilder()
    const a = b.node('object', 'Node', 10, ['main.js', 1])
    const c = b.node('object', 'Node', 10, ['main.js', 1])
    b.root('a', a).edge(a, c, 'property', 'next').edge(c, a, 'property', 'prev')
    const analysis = analyzeSnapshot(b.build())
    expect(shape(draw(analysis, { node: a }))).toEqual({
      nodes: ['a (root)', 'Node (target)', 'Node (other)'],
      edges: ['a --> Node *', 'Node -.next-> Node', 'Node -.prev-> Node'],
    })
    const other = draw(analysis, { node: c })
    expect(shape(other)).toEqual({
      nodes: ['a (root)', 'Node (path)', 'Node (target)'],
      edges: ['a --> Node *', 'Node -.next-> Node *'],
    })
    expect(other.path).toBe('a.next')
  })

  it('draws an object with two retainers, each with its own path', () => {
    const b = new SnapshotBuilder()
    const global = b.node('root', 'globalThis', 0)
    const shared = b.node('object', 'Config', 30, ['main.js', 1])
    const holder = b.node('object', 'Service', 20, ['main.js', 2])
    b.root('globalThis', global).edge(global, shared, 'property', 'config')
    b.root('service', holder).edge(holder, shared, 'property', 'config')
    const graph = draw(analyzeSnapshot(b.build()), { node: shared })
    expect(shape(graph)).toEqual({
      nodes: ['globalThis (root)', 'service (root)', 'Service (other)', 'Config (target)'],
      edges: ['service --> Service', 'globalThis -.config-> Config *', 'Service -.config-> Config'],
    })
    expect(graph.path).toBe('globalThis.config')
    expect(graph.nodes.find((n) => n.role === 'target')).toMatchObject({ id: `n${shared}`, node: shared, count: 1, shallowBytes: 30, retainedBytes: 30 })
  })

  it('draws each binding that holds it directly as a root of its own', () => {
    const b = new SnapshotBuilder()
    const o = b.node('object', 'Session', 10, ['main.js', 1])
    b.root('current', o).root('previous', o)
    expect(shape(draw(analyzeSnapshot(b.build()), { node: o }))).toEqual({
      nodes: ['current (root)', 'Session (target)', 'previous (root)'],
      edges: ['current --> Session *', 'previous --> Session'],
    })
  })

  it('draws many references between the same two objects as one edge, a few as themselves', () => {
    const b = new SnapshotBuilder()
    const array = b.node('array', 'Array', 16, ['main.js', 1])
    const filler = b.node('object', 'Filler', 10, ['main.js', 2])
    const pair = b.node('object', 'Pair', 10, ['main.js', 3])
    b.root('filled', array).root('pair', pair)
    for (let i = 0; i < 1000; i++) b.edge(array, filler, 'element', String(i))
    b.edge(pair, filler, 'property', 'left').edge(pair, filler, 'property', 'right')
    const graph = draw(analyzeSnapshot(b.build()), { node: filler })
    expect(shape(graph).edges).toEqual(['filled --> Array *', 'pair --> Pair', 'Array -[0…999]-> Filler *', 'Pair -.left-> Filler', 'Pair -.right-> Filler'])
  })

  it('draws the object on its own among siblings that collapse, and merges the edges from them', () => {
    // Ten Holders in a list each refer to a Holder that is also in the list.
    const b = new SnapshotBuilder()
    const array = b.node('array', 'Array', 16, ['main.js', 1])
    b.root('list', array)
    const target = b.node('object', 'Holder', 10, ['main.js', 2])
    b.edge(array, target, 'element', '0')
    for (let i = 1; i <= 10; i++) {
      const h = b.node('object', 'Holder', 10, ['main.js', 2])
      b.edge(array, h, 'element', String(i)).edge(h, target, 'property', 'ref')
    }
    expect(shape(draw(analyzeSnapshot(b.build()), { node: target }))).toEqual({
      nodes: ['list (root)', 'Array (path)', 'Holder (target)', 'Holder ×10 (other)'],
      edges: ['list --> Array *', 'Array -[0]-> Holder *', 'Array -[1…10]-> Holder ×10', 'Holder ×10 -.ref-> Holder'],
    })
  })

  it('merges the edges from a collapsed set into one, the tree edge and the others alike', () => {
    const b = new SnapshotBuilder()
    const array = b.node('array', 'Array', 16, ['main.js', 1])
    const proto = b.node('object', 'Object', 10, ['main.js', 2])
    b.root('list', array)
    for (let i = 0; i < 30; i++) {
      const h = b.node('object', 'Holder', 10, ['main.js', 3])
      b.edge(array, h, 'element', String(i)).edge(h, proto, 'prototype', '__proto__')
    }
    expect(shape(draw(analyzeSnapshot(b.build()), { node: proto }))).toEqual({
      nodes: ['list (root)', 'Array (path)', 'Holder ×30 (path)', 'Object (target)'],
      edges: ['list --> Array *', 'Array -[0…29]-> Holder ×30 *', 'Holder ×30 -.__proto__-> Object *'],
    })
  })

  it('draws a timer held by a root node, with the notation on each edge', () => {
    const b = new SnapshotBuilder()
    const timers = b.node('root', '(timers)', 0)
    const tick = b.node('closure', 'tick', 50, ['main.js', 2])
    const cache = b.node('map', 'Map', 64, ['main.js', 1])
    const user = b.node('object', 'User', 40, ['main.js', 3])
    b.root('(timers)', timers).edge(timers, tick, 'root', 'setInterval#1').edge(tick, cache, 'closure', 'cache').edge(cache, user, 'map-value', '"u7"')
    const graph = draw(analyzeSnapshot(b.build()), { node: user })
    expect(shape(graph)).toEqual({
      nodes: ['(timers) (root)', '(closure tick) (path)', 'Map (path)', 'User (target)'],
      edges: ['(timers) -setInterval#1-> (closure tick) *', '(closure tick) -.cache-> Map *', 'Map -.get("u7")-> User *'],
    })
    expect(graph.path).toBe('(timers) → setInterval#1 → (closure tick).cache.get("u7")')
  })

  it('refuses a node or group the heap does not have', () => {
    const b = new SnapshotBuilder()
    const a = b.node('object', 'A')
    const garbage = b.node('object', 'A')
    b.root('a', a)
    const analysis = analyzeSnapshot(b.build())
    for (const node of [0, -1, 1.5, 99, garbage]) expect(() => graphView(analysis, { target: { node }, expand: [] })).toThrow(RangeError)
    expect(() => graphView(analysis, { target: { group: 'nope', by: 'line' }, expand: [] })).toThrow(/no group nope/)
    const byConstructor = groupKeyId({ kind: 'object', name: 'A', site: null })
    expect(() => graphView(analysis, { target: { group: byConstructor, by: 'line' }, expand: [] })).toThrow(RangeError)
    expect(draw(analysis, { group: byConstructor, by: 'constructor' }).nodes).toHaveLength(2)
  })
})

describe('expanding collapsed nodes', () => {
  const { snapshot, array, items } = itemList(100)
  const analysis = analyzeSnapshot(snapshot)
  const collapsed = draw(analysis, { group: BLOB, by: 'line' })
  const itemsId = collapsed.nodes.find((n) => n.label === 'Item')!.id

  it('shows the first members one by one, with what they hold, and keeps the rest collapsed', () => {
    expect(shape(collapsed).nodes).toEqual(['list (root)', 'Array (path)', 'Item ×100 (path)', 'Blob ×100 (target)'])
    const step = GRAPH_LIMITS.expandStep
    const graph = draw(analysis, { group: BLOB, by: 'line' }, [itemsId])
    const { nodes, edges } = shape(graph)
    expect(nodes.filter((n) => n === 'Item (path)' || n === 'Item (other)')).toHaveLength(step)
    expect(nodes).toContain(`… Item ×${100 - step} (other)`)
    expect(nodes.filter((n) => n === 'Blob (target)')).toHaveLength(step)
    expect(nodes).toContain(`Blob ×${100 - step} (target)`)
    expect(graph.nodes).toHaveLength(2 + step + 1 + step + 1)
    expect(edges).toContain('Array -[0]-> Item *')
    expect(edges).toContain(`Array -[${step - 1}]-> Item`)
    expect(edges).toContain(`Array -[${step}…99]-> … Item ×${100 - step}`)
    expect(graph.nodes.filter((n) => n.label === 'Item').map((n) => n.node)).toEqual(items.slice(0, step))
  })

  it('shows more each time the rest is expanded', () => {
    const once = draw(analysis, { group: BLOB, by: 'line' }, [itemsId])
    const rest = once.nodes.find((n) => n.label === '… Item')!
    expect(rest.id).toBe(`${itemsId}@${GRAPH_LIMITS.expandStep}`)
    const twice = draw(analysis, { group: BLOB, by: 'line' }, [itemsId, rest.id])
    expect(twice.nodes.filter((n) => n.label === 'Item')).toHaveLength(2 * GRAPH_LIMITS.expandStep)
    expect(twice.nodes.find((n) => n.label === '… Item')).toMatchObject({ id: `${itemsId}@${2 * GRAPH_LIMITS.expandStep}`, count: 100 - 2 * GRAPH_LIMITS.expandStep })
    // Expanding the rest alone shows nothing more: the first expansion is what it continues.
    expect(draw(analysis, { group: BLOB, by: 'line' }, [rest.id])).toEqual(collapsed)
  })

  it('shows every member when few would be left collapsed', () => {
    const small = analyzeSnapshot(itemList(GRAPH_LIMITS.expandStep + 2).snapshot)
    const id = draw(small, { group: BLOB, by: 'line' }).nodes.find((n) => n.label === 'Item')!.id
    const graph = draw(small, { group: BLOB, by: 'line' }, [id])
    expect(graph.nodes.filter((n) => n.label === 'Item')).toHaveLength(GRAPH_LIMITS.expandStep + 2)
    expect(graph.nodes.some((n) => n.count > 1)).toBe(false)
  })

  it('ignores ids it does not know', () => {
    expect(draw(analysis, { group: BLOB, by: 'line' }, ['c(nope)', `n${array}`, 'x'])).toEqual(collapsed)
  })

  it("expands a collapsed set of roots by the root's id or the set's", async () => {
    const timers = await analyzeRun('function step(i) { const report = { lines: [i] }\n  setInterval(() => report.lines.length, 1000) }', 30)
    const target = { group: lineGroup(timers, 'Object'), by: 'line' } as const
    const [root, closures] = draw(timers, target).nodes
    expect(root.id).toBe(`r${closures.id}`)
    const byRoot = draw(timers, target, [root.id])
    expect(byRoot).toEqual(draw(timers, target, [closures.id]))
    expect(shape(byRoot).nodes.slice(0, 3)).toEqual(['setInterval#1 (root)', '(closure (anonymous)) (path)', 'setInterval#2 (root)'])
    expect(shape(byRoot).nodes).toContain('setInterval#21…#30 ×10 (root)')
  })
})

describe('ids', () => {
  const { snapshot, array } = itemList(100)

  it('are the same for the same query, on the same snapshot analysed again', () => {
    const first = draw(analyzeSnapshot(snapshot), { group: BLOB, by: 'line' })
    expect(draw(analyzeSnapshot(snapshot), { group: BLOB, by: 'line' })).toEqual(first)
  })

  it('name a collapsed set the same in every query that draws it', () => {
    const analysis = analyzeSnapshot(snapshot)
    const viaBlobs = draw(analysis, { group: BLOB, by: 'line' }).nodes.find((n) => n.label === 'Item')!
    const viaItems = draw(analysis, { group: ITEM, by: 'line' }).nodes.find((n) => n.label === 'Item')!
    expect(viaItems.id).toBe(viaBlobs.id)
    expect(viaItems.role).toBe('target')
    expect(draw(analysis, { node: array }).nodes.find((n) => n.role === 'target')!.id).toBe(`n${array}`)
  })

  it('of one object are its node id, which a node query takes back', () => {
    const analysis = analyzeSnapshot(snapshot)
    const expanded = draw(analysis, { group: BLOB, by: 'line' }, [draw(analysis, { group: BLOB, by: 'line' }).nodes[2].id])
    const blob = expanded.nodes.find((n) => n.label === 'Blob' && n.count === 1)!
    expect(blob.id).toBe(`n${blob.node}`)
    const focused = draw(analysis, { node: blob.node! })
    expect(focused.nodes.find((n) => n.role === 'target')!.id).toBe(blob.id)
    expect(focused.path).toBe('list[0].data')
  })
})

describe('caps', () => {
  it('cuts a wide graph at the node cap, says so, and still draws the highlighted path whole', () => {
    // 300 bindings, each holding an object of its own class that holds one Leaf. The member closest
    // to the root with the lowest id (the representative) hangs from the last binding.
    const b = new SnapshotBuilder()
    const n = 300
    const leaves = Array.from({ length: n }, () => b.node('object', 'Leaf', 8, ['main.js', 9]))
    for (let i = 0; i < n; i++) {
      const holder = b.node('object', `C${i}`, 16, ['main.js', 5])
      b.root(`v${i}`, holder).edge(holder, leaves[n - 1 - i], 'property', 'leaf')
    }
    const analysis = analyzeSnapshot(b.build())
    const graph = draw(analysis, { group: groupKeyId({ kind: 'object', name: 'Leaf', site: 'main.js:9' }), by: 'line' })
    expect(graph.truncated).toBe(true)
    expect(graph.nodes.length).toBeLessThanOrEqual(GRAPH_LIMITS.nodes + 3)
    expect(graph.nodes.length).toBeGreaterThanOrEqual(GRAPH_LIMITS.nodes - 1)
    expect(graph.path).toBe(`v${n - 1}.leaf`)
    const onPath = shape(graph).edges.filter((e) => e.endsWith('*'))
    expect(onPath).toEqual([`v${n - 1} --> C${n - 1} *`, `C${n - 1} -.leaf-> Leaf *`])
    expect(graph.nodes.find((node) => node.node === leaves[0])).toMatchObject({ role: 'target' })
  })

  it('cuts a long chain at the node cap', () => {
    const b = new SnapshotBuilder()
    let prev = b.node('object', 'Link', 8, ['main.js', 1])
    b.root('head', prev)
    for (let i = 0; i < 1000; i++) {
      const next = b.node('object', 'Link', 8, ['main.js', 1])
      b.edge(prev, next, 'property', 'next')
      prev = next
    }
    const graph = draw(analyzeSnapshot(b.build()), { group: groupKeyId({ kind: 'object', name: 'Link', site: 'main.js:1' }), by: 'line' })
    expect(graph.truncated).toBe(true)
    expect(graph.nodes).toHaveLength(GRAPH_LIMITS.nodes)
    expect(graph.path).toBe('head')
  })

  it('is not truncated when everything fits', () => {
    const graph = draw(analyzeSnapshot(itemList(1000).snapshot), { group: BLOB, by: 'line' })
    expect(graph.truncated).toBe(false)
    expect(graph.nodes).toHaveLength(4)
  })
})
