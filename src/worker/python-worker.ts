/**
 * The Web Worker that runs one Python program for the page: CPython in Pyodide (src/python/
 * python-runtime.ts), started from a memory snapshot of a loaded interpreter, its realm hardened for
 * the program. It then analyses the heap and answers graph queries about it, as the JavaScript
 * engine worker does, in the same protocol (protocol.ts), until its host (python-client.ts) ends it.
 * One worker, one program: nothing a program does can outlive its run.
 *
 * Besides the protocol, the host starts a worker's interpreter (`start`): from the snapshot this
 * browser kept, read here so its 30 MB never cross to the page; or, the first time, by a cold load that
 * makes the snapshot, keeps it, sends the page a copy and runs the first program itself. A later worker
 * of the same visit gets the page's copy (`load`). Either comes with the interrupt buffer when the page
 * is cross-origin isolated.
 */
import type { PyodideAPI } from 'pyodide'
import { toRunView } from '../analysis/run-view'
import type { RunOptions, RunResult } from '../engine/types'
import driver from '../python/driver.py?raw'
import imagelib from '../python/imagelib.py?raw'
import { loadCold, loadInterpreter, runInWorker } from '../python/python-runtime'
import { pythonBuild, toRunResult } from '../python/python-result'
import { assertNever, type PageToWorker, type RunId, type WorkerToPage } from './protocol'
import { describeError, heldAnswer, type HeldHeap } from './held-heap'
import { elideZeroPages, restoreZeroPages } from './snapshot-pages'
import { PYTHON_FILENAME, pyodideIndexURL } from './python-assets'

/** Host → worker, besides the protocol's requests. */
export type PythonHostMessage =
  /**
   * Load the interpreter from this browser's kept snapshot, read by this worker (nothing of it crosses
   * to the page); when there is none, load cold, make the snapshot, keep it, send the page a copy (for
   * the next workers), and answer `ready` with that cold interpreter. `interrupt` is the time limit's buffer.
   */
  | { type: 'start'; interrupt: Int32Array | null }
  /** Load the interpreter from `snapshot` (the page's copy of one made this visit) and answer `ready`. */
  | { type: 'load'; snapshot: Uint8Array; interrupt: Int32Array | null }
  | PageToWorker

/** Where a worker's interpreter came from: this browser's kept snapshot, a cold load (which made one), or the page's copy. */
export type InterpreterSource = 'kept' | 'cold' | 'page'

/** Worker → host, besides the protocol's replies. */
export type PythonWorkerMessage =
  /** A cold load made the snapshot (about 30 MB): the page's copy, for its next workers. */
  | { type: 'snapshot'; snapshot: Uint8Array }
  /** `at`: when, in epoch ms (the worker's clock, which the page's mark places on its own timeline). */
  | { type: 'ready'; from: InterpreterSource; at: number }
  /**
   * The interpreter could not be loaded (its files missing, the network down): not the learner's fault.
   * `kept`: it was this browser's kept snapshot that would not load (a browser update, a damaged copy);
   * the worker deleted it, so the next start loads cold.
   */
  | { type: 'failed'; message: string; kept: boolean }
  | WorkerToPage

// tsconfig mixes the DOM and WebWorker libs, so `self` is typed as a Window; this file only runs in a worker.
const scope = self as unknown as DedicatedWorkerGlobalScope
// Taken before a program runs: the hardened realm keeps postMessage, but nothing is left to chance.
const postMessage = scope.postMessage.bind(scope)
// The hardened realm has no caches or Response (python-runtime.ts): a snapshot still being kept when the
// program starts is kept with these (after the run, as the program holds the thread till then).
const cacheStorage: CacheStorage | undefined = scope.caches
const SnapshotResponse = globalThis.Response

function post(message: PythonWorkerMessage, transfer: Transferable[] = []): void {
  postMessage(message, transfer)
}

const describe = describeError

/** Never lets a reply's failure escape: the host would otherwise wait for a 'done' that never comes. */
function reply(message: WorkerToPage): void {
  try {
    post(message)
  } catch (error) {
    try {
      post({ type: 'crash', id: message.id, ...describe(error, `Could not send the '${message.type}' reply: `) })
    } catch {
      // Nothing left to tell the host with; its watchdog ends the run.
    }
  }
}

let interpreter: { py: PyodideAPI; interrupt: Int32Array | null } | null = null
/**
 * The interpreter's load, once asked for: the host sends the run as soon as the learner clicks, and the
 * run waits here, so the program starts the moment the interpreter is ready, not when the page's
 * thread (busy with Monaco as the page opens) has heard so and answered.
 */
let loading: Promise<void> | null = null
let loadFailed = false
let ran = false
let held: HeldHeap | null = null

const now = () => performance.timeOrigin + performance.now()

function files() {
  return { indexURL: pyodideIndexURL(), driver, imagelib }
}

/**
 * The snapshot is kept in this browser (Cache Storage, without its pages of zeros: 15 MB), so a later
 * visit starts Python in about half a second instead of a cold load of three. It is named by what made it: Pyodide's release and the
 * driver's and imagelib's text, so a new LeakLab never loads an old one; older ones are deleted. A
 * browser without Cache Storage (not a secure context), or one that refuses to keep it, loads cold.
 */
const SNAPSHOT_CACHE = 'leaklab-python-snapshot'

async function snapshotKey(): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${pyodideIndexURL()}\0${driver}\0${imagelib}`))
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
  // A URL of the page's own (Cache Storage keys are requests), never fetched.
  // `.pages`: kept without its pages of zeros (snapshot-pages.ts); a copy kept whole by an older LeakLab goes.
  return new URL(`${pyodideIndexURL()}leaklab-snapshot-${hex}.pages`).href
}

/** This browser's kept snapshot, its body still to be read (the read overlaps Pyodide's own start). */
async function keptSnapshot(key: string): Promise<Response | null> {
  try {
    if (!cacheStorage) return null
    return (await (await cacheStorage.open(SNAPSHOT_CACHE)).match(key)) ?? null
  } catch {
    return null
  }
}

/**
 * Keeps the snapshot under `key`, and older ones go. Resolves once the put is issued: its 30 MB are
 * then the browser's to write, so the first run (which holds this thread) need not wait for the write,
 * and a learner who closes the tab after the first result still has it next time.
 */
function keepSnapshot(key: string, bytes: Uint8Array): Promise<void> {
  return new Promise<void>((issued) => {
    void (async () => {
      try {
        if (!cacheStorage) return
        const cache = await cacheStorage.open(SNAPSHOT_CACHE)
        const put = cache.put(key, new SnapshotResponse(elideZeroPages(bytes) as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'application/octet-stream' } }))
        issued()
        await put
        for (const old of await cache.keys()) if (old.url !== key) await cache.delete(old)
      } catch {
        // Not kept: the next visit loads cold again.
      } finally {
        issued()
      }
    })()
  })
}

async function start(interrupt: Int32Array | null): Promise<void> {
  const key = await snapshotKey().catch(() => null)
  const kept = key ? await keptSnapshot(key) : null
  if (kept) {
    try {
      const bytes = kept.arrayBuffer().then((buffer) => restoreZeroPages(new Uint8Array(buffer)))
      // Pyodide awaits it only once its own script has loaded: until then a damaged copy's refusal is not unhandled.
      bytes.catch(() => {})
      interpreter = { py: await loadInterpreter({ ...files(), snapshot: bytes }), interrupt }
    } catch (error) {
      loadFailed = true
      await forgetSnapshots()
      post({ type: 'failed', message: describe(error).message, kept: true })
      return
    }
    post({ type: 'ready', from: 'kept', at: now() })
    return
  }
  try {
    const { py, snapshot } = await loadCold(files())
    interpreter = { py, interrupt }
    const copy = snapshot.slice()
    post({ type: 'snapshot', snapshot: copy }, [copy.buffer])
    post({ type: 'ready', from: 'cold', at: now() })
    // The run waits only until the put is issued.
    if (key) await keepSnapshot(key, snapshot)
  } catch (error) {
    loadFailed = true
    post({ type: 'failed', message: describe(error).message, kept: false })
  }
}

async function forgetSnapshots(): Promise<void> {
  try {
    await cacheStorage?.delete(SNAPSHOT_CACHE)
  } catch {
    // Nothing kept, nothing to forget.
  }
}

async function load(bytes: Uint8Array, interrupt: Int32Array | null): Promise<void> {
  try {
    interpreter = { py: await loadInterpreter({ ...files(), snapshot: bytes }), interrupt }
    post({ type: 'ready', from: 'page', at: now() })
  } catch (error) {
    loadFailed = true
    post({ type: 'failed', message: describe(error).message, kept: false })
  }
}

async function run(id: RunId, source: string, requested: Partial<RunOptions>): Promise<void> {
  if (loading) await loading
  // The load failed and said so: the host reports that as the run's failure.
  if (loadFailed) return
  if (!interpreter || ran) {
    reply({ type: 'crash', id, message: interpreter ? 'This Python worker has run its program already.' : 'The Python interpreter is not loaded.' })
    return
  }
  ran = true
  const { py, interrupt } = interpreter
  // Dropped: the interpreter is the program's now, and is never used again after it.
  interpreter = null
  // The tracebacks, sites and the page's markers all name the program's file so.
  const options = { ...(requested as RunOptions), filename: PYTHON_FILENAME }
  const build = pythonBuild(py.version)
  reply({ type: 'started', id })
  const startedAt = performance.now()
  let result: RunResult
  try {
    result = toRunResult(runInWorker(py, source, options, { interrupt }), options, performance.now() - startedAt, build)
  } catch (error) {
    reply({ type: 'crash', id, ...describe(error, 'The Python runtime failed: ') })
    return
  }
  reply({ type: 'analysing', id })
  const { view, analysis } = toRunView(result, { runId: id, filename: PYTHON_FILENAME })
  held = { runId: id, analysis, report: result.heap, filename: PYTHON_FILENAME }
  reply({ type: 'done', id, view })
}

function handle(message: PythonHostMessage): void | Promise<void> {
  switch (message.type) {
    case 'start':
      return (loading ??= start(message.interrupt))
    case 'load':
      return (loading ??= load(message.snapshot, message.interrupt))
    case 'run':
      return run(message.id, message.source, message.options ?? {})
    case 'graph':
    case 'heapsnapshot':
    case 'snapshot-view':
    case 'compare':
      return reply(heldAnswer(held, message))
    default:
      return assertNever(message, 'request')
  }
}

scope.onmessage = (event: MessageEvent<PythonHostMessage>) => {
  const id = typeof (event.data as { id?: unknown })?.id === 'number' ? (event.data as { id: number }).id : null
  try {
    Promise.resolve(handle(event.data)).catch((error: unknown) => reply({ type: 'crash', id, ...describe(error) }))
  } catch (error) {
    reply({ type: 'crash', id, ...describe(error) })
  }
}
