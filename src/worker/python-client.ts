/**
 * The page's side of Python: an EngineClient whose "worker" is a host that gives every program a Web
 * Worker of its own (python-worker.ts), so each run gets a fresh interpreter in a freshly hardened
 * realm, and the worker that ran a program answers the graph queries about its heap. To the page
 * and its panels this is the same protocol as JavaScript's: a RunView, graphs, the same errors.
 *
 * The interpreter is loaded cold once, by the first run's worker, which makes a memory snapshot of it
 * (about three seconds in Chromium, and Pyodide's 13 MB of files the first time) and runs that first
 * program itself; the browser keeps the snapshot (30 MB, Cache Storage) for its next visits, and the
 * page a copy for the visit's next workers. Every later worker starts from a snapshot (about half a
 * second), reading the kept one itself. One worker is kept loaded ahead, so Run starts the program at once.
 *
 * Limits: the time budget counts from the program's start (not the interpreter's load). When the
 * page is cross-origin isolated, the interrupt buffer (a SharedArrayBuffer) gets SIGINT at the
 * deadline and every 10 ms after it, as the CLI does (src/python/run-python.ts): the driver raises it
 * in the program at its line; a program that keeps it away is ended with its worker after a grace.
 * Without isolation (a host that does not send COOP/COEP) there is no interrupt buffer: the time
 * limit ends the worker, and the timeout has no line. Stop always ends the worker at once.
 *
 * Imported dynamically (Workspace.svelte), only once Python is chosen or run; Pyodide itself loads
 * in the workers only, never on the page's thread.
 */
import type { RunView } from '../analysis/view-types'
import type { RunError, RunOptions } from '../engine/types'
import { unfinishedResult } from '../engine/unfinished-run'
import { EngineClient, type EngineClientOptions, type EngineWorker } from './engine-client'
import { isQuestion, type PageToWorker, type RunId, type RunRequest, type WorkerToPage } from './protocol'
import { PYODIDE_VERSION, PYTHON_FILENAME } from './python-assets'
import type { PythonHostMessage, PythonWorkerMessage } from './python-worker'

/** How often the interrupt is raised again once the time is up (as run-python.ts). */
const INTERRUPT_EVERY_MS = 10
/** How long past the time budget (and the heap walks' allowance) a program that keeps its interrupt away may run. */
const HARD_STOP_GRACE_MS = 2_000

/**
 * Performance marks in the page's timeline: a cold load's snapshot made (detail: its bytes, and its
 * worker's time), and each worker's interpreter ready (detail: its worker's time, and where it came
 * from: `kept`, this browser's snapshot; `cold`, a cold load; `page`, the page's copy).
 */
export const PYTHON_SNAPSHOT_MARK = 'leaklab:python-snapshot'
export const PYTHON_INTERPRETER_MARK = 'leaklab:python-interpreter'

/** Where Python's interpreter stands, for the page to say so ("Loading Python…"). */
export type PythonLoadState = 'idle' | 'loading' | 'ready' | 'failed'

const listeners = new Set<(state: PythonLoadState) => void>()
let loadState: PythonLoadState = 'idle'

function setLoadState(state: PythonLoadState): void {
  if (state === loadState) return
  loadState = state
  for (const listener of listeners) listener(state)
}

/** Calls `listener` with the state now and at each change; returns the unsubscribe. */
export function watchPythonLoad(listener: (state: PythonLoadState) => void): () => void {
  listeners.add(listener)
  listener(loadState)
  return () => listeners.delete(listener)
}

function newWorker(): Worker {
  return new Worker(new URL('./python-worker.ts', import.meta.url), { type: 'module', name: 'leaklab-python' })
}

function send(worker: Worker, message: PythonHostMessage, transfer: Transferable[] = []): void {
  worker.postMessage(message, transfer)
}

function failure(event: ErrorEvent | MessageEvent): string {
  return event instanceof ErrorEvent && event.message ? event.message : 'its worker could not start'
}

/**
 * The interpreter's memory snapshot when a cold load made one this visit: the page's copy, which the
 * next workers load from. Null while this browser's kept copy serves (each worker reads it itself).
 */
let snapshotCopy: Uint8Array | null = null

/** A worker with an interpreter loaded, waiting for its one program. */
class Interpreter {
  readonly worker = newWorker()
  /** Shared with the worker when the page is cross-origin isolated; else null, and time ends the worker. */
  readonly interrupt = globalThis.crossOriginIsolated && typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(4)) : null
  readonly ready: Promise<void>
  isReady = false
  /** The kept snapshot would not load: the worker deleted it, and a cold load is worth a try. */
  keptFailed = false
  /** Messages after `ready`, for the host that took this interpreter. */
  onMessage: ((message: WorkerToPage) => void) | null = null
  onFailure: ((message: string) => void) | null = null

  constructor() {
    const began = performance.now()
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.onmessage = (event: MessageEvent<PythonWorkerMessage>) => {
        const message = event.data
        if (message.type === 'ready') {
          this.isReady = true
          // Where the worker's own clock says it was ready, and how long it took from being made; the
          // mark itself is when this thread heard it (later while the page's thread is busy).
          const readyAt = message.at - performance.timeOrigin
          performance.mark(PYTHON_INTERPRETER_MARK, { detail: { ms: readyAt - began, readyAt, from: message.from } })
          resolve()
        } else if (message.type === 'snapshot') {
          snapshotCopy = message.snapshot
          performance.mark(PYTHON_SNAPSHOT_MARK, { detail: { bytes: message.snapshot.byteLength, ms: performance.now() - began } })
        } else if (message.type === 'failed') {
          this.keptFailed = message.kept
          reject(new Error(message.message))
        } else this.onMessage?.(message)
      }
      this.worker.onerror = (event) => {
        event.preventDefault()
        const why = failure(event)
        reject(new Error(why))
        this.onFailure?.(`The Python worker failed: ${why}`)
      }
      this.worker.onmessageerror = () => this.onFailure?.('A message from the Python worker could not be read.')
    })
    if (snapshotCopy) {
      // A copy: the page keeps its own for the next worker.
      const copy = snapshotCopy.slice()
      send(this.worker, { type: 'load', snapshot: copy, interrupt: this.interrupt }, [copy.buffer])
    } else send(this.worker, { type: 'start', interrupt: this.interrupt })
  }

  terminate(): void {
    this.worker.terminate()
  }
}

/** The next run's interpreter, loaded ahead while the page is idle; `made` once its worker is. */
interface Spare {
  /** Resolves once the interpreter has loaded. */
  promise: Promise<Interpreter>
  made: Interpreter | null
}

let spare: Spare | null = null

function loadSpare(): Spare {
  if (spare) return spare
  // Once loaded, a spare loading after each run is not news ("Loading Python…" is for the first).
  if (loadState !== 'ready') setLoadState('loading')
  const entry: Spare = { promise: Promise.resolve(null as unknown as Interpreter), made: null }
  const load = async (): Promise<Interpreter> => {
    const interpreter = (entry.made = new Interpreter())
    try {
      await interpreter.ready
      return interpreter
    } catch (error) {
      interpreter.terminate()
      throw error
    }
  }
  entry.promise = load().catch((error: unknown) => {
    // A kept snapshot that no longer loads (deleted by its worker): one cold load instead.
    if (entry.made?.keptFailed) return load()
    throw error
  })
  entry.promise.then(
    () => setLoadState('ready'),
    () => {
      // The next run loads another (the network may be back); the run that took this one reports the failure.
      if (spare === entry) spare = null
      setLoadState('failed')
    },
  )
  spare = entry
  return entry
}

/** Start loading Python now (the learner chose it): the first Run then finds it ready, or nearly. */
export function preparePython(): void {
  loadSpare()
}

/** Take the spare interpreter for a run: its worker is made already, its interpreter perhaps still loading. */
function takeInterpreter(): Spare {
  const taken = loadSpare()
  spare = null
  return taken
}

/**
 * What EngineClient sees as its worker: forwards each run to an interpreter of its own, keeps the
 * one that ran last for graph queries, and holds each run to its time budget.
 */
class PythonHost implements EngineWorker {
  onmessage: ((event: MessageEvent<WorkerToPage>) => void) | null = null
  onerror: ((event: ErrorEvent) => void) | null = null
  onmessageerror: ((event: MessageEvent) => void) | null = null

  /** The interpreter of the latest run: running it, or holding its heap. */
  private current: Interpreter | null = null
  private run: { id: RunId; options: RunOptions; startedAt: number } | null = null
  private timers: ReturnType<typeof setTimeout>[] = []
  private repeat: ReturnType<typeof setInterval> | null = null
  private terminated = false

  constructor() {
    // A host is made with its client, and again after Stop or a crash: the next run's interpreter loads now.
    preparePython()
  }

  postMessage(message: PageToWorker): void {
    if (this.terminated) return
    if (message.type === 'run') this.startRun(message)
    else if (isQuestion(message)) {
      if (this.current && this.run?.id === message.runId) send(this.current.worker, message)
      else this.emit({ type: 'graph-error', id: message.id, reason: 'gone', message: `The engine holds no heap for run ${message.runId}: a newer run replaced it, or the engine restarted.` })
    }
  }

  terminate(): void {
    this.terminated = true
    this.endRun()
    this.current?.terminate()
    this.current = null
  }

  private emit(message: WorkerToPage): void {
    // Asynchronously, as a worker's message would arrive.
    queueMicrotask(() => {
      if (!this.terminated) this.onmessage?.({ data: message } as MessageEvent<WorkerToPage>)
    })
  }

  private startRun(request: RunRequest): void {
    // The previous run's heap goes with its worker.
    this.endRun()
    this.current?.terminate()
    this.current = null
    const options = { ...(request.options as RunOptions), filename: PYTHON_FILENAME }
    const run = { id: request.id, options, startedAt: performance.now() }
    this.run = run
    const taken = takeInterpreter()
    if (!taken.made?.isReady) this.emit({ type: 'loading', id: run.id })
    const adopt = (interpreter: Interpreter): boolean => {
      if (this.run !== run || this.terminated) return false
      if (this.current === interpreter) return true
      this.current = interpreter
      interpreter.onMessage = (message) => this.onWorkerMessage(interpreter, run, message)
      interpreter.onFailure = (why) => this.crash(run, why)
      // Sent now, loaded or not: the worker holds the run until its interpreter is, so the program
      // starts then, even while this thread is busy (Monaco's code arrives as the page opens).
      send(interpreter.worker, { ...request, options })
      return true
    }
    if (taken.made) adopt(taken.made)
    taken.promise.then(
      // A kept snapshot that would not load is replaced by a cold load: a new worker, sent the run again.
      (interpreter) => {
        if (!adopt(interpreter)) interpreter.terminate()
      },
      (error: unknown) => this.crash(run, `Python could not be loaded: ${error instanceof Error ? error.message : String(error)}`),
    )
  }

  private onWorkerMessage(from: Interpreter, run: NonNullable<PythonHost['run']>, message: WorkerToPage): void {
    if (from !== this.current || this.terminated) return
    if (message.type === 'started' && message.id === run.id) this.startClock(from, run)
    if ((message.type === 'done' || message.type === 'crash') && message.id === run.id) {
      this.endRun()
      // The page is idle again: the next run's interpreter loads now, not while this one ran.
      preparePython()
    }
    this.emit(message)
  }

  /** The program started: its time budget runs from now. */
  private startClock(interpreter: Interpreter, run: NonNullable<PythonHost['run']>): void {
    run.startedAt = performance.now()
    const { timeoutMs, walkTimeoutMs } = run.options
    const buffer = interpreter.interrupt
    if (buffer) {
      this.timers.push(
        setTimeout(() => {
          const raise = () => Atomics.store(buffer, 0, 2)
          raise()
          this.repeat = setInterval(raise, INTERRUPT_EVERY_MS)
        }, timeoutMs),
      )
      // The heap walks' time is given back to the program by the driver; the hard stop allows for them.
      this.timers.push(setTimeout(() => this.hardStop(run, true), timeoutMs + walkTimeoutMs + HARD_STOP_GRACE_MS))
    } else {
      // No interrupt: the worker is ended. Walks are not the program's time, but cannot be told apart here.
      this.timers.push(setTimeout(() => this.hardStop(run, false), timeoutMs + walkTimeoutMs))
    }
  }

  private endRun(): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers = []
    if (this.repeat) clearInterval(this.repeat)
    this.repeat = null
  }

  /** The program kept its interrupt away, or there was none: its worker is ended, and the run with it. */
  private hardStop(run: NonNullable<PythonHost['run']>, interruptible: boolean): void {
    if (this.run !== run) return
    this.endRun()
    this.current?.terminate()
    this.current = null
    const error: RunError = {
      kind: 'timeout',
      name: 'TimeoutError',
      message: interruptible
        ? `The program ran longer than its time budget of ${run.options.timeoutMs} ms and kept its interrupt away, so LeakLab ended it. Is there an endless loop?`
        : `The program ran longer than its time budget of ${run.options.timeoutMs} ms (and the ${run.options.walkTimeoutMs} ms allowed for LeakLab's heap walks), so LeakLab ended it. ` +
          'This page is not cross-origin isolated, so Python could not be interrupted at a line. Is there an endless loop?',
      line: null,
      column: null,
      phase: 'script',
    }
    this.emit({ type: 'done', id: run.id, view: endedView(run, error) })
    preparePython()
  }

  private crash(run: NonNullable<PythonHost['run']>, message: string): void {
    if (this.run !== run || this.terminated) return
    this.endRun()
    this.emit({ type: 'crash', id: run.id, message })
  }
}

/** The view of a run whose worker LeakLab ended: it streams nothing, so only the error is known. */
function endedView(run: { id: RunId; options: RunOptions; startedAt: number }, error: RunError): RunView {
  const result = unfinishedResult({ options: run.options, error, elapsedMs: performance.now() - run.startedAt, console: [], samples: [], endedBy: 'LeakLab ended the Python worker at its time limit' })
  return { ...result, limits: { ...result.limits, stackBytes: 0 }, engine: { ...result.engine, build: `CPython 3.14 (Pyodide ${PYODIDE_VERSION})` }, runId: run.id }
}

/**
 * The client the page runs Python with. Its watchdog is a backstop only: the host ends a program at
 * its time budget, and allows for the heap walks, which the driver gives back to the program.
 */
export function createPythonClient(options: Omit<EngineClientOptions, 'createWorker' | 'silenceMs'> = {}): EngineClient {
  return new EngineClient({
    ...options,
    createWorker: () => new PythonHost(),
    silenceMs: (resolved) => resolved.timeoutMs + resolved.walkTimeoutMs + HARD_STOP_GRACE_MS,
  })
}
