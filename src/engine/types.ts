import type { GroupSample } from '../heap/group-key'
import type { HeapSnapshot } from '../heap/snapshot'
import type { KeptSnapshots } from '../heap/kept-snapshots'

/**
 * The engine's public data types. Everything here is plain JSON, but for the kept heaps' typed arrays
 * (HeapReport.kept, which `--json` leaves out): it crosses the Web Worker boundary by structured
 * clone, is printed by `leaklab run --json`, and is read by tests. Add fields freely; never rename these.
 */

/** How a run failed. */
export type RunErrorKind = 'syntax' | 'runtime' | 'timeout' | 'memory' | 'stack'

/** Where in the run's life the learner's code was when it failed. */
export type RunPhase = 'script' | 'setup' | 'step' | 'teardown' | 'timer' | 'microtask' | 'verify'

/** A failure of the learner's program, located in the learner's own source. */
export interface RunError {
  kind: RunErrorKind
  /** The error's class name (`TypeError`, `InternalError`…), or `Uncaught` for a thrown non-Error value. */
  name: string
  message: string
  /** 1-based line in the learner's source, or null when the engine cannot tell (e.g. `throw 42`). */
  line: number | null
  /** 1-based column in the learner's source, or null. */
  column: number | null
  phase: RunPhase
  /** The step being run when it failed, when `phase` is `step`. */
  step?: number
}

export type ConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug'

export interface ConsoleEntry {
  level: ConsoleLevel
  /** The line as Node would print it: objects inspected, cycles marked as `[Circular *1]`. */
  text: string
  /**
   * The line in parts, for a console that can expand objects: the text between the logged objects,
   * and each object with what it held when it was logged (a snapshot, as Node's console shows; its
   * later changes are not seen). The parts' texts joined are `text`. Present only when the line
   * holds an object with something to expand (properties, elements, entries), and while the run has
   * kept fewer than 100,000 values in such parts (later lines are text only).
   */
  args?: ConsoleArg[]
}

/**
 * A part of a console line. `text` is what the line prints there; `tree`, for an object, is what the
 * object held at that moment. The tree is built in the guest without running any of the program's
 * code (getters are shown, not called; proxies are not asked) and is bounded: 4 levels below the
 * logged object, 100 children per object, 2,000 values per line.
 */
export interface ConsoleArg {
  text: string
  tree?: ConsoleTree
}

/** An object's children, as they were when it was logged. */
export interface ConsoleTree {
  children: ConsoleChild[]
  /** Children not listed: past 100 per object, or past the line's budget, or deeper than 4 levels (`cut`). */
  more?: number
  /**
   * Why children were left out beyond the 100 per object: 'depth' (none kept this deep), 'size' (the
   * line's 2,000 values, or the run's 100,000, ran out).
   */
  cut?: 'depth' | 'size'
}

/** One child: a property, an array element, a Map entry, a Set member, or a proxy's [[Target]] and [[Handler]]. */
export interface ConsoleChild {
  /**
   * A property's name as Node prints it (`a`, `'a-b'`, `[Symbol(k)]`), an element's index (`0`), a Map
   * key's text (`'k'`), an internal slot (`[[Target]]`, `<fulfilled>`), or '' for a Set member.
   */
  key: string
  value: ConsoleArg
  /** 'entry': a Map entry, read `key => value`. 'member': a Set member or a run of holes, read alone. */
  kind?: 'entry' | 'member'
  /** A Map entry whose key is an object with something to expand: the key, expandable too. */
  keyArg?: ConsoleArg
}

/** One measurement of the engine's live heap. */
export interface Sample {
  /** Steps completed when the sample was taken (0: after the script and `setup()`). */
  step: number
  /** Simulated time in ms. */
  time: number
  /** Live objects in the runtime (QuickJS `obj_count`). */
  objects: number
  /** Bytes in use by the runtime's allocator (QuickJS `memory_used_size`). */
  bytes: number
  /** Native bytes live (imageLib's buffers): held outside the JS heap, so never in `bytes`. */
  nativeBytes: number
  /**
   * Of `objects`, how many were garbage: reached by nothing alive, cycles the collector has not freed
   * yet. Python only, and only at the steps a growth walk looked (CPython's count includes them;
   * JavaScript's `objects` leaves its garbage out at every sample, so it never has this).
   */
  unreachable?: number
}

/** Every field of QuickJS's `JS_ComputeMemoryUsage`, as the engine reports it. */
export interface QuickJSMemoryUsage {
  malloc_limit: number
  memory_used_size: number
  malloc_count: number
  memory_used_count: number
  atom_count: number
  atom_size: number
  str_count: number
  str_size: number
  obj_count: number
  obj_size: number
  prop_count: number
  prop_size: number
  shape_count: number
  shape_size: number
  js_func_count: number
  js_func_size: number
  js_func_code_size: number
  js_func_pc2line_count: number
  js_func_pc2line_size: number
  c_func_count: number
  array_count: number
  fast_array_count: number
  fast_array_elements: number
  binary_object_count: number
  binary_object_size: number
}

/** The engine's totals at one moment: `objects` and `bytes` first, then every QuickJS field. */
export type MemoryTotals = { objects: number; bytes: number } & QuickJSMemoryUsage

/** The limits a run was held to. */
export interface RunLimits {
  /** Real (wall-clock) time budget for the whole run, in ms. */
  timeoutMs: number
  /** How much the run's wasm memory may grow, in bytes. */
  memoryBytes: number
  /** The interpreter's maximum stack, in bytes. */
  stackBytes: number
}

/** What a run was asked to do. All fields optional when passed to `runProgram`. */
export interface RunOptions {
  /** Times to call the program's `step(i)`, when it defines one. */
  steps: number
  /** Take a sample after every this many steps. */
  sampleEvery: number
  /** Simulated time the run covers, in ms: timers due within it fire. */
  timeMs: number
  /** Real time budget, in ms. */
  timeoutMs: number
  /**
   * Real time the page's watchdog allows a heap walk and its analysis on top of timeoutMs before it
   * decides the engine is stuck, in ms. The walk itself runs in the engine, with no guest code, in
   * time linear in the heap, and is not charged to timeoutMs.
   */
  walkTimeoutMs: number
  /** Memory budget, in bytes. */
  memoryBytes: number
  /** The name errors and stack traces give the learner's file. */
  filename: string
  /** Console entries kept; the rest are counted in `consoleDropped`. */
  maxConsoleEntries: number
  /** Instrument the program and walk its heap: allocation sites, closures, snapshots. */
  inspect: boolean
  /**
   * Heap walks spread over the steps (the first and the last at least), for growth by group. 0: no
   * walk at all; the program still runs instrumented, so the guest's tracemalloc and gc work.
   */
  snapshots: number
  /**
   * An exercise's verifier (a `behaviour` check's `verify`): JavaScript run once the run is over (after
   * teardown and the final heap walk, so it changes no figure), in the program's global scope, as the
   * body of an async function. It passes when it finishes; a throw, a rejection, a limit or a promise
   * that never settles fails it. What it returns, when a string, says what it verified. Null: none.
   */
  verify: string | null
}

/** What a run's verifier found (RunOptions.verify): whether the program still does its job. */
export interface BehaviourReport {
  pass: boolean
  /**
   * In words: when it passed, what the verifier returned (or a plain "it still does its job"); when
   * it failed, the verifier's own message, or what the program threw, from which of its functions
   * and where (`reopen() threw TypeError: cannot read property 'id' of null (line 12)`).
   */
  says: string
  /** The learner's line where it failed, when the failure was thrown in the program; null otherwise. */
  line: number | null
}

export interface TimerStats {
  /** Timer callbacks that ran. */
  fired: number
  /** Timers still scheduled when the run ended (held by the event loop, so their data is alive). */
  pending: number
}

export interface EngineReport {
  /** The QuickJS build that ran the program. */
  build: string
  /**
   * Why the runtime could not be freed cleanly, or null. QuickJS can strand objects of its own
   * (after running out of memory, or through an upstream refcount bug), which its leak assertion
   * reports on dispose; the run's module is discarded whole, so nothing is kept either way.
   */
  disposeError: string | null
}

/**
 * One heap walk during the run, reduced to live counts by kind, name and allocation line (group
 * keys from src/analysis): enough to see which groups grow, without keeping every snapshot.
 */
export interface GrowthSample extends GroupSample {
  time: number
}

/**
 * The guest's native memory (imageLib's image buffers): accounted by the host, outside QuickJS's heap,
 * so it is in none of the JS heap's figures, as a C library's memory is not in Python's tracemalloc.
 */
export interface NativeMemoryReport {
  /** Bytes live at the end of the run. */
  bytes: number
  /** Blocks (images) live at the end of the run. */
  blocks: number
  /** Bytes allocated over the run, freed or not. */
  allocatedBytes: number
  /** Bytes freed over the run (by `close()`). */
  freedBytes: number
  /** The most bytes live at once. */
  peakBytes: number
}

/** What the guest's `gc.collect()` (and `gc()`) calls returned. */
export interface GcReport {
  /** Each call's return value (objects freed), in order: the first 1,000 calls. */
  collections: number[]
  /** Calls made in all. */
  calls: number
}

/** What the heap inspector saw. */
export interface HeapReport {
  /** The heap at the end of the run (after teardown), or null when it was not walked (`snapshots: 0`) or could not be. */
  snapshot: HeapSnapshot | null
  /** Group counts at walks spread over the steps. */
  growth: GrowthSample[]
  /** Why the heap was not (fully) inspected, or null. */
  error: string | null
  /**
   * How much of the engine's heap the final walk accounted for, or null when there was none. Every
   * live object the engine lists is either reached from a root or unreachable (garbage the cycle
   * collector has not freed yet); every reference the collector's mark functions report is an edge,
   * named (a property, a variable, a slot) or not.
   */
  coverage: HeapCoverage | null
  /**
   * The heap of every walk (the growth walks, the program's `leaklab.snapshot()`s, the end), packed,
   * with each object's id for the whole run, within a memory budget; null when the run keeps none
   * (`snapshots: 0`). Stays with whoever ran the program (the worker, the CLI's guest thread): never
   * printed in `--json`.
   */
  kept?: KeptSnapshots | null
}

/** How much of the heap the walk accounted for (RunResult's `heap.coverage`). */
export interface HeapCoverage {
  /** The engine's live JS objects and suspended frames, LeakLab's and the environment's left out. */
  engineObjects: number
  /** Of those, reached from a root. */
  reached: number
  /** Of those, reached from no root: garbage the cycle collector has not freed yet. */
  unreachable: number
  /** References the walk named (a property, a variable, a slot), out of `edges`. */
  namedEdges: number
  /** Every reference the collector's mark functions report between them. */
  edges: number
  /** Nodes with an allocation site. */
  withSite: number
  /** Objects held only from outside the heap by something the walk has no name for. */
  heldByHost: number
  /** Objects only LeakLab's own functions hold (tracemalloc's records): not counted in engineObjects. */
  heldByLeakLab: number
}

/** Everything a run produced. A partial result (console, samples so far) survives every kind of error. */
export interface RunResult {
  ok: boolean
  error: RunError | null
  console: ConsoleEntry[]
  /** Console entries beyond `maxConsoleEntries`, not kept. */
  consoleDropped: number
  /** Steps completed. */
  steps: number
  /** Steps asked for (0 when the program defines no `step`). */
  stepsRequested: number
  /** Whether the program defines `step`, `setup` and `teardown` functions. */
  hooks: { step: boolean; setup: boolean; teardown: boolean }
  samples: Sample[]
  /** The engine's totals before the learner's code ran (after the guest environment was installed). */
  start: MemoryTotals
  /** The engine's totals at the end of the run. */
  memory: MemoryTotals
  /** Simulated time reached, in ms. */
  time: number
  timers: TimerStats
  limits: RunLimits
  /** The wasm memory the run's QuickJS lived in: its size before the program ran and at its largest. */
  wasmMemory: { startBytes: number; peakBytes: number }
  /** How the sandbox itself fared: for bug reports, not about the learner's program. */
  engine: EngineReport
  /** Native memory (imageLib): zeros when the program used none. */
  native: NativeMemoryReport
  /** What each `gc.collect()` returned. */
  gc: GcReport
  /** The heap inspector's findings; null when `inspect` was off. */
  heap: HeapReport | null
  /**
   * Promise rejections nothing handled by the end of the task that made them (each printed as an
   * `error` line, `Uncaught (in promise) …`, as browsers print them). The run goes on.
   */
  unhandledRejections: number
  /** What the verifier found (RunOptions.verify); null when there was none, or the run failed before it. */
  behaviour: BehaviourReport | null
  /** Real time the run took, in ms. */
  durationMs: number
}
