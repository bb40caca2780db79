/**
 * The engine worker: runs learners' programs off the page's thread, so an endless loop or a memory
 * bomb can freeze nothing but this worker, which the page can always terminate.
 */
import { toRunView } from '../analysis/run-view'
import { compiledWasm, RELEASE_BUILD } from '../engine/engine-build'
import { runProgram } from '../engine/run'
import { assertNever, ENGINE_LOADED_MARK, ENGINE_WARM_MARK, type PageToWorker, type RunId, type RunRequest, type WorkerToPage } from './protocol'
import { describeError, heldAnswer, type HeldHeap } from './held-heap'

// tsconfig mixes the DOM and WebWorker libs, so `self` is typed as a Window; this file only runs in a worker.
const scope = self as unknown as DedicatedWorkerGlobalScope

function post(message: WorkerToPage): void {
  scope.postMessage(message)
}

/** A host error as one line and, when there is one, its stack. */
const describe = describeError

function crash(id: RunId | null, error: unknown, context = ''): WorkerToPage {
  return { type: 'crash', id, ...describe(error, context) }
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

/**
 * The analysis of the latest run's heap, for the graph queries that follow it. Only one: a heap can
 * hold a million objects, and the page explores one run at a time.
 */
let held: HeldHeap | null = null

/** A run asked for: the warm-up, if still to come, is skipped, and the learner's program goes first. */
let runAsked = false

/**
 * What the warm-up runs: a few thousand objects kept over a few steps, so the engine's interpreter,
 * its heap walk and the analysis are exercised once before the learner's first Run.
 */
const WARM_UP_SOURCE = `class Warm { constructor(i) { this.i = i } }
const kept = []
function step() { for (let i = 0; i < 500; i++) kept.push(new Warm(i)) }`

/**
 * As the worker starts, before any Run: the engine's code loaded, its wasm fetched and compiled, and
 * one small program run and analysed (once per worker: a worker that replaces a stopped one does it
 * again). That makes the first Run's engine time about 40% shorter (the default sample in Chromium:
 * about 470 → 270 ms): V8 has optimised the interpreter and the analysis by then. A page that never
 * runs pays a fetch, a compile and about 0.2 s here, off its own thread. A Run asked for before the
 * wasm is compiled skips the rest; one asked for during the warm-up run waits for its end. Failures
 * are left to the first run, which loads the engine again and reports what went wrong.
 *
 * Running guest code here was once a risk: after it, a deep recursion overflowed the host's stack
 * before QuickJS's 128 KiB limit. The engine's stack weights (quickjs/patches/0009) keep QuickJS's
 * check first (test/browser/page.test.ts runs deep recursions after a run).
 */
async function warmUp(): Promise<void> {
  const { variant } = RELEASE_BUILD
  await Promise.all([compiledWasm(RELEASE_BUILD), variant.importFFI(), variant.importModuleLoader()])
  performance.mark(ENGINE_LOADED_MARK)
  if (runAsked) return
  const result = await runProgram(WARM_UP_SOURCE, { steps: 4, snapshots: 2 })
  toRunView(result, { runId: -1 })
  performance.mark(ENGINE_WARM_MARK)
}

const warming = warmUp().catch(() => {})

async function run(id: RunId, source: string, options: RunRequest['options']): Promise<void> {
  runAsked = true
  await warming
  // Dropped first, so the old heap is not kept alive next to the new run's.
  held = null
  const result = await runProgram(source, options, {
    onConsole: (entry) => reply({ type: 'console', id, entry }),
    onSample: (sample) => reply({ type: 'sample', id, sample }),
    onWalk: (state) => reply({ type: 'walk', id, state }),
  })
  reply({ type: 'analysing', id })
  const { view, analysis } = toRunView(result, { runId: id, filename: options.filename })
  held = { runId: id, analysis, report: result.heap, filename: options.filename }
  reply({ type: 'done', id, view })
}

async function handle(message: PageToWorker): Promise<void> {
  switch (message.type) {
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
