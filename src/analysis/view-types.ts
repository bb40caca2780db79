/**
 * What the playground shows about a run, as plain data: the worker analyses the heap snapshot and
 * sends this (never the snapshot itself, which can hold a million nodes), and answers graph queries
 * about the snapshot it keeps. The page's panels read only these types.
 */
import type { HeapCoverage, RunResult } from '../engine/types'
import type { EdgeKind, NodeKind } from '../heap/snapshot'
import type { DroppedSnapshot, SnapshotTaken } from '../heap/kept-snapshots'
export type { SnapshotComparison, CompareRow, SnapshotRef } from './snapshot-compare'

export type GroupBy = 'constructor' | 'line'

/** One row of the heap table: a group of live objects at the end of the run. */
export interface GroupRow {
  /** Stable across runs (groupKeyId of src/analysis/groups.ts): the table's diff matches rows by it. */
  key: string
  name: string
  kind: NodeKind
  /**
   * `file:line:column` of the allocation, or null (made outside the learner's code: before it ran, or
   * by LeakLab's tools). A group by constructor may span lines: its representative's.
   */
  site: string | null
  /** The line of `site` when it is in the learner's file, or null. */
  line: number | null
  /** In a group by constructor, how many other lines its members were made at (0 or absent: none). */
  otherLines?: number
  count: number
  shallowBytes: number
  retainedBytes: number
  /** The retainer path of the group's representative (the member closest to a root), rendered. */
  path: string
}

/** A group whose live count grew with the steps. */
export interface SuspectRow extends GroupRow {
  growthPerStep: number
  /** Index into HeapView.clusters: suspects that share a retainer path pattern are likely one leak. */
  cluster: number | null
}

/** Live objects allocated on one line of the learner's file, still alive after the run (the editor's hints). */
export interface LineCount {
  line: number
  count: number
  shallowBytes: number
}

/** Live counts at one heap walk during the run, for the chart's per-group series. */
export interface GrowthPoint {
  step: number
  time: number
  /** Live objects of each group (by line), by GroupRow.key; a group absent from the record had none. */
  counts: Record<string, number>
}

export interface HeapView {
  byConstructor: GroupRow[]
  byLine: GroupRow[]
  /** Most retained growth per step first. */
  suspects: SuspectRow[]
  clusters: { pattern: string; keys: string[] }[]
  growth: GrowthPoint[]
  lines: LineCount[]
  nodeCount: number
  edgeCount: number
  /** Why the heap was not (fully) inspected, or null. */
  error: string | null
  /** How much of the engine's heap the final walk accounted for (RunResult heap.coverage), or null. */
  coverage: HeapCoverage | null
  /** What the walk could not account for, in a sentence (coverage.ts), or null when it accounted for everything. */
  unsure: string | null
  /** The heap's notation (HeapSnapshot.notation): panels name kinds in its words. */
  notation: 'javascript' | 'python'
  /** The heaps the run kept (every walk, the program's `leaklab.snapshot()`s), in the order taken: the chart's marks. */
  snapshots: SnapshotMark[]
  /** Walks the run took but did not keep (past the memory budget, or past the program's 50), with why. */
  dropped: DroppedSnapshot[]
  /** Which of `snapshots` this view shows; null when the run kept none (or the end of the run is not among them). */
  shown: number | null
}

/** A heap the run kept, as the chart marks it and the compare view names it. */
export interface SnapshotMark {
  /** Its position in HeapView.snapshots: what the worker is asked about it by. */
  index: number
  step: number
  time: number
  /** The program's label (`leaklab.snapshot('after open')`), else null. */
  label: string | null
  taken: SnapshotTaken
  /** Its label, `step 25`, or `the end of the run`. */
  name: string
  /** Live objects in it. */
  objects: number
}

/** A RunResult as the page receives it: the heap report replaced by its analysis. */
export type RunView = Omit<RunResult, 'heap'> & {
  heap: HeapView | null
  /** What graph queries name the run by (EngineClient.graph); the worker keeps only its latest run's heap. */
  runId: number
}

/** What the reference graph should show. */
export interface GraphQuery {
  /** A group (by key, under the grouping it came from) or one object (a node id from a GraphView). */
  target: { group: string; by: GroupBy } | { node: number }
  /** Collapsed nodes (GraphNode.id) the learner expanded. */
  expand: string[]
  /**
   * References to leave out, as a what-if (snapshot edge indexes, from GraphEdge.refs): the graph is
   * drawn, and `whatIf` filled in, as the heap would be without them. Nothing in the program changes.
   */
  ignore?: number[]
  /** The kept snapshot to draw it from (SnapshotMark.index); absent: the end of the run. Node ids and `ignore` are that snapshot's. */
  snapshot?: number
}

export interface GraphNode {
  /**
   * Stable within one snapshot: `n<id>` for one object, `c<...>` for a collapsed set (and `c<...>@20`
   * for what expanding it left collapsed), `r<...>` for a root that is a binding or a timer.
   */
  id: string
  /**
   * `DataHolder`, `leakList`'s array as `Array`, a closure as `(closure tick)`, `function step`,
   * `class DataHolder`, a root by its name (`leakList`, `setInterval#1`, `globalThis`; many timers as
   * `setInterval#1…#20`), `… DataHolder` for what expanding a collapsed node left collapsed.
   */
  label: string
  kind: NodeKind
  /** 1 for one object; the number of objects a collapsed node stands for ("DataHolder ×100000"). */
  count: number
  /** The snapshot node id of one object (to focus it); null for a collapsed set, or a binding or timer. */
  node: number | null
  site: string | null
  shallowBytes: number
  retainedBytes: number
  /** root: a root or globalThis; target: the selected object or group; path: on the highlighted path. */
  role: 'root' | 'target' | 'path' | 'other'
}

export interface GraphEdge {
  id: string
  source: string
  target: string
  kind: EdgeKind
  /**
   * As the path notation writes it: `.cache` (a property, or a closure's variable), `[3]`,
   * `[0…99999]` for a collapsed range, `.get("u7")`, `.get(*)` for many keys; empty from a binding or
   * timer to what it holds.
   */
  label: string
  /** On the highlighted path from a root to the target. */
  onPath: boolean
  /** The snapshot's references it stands for (one, or a collapsed range's many): what "Ignore this reference" leaves out. */
  refs: number[]
}

export interface GraphView {
  nodes: GraphNode[]
  edges: GraphEdge[]
  /** The highlighted path, rendered in the path notation. */
  path: string
  /** True when the graph was cut to stay readable (too many distinct retainers): say so. */
  truncated: boolean
  /** The heap's notation (HeapSnapshot.notation): the legend names the kinds in its words (a Python `list`, not an array). */
  notation: 'javascript' | 'python'
  /** When the query ignored references: what that would free. The graph and path are the heap's without them. */
  whatIf?: WhatIfView
}

/** What leaving out the ignored references would free (what-if.ts), in a few figures. */
export interface WhatIfView {
  /** References left out. */
  ignored: number
  freedObjects: number
  freedBytes: number
  /** The groups with most objects freed (by line), at most five: `Widget` and how many. */
  groups: { name: string; site: string | null; freed: number }[]
  /** Every object of the target would be freed: nothing holds it without those references (the graph is then empty). */
  targetFreed: boolean
}
