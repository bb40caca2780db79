/**
 * LeakLab's snapshot written as Chrome's `.heapsnapshot`, read back by two real consumers of the format:
 * memlab (`@memlab/core`: the parser and the dominator / retained-size / shortest-path analysis that
 * `getFullHeapFromFile` runs) and Chrome DevTools' own heap snapshot worker (the Memory panel's code,
 * as packaged by `heap-snapshot-toolkit`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IHeapEdge, IHeapNode, IHeapSnapshot } from '@memlab/core'
import { DevToolsAPI } from 'heap-snapshot-toolkit'
import { readWithDevTools, readWithMemlab } from './consumers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  EDGE_FIELDS,
  EDGE_TYPES,
  NODE_FIELDS,
  NODE_TYPES,
  buildChromeHeapSnapshot,
  chromeEdge,
  chromeHeapSnapshotChunks,
  chromeNodeId,
  chromeNodeType,
  toChromeHeapSnapshot,
} from '../../src/heap/heapsnapshot-format'
import type { HeapSnapshot } from '../../src/heap/snapshot'
import { ARRAY_SIZE, HOLDERS, HOLDER_SIZE, bigSnapshot, leakFixture, payloadSize } from './leak-fixture'

const F = NODE_FIELDS.length
const fixture = leakFixture()
const { snapshot, holders, payloads } = fixture
const nodeCount = snapshot.nodes.length

let dir: string
let file: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leaklab-heapsnapshot-'))
  file = join(dir, 'leak.heapsnapshot')
  writeFileSync(file, toChromeHeapSnapshot(snapshot))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// What every analysis of this heap must find (see leak-fixture.ts).
const holderRetained = (i: number) => HOLDER_SIZE + payloadSize(i)
let arrayRetained = ARRAY_SIZE
for (let i = 0; i < HOLDERS; i++) if (i !== 7) arrayRetained += holderRetained(i)
const totalSize = snapshot.nodes.reduce((sum, node) => sum + node.size, 0)


describe('the .heapsnapshot text', () => {
  const text = toChromeHeapSnapshot(snapshot)
  const json = JSON.parse(text)

  it("is JSON with V8's sections in V8's order and V8's meta", () => {
    expect(Object.keys(json)).toEqual([
      'snapshot',
      'nodes',
      'edges',
      'trace_function_infos',
      'trace_tree',
      'samples',
      'locations',
      'strings',
    ])
    expect(json.snapshot).toEqual({
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
        node_types: [
          [
            'hidden',
            'array',
            'string',
            'object',
            'code',
            'closure',
            'regexp',
            'number',
            'native',
            'synthetic',
            'concatenated string',
            'sliced string',
            'symbol',
            'bigint',
            'object shape',
          ],
          'string',
          'number',
          'number',
          'number',
          'number',
          'number',
        ],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [
          ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'],
          'string_or_number',
          'node',
        ],
        trace_function_info_fields: ['function_id', 'name', 'script_name', 'script_id', 'line', 'column'],
        trace_node_fields: ['id', 'function_info_index', 'count', 'size', 'children'],
        sample_fields: ['timestamp_us', 'last_assigned_id'],
        location_fields: ['object_index', 'script_id', 'line', 'column'],
      },
      node_count: nodeCount,
      edge_count: snapshot.edges.length,
      trace_function_count: 0,
    })
    expect(json.trace_function_infos).toEqual([])
    expect(json.trace_tree).toEqual([])
    expect(json.samples).toEqual([])
    expect(json.strings[0]).toBe('<dummy>')
    // Readers scan the numeric sections for digits, commas and brackets only.
    expect(text).toMatch(/"nodes":\[[\d,]*\],\n"edges":\[[\d,]*\],\n/)
  })

  it('writes node i as LeakLab node i: odd ids, the root first as a nameless synthetic node', () => {
    const nodes: number[] = json.nodes
    expect(nodes.length).toBe(nodeCount * F)
    const type = (ordinal: number) => NODE_TYPES[nodes[ordinal * F]]
    const name = (ordinal: number) => json.strings[nodes[ordinal * F + 1]]
    expect(type(0)).toBe('synthetic')
    expect(name(0)).toBe('')
    for (let i = 0; i < nodeCount; i++) {
      expect(nodes[i * F + 2]).toBe(2 * i + 1)
      expect(nodes[i * F + 5]).toBe(0) // trace_node_id
      expect(nodes[i * F + 6]).toBe(0) // detachedness
    }
    expect([type(fixture.global), name(fixture.global)]).toEqual(['object', 'global'])
    expect([type(fixture.leakList), name(fixture.leakList)]).toEqual(['object', 'Array'])
    expect([type(holders[3]), name(holders[3])]).toEqual(['object', 'DataHolder'])
    expect([type(payloads[3]), name(payloads[3])]).toEqual(['string', '(string)'])
    expect([type(fixture.tick), name(fixture.tick)]).toEqual(['closure', 'tick'])
    expect([type(fixture.cache), name(fixture.cache)]).toEqual(['object', 'Map'])
    expect([type(fixture.timers), name(fixture.timers)]).toEqual(['hidden', '(timers)'])
  })

  it('groups edges by source node in node order, each node keeping its own order, to_node = ordinal × 7', () => {
    const nodes: number[] = json.nodes
    const edges: number[] = json.edges
    const E = EDGE_FIELDS.length
    let at = 0
    const out: Array<Array<[string, string | number, number]>> = []
    for (let n = 0; n < nodeCount; n++) {
      const list: Array<[string, string | number, number]> = []
      for (let k = 0; k < nodes[n * F + 4]; k++, at += E) {
        const type = EDGE_TYPES[edges[at]]
        expect(edges[at + 2] % F).toBe(0)
        const nameOrIndex = type === 'element' ? edges[at + 1] : json.strings[edges[at + 1]]
        list.push([type, nameOrIndex, edges[at + 2] / F])
      }
      out.push(list)
    }
    expect(at).toBe(edges.length)
    expect(out[0]).toEqual([
      ['shortcut', 'globalThis', fixture.global],
      ['shortcut', 'config', fixture.config],
      ['shortcut', '(timers)', fixture.timers],
    ])
    expect(out[fixture.leakList]).toEqual(holders.map((h, i) => ['element', i, h]))
    expect(out[holders[0]]).toEqual([
      ['property', 'payload', payloads[0]],
      ['property', 'owner', fixture.leakList],
    ])
    expect(out[fixture.timers]).toEqual([['internal', 'setInterval#1', fixture.tick]])
    expect(out[fixture.tick]).toEqual([['context', 'cache', fixture.cache]])
    expect(out[fixture.cache]).toEqual([['internal', 'get("u7")', holders[7]]])
  })

  it("puts functions' source positions (0-based) in locations, keyed by the node's index in nodes", () => {
    const built = buildChromeHeapSnapshot(snapshot)
    expect(built.scripts).toEqual(['leak.js'])
    expect([...built.locations]).toEqual([fixture.tick * F, 1, 11, 12])
    expect(json.locations).toEqual([fixture.tick * F, 1, 11, 12])
  })

  it('maps every LeakLab edge kind', () => {
    expect(chromeEdge('root', 'globalThis', true)).toEqual({ type: 'shortcut', name: 'globalThis' })
    expect(chromeEdge('property', 'leakList', true)).toEqual({ type: 'shortcut', name: 'leakList' })
    expect(chromeEdge('root', 'setInterval#1', false)).toEqual({ type: 'internal', name: 'setInterval#1' })
    expect(chromeEdge('property', 'cache', false)).toEqual({ type: 'property', name: 'cache' })
    expect(chromeEdge('element', '42', false)).toEqual({ type: 'element', name: 42 })
    expect(chromeEdge('element', 'x', false)).toEqual({ type: 'property', name: 'x' })
    expect(chromeEdge('element', '007', false)).toEqual({ type: 'property', name: '007' })
    expect(chromeEdge('closure', 'cache', false)).toEqual({ type: 'context', name: 'cache' })
    expect(chromeEdge('prototype', '__proto__', false)).toEqual({ type: 'property', name: '__proto__' })
    expect(chromeEdge('map-key', '{DataHolder}', false)).toEqual({ type: 'internal', name: 'key({DataHolder})' })
    expect(chromeEdge('map-value', '"u7"', false)).toEqual({ type: 'internal', name: 'get("u7")' })
    expect(chromeEdge('set-member', '3', false)).toEqual({ type: 'internal', name: 'values()[3]' })
    expect(chromeEdge('internal', 'target', false)).toEqual({ type: 'internal', name: 'target' })
  })

  it('maps every LeakLab node kind', () => {
    expect(chromeNodeType('root', true)).toBe('synthetic')
    expect(chromeNodeType('root')).toBe('hidden')
    for (const kind of ['function', 'closure', 'class', 'bound-function'] as const) expect(chromeNodeType(kind)).toBe('closure')
    for (const kind of [
      'object',
      'array',
      'map',
      'set',
      'weakmap',
      'weakset',
      'weakref',
      'promise',
      'proxy',
      'date',
      'error',
      'arraybuffer',
      'typed-array',
    ] as const) {
      expect(chromeNodeType(kind)).toBe('object')
    }
    expect(chromeNodeType('regexp')).toBe('regexp')
    expect(chromeNodeType('string')).toBe('string')
    expect(chromeNodeType('native')).toBe('native')
    expect(chromeNodeId(0)).toBe(1)
    expect(chromeNodeId(21)).toBe(43)
  })

  it('escapes names as JSON and refuses a snapshot that breaks the model', () => {
    const weird: HeapSnapshot = {
      nodes: [
        { id: 0, kind: 'root', name: '(roots)', site: null, size: 0 },
        { id: 1, kind: 'object', name: 'Quo"te\n\u2028\ud800', site: null, size: 1.6 },
      ],
      edges: [{ from: 0, to: 1, kind: 'root', label: '"nodes":[' }],
      step: 0,
      time: 0,
    }
    const parsed = JSON.parse(toChromeHeapSnapshot(weird))
    expect(parsed.strings).toContain('Quo"te\n\u2028\ud800')
    expect(parsed.strings).toContain('"nodes":[')
    expect(parsed.nodes[F + 3]).toBe(2)
    expect(() => toChromeHeapSnapshot({ ...weird, nodes: [] })).toThrow(/root/)
    expect(() => toChromeHeapSnapshot({ ...weird, edges: [{ from: 0, to: 2, kind: 'root', label: 'x' }] })).toThrow(
      /node 2/,
    )
    expect(() => toChromeHeapSnapshot({ ...weird, nodes: [weird.nodes[0], { ...weird.nodes[1], id: 5 }] })).toThrow(
      /id 5/,
    )
  })
})

describe('memlab (@memlab/core) reads it', () => {
  let heap: IHeapSnapshot
  let finder: Awaited<ReturnType<typeof readWithMemlab>>['finder']
  const node = (id: number) => heap.getNodeById(chromeNodeId(id)) as IHeapNode
  beforeAll(async () => {
    ;({ heap, finder } = await readWithMemlab(file))
  })

  it('sees every node, the root at index 0', () => {
    expect(heap.nodes.length).toBe(nodeCount)
    expect(heap.edges.length).toBe(snapshot.edges.length)
    const root = heap.nodes.get(0) as IHeapNode
    expect([root.id, root.type, root.name]).toEqual([1, 'synthetic', ''])
  })

  it('sees the 100 DataHolders with their names and self sizes', () => {
    const found: IHeapNode[] = []
    heap.nodes.forEach((n) => {
      if (n.name === 'DataHolder') found.push(n)
    })
    expect(found.map((n) => n.id)).toEqual(holders.map(chromeNodeId))
    for (const n of found) {
      expect(n.type).toBe('object')
      expect(n.self_size).toBe(HOLDER_SIZE)
    }
    expect(node(payloads[5]).type).toBe('string')
    expect(node(payloads[5]).self_size).toBe(payloadSize(5))
  })

  it("sees leakList's elements, in order", () => {
    const list = node(fixture.leakList)
    expect(list.name).toBe('Array')
    expect(list.edge_count).toBe(HOLDERS)
    expect(list.references.map((e: IHeapEdge) => [e.type, e.name_or_index, e.toNode.id])).toEqual(
      holders.map((h, i) => ['element', i, chromeNodeId(h)]),
    )
  })

  it('computes retainers', () => {
    const retainers = (id: number) =>
      node(id)
        .referrers.map((e: IHeapEdge) => `${e.fromNode.name}@${e.fromNode.id} -${e.type}:${e.name_or_index}->`)
        .sort()
    expect(retainers(holders[42])).toEqual([`Array@${chromeNodeId(fixture.leakList)} -element:42->`])
    expect(retainers(holders[7])).toEqual([
      `Array@${chromeNodeId(fixture.leakList)} -element:7->`,
      `Map@${chromeNodeId(fixture.cache)} -internal:get("u7")->`,
    ])
    expect(retainers(fixture.leakList)).toEqual([
      `DataHolder@${chromeNodeId(holders[0])} -property:owner->`,
      `global@${chromeNodeId(fixture.global)} -property:leakList->`,
    ])
  })

  it('computes dominators and retained sizes', () => {
    for (let i = 0; i < HOLDERS; i++) {
      const holder = node(holders[i])
      expect(holder.retainedSize).toBe(holderRetained(i))
      // DataHolder 7 is also held through the timer's Map: only the root dominates it.
      expect(holder.dominatorNode?.id).toBe(i === 7 ? 1 : chromeNodeId(fixture.leakList))
    }
    expect(node(fixture.leakList).retainedSize).toBe(arrayRetained)
    expect(node(fixture.leakList).dominatorNode?.id).toBe(chromeNodeId(fixture.global))
    // The cycle: a → b → a, held by global.ring.
    expect(node(fixture.ringA).retainedSize).toBe(64)
    expect(node(fixture.ringB).dominatorNode?.id).toBe(chromeNodeId(fixture.ringA))
    expect(node(fixture.tick).retainedSize).toBe(64 + 88)
    expect(node(fixture.cache).dominatorNode?.id).toBe(chromeNodeId(fixture.tick))
    expect(heap.nodes.get(0)?.retainedSize).toBe(totalSize)
  })

  it('finds the shortest path from the root', () => {
    const steps: string[] = []
    for (let p = finder.getPathToGCRoots(heap, node(holders[42])); p; p = p.next) {
      steps.push(`${p.node?.name}${p.edge ? ` -${p.edge.type}:${p.edge.name_or_index}->` : ''}`)
    }
    expect(steps).toEqual([' -shortcut:globalThis->', 'global -property:leakList->', 'Array -element:42->', 'DataHolder'])
  })

  it("sees the closure's captured variable as a context edge", () => {
    const tick = node(fixture.tick)
    expect([tick.type, tick.name]).toEqual(['closure', 'tick'])
    expect(tick.references.map((e: IHeapEdge) => [e.type, e.name_or_index, e.toNode.name])).toEqual([
      ['context', 'cache', 'Map'],
    ])
    expect(tick.getReferenceNode('cache', 'context')?.id).toBe(chromeNodeId(fixture.cache))
  })
})

describe("Chrome DevTools' heap snapshot worker (heap-snapshot-toolkit) reads it", () => {
  let devtools: Awaited<ReturnType<typeof readWithDevTools>>
  let memlabHeap: IHeapSnapshot
  const at = (id: number) => devtools.createNode(id * F)
  beforeAll(async () => {
    devtools = await readWithDevTools(file)
    memlabHeap = (await readWithMemlab(file)).heap
  })

  it('sees every node, the root first', () => {
    expect(devtools.nodeCount).toBe(nodeCount)
    expect(devtools.rootNode().id()).toBe(1)
    expect(devtools.totalSize).toBe(totalSize)
    expect([at(holders[9]).name(), at(holders[9]).type(), at(holders[9]).selfSize()]).toEqual([
      'DataHolder',
      'object',
      HOLDER_SIZE,
    ])
  })

  it('computes distances from the roots as the Memory panel shows them', () => {
    expect(at(fixture.global).distance()).toBe(1)
    expect(at(fixture.config).distance()).toBe(1)
    expect(at(fixture.leakList).distance()).toBe(2)
    for (const h of holders) expect(at(h).distance()).toBe(3)
    expect(at(payloads[0]).distance()).toBe(4)
    expect(at(fixture.tick).distance()).toBe(2)
    expect(at(fixture.cache).distance()).toBe(3)
  })

  it('computes the same dominators and retained sizes as memlab, for every node', () => {
    for (let id = 0; id < nodeCount; id++) {
      const mine = at(id)
      const theirs = memlabHeap.nodes.get(id) as IHeapNode
      expect(mine.retainedSize()).toBe(theirs.retainedSize)
      if (id !== 0) expect(mine.dominatorIndex() / F).toBe(theirs.dominatorNode?.nodeIndex)
    }
    expect(at(holders[42]).retainedSize()).toBe(holderRetained(42))
    expect(at(fixture.leakList).retainedSize()).toBe(arrayRetained)
  })

  it('lists retainers as the Retainers view does', () => {
    const retainers = (id: number) =>
      devtools
        .createRetainingEdgesProvider(id * F)
        .serializeItemsRange(0, 100)
        .items.map((e) => {
          const edge = e as { name: string; type: string; node: { name: string } }
          return `${edge.type}:${edge.name} in ${edge.node.name}`
        })
        .sort()
    expect(retainers(holders[7])).toEqual(['element:7 in Array', 'internal:get("u7") in Map'])
    expect(retainers(fixture.cache)).toEqual(['context:cache in tick'])
    expect(retainers(fixture.tick)).toEqual(['internal:setInterval#1 in (timers)'])
    // The root's own edges are not listed, as for a browser's Window.
    expect(retainers(fixture.global)).toEqual([])
  })

  it('groups the Summary view by constructor', () => {
    const allObjects = new DevToolsAPI.HeapSnapshotModel.NodeFilter()
    const summary = Object.values(devtools.aggregatesWithFilter(allObjects))
    const holdersRow = summary.find((row) => row.name === 'DataHolder')
    expect(holdersRow).toMatchObject({ count: HOLDERS, self: HOLDERS * HOLDER_SIZE, distance: 3 })
    expect(summary.find((row) => row.name === 'Ring')).toMatchObject({ count: 2, self: 64 })
  })

  it("reads the closure's source position", () => {
    expect(devtools.getLocation(fixture.tick * F)).toMatchObject({ scriptId: 1, lineNumber: 11, columnNumber: 12 })
    expect(devtools.getLocation(holders[0] * F)).toBeNull()
  })
})

describe('a 100,000-node snapshot', () => {
  it('serializes in a few chunks, quickly, and both readers load it', async () => {
    const big = bigSnapshot(100_000)
    const start = performance.now()
    const chunks = [...chromeHeapSnapshotChunks(buildChromeHeapSnapshot(big))]
    const elapsed = performance.now() - start
    expect(chunks.length).toBeLessThan(12)
    expect(elapsed).toBeLessThan(3_000)
    const path = join(dir, 'big.heapsnapshot')
    writeFileSync(path, chunks.join(''))

    const devtools = await readWithDevTools(path)
    expect(devtools.nodeCount).toBe(big.nodes.length)
    expect(devtools.rootNode().retainedSize()).toBe(big.nodes.reduce((sum, n) => sum + n.size, 0))
    const { heap } = await readWithMemlab(path)
    expect(heap.nodes.length).toBe(big.nodes.length)
    expect(heap.nodes.get(3)?.retainedSize).toBe(340)
  })
})
