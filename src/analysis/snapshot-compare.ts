/**
 * Two kept snapshots compared object by object (DevTools' Comparison view, tracemalloc's `compare_to`),
 * and the three-snapshot method (memlab's baseline, target, final): what was allocated between A and
 * B and is still alive at C. Objects are matched by their id for the whole run (HeapNode.uid), so
 * `added` and `freed` are exact counts, not a balance: an object made and dropped between A and B is
 * in neither, one replaced by another of its group is in both.
 */
import { compareStrings, parseGroupKeyId, siteOrNull, type GroupBy } from './groups'
import { renderPath } from './notation'
import { isDetour, layeredPaths, type ShortestPaths } from './paths'
import { KEPT_EDGE_STRIDE, KEPT_NODE_STRIDE, keptGroups, snapshotName, type KeptSnapshot, type KeptSnapshots } from '../heap/kept-snapshots'
import { EDGE_KINDS, NODE_KINDS, type HeapEdge, type HeapNode, type NodeKind } from '../heap/snapshot'

/** A kept snapshot as the compare names it. */
export interface SnapshotRef {
  /** Its position in the run's kept snapshots. */
  index: number
  step: number
  label: string | null
  /** Its label, `step 25`, or `the end of the run`. */
  name: string
}

export interface CompareRow {
  /** The group (groupKeyId), as the heap table keys its rows. */
  key: string
  name: string
  kind: NodeKind
  /** `file:line` for a group by line; null by constructor, or when its objects have no line of the program's. */
  site: string | null
  /** Alive at B, not at A (with a third snapshot C: and still alive at C). */
  added: number
  /** Alive at A, not at B. */
  freed: number
  addedBytes: number
  freedBytes: number
  /** Alive at A, and at B. */
  countFrom: number
  countTo: number
  /**
   * How one of the added objects is held: at C when there is a C, else at B (the one closest to a
   * root). Null when none was added.
   */
  retainerPath: string | null
}

export interface SnapshotComparison {
  from: SnapshotRef
  to: SnapshotRef
  then: SnapshotRef | null
  by: GroupBy
  /** Groups with objects added or freed; most bytes added (net of freed) first. */
  rows: CompareRow[]
  totals: { added: number; freed: number; addedBytes: number; freedBytes: number }
}

/**
 * Each object's index in a kept snapshot by its uid: open addressing with linear probing over typed
 * arrays (a Map keyed by doubles was half the compare's time at 100,000 objects). Made once per snapshot.
 */
class UidIndex {
  private readonly keys: Float64Array
  private readonly values: Int32Array
  private readonly mask: number

  constructor(uids: Float64Array) {
    let capacity = 1
    while (capacity < uids.length * 2) capacity <<= 1
    this.mask = capacity - 1
    // uids are never negative: -1 marks a free slot.
    this.keys = new Float64Array(capacity).fill(-1)
    this.values = new Int32Array(capacity)
    for (let i = 0; i < uids.length; i++) {
      let h = UidIndex.hash(uids[i]) & this.mask
      while (this.keys[h] !== -1) h = (h + 1) & this.mask
      this.keys[h] = uids[i]
      this.values[h] = i
    }
  }

  private static hash(uid: number): number {
    return Math.imul((uid >>> 0) ^ ((uid / 4294967296) | 0), 0x9e3779b1) >>> 0
  }

  /** The index of the object with this uid, -1 when the snapshot has none. */
  get(uid: number): number {
    let h = UidIndex.hash(uid) & this.mask
    for (;;) {
      const k = this.keys[h]
      if (k === uid) return this.values[h]
      if (k === -1) return -1
      h = (h + 1) & this.mask
    }
  }
}

const uidIndexes = new WeakMap<KeptSnapshot, UidIndex>()
function uidIndex(kept: KeptSnapshot): UidIndex {
  let index = uidIndexes.get(kept)
  if (!index) uidIndexes.set(kept, (index = new UidIndex(kept.uids)))
  return index
}

const WEAK = EDGE_KINDS.indexOf('weak')
const DETOUR = new Uint8Array(EDGE_KINDS.map((k) => (isDetour(k) ? 1 : 0)))
const POSITION = new Set(['element', 'set-member'])

const packedPathsCache = new WeakMap<KeptSnapshot, ShortestPaths>()

/**
 * A kept snapshot's shortest retainer paths, by paths.ts's rules (layeredPaths), read from its packed
 * edges: no HeapSnapshot is made. Exported for the test that holds it equal to shortestPaths.
 */
export function packedPaths(kept: KeptSnapshot): ShortestPaths {
  const hit = packedPathsCache.get(kept)
  if (hit) return hit
  const n = kept.uids.length
  const edges = kept.edges
  const m = edges.length / KEPT_EDGE_STRIDE
  // Each node's strong references, in snapshot order (a counting sort by source).
  const outStart = new Int32Array(n + 1)
  for (let at = 0; at < edges.length; at += KEPT_EDGE_STRIDE) if (edges[at + 2] !== WEAK) outStart[edges[at] + 1]++
  for (let v = 0; v < n; v++) outStart[v + 1] += outStart[v]
  const strong = outStart[n]
  const outEdge = new Int32Array(strong)
  const outTo = new Int32Array(strong)
  const outDetour = new Uint8Array(strong)
  const fill = outStart.slice(0, n)
  for (let e = 0, at = 0; e < m; e++, at += KEPT_EDGE_STRIDE) {
    if (edges[at + 2] === WEAK) continue
    const k = fill[edges[at]]++
    outEdge[k] = e
    outTo[k] = edges[at + 1]
    outDetour[k] = DETOUR[edges[at + 2]]
  }
  const paths = layeredPaths(n, outStart, outEdge, outTo, outDetour)
  packedPathsCache.set(kept, paths)
  return paths
}

/** The rendered path to node `id` of a kept snapshot: only its own nodes and edges are made as objects. */
function packedPath(store: KeptSnapshots, kept: KeptSnapshot, parentEdge: Int32Array, id: number): string {
  const e = kept.edges
  const n = kept.nodes
  const edges: HeapEdge[] = []
  const nodes: HeapNode[] = []
  const node = (v: number): HeapNode => {
    const at = v * KEPT_NODE_STRIDE
    const site = n[at + 2]
    return { id: v, kind: NODE_KINDS[n[at]], name: store.texts[n[at + 1]], site: site >= 0 ? store.sites[site] : null, size: n[at + 3], uid: kept.uids[v] }
  }
  nodes[id] = node(id)
  for (let v = id; v !== 0; ) {
    const at = parentEdge[v] * KEPT_EDGE_STRIDE
    const kind = EDGE_KINDS[e[at + 2]]
    const edge: HeapEdge = { from: e[at], to: e[at + 1], kind, label: POSITION.has(kind) ? String(e[at + 3]) : store.texts[e[at + 3]] }
    edges.push(edge)
    nodes[edge.from] = node(edge.from)
    v = edge.from
  }
  edges.reverse()
  return renderPath({ nodes, notation: store.notation === 'python' ? 'python' : undefined }, { nodes: [0, ...edges.map((x) => x.to)], edges })
}

export function snapshotRef(store: KeptSnapshots, index: number): SnapshotRef {
  const kept = store.snapshots[index]
  return { index, step: kept.step, label: kept.label, name: snapshotName(kept) }
}

/** Compares kept snapshots `from` and `to` (indexes into store.snapshots), with `then` for the three-snapshot method. */
export function compareKept(store: KeptSnapshots, from: number, to: number, then: number | null = null, by: GroupBy = 'line'): SnapshotComparison {
  const a = store.snapshots[from]
  const b = store.snapshots[to]
  const c = then === null ? null : store.snapshots[then]
  if (!a || !b || (then !== null && !c)) throw new RangeError(`the run kept ${store.snapshots.length} snapshots: there is no snapshot ${[from, to, then].find((i) => i !== null && !store.snapshots[i])}`)
  const inA = uidIndex(a)
  const inC = c ? uidIndex(c) : null
  const ga = keptGroups(store, a, by)
  const gb = keptGroups(store, b, by)
  // Per group index, in typed arrays: the rows are made once per group at the end.
  const toCount = new Int32Array(gb.keys.length)
  const added = new Int32Array(gb.keys.length)
  const addedBytes = new Float64Array(gb.keys.length)
  const fromCount = new Int32Array(ga.keys.length)
  const freed = new Int32Array(ga.keys.length)
  const freedBytes = new Float64Array(ga.keys.length)
  // The added objects a path may be drawn to: node indexes in C when there is a C, else in B.
  const addedAt: number[][] = gb.keys.map(() => [])
  const matched = new Uint8Array(a.uids.length)
  for (let i = 0; i < b.uids.length; i++) {
    const g = gb.groupOf[i]
    if (g < 0) continue
    toCount[g]++
    const j = inA.get(b.uids[i])
    if (j >= 0) {
      matched[j] = 1
      continue
    }
    let at = i
    if (inC) {
      at = inC.get(b.uids[i])
      if (at < 0) continue
    }
    added[g]++
    addedBytes[g] += b.nodes[i * KEPT_NODE_STRIDE + 3]
    addedAt[g].push(at)
  }
  for (let j = 0; j < a.uids.length; j++) {
    const g = ga.groupOf[j]
    if (g < 0) continue
    fromCount[g]++
    if (matched[j]) continue
    freed[g]++
    freedBytes[g] += a.nodes[j * KEPT_NODE_STRIDE + 3]
  }
  const rows = new Map<string, CompareRow>()
  const row = (key: string): CompareRow => {
    let r = rows.get(key)
    if (!r) {
      const { name, kind, site } = parseGroupKeyId(key)
      r = { key, name, kind, site: siteOrNull(site), added: 0, freed: 0, addedBytes: 0, freedBytes: 0, countFrom: 0, countTo: 0, retainerPath: null }
      rows.set(key, r)
    }
    return r
  }
  let anyAdded = false
  for (let g = 0; g < gb.keys.length; g++) {
    const r = row(gb.keys[g])
    r.countTo += toCount[g]
    r.added += added[g]
    r.addedBytes += addedBytes[g]
    if (added[g] > 0) anyAdded = true
  }
  for (let g = 0; g < ga.keys.length; g++) {
    const r = row(ga.keys[g])
    r.countFrom += fromCount[g]
    r.freed += freed[g]
    r.freedBytes += freedBytes[g]
  }
  if (anyAdded) {
    const held = c ?? b
    const { distance, parentEdge, detours } = packedPaths(held)
    for (let g = 0; g < gb.keys.length; g++) {
      // The member closest to a root, as a group's representative is chosen (groups.ts): fewest
      // references, then fewest detours, then the lowest id.
      let best = -1
      for (const v of addedAt[g]) {
        if (distance[v] < 0) continue
        if (best < 0 || distance[v] < distance[best] || (distance[v] === distance[best] && (detours[v] < detours[best] || (detours[v] === detours[best] && v < best)))) best = v
      }
      if (best >= 0) rows.get(gb.keys[g])!.retainerPath = packedPath(store, held, parentEdge, best)
    }
  }
  const changed = [...rows.values()].filter((r) => r.added > 0 || r.freed > 0)
  changed.sort((x, y) => y.addedBytes - y.freedBytes - (x.addedBytes - x.freedBytes) || y.added - x.added || y.freed - x.freed || compareStrings(x.key, y.key))
  const totals = { added: 0, freed: 0, addedBytes: 0, freedBytes: 0 }
  for (const r of changed) {
    totals.added += r.added
    totals.freed += r.freed
    totals.addedBytes += r.addedBytes
    totals.freedBytes += r.freedBytes
  }
  return { from: snapshotRef(store, from), to: snapshotRef(store, to), then: then === null ? null : snapshotRef(store, then), by, rows: changed, totals }
}

/**
 * Which kept snapshot a step number or a label names (the CLI's --from, --to, --then; the page's
 * marks): a label first, then `end`, then a step (the last snapshot taken after that many steps).
 * Null when none does.
 */
export function findKept(store: KeptSnapshots, name: string): number | null {
  const list = store.snapshots
  const byLabel = list.findIndex((k) => k.label === name)
  if (byLabel >= 0) return byLabel
  if (name === 'end') return list.length > 0 ? list.length - 1 : null
  if (/^\d+$/.test(name)) {
    const step = Number(name)
    for (let i = list.length - 1; i >= 0; i--) if (list[i].step === step) return i
  }
  return null
}
