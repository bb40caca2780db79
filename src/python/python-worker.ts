/**
 * The Node worker thread that runs one Python program (python-runtime.ts) for the CLI and the tests.
 * Started from python-worker-entry.mjs. It is given the interpreter's snapshot, the program, its
 * options and the interrupt buffer, answers `done` with the driver's result (or `failed`), and is
 * then ended by its host: one worker, one program.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { RunOptions } from '../engine/types'
import { loadInterpreter, makeSnapshot, runInWorker, type DriverResult, type PythonStart } from './python-runtime'

export interface PythonWorkerData {
  start: PythonStart
  source: string
  options: RunOptions
  interrupt: Int32Array | null
}

export type PythonWorkerMessage =
  | { type: 'started' }
  | { type: 'done'; result: DriverResult }
  | { type: 'failed'; message: string }

const port = parentPort
if (port) {
  const data = workerData as PythonWorkerData & { makeSnapshot?: boolean }
  const post = port.postMessage.bind(port)
  if (data.makeSnapshot) {
    try {
      post({ type: 'snapshot', snapshot: await makeSnapshot(data.start) })
    } catch (error) {
      post({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies PythonWorkerMessage)
    }
  } else try {
    const py = await loadInterpreter(data.start)
    post({ type: 'started' } satisfies PythonWorkerMessage)
    const result = runInWorker(py, data.source, data.options, { interrupt: data.interrupt })
    post({ type: 'done', result } satisfies PythonWorkerMessage)
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies PythonWorkerMessage)
  }
}
