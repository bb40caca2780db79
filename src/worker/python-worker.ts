/**
 * The Web Worker that runs one Python program for the page: CPython in Pyodide (src/python/
 * python-runtime.ts), started from a memory snapshot of a loaded interpreter, its realm hardened for
 * the program. It then analyses the heap and answers graph queries about it, as the JavaScript
 * engine worker does, in the same protocol (protocol.ts), until its host (python-client.ts) ends it.
 * One worker, one program: nothing a program does can outlive its run.
 *
 * Besides the protocol, the host asks a first worker for the snapshot (`snapshot`: a cold load, about
 * two seconds), and gives each later worker a copy of it (`load`, with the interrupt buffer when the
 * page is cross-origin isolated).
 */
import type { PyodideAPI } from 'pyodide'
import { toRunView } from '../analysis/run-view'
import type { GraphQuery } from '../analysis/view-types'
import type { RunOptions, RunResult } from '../engine/types'
import driver from '../python/driver.py?raw'
import imagelib from '../python/imagelib.py?raw'
import { loadInterpreter, makeSnapshot, runInWorker } from '../python/python-runtime'
import { pythonBuild, toRunResult } from '../python/python-result'
import { assertNever, type PageToWorker, type RunId, type WorkerToPage } from './protocol'
import { describeError, graphAnswer, type HeldHeap } from './held-heap'
import { PYTHON_FILENAME, pyodideIndexURL } from './python-assets'

/** Host → worker, besides the protocol's requests. */
export type PythonHostMessage =
  /** Answer with the loaded interpreter's memory snapshot: this browser's copy, else a cold load's. */
  | { type: 'snapshot' }
  /** The snapshot given out would not load: the browser's copy goes, and the next is made afresh. */
  | { type: 'forget-snapshot' }
  /** Load the interpreter from `snapshot` and answer `ready`; `interrupt` is the time limit's buffer. */
  | { type: 'load'; snapshot: Uint8Array; interrupt: Int32Array | null }
  | PageToWorker

/** Worker → host, besides the protocol's replies. */
export type PythonWorkerMessage =
  /** `cached`: this browser's copy, kept from an earlier visit (about 30 MB, under Cache Storage). */
  | { type: 'snapshot'; snapshot: Uint8Array; cached: boolean }
  | { type: 'forgotten' }
  | { type: 'ready' }
  /** The interpreter could not be loaded (its files missing, the network down): not the learner's fault. */
  | { type: 'failed'; message: string }
  | WorkerToPage

// tsconfig mixes the DOM and WebWorker libs, so `self` is typed as a Window; this file only runs in a worker.
const scope = self as unknown as DedicatedWorkerGlobalScope
// Taken before a program runs: the hardened realm keeps postMessage, but nothing is left to chance.
const postMessage = scope.postMessage.bind(scope)

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
let ran = false
let held: HeldHeap | null = null

function start() {
  return { indexURL: pyodideIndexURL(), driver, imagelib }
}

/**
 * The snapshot is kept in this browser (Cache Storage), so a later visit starts Python in about half a
 * second instead of a cold load of four. It is named by what made it: Pyodide's release and the
 * driver's and imagelib's text, so a new LeakLab never loads an old one; older ones are deleted. A
 * browser without Cache Storage (not a secure context), or one that refuses to keep it, loads cold.
 */
const SNAPSHOT_CACHE = 'leaklab-python-snapshot'

async function snapshotKey(): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${pyodideIndexURL()}\0${driver}\0${imagelib}`))
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
  // A URL of the page's own (Cache Storage keys are requests), never fetched.
  return new URL(`${pyodideIndexURL()}leaklab-snapshot-${hex}.bin`).href
}

async function cachedSnapshot(key: string): Promise<Uint8Array | null> {
  try {
    const response = await (await caches.open(SNAPSHOT_CACHE)).match(key)
    return response ? new Uint8Array(await response.arrayBuffer()) : null
  } catch {
    return null
  }
}

async function keepSnapshot(key: string, bytes: Uint8Array): Promise<void> {
  try {
    const cache = await caches.open(SNAPSHOT_CACHE)
    for (const old of await cache.keys()) if (old.url !== key) await cache.delete(old)
    await cache.put(key, new Response(bytes.slice(), { headers: { 'Content-Type': 'application/octet-stream' } }))
  } catch {
    // Not kept: the next visit loads cold again.
  }
}

async function snapshot(): Promise<void> {
  try {
    const key = await snapshotKey().catch(() => null)
    const kept = key ? await cachedSnapshot(key) : null
    if (kept) {
      post({ type: 'snapshot', snapshot: kept, cached: true }, [kept.buffer])
      return
    }
    const bytes = await makeSnapshot(start())
    if (key) await keepSnapshot(key, bytes)
    post({ type: 'snapshot', snapshot: bytes, cached: false }, [bytes.buffer])
  } catch (error) {
    post({ type: 'failed', message: describe(error).message })
  }
}

async function forgetSnapshot(): Promise<void> {
  try {
    await caches.delete(SNAPSHOT_CACHE)
  } catch {
    // Nothing kept, nothing to forget.
  }
  post({ type: 'forgotten' })
}

async function load(bytes: Uint8Array, interrupt: Int32Array | null): Promise<void> {
  try {
    interpreter = { py: await loadInterpreter({ ...start(), snapshot: bytes }), interrupt }
    post({ type: 'ready' })
  } catch (error) {
    post({ type: 'failed', message: describe(error).message })
  }
}

function run(id: RunId, source: string, requested: Partial<RunOptions>): void {
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
  held = { runId: id, analysis }
  reply({ type: 'done', id, view })
}

function graph(id: number, runId: RunId, query: GraphQuery): void {
  reply(graphAnswer(held, id, runId, query))
}

function handle(message: PythonHostMessage): void | Promise<void> {
  switch (message.type) {
    case 'snapshot':
      return snapshot()
    case 'forget-snapshot':
      return forgetSnapshot()
    case 'load':
      return load(message.snapshot, message.interrupt)
    case 'run':
      return run(message.id, message.source, message.options ?? {})
    case 'graph':
      return graph(message.id, message.runId, message.query)
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
