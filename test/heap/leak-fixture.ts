import type { AllocationSite, EdgeKind, HeapEdge, HeapNode, HeapSnapshot, NodeKind } from '../../src/heap/snapshot'

/**
 * A LeakLab snapshot built by hand, shaped as the guest walker emits them (edges in walk order, not
 * grouped by source):
 *
 * ```js
 * class DataHolder { constructor(i) { this.payload = 'x'.repeat(1024 + i) } }   // line 7
 * let config = {}                                                                // root binding
 * globalThis.leakList = []                                                       // line 3
 * for (let i = 0; i < 100; i++) leakList.push(new DataHolder(i))
 * leakList[0].owner = leakList                                                   // a cycle
 * const a = new Ring(), b = new Ring(); a.peer = b; b.peer = a; globalThis.ring = a  // a cycle
 * const cache = new Map([['u7', leakList[7]]])                                   // line 10
 * setInterval(function tick() { cache }, 1000)                                   // line 12
 * ```
 */
export const FILE = 'leak.js'
export const HOLDERS = 100
export const HOLDER_SIZE = 40
export const ARRAY_SIZE = 16 + 8 * HOLDERS
export const payloadSize = (i: number) => 1024 + i

export interface LeakFixture {
  snapshot: HeapSnapshot
  root: number
  global: number
  config: number
  leakList: number
  holders: number[]
  payloads: number[]
  ringA: number
  ringB: number
  timers: number
  tick: number
  cache: number
}

export function leakFixture(): LeakFixture {
  const nodes: HeapNode[] = []
  const edges: HeapEdge[] = []
  const site = (line: number, column: number): AllocationSite => ({ file: FILE, line, column })
  const node = (kind: NodeKind, name: string, size: number, where: AllocationSite | null = null) => {
    const id = nodes.length
    nodes.push({ id, kind, name, site: where, size })
    return id
  }
  const edge = (from: number, to: number, kind: EdgeKind, label: string) => edges.push({ from, to, kind, label })

  const root = node('root', '(roots)', 0)
  const global = node('object', 'global', 56)
  edge(root, global, 'root', 'globalThis')
  const config = node('object', 'Object', 24, site(2, 14))
  edge(root, config, 'root', 'config')

  const leakList = node('array', 'Array', ARRAY_SIZE, site(3, 21))
  edge(global, leakList, 'property', 'leakList')
  const holders: number[] = []
  const payloads: number[] = []
  for (let i = 0; i < HOLDERS; i++) {
    const holder = node('object', 'DataHolder', HOLDER_SIZE, site(4, 52))
    edge(leakList, holder, 'element', String(i))
    const payload = node('string', '(string)', payloadSize(i))
    edge(holder, payload, 'property', 'payload')
    holders.push(holder)
    payloads.push(payload)
  }
  edge(holders[0], leakList, 'property', 'owner')

  const ringA = node('object', 'Ring', 32, site(6, 11))
  const ringB = node('object', 'Ring', 32, site(6, 29))
  edge(global, ringA, 'property', 'ring')
  edge(ringA, ringB, 'property', 'peer')
  edge(ringB, ringA, 'property', 'peer')

  const timers = node('root', '(timers)', 0)
  edge(root, timers, 'root', '(timers)')
  const tick = node('closure', 'tick', 64, site(12, 13))
  edge(timers, tick, 'root', 'setInterval#1')
  const cache = node('map', 'Map', 88, site(10, 15))
  edge(tick, cache, 'closure', 'cache')
  edge(cache, holders[7], 'map-value', '"u7"')

  return {
    snapshot: { nodes, edges, step: 0, time: 0 },
    root,
    global,
    config,
    leakList,
    holders,
    payloads,
    ringA,
    ringB,
    timers,
    tick,
    cache,
  }
}

/** A flat heap of `count` nodes: the root, `globalThis`, one array, and DataHolders each with a payload. */
export function bigSnapshot(count: number): HeapSnapshot {
  const nodes: HeapNode[] = [
    { id: 0, kind: 'root', name: '(roots)', site: null, size: 0 },
    { id: 1, kind: 'object', name: 'global', site: null, size: 56 },
    { id: 2, kind: 'array', name: 'Array', site: { file: FILE, line: 1, column: 1 }, size: 16 },
  ]
  const edges: HeapEdge[] = [
    { from: 0, to: 1, kind: 'root', label: 'globalThis' },
    { from: 1, to: 2, kind: 'property', label: 'list' },
  ]
  for (let i = 0; nodes.length + 1 < count; i++) {
    const holder = nodes.length
    nodes.push({ id: holder, kind: 'object', name: 'DataHolder', site: { file: FILE, line: 2, column: 3 }, size: 40 })
    nodes.push({ id: holder + 1, kind: 'string', name: '(string)', site: null, size: 300 })
    edges.push({ from: 2, to: holder, kind: 'element', label: String(i) })
    edges.push({ from: holder, to: holder + 1, kind: 'property', label: 'payload' })
  }
  return { nodes, edges, step: 0, time: 0 }
}
