/**
 * The one protocol between the page and the engine worker. Messages are plain data only (structured
 * clone), so either side can be replaced (a fake worker in tests) without touching the other.
 */
import type { GraphQuery, GraphView, GroupBy, HeapView, RunView, SnapshotComparison } from '../analysis/view-types'
import type { ConsoleEntry, RunOptions, Sample } from '../engine/types'

/**
 * Identifies one run. The page gives every request a fresh, increasing id; a reply whose id is not
 * the page's latest belongs to a run the page has already abandoned and is ignored: the latest wins.
 */
export type RunId = number

/** Page → worker: run `source` in a fresh QuickJS runtime, streaming progress under `id`. */
export interface RunRequest {
  type: 'run'
  id: RunId
  source: string
  /** Passed to the engine unchanged; anything left out takes the engine's default. */
  options: Partial<RunOptions>
}

/**
 * Page → worker: draw the reference graph `query` asks for, from the heap of run `runId`. `id` is fresh
 * (from the same sequence as run ids), so the reply finds its request whatever else is in flight.
 */
export interface GraphRequest {
  type: 'graph'
  id: number
  runId: RunId
  query: GraphQuery
}

/**
 * Page → worker: the heap of run `runId` as a Chrome `.heapsnapshot` file, for the learner to open in
 * DevTools or memlab. `id` is fresh, from the same sequence as graph requests.
 */
export interface HeapSnapshotRequest {
  type: 'heapsnapshot'
  id: number
  runId: RunId
  /** A kept snapshot (SnapshotMark.index); absent: the end of the run. */
  snapshot?: number
}

/** Page → worker: the heap table, groups and lines of kept snapshot `snapshot` of run `runId` (the chart's marks). */
export interface SnapshotViewRequest {
  type: 'snapshot-view'
  id: number
  runId: RunId
  snapshot: number
}

/**
 * Page → worker: kept snapshots `from` and `to` of run `runId` compared object by object, and with
 * `then`, what was allocated between them and is still alive at `then` (snapshot-compare.ts).
 */
export interface CompareRequest {
  type: 'compare'
  id: number
  runId: RunId
  from: number
  to: number
  then: number | null
  by: GroupBy
}

/** A question about the heap a worker holds; its reply carries the same `id`. */
export type QuestionRequest = GraphRequest | HeapSnapshotRequest | SnapshotViewRequest | CompareRequest

/** Everything the page may send to the worker. */
export type PageToWorker = RunRequest | QuestionRequest

/** Whether a message is a question about the held heap (both workers answer them alike: held-heap.ts). */
export function isQuestion(message: PageToWorker): message is QuestionRequest {
  return message.type === 'graph' || message.type === 'heapsnapshot' || message.type === 'snapshot-view' || message.type === 'compare'
}

/** Worker → page: the program of run `id` printed a line (sent as it happens). */
export interface ConsoleMessage {
  type: 'console'
  id: RunId
  entry: ConsoleEntry
}

/** Worker → page: the engine took a heap sample during run `id` (sent as it happens). */
export interface SampleMessage {
  type: 'sample'
  id: RunId
  sample: Sample
}

/**
 * Worker → page: the program of run `id` asked for a heap walk (`leaklab.snapshot()`), which starts or
 * is over. LeakLab's time, not the program's: the page's watchdog allows a walk its own time.
 */
export interface WalkMessage {
  type: 'walk'
  id: RunId
  state: 'start' | 'end'
}

/**
 * Worker → page: run `id` waits for its runtime to load (Python's interpreter: seconds the first
 * time) before the program can start. The page says so, and its watchdog allows for a download.
 * The JavaScript engine never sends it.
 */
export interface LoadingMessage {
  type: 'loading'
  id: RunId
}

/**
 * Worker → page: the program of run `id` starts now; its time budget counts from here. Sent by the
 * Python runtime, whose interpreter may have had to load first; the JavaScript engine starts at once.
 */
export interface StartedMessage {
  type: 'started'
  id: RunId
}

/**
 * Worker → page: the program of run `id` has finished and the worker is analysing its heap, LeakLab's
 * own work, which takes up to a few seconds for a million objects (the page's watchdog starts anew).
 */
export interface AnalysingMessage {
  type: 'analysing'
  id: RunId
}

/**
 * Worker → page: run `id` finished. Every failure of the learner's program (syntax, runtime, time,
 * memory, stack) arrives here, as `view.error`; this is the only message that ends a run normally.
 * The heap snapshot stays in the worker, which answers graph queries about it until the next run.
 */
export interface DoneMessage {
  type: 'done'
  id: RunId
  view: RunView
}

/** Worker → page: the graph asked for by request `id`. */
export interface GraphMessage {
  type: 'graph'
  id: number
  graph: GraphView
}

/** Worker → page: the view of the kept snapshot asked for by request `id`. */
export interface SnapshotViewMessage {
  type: 'snapshot-view'
  id: number
  view: HeapView
}

/** Worker → page: the comparison asked for by request `id`. */
export interface CompareMessage {
  type: 'compare'
  id: number
  comparison: SnapshotComparison
}

/** Worker → page: the `.heapsnapshot` file asked for by request `id`, as UTF-8 bytes. */
export interface HeapSnapshotMessage {
  type: 'heapsnapshot'
  id: number
  file: Uint8Array
}

/**
 * Worker → page: graph (or `.heapsnapshot`) request `id` has no answer. `gone`: the worker does not hold that run's heap (a
 * newer run replaced it, the worker restarted since, or the run's heap was never walked); `failed`:
 * drawing it threw (a group or node the heap does not have, or a LeakLab bug).
 */
export interface GraphErrorMessage {
  type: 'graph-error'
  id: number
  reason: 'gone' | 'failed'
  message: string
  stack?: string
}

/**
 * Worker → page: the host itself failed while handling request `id` (the engine threw, the wasm could
 * not load, a reply could not be cloned). Not the learner's fault; `message` is for a bug report.
 * `id` is null when the request was too malformed to carry one.
 */
export interface CrashMessage {
  type: 'crash'
  id: RunId | null
  /** One line: the host error's name and message. */
  message: string
  /** The host's stack trace, when there is one. */
  stack?: string
}

/** Everything the worker may send to the page. */
export type WorkerToPage =
  | LoadingMessage
  | StartedMessage
  | ConsoleMessage
  | SampleMessage
  | WalkMessage
  | AnalysingMessage
  | HeapSnapshotMessage
  | SnapshotViewMessage
  | CompareMessage
  | DoneMessage
  | GraphMessage
  | GraphErrorMessage
  | CrashMessage

/** Compile-time proof that a switch over a message's `type` handled every member of the union. */
export function assertNever(value: never, what: string): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`)
}

/**
 * Performance marks the worker sets in its own timeline (not the page's) as it warms up after
 * starting, before any run: the engine's code loaded and its wasm compiled, then a small warm-up
 * program run and analysed. `npm run bench` reads them from the worker to tell whether
 * the warm-up was over by the first Run.
 */
export const ENGINE_LOADED_MARK = 'leaklab:engine-loaded'
export const ENGINE_WARM_MARK = 'leaklab:engine-warm'
