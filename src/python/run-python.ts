/**
 * Running a Python program in Node (the CLI and the tests), with the same contract as runProgram for
 * JavaScript: a RunResult, whatever the program does. Each program gets a worker thread of its own
 * (python-worker.ts), started from a memory snapshot of a loaded interpreter, so a program can leave
 * nothing behind and a hang in native code can still be ended.
 *
 * The limits: the time by CPython's own interrupt (SIGINT through Pyodide's interrupt buffer, raised
 * again while the program goes on, so `except BaseException:` cannot keep it), then by ending the
 * thread; the memory by refusing the wasm memory's growth past the budget; the stack by CPython's
 * recursion limit.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { Worker } from 'node:worker_threads'
import { resolveOptions } from '../engine/defaults'
import type { RunOptions, RunResult } from '../engine/types'
import { unfinishedResult } from '../engine/unfinished-run'
import { pythonBuild, toRunResult } from './python-result'
import type { PythonStart } from './python-runtime'
import type { PythonWorkerData, PythonWorkerMessage } from './python-worker'

export const PYTHON_FILENAME = 'main.py'
export const PYTHON_BUILD = pythonBuild(readPyodideVersion())
/** How long past the time budget a program that keeps its interrupt away may run before its thread is ended. */
const HARD_STOP_GRACE_MS = 2_000
/** How often the interrupt is raised again once the time is up. */
const INTERRUPT_EVERY_MS = 10

const ENTRY = new URL('./python-worker-entry.mjs', import.meta.url)

function packageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('pyodide/package.json'))
}

function readPyodideVersion(): string {
  try {
    return (JSON.parse(readFileSync(`${packageDir()}/package.json`, 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

function startOptions(): Omit<PythonStart, 'snapshot'> {
  const text = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')
  return { indexURL: `${packageDir()}/`, driver: text('driver.py'), imagelib: text('imagelib.py') }
}

let snapshot: Promise<Uint8Array> | null = null

/** The interpreter's memory snapshot, made once per process in a worker of its own (about 2 s). */
export function interpreterSnapshot(): Promise<Uint8Array> {
  snapshot ??= new Promise<Uint8Array>((resolve, reject) => {
    const worker = new Worker(ENTRY, { workerData: { makeSnapshot: true, start: { ...startOptions(), snapshot: null } } })
    worker.once('message', (message: { type: 'snapshot'; snapshot: Uint8Array } | PythonWorkerMessage) => {
      void worker.terminate()
      if (message.type === 'snapshot') resolve(message.snapshot)
      else reject(new Error(`Python could not be loaded: ${message.type === 'failed' ? message.message : message.type}`))
    })
    worker.once('error', (error) => reject(error))
  })
  return snapshot
}

export async function runPythonProgram(source: string, partial: Partial<RunOptions> = {}): Promise<RunResult> {
  const options = resolveOptions({ filename: PYTHON_FILENAME, ...partial })
  const startedAt = performance.now()
  const start: PythonStart = { ...startOptions(), snapshot: await interpreterSnapshot() }
  const interrupt = new Int32Array(new SharedArrayBuffer(4))
  const data: PythonWorkerData = { start, source, options, interrupt }
  const worker = new Worker(ENTRY, { workerData: data })
  return new Promise<RunResult>((resolve) => {
    let deadline: ReturnType<typeof setTimeout> | null = null
    let repeat: ReturnType<typeof setInterval> | null = null
    let hardStop: ReturnType<typeof setTimeout> | null = null
    let settled = false
    const finish = (result: RunResult) => {
      if (settled) return
      settled = true
      for (const timer of [deadline, hardStop]) if (timer) clearTimeout(timer)
      if (repeat) clearInterval(repeat)
      void worker.terminate()
      resolve(result)
    }
    const stopped = (why: string) =>
      finish(
        unfinishedResult({
          options,
          error: {
            kind: 'timeout',
            name: 'TimeoutError',
            message: `The program ran longer than its time budget of ${options.timeoutMs} ms and kept its interrupt away, so LeakLab ended it. Is there an endless loop?`,
            line: null,
            column: null,
            phase: 'script',
          },
          elapsedMs: performance.now() - startedAt,
          console: [],
          samples: [],
          endedBy: why,
        }),
      )
    worker.on('message', (message: PythonWorkerMessage) => {
      if (message.type === 'started') {
        deadline = setTimeout(() => {
          const raise = () => Atomics.store(interrupt, 0, 2)
          raise()
          repeat = setInterval(raise, INTERRUPT_EVERY_MS)
        }, options.timeoutMs)
        // The heap walks' time is given back to the program by the driver; the hard stop allows for them.
        hardStop = setTimeout(() => stopped('LeakLab ended the Python worker at the hard time limit'), options.timeoutMs + options.walkTimeoutMs + HARD_STOP_GRACE_MS)
      } else if (message.type === 'done') {
        finish(toRunResult(message.result, options, performance.now() - startedAt, PYTHON_BUILD))
      } else {
        finish(failedResult(options, `The Python runtime failed: ${message.message}`, performance.now() - startedAt))
      }
    })
    worker.on('error', (error) => finish(failedResult(options, `The Python runtime failed: ${error.message}`, performance.now() - startedAt)))
    worker.on('exit', () => finish(failedResult(options, 'The Python worker stopped before the program finished.', performance.now() - startedAt)))
  })
}

function failedResult(options: RunOptions, message: string, elapsedMs: number): RunResult {
  return unfinishedResult({
    options,
    error: { kind: 'runtime', name: 'EngineError', message, line: null, column: null, phase: 'script' },
    elapsedMs,
    console: [],
    samples: [],
    endedBy: 'the Python runtime failed',
  })
}
