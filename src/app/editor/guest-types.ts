/**
 * What the editor's completion and hover know about the sandbox: the globals the prelude
 * (src/engine/prelude) installs, as a declaration file, and the ECMAScript libraries QuickJS has.
 * No Monaco import here, so Node tests can type-check these declarations with the real compiler
 * and compare them with what a run actually exposes (test/app/guest-types.test.ts).
 */

/**
 * TypeScript lib files for the guest: ES2024 plus the newer built-ins QuickJS 2025-09-13 has
 * (iterator helpers, Set methods, Promise.try, Float16Array, Error.isError). No DOM: the sandbox
 * has no `document`, `window` or `fetch`, so completion must not offer them.
 */
export const GUEST_LIBS = [
  'lib.es2024.d.ts',
  'lib.esnext.collection.d.ts',
  'lib.esnext.iterator.d.ts',
  'lib.esnext.promise.d.ts',
  'lib.esnext.float16.d.ts',
  'lib.esnext.error.d.ts',
]

/** Where the declarations live in the language service's virtual file system. */
export const GUEST_TYPES_PATH = 'file:///leaklab/guest.d.ts'

export const GUEST_TYPES = String.raw`
/** Node's console: prints to LeakLab's Console panel, formatted as Node prints (objects inspected to depth 2). */
declare var console: LeakLabConsole

interface LeakLabInspectOptions {
  /** How deep to inspect nested objects (default 2); null for no limit. */
  depth?: number | null
  /** Show non-enumerable properties and symbols too. */
  showHidden?: boolean
  /** Array and Set entries shown before "... more items" (default 100). */
  maxArrayLength?: number | null
  /** Characters of a string shown (default 10,000). */
  maxStringLength?: number | null
  /** Line width before an object is broken over lines (default 80). */
  breakLength?: number
  /** Sort object keys. */
  sorted?: boolean
  /** Show getters' values. */
  getters?: boolean
  /** Call objects' [Symbol.for('nodejs.util.inspect.custom')] methods (default true). */
  customInspect?: boolean
  compact?: boolean | number
  showProxy?: boolean
  numericSeparator?: boolean
  colors?: boolean
}

interface LeakLabConsole {
  /** Print the arguments, formatted like Node's util.format (%s %d %i %f %j %o %O %c). */
  log(...data: any[]): void
  /** As log, at level info. */
  info(...data: any[]): void
  /** As log, at level warn (shown in the warning colour). */
  warn(...data: any[]): void
  /** As log, at level error. */
  error(...data: any[]): void
  /** As log, at level debug. */
  debug(...data: any[]): void
  /** Print an array or object of rows as a table, optionally only the given columns. */
  table(tabularData: any, properties?: readonly string[]): void
  /** Inspect one value with the given options (custom inspect methods are not called). */
  dir(item: any, options?: LeakLabInspectOptions): void
  /** As log. */
  dirxml(...data: any[]): void
  /** Print "Assertion failed" and the data when the condition is falsy; never throws. */
  assert(condition?: any, ...data: any[]): void
  /** Print how many times count() has been called with this label. */
  count(label?: string): void
  /** Reset a label's count. */
  countReset(label?: string): void
  /** Start a timer on the simulated clock. */
  time(label?: string): void
  /** Print a timer's simulated time and remove it. */
  timeEnd(label?: string): void
  /** Print a timer's simulated time so far. */
  timeLog(label?: string, ...data: any[]): void
  /** Print the data, then indent what follows until groupEnd(). */
  group(...data: any[]): void
  /** As group. */
  groupCollapsed(...data: any[]): void
  /** End the innermost group. */
  groupEnd(): void
  /** Print "Trace:", the data and the current stack. */
  trace(...data: any[]): void
  /** Does nothing: the Console panel is not a terminal. */
  clear(): void
  /** Does nothing here (inspector only in Node). */
  profile(label?: string): void
  /** Does nothing here (inspector only in Node). */
  profileEnd(label?: string): void
  /** Does nothing here (inspector only in Node). */
  timeStamp(label?: string): void
}

/**
 * Call callback once, after delay ms of simulated time. Timers run instantly, in due order, on
 * LeakLab's virtual clock. A pending timer is held by the host, so whatever its callback reaches stays alive.
 * @returns the timer's id, for clearTimeout.
 */
declare function setTimeout<A extends any[]>(callback: (...args: A) => void, delay?: number, ...args: A): number
/**
 * Call callback every delay ms of simulated time, until clearInterval. An interval never cleared keeps
 * its callback, and everything the callback reaches, alive for the whole run: a classic leak.
 * @returns the timer's id, for clearInterval.
 */
declare function setInterval<A extends any[]>(callback: (...args: A) => void, delay?: number, ...args: A): number
/** Cancel a timeout; its callback, and what it holds, can then be freed. */
declare function clearTimeout(id: number | undefined): void
/** Cancel an interval; its callback, and what it holds, can then be freed. */
declare function clearInterval(id: number | undefined): void
/** Run callback as a microtask, after the current code and before the next timer. */
declare function queueMicrotask(callback: () => void): void

/** The simulated clock. Date.now() follows it too. */
declare var performance: {
  /** Milliseconds of simulated time since the run started. */
  now(): number
  /** Date.now() when the run started, in ms since the epoch. */
  readonly timeOrigin: number
}

/**
 * Run QuickJS's cycle collector, as Python's gc.collect() or Node's gc() (--expose-gc).
 * @returns how many unreachable objects it freed.
 */
declare function gc(): number
/** Python's gc module for the sandbox: the cycle collector and reference queries. */
declare namespace gc {
  /**
   * Run QuickJS's cycle collector now. Reference counting frees most objects at once; only
   * garbage cycles wait for the collector. FinalizationRegistry callbacks run after the calling code returns.
   * @param generation ignored (QuickJS has one generation); accepted for Python's signature.
   * @returns how many unreachable objects it freed.
   */
  function collect(generation?: number): number
  /**
   * The program's objects that hold a reference to any of objects, found by walking from the roots
   * (globals, top-level bindings, pending timers); globalThis when a global variable holds one.
   * Costs about a heap walk (0.6 s at 100,000 objects).
   */
  function getReferrers(...objects: any[]): object[]
  /** The program's objects that objects reference directly (properties, elements, Map and Set entries, captured variables). */
  function getReferents(...objects: any[]): object[]
}

/**
 * Python's tracemalloc for the sandbox: traces the objects the program allocates (literals, new,
 * functions, classes), each at its allocation line, without keeping them alive.
 */
declare namespace tracemalloc {
  /** 'lineno': by line; 'filename': by file; 'traceback': as 'lineno' (one frame). */
  type KeyType = 'lineno' | 'filename' | 'traceback'

  /** Start tracing allocations. nframe is accepted for Python's signature; one frame is kept. */
  function start(nframe?: number): void
  /** Stop tracing and forget every trace. */
  function stop(): void
  /** Whether tracing is on. */
  function isTracing(): boolean
  /** The traced objects still alive, by allocation site. Throws unless tracing. */
  function takeSnapshot(): Snapshot
  /** [current, peak] bytes of traced objects still alive; [0, 0] when not tracing. */
  function getTracedMemory(): [current: number, peak: number]
  /** Set the peak to the current size. */
  function resetPeak(): void
  /** Forget the traces so far; tracing goes on. */
  function clearTraces(): void
  /** Estimated bytes tracemalloc itself uses (one WeakRef per traced object). */
  function getTracemallocMemory(): number

  /** Traced objects by allocation site, as they were when the snapshot was taken (no object is kept). */
  class Snapshot {
    private constructor()
    /**
     * Sizes and counts by line or by file, largest first.
     * @example for (const stat of snapshot.statistics('lineno').slice(0, 10)) console.log(String(stat))
     */
    statistics(keyType: KeyType, cumulative?: boolean): Statistic[]
    /** Differences from an older snapshot, largest size change first. */
    compareTo(old: Snapshot, keyType: KeyType, cumulative?: boolean): StatisticDiff[]
  }

  /** Objects allocated at one line (or in one file: line 0). String(stat) prints it as Python does. */
  class Statistic {
    constructor(file: string, line: number, size: number, count: number)
    /** The file, 'main.js'. */
    file: string
    /** The allocation line, 0 when grouped by file. */
    line: number
    /** Bytes of the live objects. */
    size: number
    /** How many objects are alive. */
    count: number
    /** 'main.js:11: size=703 KiB, count=10000, average=72 B' */
    toString(): string
  }

  /** How one line's (or file's) statistics changed between two snapshots. */
  class StatisticDiff {
    constructor(file: string, line: number, size: number, sizeDiff: number, count: number, countDiff: number)
    file: string
    line: number
    /** Bytes in the newer snapshot. */
    size: number
    /** Bytes gained (negative: freed) since the older snapshot. */
    sizeDiff: number
    /** Objects in the newer snapshot. */
    count: number
    /** Objects gained (negative: freed) since the older snapshot. */
    countDiff: number
    /** 'main.js:11: size=703 KiB (+703 KiB), count=10000 (+10000), average=72 B' */
    toString(): string
  }
}

/** QuickJS's error for the engine's own limits: "stack overflow" from runaway recursion, for one. */
interface InternalError extends Error {}
interface InternalErrorConstructor extends ErrorConstructor {
  new (message?: string, options?: ErrorOptions): InternalError
  (message?: string, options?: ErrorOptions): InternalError
  readonly prototype: InternalError
}
declare var InternalError: InternalErrorConstructor

/**
 * Define step(i) and LeakLab calls it again and again (the Steps setting: step(0), step(1), …),
 * counting live objects as it goes: an object count that grows with the steps is a leak.
 * Promise jobs it queues run after each call, and timers due meanwhile fire.
 * @param i how many steps ran before this one.
 */
declare function step(i: number): void
/** Define setup() and LeakLab calls it once, after the script and before the first step. */
declare function setup(): void
/** Define teardown() and LeakLab calls it once, after the last step: report or clean up here. */
declare function teardown(): void
`
