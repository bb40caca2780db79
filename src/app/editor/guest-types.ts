/**
 * What the editor's completion and hover know about the sandbox: the globals the prelude
 * (src/engine/prelude) installs, as a declaration file, and the ECMAScript libraries QuickJS has.
 * No Monaco import here, so Node tests can type-check these declarations with the real compiler
 * and compare them with what a run actually exposes (test/app/guest-types.test.ts).
 */

/**
 * TypeScript lib files for the guest: ES2024 plus the newer built-ins QuickJS 2025-09-13 has
 * (iterator helpers, Set methods, Promise.try, Float16Array, Error.isError). Not TypeScript's DOM
 * library: the sandbox's `document` and `window` are a small model (GUEST_TYPES declares what it
 * has), and there is no `fetch` or `localStorage`, so completion must not offer them.
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

type LeakLabListener = (...args: any[]) => void

/**
 * Node's EventEmitter, also what require('events') returns. Its listeners are kept in the emitter
 * (emitter._events.data[0]): a listener never removed keeps alive everything it captured. More than
 * getMaxListeners() listeners for one event prints Node's MaxListenersExceededWarning, once.
 * @example const EventEmitter = require('events'); class Store extends EventEmitter {}
 */
declare class EventEmitter {
  constructor(options?: object)
  /** The max listeners per event of emitters that set none (10). */
  static defaultMaxListeners: number
  /** EventEmitter itself, as in Node: const { EventEmitter } = require('events'). */
  static readonly EventEmitter: typeof EventEmitter
  /** Add a listener at the end of eventName's list. It stays until removed: remove it when done. */
  on(eventName: string | symbol, listener: LeakLabListener): this
  /** As on. */
  addListener(eventName: string | symbol, listener: LeakLabListener): this
  /** Add a listener at the front of eventName's list. */
  prependListener(eventName: string | symbol, listener: LeakLabListener): this
  /** Add a listener that is removed before it is first called. */
  once(eventName: string | symbol, listener: LeakLabListener): this
  /** As once, at the front of the list. */
  prependOnceListener(eventName: string | symbol, listener: LeakLabListener): this
  /** Remove the most recently added instance of listener, freeing what only it kept alive. */
  off(eventName: string | symbol, listener: LeakLabListener): this
  /** As off. */
  removeListener(eventName: string | symbol, listener: LeakLabListener): this
  /** Remove every listener, or those of eventName. */
  removeAllListeners(eventName?: string | symbol): this
  /** Call eventName's listeners in order with args. @returns whether it had listeners. */
  emit(eventName: string | symbol, ...args: any[]): boolean
  /** How many listeners eventName has (instances of listener only, when given). */
  listenerCount(eventName: string | symbol, listener?: Function): number
  /** A copy of eventName's listeners (once wrappers unwrapped). */
  listeners(eventName: string | symbol): Function[]
  /** A copy of eventName's listeners, once wrappers included. */
  rawListeners(eventName: string | symbol): Function[]
  /** The events that have listeners. */
  eventNames(): (string | symbol)[]
  /** The max listeners per event before the leak warning; 0 or Infinity for no limit. */
  setMaxListeners(n: number): this
  getMaxListeners(): number
}
declare module 'events' {
  const EventEmitterModule: typeof EventEmitter
  export = EventEmitterModule
}
declare module 'node:events' {
  const EventEmitterModule: typeof EventEmitter
  export = EventEmitterModule
}
/** Node's require, for the one module the sandbox has: 'events' (or 'node:events'). Any other id throws "Cannot find module". */
declare function require(id: string): any

/** The DOM's exception, with a name such as 'NotFoundError' or 'HierarchyRequestError'. */
declare class DOMException extends Error {
  constructor(message?: string, name?: string)
}

interface EventInit {
  bubbles?: boolean
  cancelable?: boolean
  composed?: boolean
}

/** An event to dispatch on an EventTarget: it goes down to the target (capture), then back up to window if it bubbles. */
declare class Event {
  constructor(type: string, eventInitDict?: EventInit)
  readonly type: string
  readonly bubbles: boolean
  readonly cancelable: boolean
  readonly composed: boolean
  readonly defaultPrevented: boolean
  /** The node it was dispatched on. An event kept after dispatch keeps its target alive. */
  readonly target: EventTarget | null
  /** The node whose listener is running; null after dispatch. */
  readonly currentTarget: EventTarget | null
  readonly eventPhase: number
  readonly isTrusted: boolean
  /** Simulated ms since the run started. */
  readonly timeStamp: number
  preventDefault(): void
  stopPropagation(): void
  stopImmediatePropagation(): void
  static readonly NONE: 0
  static readonly CAPTURING_PHASE: 1
  static readonly AT_TARGET: 2
  static readonly BUBBLING_PHASE: 3
}

interface CustomEventInit<T = any> extends EventInit {
  detail?: T
}
declare class CustomEvent<T = any> extends Event {
  constructor(type: string, eventInitDict?: CustomEventInit<T>)
  readonly detail: T
}

interface EventListenerOptions {
  capture?: boolean
}
interface AddEventListenerOptions extends EventListenerOptions {
  /** Remove the listener after its first call. */
  once?: boolean
  /** preventDefault() does nothing in it. */
  passive?: boolean
  /** Remove the listener when this signal aborts. */
  signal?: AbortSignal
}
type EventListenerOrEventListenerObject = ((event: Event) => any) | { handleEvent(event: Event): any }

/**
 * Something listeners can be added to. The target keeps each listener (target.<event listeners>[0].listener in a retainer path),
 * and so everything the listener captured, until it is removed: remove listeners you no longer need.
 */
declare class EventTarget {
  constructor()
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void
  /** @returns false if a listener called preventDefault() on a cancelable event. */
  dispatchEvent(event: Event): boolean
}

/** Tells listeners added with { signal } to go: aborting removes them all at once. */
declare class AbortSignal extends EventTarget {
  private constructor()
  readonly aborted: boolean
  readonly reason: any
  throwIfAborted(): void
  static abort(reason?: any): AbortSignal
}
declare class AbortController {
  constructor()
  readonly signal: AbortSignal
  /** Abort the signal: every listener added with it is removed. */
  abort(reason?: any): void
}

/**
 * A node of LeakLab's DOM: a model of the tree, with no layout or rendering. A node removed from the
 * tree but still referenced stays alive (a detached node), with its subtree and its listeners; and a
 * detached child keeps its whole detached tree alive through parentNode.
 */
declare class Node extends EventTarget {
  protected constructor()
  readonly nodeType: number
  readonly nodeName: string
  readonly parentNode: Node | null
  readonly parentElement: Element | null
  /** The children, in order (an array, not a live NodeList). */
  readonly childNodes: Node[]
  readonly firstChild: Node | null
  readonly lastChild: Node | null
  readonly nextSibling: Node | null
  readonly previousSibling: Node | null
  /** Whether the node is in the document; false for a detached node. */
  readonly isConnected: boolean
  readonly ownerDocument: Document | null
  textContent: string | null
  hasChildNodes(): boolean
  contains(other: Node | null): boolean
  appendChild<T extends Node>(node: T): T
  insertBefore<T extends Node>(node: T, child: Node | null): T
  /** Take child out of the tree; whatever still references it keeps it alive, detached. */
  removeChild<T extends Node>(child: T): T
  replaceChild<T extends Node>(node: Node, child: T): T
}

declare class Text extends Node {
  constructor(data?: string)
  data: string
  nodeValue: string
  remove(): void
}

declare class Element extends Node {
  protected constructor()
  /** Upper case: 'DIV'. */
  readonly tagName: string
  readonly localName: string
  id: string
  className: string
  /** The attributes, by name. */
  readonly attributes: Record<string, string>
  /** The element children (a copy, not a live HTMLCollection). */
  readonly children: Element[]
  readonly firstElementChild: Element | null
  readonly lastElementChild: Element | null
  readonly childElementCount: number
  /** The children as markup. Setting it takes text only (this model parses no HTML); '' removes every child. */
  innerHTML: string
  readonly outerHTML: string
  getAttribute(name: string): string | null
  setAttribute(name: string, value: string): void
  removeAttribute(name: string): void
  hasAttribute(name: string): boolean
  /** Append nodes or strings (as Text nodes). */
  append(...nodes: (Node | string)[]): void
  prepend(...nodes: (Node | string)[]): void
  /** Replace every child: the old ones are detached (and stay alive while referenced). */
  replaceChildren(...nodes: (Node | string)[]): void
  /** Take the element out of the tree; whatever still references it keeps it alive, detached. */
  remove(): void
  /** Tag, #id and .class selectors, and lists of them. */
  querySelector(selectors: string): Element | null
  querySelectorAll(selectors: string): Element[]
}

declare class HTMLElement extends Element {
  /** Dispatch a bubbling, cancelable click event. */
  click(): void
  style: Record<string, string>
}
declare class HTMLHtmlElement extends HTMLElement {}
declare class HTMLHeadElement extends HTMLElement {}
declare class HTMLBodyElement extends HTMLElement {}
declare class HTMLDivElement extends HTMLElement {}
declare class HTMLSpanElement extends HTMLElement {}
declare class HTMLButtonElement extends HTMLElement {}
declare class HTMLUListElement extends HTMLElement {}
declare class HTMLLIElement extends HTMLElement {}
declare class HTMLParagraphElement extends HTMLElement {}
declare class HTMLImageElement extends HTMLElement {}
declare class HTMLInputElement extends HTMLElement {}

interface HTMLElementTagNameMap {
  html: HTMLHtmlElement
  head: HTMLHeadElement
  body: HTMLBodyElement
  div: HTMLDivElement
  span: HTMLSpanElement
  button: HTMLButtonElement
  ul: HTMLUListElement
  li: HTMLLIElement
  p: HTMLParagraphElement
  img: HTMLImageElement
  input: HTMLInputElement
}

declare class Document extends Node {
  protected constructor()
  readonly documentElement: HTMLHtmlElement
  readonly head: HTMLHeadElement
  readonly body: HTMLBodyElement
  createElement<K extends keyof HTMLElementTagNameMap>(tagName: K): HTMLElementTagNameMap[K]
  createElement(tagName: string): HTMLElement
  createTextNode(data: string): Text
  getElementById(elementId: string): HTMLElement | null
  /** Tag, #id and .class selectors, and lists of them. */
  querySelector(selectors: string): Element | null
  querySelectorAll(selectors: string): Element[]
}

/** The page's document: made when the program first uses it, so a program without the DOM counts none of it. */
declare var document: Document

declare class Window extends EventTarget {
  private constructor()
}
/** globalThis, as in a browser: window.leaked = [] makes a global. Its listeners are kept until removed. */
declare var window: typeof globalThis & Window
/** window's: a listener added here lives as long as the run. */
declare function addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void
declare function removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void
declare function dispatchEvent(event: Event): boolean

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

/** What the program can ask of LeakLab itself. */
declare namespace leaklab {
  /**
   * Walk the heap here and keep it with the run's other snapshots, under its label: the chart marks it,
   * the page can show the heap as it was at this moment and compare it with another snapshot
   * (leaklab compare --from 'label' on the command line). Runs none of the program's code. Inside a function, the running
   * functions' locals are roots of that walk. A run keeps at most 50 of these.
   * @param label at most 100 characters, e.g. 'after open'; without one, 'snapshot 1', 'snapshot 2', …
   * @returns false when no snapshot was taken (the run keeps no walks, or 50 were taken already).
   * @example leaklab.snapshot('baseline'); openDialog(); leaklab.snapshot('after open')
   */
  function snapshot(label?: string): boolean
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
/**
 * A "native" image library, as a C extension or the browser's ImageBitmap: each image's pixels live
 * outside the JS heap, so object counts, heap snapshots and tracemalloc see only its small handle.
 * Close every image: a handle collected without close() leaves its memory allocated.
 */
declare namespace imageLib {
  /**
   * Decode an image: width × height × 4 bytes of native memory, held until close().
   * @param width a whole number from 1 to 16384
   * @param height a whole number from 1 to 16384
   * @throws RangeError when the live images would pass the run's memory budget, or 100,000 images.
   */
  function decode(name: string, width: number, height: number): NativeImage
  /** The images live now, and their native bytes. */
  function stats(): { images: number; bytes: number }
  /** The class of the handles decode returns; new throws (TypeError: Illegal constructor). */
  class NativeImage {
    private constructor()
    readonly name: string
    readonly width: number
    readonly height: number
    /** width × height × 4 while open; 0 once closed. */
    readonly byteLength: number
    readonly closed: boolean
    /** Free the image's native memory. Calling it again does nothing. */
    close(): void
  }
}
/** A handle to an image decoded by imageLib; its pixels are outside the JS heap until close(). */
type NativeImage = imageLib.NativeImage

`
