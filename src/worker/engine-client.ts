/**
 * The page's side of the engine worker. The page never runs a learner's program itself: a program
 * that never yields would freeze the tab, and nothing on the page's thread could interrupt it.
 */
import { MAX_STACK_BYTES, QUICKJS_BUILD, resolveOptions } from '../engine/defaults'
import type { RunHooks } from '../engine/run'
import type { ConsoleEntry, MemoryTotals, RunOptions, RunResult, Sample } from '../engine/types'
import { assertNever, type RunId, type WorkerToPage } from './protocol'

/** Progress of a run as it happens; the final `RunResult` repeats all of it. */
export type RunCallbacks = Pick<RunHooks, 'onConsole' | 'onSample'>

/** How long past its time budget a run may stay silent before the watchdog ends it. */
export const DEFAULT_GRACE_MS = 3_000

/** Why a run ended without a result. */
export type CancelReason = 'stopped' | 'superseded' | 'disposed'

/** A run ended by the page (Stop, a newer Run, or the client going away), not by the program. */
export class RunCancelledError extends Error {
  override name = 'RunCancelledError'
  constructor(readonly reason: CancelReason) {
    super(reason === 'stopped' ? 'Stopped.' : reason === 'superseded' ? 'Replaced by a newer run.' : 'The engine was shut down.')
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

export interface EngineClientOptions {
  /** Defaults to DEFAULT_GRACE_MS. */
  graceMs?: number
  /** Tests pass a fake; the default is the real module worker. */
  createWorker?: () => Worker
}

interface ActiveRun {
  id: RunId
  options: RunOptions
  callbacks: RunCallbacks
  console: ConsoleEntry[]
  samples: Sample[]
  startedAt: number
  watchdog: ReturnType<typeof setTimeout>
  resolve(result: RunResult): void
  reject(error: Error): void
}

function createEngineWorker(): Worker {
  return new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module', name: 'leaklab-engine' })
}

/** Owns the engine worker: one run at a time, the latest wins, and no run can outlive its budget. */
export class EngineClient {
  private worker: Worker | null = null
  private active: ActiveRun | null = null
  private lastId = 0
  private readonly graceMs: number
  private readonly createWorker: () => Worker

  constructor(options: EngineClientOptions = {}) {
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS
    this.createWorker = options.createWorker ?? createEngineWorker
    // Started now so the first Run does not also pay for loading the worker's code.
    this.spawn()
  }

  /** Whether a run is in progress. */
  get running(): boolean {
    return this.active !== null
  }

  /**
   * Run `source` in the worker. Resolves with the engine's result, whatever the program did
   * (including a watchdog timeout if the worker goes silent); rejects with RunCancelledError when
   * the run is stopped or replaced by a newer one, and with EngineCrashError when the host fails.
   */
  run(source: string, options: Partial<RunOptions> = {}, callbacks: RunCallbacks = {}): Promise<RunResult> {
    // The worker is busy with the old run and cannot be interrupted from here, only replaced.
    if (this.active) this.restart(new RunCancelledError('superseded'))
    const worker = this.worker ?? this.spawn()
    const id = ++this.lastId
    // Resolved here so the worker and the watchdog agree on the budget.
    const resolved = resolveOptions(options)
    return new Promise<RunResult>((resolve, reject) => {
      const active: ActiveRun = {
        id,
        options: resolved,
        callbacks,
        console: [],
        samples: [],
        startedAt: performance.now(),
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

  /** End the current run at once. Its promise rejects with RunCancelledError('stopped'). */
  stop(): void {
    if (this.active) this.restart(new RunCancelledError('stopped'))
  }

  /** Terminate the worker for good; a later run would start a new one. */
  dispose(): void {
    this.settle(this.active, { error: new RunCancelledError('disposed') })
    this.terminate()
  }

  private spawn(): Worker {
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

  private terminate(): void {
    this.worker?.terminate()
    this.worker = null
  }

  /** Settle the active run with `error`, then swap in a fresh worker: the old one may be stuck for good. */
  private restart(error: Error): void {
    this.settle(this.active, { error })
    this.terminate()
    this.spawn()
  }

  private settle(run: ActiveRun | null, outcome: { result: RunResult } | { error: Error }): void {
    if (!run || run !== this.active) return
    clearTimeout(run.watchdog)
    this.active = null
    if ('result' in outcome) run.resolve(outcome.result)
    else run.reject(outcome.error)
  }

  private onMessage(message: WorkerToPage): void {
    const run = this.active
    // Replies to an abandoned run: the latest request wins.
    if (!run || message.id !== run.id) return
    // The worker is alive: the watchdog measures silence, not the whole run, whose heap walks
    // (not counted against the program's budget) can make it longer than timeoutMs.
    clearTimeout(run.watchdog)
    run.watchdog = setTimeout(() => this.onWatchdog(run), this.silenceLimit(run.options))
    switch (message.type) {
      case 'console':
        run.console.push(message.entry)
        run.callbacks.onConsole?.(message.entry)
        return
      case 'sample':
        run.samples.push(message.sample)
        run.callbacks.onSample?.(message.sample)
        return
      case 'done':
        this.settle(run, { result: message.result })
        return
      case 'crash':
        this.restart(new EngineCrashError(message.message, message.stack))
        return
      default:
        assertNever(message, 'message from the engine worker')
    }
  }

  private onWorkerFailure(message: string): void {
    if (this.active) this.restart(new EngineCrashError(message))
    // With no run to report to, drop the worker; the next run starts a new one rather than looping on a worker that cannot start.
    else this.terminate()
  }

  /**
   * The longest the worker may stay silent: a program runs at most its time budget between two
   * messages, and a heap walk at most walkTimeoutMs; past either and the grace, it is stuck.
   */
  private silenceLimit(options: RunOptions): number {
    return Math.max(options.timeoutMs, options.walkTimeoutMs) + this.graceMs
  }

  private onWatchdog(run: ActiveRun): void {
    if (run !== this.active) return
    const result = watchdogResult(run, this.graceMs, performance.now() - run.startedAt)
    this.terminate()
    this.settle(run, { result })
    this.spawn()
  }
}

/** Totals known only from a sample: the QuickJS detail the engine would have added is unknown, so zero. */
function totalsFromSample(sample: Sample | undefined): MemoryTotals {
  const objects = sample?.objects ?? 0
  const bytes = sample?.bytes ?? 0
  return {
    objects,
    bytes,
    malloc_limit: 0,
    memory_used_size: bytes,
    malloc_count: 0,
    memory_used_count: 0,
    atom_count: 0,
    atom_size: 0,
    str_count: 0,
    str_size: 0,
    obj_count: objects,
    obj_size: 0,
    prop_count: 0,
    prop_size: 0,
    shape_count: 0,
    shape_size: 0,
    js_func_count: 0,
    js_func_size: 0,
    js_func_code_size: 0,
    js_func_pc2line_count: 0,
    js_func_pc2line_size: 0,
    c_func_count: 0,
    array_count: 0,
    fast_array_count: 0,
    fast_array_elements: 0,
    binary_object_count: 0,
    binary_object_size: 0,
  }
}

/**
 * The result of a run the engine never finished: only what the page saw streamed before the worker
 * went silent. The first sample stands in for the start totals, which were never sent.
 */
function watchdogResult(run: ActiveRun, graceMs: number, elapsedMs: number): RunResult {
  const { options, samples } = run
  const console = run.console.slice(0, options.maxConsoleEntries)
  const steps = samples.at(-1)?.step ?? 0
  return {
    ok: false,
    error: {
      kind: 'timeout',
      name: 'TimeoutError',
      message:
        `The engine went silent for longer than the program's time budget of ${options.timeoutMs} ms (plus ${graceMs} ms grace), ` +
        'so LeakLab stopped the engine. Is there an endless loop, or an await that never ends?',
      line: null,
      column: null,
      phase: 'script',
    },
    console,
    consoleDropped: run.console.length - console.length,
    steps,
    stepsRequested: steps > 0 ? options.steps : 0,
    hooks: { step: steps > 0, setup: false, teardown: false },
    samples,
    start: totalsFromSample(samples[0]),
    memory: totalsFromSample(samples.at(-1)),
    time: samples.at(-1)?.time ?? 0,
    timers: { fired: 0, pending: 0 },
    limits: { timeoutMs: options.timeoutMs, memoryBytes: options.memoryBytes, stackBytes: MAX_STACK_BYTES },
    wasmMemory: { startBytes: 0, peakBytes: 0 },
    engine: { build: QUICKJS_BUILD, disposeError: 'not freed in place: the page terminated the worker' },
    heap: null,
    durationMs: Math.round(elapsedMs),
  }
}
