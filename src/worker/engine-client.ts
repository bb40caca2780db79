/**
 * The page's side of the engine worker. The page never runs a learner's program itself: a program
 * that never yields would freeze the tab, and nothing on the page's thread could interrupt it.
 */
import type { GraphQuery, GraphView, GroupBy, HeapView, RunView, SnapshotComparison } from '../analysis/view-types'
import { resolveOptions, WALK_BUDGET_MS } from '../engine/defaults'
import type { RunHooks } from '../engine/run'
import type { ConsoleEntry, RunError, RunOptions, Sample } from '../engine/types'
import { unfinishedResult } from '../engine/unfinished-run'
import { assertNever, type GraphErrorMessage, type PageToWorker, type RunId, type WorkerToPage } from './protocol'

/** Progress of a run as it happens; the final `RunView` repeats the console and the samples. */
export type RunCallbacks = Pick<RunHooks, 'onConsole' | 'onSample'> & {
  /** The run waits for its runtime to load (Python's interpreter) before the program starts. */
  onLoading?(): void
  /** The program starts (after a load, if there was one). */
  onStarted?(): void
  /** The program has finished and the engine is analysing its heap. */
  onAnalysing?(): void
}

/** How long past its time budget a run may stay silent before the watchdog ends it. */
export const DEFAULT_GRACE_MS = 3_000

/**
 * How long a run may wait for its runtime to load (the worker said `loading`): Python's files are
 * about 13 MB the first time, on whatever network the learner has. Stop ends the wait at any time.
 */
export const DEFAULT_LOAD_TIMEOUT_MS = 120_000

/**
 * How long a graph query may go unanswered. Drawing one takes milliseconds, and about a second for a
 * group of a million objects; an engine silent for this long is stuck.
 */
export const DEFAULT_GRAPH_TIMEOUT_MS = WALK_BUDGET_MS

/** Why a run ended without a result. */
export type CancelReason = 'stopped' | 'superseded' | 'disposed'

/** A run ended by the page (Stop, a newer Run, or the client going away), not by the program. */
export class RunCancelledError extends Error {
  override name = 'RunCancelledError'
  constructor(readonly reason: CancelReason) {
    super(reason === 'stopped' ? 'Stopped.' : reason === 'superseded' ? 'Replaced by a newer run.' : 'The engine was shut down.')
  }
}

/**
 * A graph query named a run whose heap the engine no longer holds: a newer run replaced it, or the
 * engine restarted (after Stop, a crash or a watchdog) and started empty.
 */
export class RunGoneError extends Error {
  override name = 'RunGoneError'
  constructor(
    readonly runId: RunId,
    message = `The engine no longer holds the heap of run ${runId}: a newer run replaced it, or the engine restarted.`,
  ) {
    super(message)
  }
}

/** The engine's host failed (not the learner's program): a LeakLab bug or a broken environment. */
export class EngineCrashError extends Error {
  override name = 'EngineCrashError'
  constructor(
    message: string,
    /** The host's own stack trace, from the worker, for a bug report. */
    readonly hostStack?: string,
  ) {
    super(message)
  }
}

/**
 * What the client needs of its worker: a real Worker, a fake in tests, or a host that gives each
 * program a worker of its own (python-client.ts).
 */
export interface EngineWorker {
  postMessage(message: PageToWorker): void
  terminate(): void
  onmessage: ((event: MessageEvent<WorkerToPage>) => void) | null
  onerror: ((event: ErrorEvent) => void) | null
  onmessageerror: ((event: MessageEvent) => void) | null
}

export interface EngineClientOptions {
  /** Defaults to DEFAULT_GRACE_MS. */
  graceMs?: number
  /** Defaults to DEFAULT_GRAPH_TIMEOUT_MS. */
  graphTimeoutMs?: number
  /** Defaults to DEFAULT_LOAD_TIMEOUT_MS. */
  loadTimeoutMs?: number
  /**
   * The longest a run may stay silent once its program started, before the grace: by default the
   * longer of its time budget and a heap walk's (JavaScript's engine reports between the two).
   */
  silenceMs?: (options: RunOptions) => number
  /** Tests pass a fake; the default is the real module worker. */
  createWorker?: () => EngineWorker
  /**
   * The worker starts at the first run or warm(), not with the client: the page made on Python starts
   * JavaScript's engine only when the learner turns to it. Default: started with the client.
   */
  startLater?: boolean
}

interface ActiveRun {
  id: RunId
  options: RunOptions
  callbacks: RunCallbacks
  console: ConsoleEntry[]
  samples: Sample[]
  startedAt: number
  /** Waiting for the runtime to load (the worker said `loading`, and not yet `started`). */
  loading: boolean
  watchdog: ReturnType<typeof setTimeout>
  resolve(view: RunView): void
  reject(error: Error): void
}

/** A question about a run's held heap (a graph, a `.heapsnapshot` file), waiting for its answer. */
/** What a question about the held heap is answered with. */
type Answer = GraphView | Uint8Array | HeapView | SnapshotComparison

interface PendingQuestion {
  runId: RunId
  watchdog: ReturnType<typeof setTimeout>
  resolve(answer: Answer): void
  reject(error: Error): void
}

function newEngineWorker(): Worker {
  return new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module', name: 'leaklab-engine' })
}

/** A worker started before any client wanted one, and whether it has failed since (no client was listening). */
let prestarted: { worker: Worker; failed: boolean } | null = null

/**
 * Start the engine worker now, for the next EngineClient to take: the page's entry calls this before
 * its own modules run (src/app/prestart.ts), so the worker's code, the QuickJS wasm and its compile
 * (the worker warms itself up as it starts) load alongside the page's and are ready by the first Run.
 */
export function prestartEngineWorker(): void {
  if (prestarted) return
  const entry = { worker: newEngineWorker(), failed: false }
  const fail = () => (entry.failed = true)
  entry.worker.addEventListener('error', fail)
  entry.worker.addEventListener('messageerror', fail)
  prestarted = entry
}

/** The prestarted worker once, unless it failed before a client could hear it; else a new one. */
function createEngineWorker(): Worker {
  const taken = prestarted
  prestarted = null
  if (taken && !taken.failed) return taken.worker
  taken?.worker.terminate()
  return newEngineWorker()
}

/**
 * Owns the engine worker: one run at a time, the latest wins, and no run can outlive its budget. The
 * worker keeps the heap of the run it finished last, for graph queries, until the next run or restart.
 */
export class EngineClient {
  private worker: EngineWorker | null = null
  private active: ActiveRun | null = null
  /** Runs and graph queries share one sequence of ids, so no reply can be taken for another's. */
  private lastId = 0
  /** The run whose heap the current worker holds, or null. */
  private heldRunId: RunId | null = null
  private readonly graphs = new Map<number, PendingQuestion>()
  private readonly graceMs: number
  private readonly graphTimeoutMs: number
  private readonly loadTimeoutMs: number
  private readonly silenceMs: (options: RunOptions) => number
  private readonly createWorker: () => EngineWorker

  constructor(options: EngineClientOptions = {}) {
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS
    this.graphTimeoutMs = options.graphTimeoutMs ?? DEFAULT_GRAPH_TIMEOUT_MS
    this.loadTimeoutMs = options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS
    this.silenceMs = options.silenceMs ?? ((resolved) => Math.max(resolved.timeoutMs, resolved.walkTimeoutMs))
    this.createWorker = options.createWorker ?? createEngineWorker
    // Started now so the first Run does not also pay for loading the worker's code.
    if (!options.startLater) this.spawn()
  }

  /** Whether a run is in progress. */
  get running(): boolean {
    return this.active !== null
  }

  /**
   * Run `source` in the worker. Resolves with the engine's result and its heap's analysis, whatever the
   * program did (including a watchdog timeout if the worker goes silent); rejects with
   * RunCancelledError when the run is stopped or replaced by a newer one, and with EngineCrashError
   * when the host fails.
   */
  run(source: string, options: Partial<RunOptions> = {}, callbacks: RunCallbacks = {}): Promise<RunView> {
    // The worker is busy with the old run and cannot be interrupted from here, only replaced.
    if (this.active) this.restart(new RunCancelledError('superseded'))
    const worker = this.worker ?? this.spawn()
    const id = ++this.lastId
    // The worker drops the previous heap as it starts this run.
    this.heldRunId = null
    // Resolved here so the worker and the watchdog agree on the budget.
    const resolved = resolveOptions(options)
    return new Promise<RunView>((resolve, reject) => {
      const active: ActiveRun = {
        id,
        options: resolved,
        callbacks,
        console: [],
        samples: [],
        startedAt: performance.now(),
        loading: false,
        watchdog: setTimeout(() => this.onWatchdog(active), this.silenceLimit(resolved)),
        resolve,
        reject,
      }
      this.active = active
      try {
        worker.postMessage({ type: 'run', id, source, options: resolved })
      } catch (error) {
        this.restart(new EngineCrashError(`Could not send the program to the engine: ${String(error)}`))
      }
    })
  }

  /**
   * The reference graph `query` asks for, from the heap of run `runId` (RunView.runId). Rejects with
   * RunGoneError when the engine no longer holds that heap, and with EngineCrashError when drawing
   * fails or the engine does not answer within the graph timeout (the engine is then restarted).
   */
  graph(runId: RunId, query: GraphQuery): Promise<GraphView> {
    return this.ask(runId, (id) => ({ type: 'graph', id, runId, query }), this.graphTimeoutMs) as Promise<GraphView>
  }

  /**
   * The heap of run `runId` as a Chrome `.heapsnapshot` file (UTF-8), as the CLI's `snapshot` writes
   * it. Rejects as graph() does. Writing a million objects takes a few seconds: allowed four walks' time.
   */
  heapSnapshot(runId: RunId, snapshot?: number): Promise<Uint8Array> {
    return this.ask(runId, (id) => ({ type: 'heapsnapshot', id, runId, ...(snapshot === undefined ? {} : { snapshot }) }), this.graphTimeoutMs * 4) as Promise<Uint8Array>
  }

  /**
   * What the page shows of kept snapshot `snapshot` of run `runId` (a mark of the chart): its heap
   * table, groups and lines. Rejects as graph() does.
   */
  snapshotView(runId: RunId, snapshot: number): Promise<HeapView> {
    return this.ask(runId, (id) => ({ type: 'snapshot-view', id, runId, snapshot }), this.graphTimeoutMs) as Promise<HeapView>
  }

  /** Kept snapshots `from` and `to` of run `runId` compared object by object (and with `then`, the three-snapshot list). Rejects as graph() does. */
  compare(runId: RunId, from: number, to: number, then: number | null, by: GroupBy): Promise<SnapshotComparison> {
    return this.ask(runId, (id) => ({ type: 'compare', id, runId, from, to, then, by }), this.graphTimeoutMs) as Promise<SnapshotComparison>
  }

  private ask(runId: RunId, request: (id: number) => PageToWorker, timeoutMs: number): Promise<Answer> {
    const worker = this.worker
    if (!worker || runId !== this.heldRunId) return Promise.reject(new RunGoneError(runId))
    const id = ++this.lastId
    return new Promise<Answer>((resolve, reject) => {
      const pending: PendingQuestion = {
        runId,
        watchdog: setTimeout(() => this.onGraphWatchdog(id, timeoutMs), timeoutMs),
        resolve,
        reject,
      }
      this.graphs.set(id, pending)
      try {
        worker.postMessage(request(id))
      } catch (error) {
        this.settleGraph(id, { error: new EngineCrashError(`Could not send the question to the engine: ${String(error)}`) })
      }
    })
  }

  /** End the current run at once. Its promise rejects with RunCancelledError('stopped'). */
  stop(): void {
    if (this.active) this.restart(new RunCancelledError('stopped'))
  }

  /** Terminate the worker for good; a later run would start a new one. */
  dispose(): void {
    this.settle(this.active, { error: new RunCancelledError('disposed') })
    this.terminate(new RunCancelledError('disposed'))
  }

  /** Start the worker now, if there is none, so the next run finds the engine loaded (the learner chose JavaScript). */
  warm(): void {
    if (!this.worker) this.spawn()
  }

  private spawn(): EngineWorker {
    const worker = this.createWorker()
    // Handlers check the worker they belong to: a terminated worker's queued messages must not leak into the next run.
    worker.onmessage = (event: MessageEvent<WorkerToPage>) => {
      if (worker === this.worker) this.onMessage(event.data)
    }
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault?.()
      if (worker === this.worker) this.onWorkerFailure(`The engine worker failed: ${event.message || 'it could not start'}`)
    }
    worker.onmessageerror = () => {
      if (worker === this.worker) this.onWorkerFailure('A message from the engine worker could not be read.')
    }
    this.worker = worker
    return worker
  }

  /**
   * Terminate the worker, and with it the heap it held: pending graph queries reject with `reason`,
   * or as gone.
   */
  private terminate(reason?: Error): void {
    this.worker?.terminate()
    this.worker = null
    this.heldRunId = null
    for (const [id, pending] of this.graphs) this.settleGraph(id, { error: reason ?? new RunGoneError(pending.runId) })
  }

  /** Settle the active run with `error`, then swap in a fresh worker: the old one may be stuck for good. */
  private restart(error: Error): void {
    this.settle(this.active, { error })
    this.terminate()
    this.spawn()
  }

  private settle(run: ActiveRun | null, outcome: { view: RunView } | { error: Error }): void {
    if (!run || run !== this.active) return
    clearTimeout(run.watchdog)
    this.active = null
    if ('view' in outcome) run.resolve(outcome.view)
    else run.reject(outcome.error)
  }

  private settleGraph(id: number, outcome: { answer: Answer } | { error: Error }): void {
    const pending = this.graphs.get(id)
    if (!pending) return
    clearTimeout(pending.watchdog)
    this.graphs.delete(id)
    if ('answer' in outcome) pending.resolve(outcome.answer)
    else pending.reject(outcome.error)
  }

  private onMessage(message: WorkerToPage): void {
    if (this.graphs.has(message.id ?? NaN)) return this.onGraphReply(message)
    const run = this.active
    // Replies to an abandoned run: the latest request wins.
    if (!run || message.id !== run.id) return
    // The worker is alive: the watchdog measures silence, not the whole run, whose heap walks
    // (not counted against the program's budget) can make it longer than timeoutMs.
    clearTimeout(run.watchdog)
    run.watchdog = setTimeout(() => this.onWatchdog(run), this.silenceLimit(run.options))
    switch (message.type) {
      case 'loading':
        // The program has not started: its budget does not run while the runtime downloads.
        clearTimeout(run.watchdog)
        run.watchdog = setTimeout(() => this.onWatchdog(run), this.loadTimeoutMs)
        run.loading = true
        run.callbacks.onLoading?.()
        return
      case 'started':
        run.loading = false
        run.callbacks.onStarted?.()
        return
      case 'console':
        run.console.push(message.entry)
        run.callbacks.onConsole?.(message.entry)
        return
      case 'sample':
        run.samples.push(message.sample)
        run.callbacks.onSample?.(message.sample)
        return
      case 'walk':
        // Heard from: the watchdog has started over, and allows the walk its own time.
        return
      case 'analysing':
        run.callbacks.onAnalysing?.()
        return
      case 'done':
        this.heldRunId = run.id
        this.settle(run, { view: message.view })
        return
      case 'crash':
        this.restart(new EngineCrashError(message.message, message.stack))
        return
      case 'graph':
      case 'graph-error':
      case 'heapsnapshot':
      case 'snapshot-view':
      case 'compare':
        // A graph reply with a run's id: the worker is confused; the run's watchdog stays in charge.
        return
      default:
        assertNever(message, 'message from the engine worker')
    }
  }

  private onGraphReply(message: WorkerToPage): void {
    const id = message.id as number
    const runId = this.graphs.get(id)!.runId
    switch (message.type) {
      case 'graph':
        return this.settleGraph(id, { answer: message.graph })
      case 'heapsnapshot':
        return this.settleGraph(id, { answer: message.file })
      case 'snapshot-view':
        return this.settleGraph(id, { answer: message.view })
      case 'compare':
        return this.settleGraph(id, { answer: message.comparison })
      case 'graph-error':
        return this.settleGraph(id, { error: graphError(runId, message) })
      case 'crash':
        // The worker caught it and is still answering: the heap it holds is fine for other queries.
        return this.settleGraph(id, { error: new EngineCrashError(message.message, message.stack) })
      default:
        // A run's message under a graph's id cannot come from this client's worker; the query's watchdog ends it.
        return
    }
  }

  private onGraphWatchdog(id: number, timeoutMs: number): void {
    if (!this.graphs.has(id)) return
    this.settleGraph(id, {
      error: new EngineCrashError(`The engine did not answer a question about the heap within ${timeoutMs} ms, so LeakLab restarted it.`),
    })
    this.restart(new EngineCrashError('The engine stopped answering, so LeakLab restarted it.'))
  }

  private onWorkerFailure(message: string): void {
    if (this.active) this.restart(new EngineCrashError(message))
    // With no run to report to, drop the worker; the next run starts a new one rather than looping on a worker that cannot start.
    else this.terminate(new EngineCrashError(message))
  }

  /**
   * The longest the worker may stay silent: a program runs at most its time budget between two
   * messages, and a heap walk at most walkTimeoutMs; past either and the grace, it is stuck.
   */
  private silenceLimit(options: RunOptions): number {
    return this.silenceMs(options) + this.graceMs
  }

  private onWatchdog(run: ActiveRun): void {
    if (run !== this.active) return
    if (run.loading) {
      // The program never started: nothing of the learner's to report, only a runtime that did not come.
      this.restart(new EngineCrashError(`The runtime did not load within ${Math.round(this.loadTimeoutMs / 1000)} s. Is the network down? Run again to retry.`))
      return
    }
    const view = watchdogView(run, this.silenceLimit(run.options), performance.now() - run.startedAt)
    this.terminate()
    this.settle(run, { view })
    this.spawn()
  }
}



function graphError(runId: RunId, message: GraphErrorMessage): Error {
  return message.reason === 'gone' ? new RunGoneError(runId, message.message) : new EngineCrashError(message.message, message.stack)
}

/**
 * The view of a run the engine never finished: only what the page saw streamed before the worker
 * went silent. The first sample stands in for the start totals, which were never sent.
 */
function watchdogView(run: ActiveRun, silenceMs: number, elapsedMs: number): RunView {
  const error: RunError = {
    kind: 'timeout',
    name: 'TimeoutError',
    message:
      // The allowance it really waited: the longer of the program's budget and a heap walk's, and the grace.
      `The engine went silent for ${Math.round(silenceMs / 100) / 10} s, longer than the program's time budget or a heap walk may take, ` +
      'so LeakLab stopped the engine. Is there an endless loop, or an await that never ends?',
    line: null,
    column: null,
    phase: 'script',
  }
  const { options, console, samples } = run
  return { ...unfinishedResult({ options, error, elapsedMs, console, samples, endedBy: 'the page terminated the worker' }), runId: run.id }
}
