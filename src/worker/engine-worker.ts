/**
 * The engine worker: runs learners' programs off the page's thread, so an endless loop or a memory
 * bomb can freeze nothing but this worker, which the page can always terminate.
 */
import { runProgram } from '../engine/run'
import { compiledWasmForWorker } from './compiled-wasm'
import { assertNever, type PageToWorker, type RunId, type WorkerToPage } from './protocol'

// tsconfig mixes the DOM and WebWorker libs, so `self` is typed as a Window; this file only runs in a worker.
const scope = self as unknown as DedicatedWorkerGlobalScope

function post(message: WorkerToPage): void {
  scope.postMessage(message)
}

function crash(id: RunId | null, error: unknown, context = ''): WorkerToPage {
  if (!(error instanceof Error)) return { type: 'crash', id, message: `${context}${String(error)}` }
  return { type: 'crash', id, message: `${context}${error.name}: ${error.message}`, stack: error.stack }
}

/** Never lets a reply's failure escape: the page would otherwise wait for a 'done' that never comes. */
function reply(message: WorkerToPage): void {
  try {
    post(message)
  } catch (error) {
    try {
      post(crash(message.id, error, `Could not send the '${message.type}' reply: `))
    } catch {
      // Nothing left to tell the page with; its watchdog ends the run.
    }
  }
}

async function run(id: RunId, source: string, options: PageToWorker['options']): Promise<void> {
  const result = await runProgram(source, options, {
    wasm: compiledWasmForWorker,
    onConsole: (entry) => reply({ type: 'console', id, entry }),
    onSample: (sample) => reply({ type: 'sample', id, sample }),
  })
  reply({ type: 'done', id, result })
}

async function handle(message: PageToWorker): Promise<void> {
  switch (message.type) {
    case 'run':
      return run(message.id, message.source, message.options ?? {})
    default:
      return assertNever(message.type, 'request type')
  }
}

function idOf(data: unknown): RunId | null {
  const id = (data as { id?: unknown } | null)?.id
  return typeof id === 'number' ? id : null
}

scope.onmessage = (event: MessageEvent<PageToWorker>) => {
  const id = idOf(event.data)
  try {
    handle(event.data).catch((error: unknown) => reply(crash(id, error)))
  } catch (error) {
    reply(crash(id, error))
  }
}
