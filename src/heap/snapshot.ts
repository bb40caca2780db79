/**
 * LeakLab's heap snapshot: the live objects of a run and the references between them, as plain data
 * (it crosses the worker boundary and is written as Chrome's .heapsnapshot). The walker in the
 * guest produces it; everything in src/analysis reads it and needs no engine.
 */

/** Where an object was allocated, in the learner's own file (1-based line and column). */
export interface AllocationSite {
  file: string
  line: number
  column: number
}

/** What sort of thing a node is. `root` is the one synthetic node every path starts from. */
export const NODE_KINDS = [
  'root',
  'object',
  'array',
  'function',
  'closure',
  'class',
  'bound-function',
  'map',
  'set',
  'weakmap',
  'weakset',
  'weakref',
  'promise',
  'proxy',
  'regexp',
  'date',
  'error',
  'arraybuffer',
  'typed-array',
  'string',
  'native',
  'frame',
] as const
export type NodeKind = (typeof NODE_KINDS)[number]

export interface HeapNode {
  /** Dense: node `i` is `snapshot.nodes[i]`; node 0 is the root. */
  id: number
  kind: NodeKind
  /** Class or constructor name (`DataHolder`, `Array`, `Map`), function name, `(anonymous)`, or a root's name. */
  name: string
  /** Allocation site when the instrumentation recorded one (learner code only), else null. */
  site: AllocationSite | null
  /** Shallow size in bytes: a documented estimate (src/heap/size-model.ts), calibrated against QuickJS's own counts. */
  size: number
  /**
   * The object's id for the whole run: the same object has it in every walk, and no other object of
   * the run ever gets it (QuickJS's allocation number; Python's own numbering). 0 for the root.
   * Absent in a snapshot made by hand (tests) or read from elsewhere.
   */
  uid?: number
}

/**
 * How one node holds another:
 * - `root`: from the root node to a root (globalThis, a top-level binding, a pending timer, a listener).
 * - `property` / `element`: an own property (label: the key) or an array index (label: the index).
 * - `closure`: a variable a function captured (label: the variable's name).
 * - `map-key` / `map-value`: an entry of a Map (label: the key, rendered short); keys of a WeakMap are
 *   not edges, and a WeakMap value is reachable only through its key (an `internal` edge from the key).
 * - `set-member`: a member of a Set (label: its index in iteration order).
 * - `prototype`: the object's prototype, when it is not the default one for its kind.
 * - `internal`: what reflection cannot name: a bound function's target and arguments, a Proxy's target
 *   and handler, a promise's reactions, a WeakMap value held through its key, a generator's frame.
 * - `weak`: a reference that keeps nothing alive (a WeakRef's target, a FinalizationRegistry's
 *   targets). Shown, never followed: reachability, paths and retained sizes leave these out.
 *
 * A `frame` node is a suspended async function or generator: its `closure` edges are its arguments
 * and locals by name, `internal` ones its `this`, its function and what its expression stack holds.
 */
export const EDGE_KINDS = ['root', 'property', 'element', 'closure', 'map-key', 'map-value', 'set-member', 'prototype', 'internal', 'weak'] as const
export type EdgeKind = (typeof EDGE_KINDS)[number]

export interface HeapEdge {
  from: number
  to: number
  kind: EdgeKind
  label: string
}

export interface HeapSnapshot {
  /** Node 0 is the synthetic root; ids are indexes. */
  nodes: HeapNode[]
  edges: HeapEdge[]
  /** The step after which it was taken (0: after the script and setup()). */
  step: number
  /** Simulated time, in ms. */
  time: number
  /** How paths are written: JavaScript's (`cache.get("u7")`) unless the heap is a Python program's (`cache['u7']`). */
  notation?: 'javascript' | 'python'
}

/** A group of live objects: same kind and name (by constructor) or same allocation site (by line). */
export interface GroupKey {
  name: string
  kind: NodeKind
  /** `file:line` for groups by line; null for groups by constructor. */
  site: string | null
}
