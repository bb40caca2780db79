/**
 * Two kept snapshots compared object by object (DevTools' Comparison view, tracemalloc's `compare_to`),
 * and the three-snapshot method (memlab's baseline, target, final): what was allocated between A and
 * B and is still alive at C. Objects are matched by their id for the whole run (HeapNode.uid), so
 * `added` and `freed` are exact counts, not a balance: an object made and dropped between A and B is
 * in neither, one replaced by another of its group is in both.
 */
import { compareStrings, NO_SITE, parseGroupKeyId, type GroupBy } from './groups'
import { buildGraph, type HeapGraph } from './graph'
import { renderPath } from './notation'
import { retainerPath, shortestPaths, type ShortestPaths } from './paths'
import { KEPT_NODE_STRIDE, keptGroups, snapshotName, unpackKept, type KeptSnapshot, type KeptSnapshots } from '../heap/kept-snapshots'
import type { HeapSnapshot, NodeKind } from '../heap/snapshot'

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

/** Where the compare reads paths from: a snapshot's graph and shortest paths, made once per snapshot. */
interface PathsOf {
  snapshot: HeapSnapshot
  graph: HeapGraph
  paths: ShortestPaths
}

const pathsCache = new WeakMap<KeptSnapshot, PathsOf>()

function pathsOf(store: KeptSnapshots, kept: KeptSnapshot): PathsOf {
  let hit = pathsCache.get(kept)
  if (!hit) {
    const snapshot = unpackKept(store, kept)
    const graph = buildGraph(snapshot)
    pathsCache.set(kept, (hit = { snapshot, graph, paths: shortestPaths(graph) }))
  }
  return hit
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
  const inA = indexByUid(a)
  const inC = c ? indexByUid(c) : null
  const gb = keptGroups(store, b, by)
  const ga = keptGroups(store, a, by)
  const rows = new Map<string, CompareRow>()
  const row = (key: string): CompareRow => {
    let r = rows.get(key)
    if (!r) {
      const { name, kind, site } = parseGroupKeyId(key)
      r = { key, name, kind, site: site === NO_SITE ? null : site, added: 0, freed: 0, addedBytes: 0, freedBytes: 0, countFrom: 0, countTo: 0, retainerPath: null }
      rows.set(key, r)
    }
    return r
  }
  // Per group of B, the added objects a path may be drawn to (node indexes in B, or in C).
  const addedNodes = new Map<string, number[]>()
  const matched = new Uint8Array(a.uids.length)
  for (let i = 0; i < b.uids.length; i++) {
    const g = gb.groupOf[i]
    if (g < 0) continue
    const key = gb.keys[g]
    const r = row(key)
    r.countTo++
    const j = inA.get(b.uids[i])
    if (j !== undefined) {
      matched[j] = 1
      continue
    }
    let at = i
    if (inC) {
      const k = inC.get(b.uids[i])
      if (k === undefined) continue
      at = k
    }
    r.added++
    r.addedBytes += b.nodes[i * KEPT_NODE_STRIDE + 3]
    let list = addedNodes.get(key)
    if (!list) addedNodes.set(key, (list = []))
    list.push(at)
  }
  for (let j = 0; j < a.uids.length; j++) {
    const g = ga.groupOf[j]
    if (g < 0) continue
    const r = row(ga.keys[g])
    r.countFrom++
    if (matched[j]) continue
    r.freed++
    r.freedBytes += a.nodes[j * KEPT_NODE_STRIDE + 3]
  }
  const changed = [...rows.values()].filter((r) => r.added > 0 || r.freed > 0)
  if (changed.some((r) => r.added > 0)) {
    const held = pathsOf(store, c ?? b)
    for (const r of changed) {
      const nodes = addedNodes.get(r.key)
      if (nodes) r.retainerPath = closestPath(held, nodes)
    }
  }
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

function indexByUid(kept: KeptSnapshot): Map<number, number> {
  const map = new Map<number, number>()
  const uids = kept.uids
  for (let i = 0; i < uids.length; i++) map.set(uids[i], i)
  return map
}

/** The path to the node closest to a root among `nodes` (fewest references, then lowest id); null when none is reachable. */
function closestPath(held: PathsOf, nodes: readonly number[]): string | null {
  const { distance } = held.paths
  let best = -1
  for (const v of nodes) if (distance[v] >= 0 && (best < 0 || distance[v] < distance[best])) best = v
  if (best < 0) return null
  const path = retainerPath(held.graph, held.paths, best)
  return path ? renderPath(held.snapshot, path) : null
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
