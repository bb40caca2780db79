import { EDGE_KINDS, NODE_KINDS, type AllocationSite, type EdgeKind, type HeapEdge, type HeapNode, type HeapSnapshot } from './snapshot'
import type { HeapCoverage } from '../engine/types'
import { groupKeyId, NO_SITE, type GroupBy, type GroupCount } from './group-key'

/**
 * The heaps a run kept, one per walk, packed in typed arrays so that a run can keep many: a
 * 100,000-object heap takes about 5 MB here against about 30 MB as a HeapSnapshot of objects. Each
 * node carries its `uid`, the object's id for the whole run (the engine's allocation number, or
 * Python's own numbering), so walks compare object by object. Plain data: it crosses a worker
 * boundary by structured clone.
 */

/** How a kept snapshot came to be: a growth walk, the program's `leaklab.snapshot(label)`, or the end of the run. */
export type SnapshotTaken = 'walk' | 'guest' | 'end'

/** Ints per node in KeptSnapshot.nodes: kind, name (a text), site (an index into `sites`, -1 none), shallow size. */
export const KEPT_NODE_STRIDE = 4
/** Ints per edge in KeptSnapshot.edges: from, to, kind, label (a text; an element's or set member's position itself). */
export const KEPT_EDGE_STRIDE = 4

export interface KeptSnapshot {
  /** Steps completed when it was taken (a snapshot the program took inside a step: the steps before it). */
  step: number
  /** Simulated time, in ms. */
  time: number
  /** The program's label (`leaklab.snapshot('after open')`), else null. */
  label: string | null
  taken: SnapshotTaken
  nodes: Int32Array
  /** Per node: the object's id for the whole run (0 for the root). */
  uids: Float64Array
  edges: Int32Array
  coverage: HeapCoverage | null
}

/** A snapshot the run did not keep, and why: past the memory budget, or past the number a run keeps. */
export interface DroppedSnapshot {
  step: number
  label: string | null
  taken: SnapshotTaken
  why: 'budget' | 'count'
}

export interface KeptSnapshots {
  /** Names and labels, shared by every snapshot of the run. */
  texts: string[]
  sites: AllocationSite[]
  notation: 'javascript' | 'python'
  /** In the order they were taken. */
  snapshots: KeptSnapshot[]
  dropped: DroppedSnapshot[]
  /** The bytes the kept snapshots take, and the most they may. */
  bytes: number
  budgetBytes: number
}

/**
 * What a run's kept snapshots may take. A 100,000-object heap packs into about 5 MB, so a run of that
 * size keeps 25 walks; a 1,000,000-object run keeps two or three (the first, the end, and what fits).
 */
export const KEPT_BUDGET_BYTES = 128 * 1024 * 1024

/** Snapshots the program may take with `leaklab.snapshot()` in one run; later calls are counted as dropped. */
export const MAX_GUEST_SNAPSHOTS = 50

/** What a new snapshot is, beside its heap. */
export interface KeptMeta {
  step: number
  time: number
  label: string | null
  taken: SnapshotTaken
  coverage: HeapCoverage | null
}

/** A node as the engine's walk gives it, already sized (heap-capture.ts reads the walk's own arrays). */
export interface PackSource {
  nodeCount: number
  edgeCount: number
  /** node i: kind index, name text, site (or null), size, uid */
  node(i: number, into: { kind: number; name: string; site: AllocationSite | null; size: number; uid: number }): void
  /** edge i: from, to, kind index, label (a string, or the position for elements and set members) */
  edge(i: number, into: { from: number; to: number; kind: number; label: string | number }): void
}

const POSITION_LABEL = new Set<EdgeKind>(['element', 'set-member'])

/** Builds a run's KeptSnapshots as its walks come, within the budget. */
export class KeptSnapshotsBuilder {
  readonly data: KeptSnapshots
  private readonly textIds = new Map<string, number>()
  private readonly siteIds = new Map<string, number>()
  /** Sites by object first: a walk's nodes of one line share one site object, so most lookups make no string. */
  private readonly siteObjects = new Map<AllocationSite, number>()
  private guestTaken = 0

  constructor(notation: 'javascript' | 'python' = 'javascript', budgetBytes = KEPT_BUDGET_BYTES) {
    this.data = { texts: [], sites: [], notation, snapshots: [], dropped: [], bytes: 0, budgetBytes }
  }

  /** Whether the program may take another snapshot; false once MAX_GUEST_SNAPSHOTS were taken (recorded as dropped). */
  guestAllowed(meta: Pick<KeptMeta, 'step' | 'label'>): boolean {
    if (this.guestTaken < MAX_GUEST_SNAPSHOTS) {
      this.guestTaken++
      return true
    }
    this.data.dropped.push({ step: meta.step, label: meta.label, taken: 'guest', why: 'count' })
    return false
  }

  /** Keep a HeapSnapshot (Python's walks, tests). Node ids are indexes; every node needs its uid. */
  addSnapshot(snapshot: HeapSnapshot, meta: KeptMeta): KeptSnapshot {
    const kindIndex = new Map(NODE_KINDS.map((k, i) => [k, i]))
    const edgeIndex = new Map(EDGE_KINDS.map((k, i) => [k, i]))
    return this.add(
      {
        nodeCount: snapshot.nodes.length,
        edgeCount: snapshot.edges.length,
        node: (i, into) => {
          const n = snapshot.nodes[i]
          into.kind = kindIndex.get(n.kind)!
          into.name = n.name
          into.site = n.site
          into.size = n.size
          if (n.uid === undefined) throw new TypeError(`node ${i} has no uid: a kept snapshot compares objects by it`)
          into.uid = n.uid
        },
        edge: (i, into) => {
          const e = snapshot.edges[i]
          into.from = e.from
          into.to = e.to
          into.kind = edgeIndex.get(e.kind)!
          into.label = POSITION_LABEL.has(e.kind) && /^\d+$/.test(e.label) ? Number(e.label) : e.label
        },
      },
      meta,
    )
  }

  /** Keep a walk; drops older walks (never the first, the newest, nor the program's own while others are left) to stay within the budget. */
  add(source: PackSource, meta: KeptMeta): KeptSnapshot {
    const nodes = new Int32Array(source.nodeCount * KEPT_NODE_STRIDE)
    const uids = new Float64Array(source.nodeCount)
    const edges = new Int32Array(source.edgeCount * KEPT_EDGE_STRIDE)
    const node = { kind: 0, name: '', site: null as AllocationSite | null, size: 0, uid: 0 }
    for (let i = 0; i < source.nodeCount; i++) {
      source.node(i, node)
      const at = i * KEPT_NODE_STRIDE
      nodes[at] = node.kind
      nodes[at + 1] = this.text(node.name)
      nodes[at + 2] = node.site ? this.site(node.site) : -1
      nodes[at + 3] = node.size
      uids[i] = node.uid
    }
    const edge = { from: 0, to: 0, kind: 0, label: '' as string | number }
    for (let i = 0; i < source.edgeCount; i++) {
      source.edge(i, edge)
      const at = i * KEPT_EDGE_STRIDE
      edges[at] = edge.from
      edges[at + 1] = edge.to
      edges[at + 2] = edge.kind
      edges[at + 3] = typeof edge.label === 'number' ? edge.label : this.text(edge.label)
    }
    const kept: KeptSnapshot = { ...meta, nodes, uids, edges }
    this.data.snapshots.push(kept)
    this.data.bytes += keptBytes(kept)
    this.fitBudget()
    return kept
  }

  private text(text: string): number {
    let id = this.textIds.get(text)
    if (id === undefined) {
      id = this.data.texts.push(text) - 1
      this.textIds.set(text, id)
    }
    return id
  }

  private site(site: AllocationSite): number {
    const known = this.siteObjects.get(site)
    if (known !== undefined) return known
    const key = `${site.line}:${site.column}:${site.file}`
    let id = this.siteIds.get(key)
    if (id === undefined) {
      id = this.data.sites.push(site) - 1
      this.siteIds.set(key, id)
    }
    this.siteObjects.set(site, id)
    return id
  }

  private fitBudget(): void {
    const list = this.data.snapshots
    while (this.data.bytes > this.data.budgetBytes && list.length > 1) {
      const victim = dropCandidate(list)
      const [gone] = list.splice(victim, 1)
      this.data.bytes -= keptBytes(gone)
      this.data.dropped.push({ step: gone.step, label: gone.label, taken: gone.taken, why: 'budget' })
    }
  }
}

/**
 * Which snapshot goes first when they do not fit: a growth walk in the middle (the one closest to
 * the walk before it, so those left stay spread out), then the program's own (oldest first), then
 * the first. The newest is never dropped.
 */
function dropCandidate(list: readonly KeptSnapshot[]): number {
  const last = list.length - 1
  let best = -1
  for (let i = 1; i < last; i++) {
    if (list[i].taken !== 'walk') continue
    if (best < 0 || list[i].step - list[i - 1].step < list[best].step - list[best - 1].step) best = i
  }
  if (best >= 0) return best
  for (let i = 1; i < last; i++) if (list[i].taken !== 'end') return i
  return 0
}

/** The memory a kept snapshot takes, in bytes (its arrays; the shared texts are not counted). */
export function keptBytes(kept: KeptSnapshot): number {
  return kept.nodes.byteLength + kept.uids.byteLength + kept.edges.byteLength
}

/** A kept snapshot as a HeapSnapshot, for the analysis. */
export function unpackKept(store: Pick<KeptSnapshots, 'texts' | 'sites' | 'notation'>, kept: KeptSnapshot): HeapSnapshot {
  const count = kept.uids.length
  const nodes: HeapNode[] = new Array(count)
  const { texts, sites } = store
  for (let id = 0; id < count; id++) {
    const at = id * KEPT_NODE_STRIDE
    const site = kept.nodes[at + 2]
    nodes[id] = { id, kind: NODE_KINDS[kept.nodes[at]], name: texts[kept.nodes[at + 1]], site: site >= 0 ? sites[site] : null, size: kept.nodes[at + 3], uid: kept.uids[id] }
  }
  const edgeCount = kept.edges.length / KEPT_EDGE_STRIDE
  const edges: HeapEdge[] = new Array(edgeCount)
  for (let i = 0; i < edgeCount; i++) {
    const at = i * KEPT_EDGE_STRIDE
    const kind = EDGE_KINDS[kept.edges[at + 2]]
    edges[i] = { from: kept.edges[at], to: kept.edges[at + 1], kind, label: POSITION_LABEL.has(kind) ? String(kept.edges[at + 3]) : texts[kept.edges[at + 3]] }
  }
  const snapshot: HeapSnapshot = { nodes, edges, step: kept.step, time: kept.time }
  if (store.notation === 'python') snapshot.notation = 'python'
  return snapshot
}

/** How the page and the CLI name a kept snapshot: its label, else "step 25", or "the end of the run". */
export function snapshotName(kept: Pick<KeptSnapshot, 'step' | 'label' | 'taken'>): string {
  if (kept.label !== null) return kept.label
  return kept.taken === 'end' ? 'the end of the run' : `step ${kept.step}`
}

/** Each node's group in a kept snapshot (-1 for roots), and each group's key (groupKeyId). */
export interface KeptGroups {
  groupOf: Int32Array
  keys: string[]
}

const groupCache = new WeakMap<KeptSnapshot, Map<GroupBy, KeptGroups>>()

/**
 * The groups of a kept snapshot's nodes, keyed as the analysis keys them (groupKeyId of groupKeyOf),
 * so a row of the heap table and a row of a comparison match. A node's kind, name and site are
 * numbers here; one string is made per distinct triple, not per node.
 */
export function keptGroups(store: Pick<KeptSnapshots, 'texts' | 'sites'>, kept: KeptSnapshot, by: GroupBy): KeptGroups {
  let cached = groupCache.get(kept)
  if (!cached) groupCache.set(kept, (cached = new Map()))
  const hit = cached.get(by)
  if (hit) return hit
  const count = kept.uids.length
  const groupOf = new Int32Array(count).fill(-1)
  const keys: string[] = []
  const byKey = new Map<string, number>()
  // kind < 32, name < 2^24 texts, site + 1 < 2^24 sites: the triple as one exact number.
  const byTriple = new Map<number, number>()
  const { texts, sites } = store
  const n = kept.nodes
  const rootKind = NODE_KINDS.indexOf('root')
  for (let i = 0; i < count; i++) {
    const at = i * KEPT_NODE_STRIDE
    const kind = n[at]
    if (kind === rootKind) continue
    const site = by === 'constructor' ? -1 : n[at + 2]
    const triple = (site + 1) * 2 ** 29 + n[at + 1] * 32 + kind
    let g = byTriple.get(triple)
    if (g === undefined) {
      const s = site >= 0 ? sites[site] : null
      const key = groupKeyId({ kind: NODE_KINDS[kind], name: texts[n[at + 1]], site: by === 'constructor' ? null : s ? `${s.file}:${s.line}` : NO_SITE })
      g = byKey.get(key)
      if (g === undefined) byKey.set(key, (g = keys.push(key) - 1))
      byTriple.set(triple, g)
    }
    groupOf[i] = g
  }
  const groups = { groupOf, keys }
  cached.set(by, groups)
  return groups
}

/** The live count and shallow bytes of each group of a kept snapshot (every node a walk keeps is alive). */
export function keptGroupCounts(store: Pick<KeptSnapshots, 'texts' | 'sites'>, kept: KeptSnapshot, by: GroupBy): GroupCount[] {
  const { groupOf, keys } = keptGroups(store, kept, by)
  const counts = keys.map((key) => ({ key, count: 0, shallowBytes: 0 }))
  for (let i = 0; i < groupOf.length; i++) {
    const g = groupOf[i]
    if (g < 0) continue
    counts[g].count++
    counts[g].shallowBytes += kept.nodes[i * KEPT_NODE_STRIDE + 3]
  }
  return counts
}
