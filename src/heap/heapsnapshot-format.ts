/**
 * Writes LeakLab's {@link HeapSnapshot} as Chrome's `.heapsnapshot` JSON, the format V8 writes and Chrome
 * DevTools' Memory panel and memlab read, so a learner can open LeakLab's heap in either.
 *
 * The file is one JSON object with, in V8's order: `snapshot` (meta and counts), `nodes` and `edges` (flat
 * arrays of unsigned integers, `meta.node_fields.length` and `meta.edge_fields.length` numbers per item),
 * `trace_function_infos`, `trace_tree`, `samples` (allocation tracking: empty here), `locations` and
 * `strings` (every name, indexed from the other arrays). Readers depend on that order and on the arrays
 * holding only digits, commas and brackets (memlab's reader scans for `"nodes":` right after the
 * `snapshot` object; DevTools sizes its arrays from `node_count` and `edge_count`).
 *
 * How LeakLab's graph becomes V8's:
 *
 * | LeakLab node kind                          | V8 node type | name                        |
 * |--------------------------------------------|--------------|-----------------------------|
 * | `root`, node 0                             | `synthetic`  | `""` (V8's root)            |
 * | `root`, any other (a group such as `(timers)`) | `hidden` | its name                     |
 * | `object`, `array`, `map`, `set`, `weakmap`, `weakset`, `weakref`, `promise`, `proxy`, `date`, `error`, `arraybuffer`, `typed-array` | `object` | the class name (`Array`, `Map`, `DataHolder`) |
 * | `function`, `closure`, `class`, `bound-function` | `closure` | the function's name  |
 * | `regexp`                                   | `regexp`     | its name                    |
 * | `string`                                   | `string`     | its name                    |
 * | `native`                                   | `native`     | its name                    |
 *
 * | LeakLab edge kind        | V8 edge type | name_or_index                                     |
 * |--------------------------|--------------|---------------------------------------------------|
 * | any edge from node 0 (`root`) | `shortcut` | the label (`globalThis`, `leakList`, `(timers)`) |
 * | `root` from another node | `internal`   | the label (`setInterval#1`)                       |
 * | `property`               | `property`   | the key                                           |
 * | `element`                | `element`    | the index, a number (a label that is not an index: `property`) |
 * | `closure`                | `context`    | the captured variable's name                      |
 * | `prototype`              | `property`   | `__proto__`                                       |
 * | `map-key`                | `internal`   | `key(LABEL)`                                      |
 * | `map-value`              | `internal`   | `get(LABEL)`                                      |
 * | `set-member`             | `internal`   | `values()[LABEL]`                                 |
 * | `internal`               | `internal`   | the label                                         |
 *
 * Why those choices, from what DevTools (`HeapSnapshot.ts`) and memlab (`TraceFinder.ts`) compute:
 * - Node 0 is the root for both (DevTools: `root_index` 0; memlab: index 0, and id 1 marks it a root).
 *   V8's root holds the global objects by `shortcut` edges; DevTools counts a shortcut only when it
 *   leaves the root, makes its non-synthetic targets "user roots" (distance 1), and marks what they
 *   reach as owned by the page. memlab takes the root's *other* edges as its entry points. With every
 *   edge of the root a shortcut, DevTools marks the whole live heap page-owned and memlab marks none
 *   of it, so neither drops an edge when it computes dominators: both see LeakLab's graph as it is.
 * - Node ids are `2 * LeakLab id + 1`: V8 gives JS objects odd ids (DevTools skips even ids as native
 *   when it takes the largest JS id), and its root is id 1. LeakLab's ids are indexes of one snapshot,
 *   so two exported snapshots' ids do not match the same object: DevTools' Comparison view is only as
 *   good as that.
 * - Arrays are `object` nodes named `Array`, as V8 writes JS arrays (V8's `array` type is for its
 *   internal backing stores); Maps and Sets are `object` nodes whose entries V8 shows as `internal`
 *   edges (from their hash table, which LeakLab has no node for); a captured variable is a `context`
 *   edge, which DevTools shows as `name in functionName()` and memlab as `(variable)`.
 * - LeakLab's other `root` nodes (groups such as `(timers)`) are `hidden`, not `synthetic`: DevTools
 *   gives only non-synthetic children of the root a distance of 1 and puts everything reachable only
 *   through synthetic nodes at a "system" distance (shown as `−`, counted as system memory), which a
 *   callback leaked by a pending timer is not.
 * - `locations` holds the source position of each function, class and closure that has a site (for
 *   them LeakLab's allocation site is where the function is defined, which is what V8 records):
 *   `object_index` is the node's index in `nodes` (ordinal × field count, as V8 writes it and DevTools
 *   reads it), `script_id` numbers the files in order of first use from 1
 *   ({@link ChromeHeapSnapshot.scripts}: the format has no place for file names), `line` and `column`
 *   0-based as V8's. Other objects get none: V8 gives an object its constructor's position, and DevTools
 *   groups the Summary view by name *and* location, so allocation sites would split one class into
 *   several same-named rows. (memlab 2.0.5 reads `object_index` as a node ordinal, not an index into
 *   `nodes`, so its `node.location` is wrong for V8's files and these alike.)
 * - `trace_node_id` and `detachedness` are 0 (no allocation tracking; no DOM).
 */
import type { EdgeKind, HeapSnapshot, NodeKind } from './snapshot'

/** The node fields V8 writes, in its order. */
export const NODE_FIELDS = ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'] as const
/** V8's node types; a node's `type` field is an index into this list. */
export const NODE_TYPES = [
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
] as const
/** The edge fields V8 writes, in its order. */
export const EDGE_FIELDS = ['type', 'name_or_index', 'to_node'] as const
/** V8's edge types; an edge's `type` field is an index into this list. */
export const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'] as const

export type ChromeNodeType = (typeof NODE_TYPES)[number]
export type ChromeEdgeType = (typeof EDGE_TYPES)[number]

const NODE_FIELD_COUNT = NODE_FIELDS.length
const EDGE_FIELD_COUNT = EDGE_FIELDS.length
const LOCATION_FIELD_COUNT = 4

export interface ChromeHeapSnapshotMeta {
  node_fields: string[]
  node_types: [string[], ...string[]]
  edge_fields: string[]
  edge_types: [string[], ...string[]]
  trace_function_info_fields: string[]
  trace_node_fields: string[]
  sample_fields: string[]
  location_fields: string[]
}

/** The `snapshot` header of the file. */
export interface ChromeHeapSnapshotHeader {
  meta: ChromeHeapSnapshotMeta
  node_count: number
  edge_count: number
  trace_function_count: 0
}

/** The file's content before it is written: the numeric sections as typed arrays. */
export interface ChromeHeapSnapshot {
  snapshot: ChromeHeapSnapshotHeader
  /** `node_count × 7` numbers, {@link NODE_FIELDS} per node; node `i` is LeakLab's node `i`. */
  nodes: Uint32Array
  /** `edge_count × 3` numbers, {@link EDGE_FIELDS} per edge, grouped by source node in node order. */
  edges: Uint32Array
  /** 4 numbers per located node: object_index, script_id, line, column. */
  locations: Uint32Array
  /** The string table; index 0 is V8's `<dummy>`. */
  strings: string[]
  /** Not written: the file of each `script_id` in `locations` (`scripts[id - 1]`). */
  scripts: string[]
}

/** The V8 node id of a LeakLab node id (odd, as V8's ids of JS objects; the root's is 1, as V8's). */
export function chromeNodeId(leaklabId: number): number {
  return 2 * leaklabId + 1
}

/** The V8 node type a LeakLab node kind is written as; `isRoot`: node 0. */
export function chromeNodeType(kind: NodeKind, isRoot = false): ChromeNodeType {
  if (isRoot) return 'synthetic'
  switch (kind) {
    case 'root':
      return 'hidden'
    case 'function':
    case 'closure':
    case 'class':
    case 'bound-function':
      return 'closure'
    case 'regexp':
      return 'regexp'
    case 'string':
      return 'string'
    case 'native':
      return 'native'
    case 'object':
    case 'array':
    case 'map':
    case 'set':
    case 'weakmap':
    case 'weakset':
    case 'weakref':
    case 'promise':
    case 'proxy':
    case 'date':
    case 'error':
    case 'arraybuffer':
    case 'typed-array':
      return 'object'
    default:
      return 'object'
  }
}

/**
 * The V8 edge type and name a LeakLab edge is written as. `fromRoot`: the edge leaves node 0. A number
 * name is an element index (written as is); a string name goes to the string table.
 */
export function chromeEdge(
  kind: EdgeKind,
  label: string,
  fromRoot: boolean,
): { type: ChromeEdgeType; name: string | number } {
  if (fromRoot) return { type: 'shortcut', name: label }
  switch (kind) {
    case 'root':
      return { type: 'internal', name: label }
    case 'property':
      return { type: 'property', name: label }
    case 'element': {
      const index = elementIndex(label)
      return index === null ? { type: 'property', name: label } : { type: 'element', name: index }
    }
    case 'closure':
      return { type: 'context', name: label }
    case 'prototype':
      return { type: 'property', name: '__proto__' }
    case 'map-key':
      return { type: 'internal', name: `key(${label})` }
    case 'map-value':
      return { type: 'internal', name: `get(${label})` }
    case 'set-member':
      return { type: 'internal', name: `values()[${label}]` }
    case 'internal':
      return { type: 'internal', name: label }
    case 'weak':
      return { type: 'weak', name: label }
    default:
      return { type: 'internal', name: label }
  }
}

const INDEX = /^(?:0|[1-9]\d{0,9})$/

function elementIndex(label: string): number | null {
  if (!INDEX.test(label)) return null
  const index = Number(label)
  return index <= 0xffffffff ? index : null
}

/** The kinds whose allocation site is where V8 records a location: a function's own source position. */
const LOCATED_KINDS = new Set<NodeKind>(['function', 'closure', 'class'])

const NODE_TYPE_INDEX = new Map<string, number>(NODE_TYPES.map((type, i) => [type, i]))
const EDGE_TYPE_INDEX = new Map<string, number>(EDGE_TYPES.map((type, i) => [type, i]))

/** A self size as the format's unsigned 32-bit field holds it. */
function uint32(value: number): number {
  if (!(value > 0)) return 0
  return value >= 0xffffffff ? 0xffffffff : Math.round(value)
}

/**
 * Builds the file's content: O(N + E) time, typed arrays for the numeric sections, one string table.
 * Throws when the snapshot breaks LeakLab's model (a node whose id is not its index, an edge to a node
 * that does not exist, no root).
 */
export function buildChromeHeapSnapshot(snapshot: HeapSnapshot): ChromeHeapSnapshot {
  const heapNodes = snapshot.nodes
  const heapEdges = snapshot.edges
  const nodeCount = heapNodes.length
  const edgeCount = heapEdges.length
  if (nodeCount === 0) throw new Error('a heap snapshot has at least its root node')

  const strings: string[] = ['<dummy>']
  const stringIds = new Map<string, number>()
  const stringId = (text: string): number => {
    let id = stringIds.get(text)
    if (id === undefined) {
      id = strings.length
      strings.push(text)
      stringIds.set(text, id)
    }
    return id
  }

  // Edges grouped by source node, keeping each node's edges in the snapshot's order (counting sort).
  const edgeCounts = new Uint32Array(nodeCount)
  for (let i = 0; i < edgeCount; i++) {
    const edge = heapEdges[i]
    if (!(edge.from >= 0 && edge.from < nodeCount) || !Number.isInteger(edge.from)) {
      throw new Error(`edge ${i} leaves node ${edge.from}, which the snapshot does not have`)
    }
    if (!(edge.to >= 0 && edge.to < nodeCount) || !Number.isInteger(edge.to)) {
      throw new Error(`edge ${i} goes to node ${edge.to}, which the snapshot does not have`)
    }
    edgeCounts[edge.from]++
  }
  const nextEdge = new Uint32Array(nodeCount)
  for (let n = 0, start = 0; n < nodeCount; n++) {
    nextEdge[n] = start
    start += edgeCounts[n]
  }
  const edges = new Uint32Array(edgeCount * EDGE_FIELD_COUNT)
  for (let i = 0; i < edgeCount; i++) {
    const edge = heapEdges[i]
    const { type, name } = chromeEdge(edge.kind, edge.label, edge.from === 0)
    const at = nextEdge[edge.from]++ * EDGE_FIELD_COUNT
    edges[at] = EDGE_TYPE_INDEX.get(type)!
    edges[at + 1] = typeof name === 'number' ? name : stringId(name)
    edges[at + 2] = edge.to * NODE_FIELD_COUNT
  }

  const nodes = new Uint32Array(nodeCount * NODE_FIELD_COUNT)
  const scripts: string[] = []
  const scriptIds = new Map<string, number>()
  const located: number[] = []
  for (let n = 0; n < nodeCount; n++) {
    const node = heapNodes[n]
    if (node.id !== n) throw new Error(`node ${n} has id ${node.id}: LeakLab's node ids are their indexes`)
    const at = n * NODE_FIELD_COUNT
    nodes[at] = NODE_TYPE_INDEX.get(chromeNodeType(node.kind, n === 0))!
    nodes[at + 1] = stringId(n === 0 ? '' : node.name)
    nodes[at + 2] = chromeNodeId(n)
    nodes[at + 3] = n === 0 ? 0 : uint32(node.size)
    nodes[at + 4] = edgeCounts[n]
    // trace_node_id and detachedness stay 0.
    const site = node.site
    if (site !== null && n !== 0 && LOCATED_KINDS.has(node.kind)) {
      let script = scriptIds.get(site.file)
      if (script === undefined) {
        scripts.push(site.file)
        script = scripts.length
        scriptIds.set(site.file, script)
      }
      located.push(at, script, Math.max(0, site.line - 1), Math.max(0, site.column - 1))
    }
  }

  return {
    snapshot: {
      meta: {
        node_fields: [...NODE_FIELDS],
        node_types: [[...NODE_TYPES], 'string', 'number', 'number', 'number', 'number', 'number'],
        edge_fields: [...EDGE_FIELDS],
        edge_types: [[...EDGE_TYPES], 'string_or_number', 'node'],
        trace_function_info_fields: ['function_id', 'name', 'script_name', 'script_id', 'line', 'column'],
        trace_node_fields: ['id', 'function_info_index', 'count', 'size', 'children'],
        sample_fields: ['timestamp_us', 'last_assigned_id'],
        location_fields: ['object_index', 'script_id', 'line', 'column'],
      },
      node_count: nodeCount,
      edge_count: edgeCount,
      trace_function_count: 0,
    },
    nodes,
    edges,
    locations: Uint32Array.from(located),
    strings,
    scripts,
  }
}

/**
 * The file's text in a few chunks (one per section; each numeric section is one join of its typed
 * array), for writing to a stream without holding the whole text twice.
 */
export function* chromeHeapSnapshotChunks(heap: ChromeHeapSnapshot): Generator<string, void, undefined> {
  if (heap.locations.length % LOCATION_FIELD_COUNT !== 0) throw new Error('locations hold 4 numbers per location')
  yield `{"snapshot":${JSON.stringify(heap.snapshot)},\n"nodes":[`
  yield heap.nodes.join(',')
  yield '],\n"edges":['
  yield heap.edges.join(',')
  yield '],\n"trace_function_infos":[],\n"trace_tree":[],\n"samples":[],\n"locations":['
  yield heap.locations.join(',')
  yield '],\n"strings":'
  yield JSON.stringify(heap.strings)
  yield '}\n'
}

/** The file's text for a built snapshot. */
export function serializeChromeHeapSnapshot(heap: ChromeHeapSnapshot): string {
  let text = ''
  for (const chunk of chromeHeapSnapshotChunks(heap)) text += chunk
  return text
}

/** LeakLab's snapshot as the text of a Chrome `.heapsnapshot` file. */
export function toChromeHeapSnapshot(snapshot: HeapSnapshot): string {
  return serializeChromeHeapSnapshot(buildChromeHeapSnapshot(snapshot))
}
