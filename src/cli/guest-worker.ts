/**
 * The CLI's guest worker (node:worker_threads): runs learners' programs off the CLI's own thread, so
 * that a run the engine cannot stop (a host-level hang: a bug in the engine, a native path that never
 * polls the interrupt handler) can still be ended, by terminating this thread (guarded-run.ts keeps
 * the watchdog). Started from guest-worker-entry.mjs, which lets Node load this TypeScript.
 *
 * The protocol: the worker says `ready` once loaded (the engine's wasm compiled, once for every run
 * this worker makes), then answers each `{ id, job }` with progress (`started`, `console`, `sample`,
 * `ran`) and one `done` (or `failed`, when the engine itself threw). What a job needs after the run
 * (the heap's analysis, the .heapsnapshot text, the comparison of two kept heaps) is made here too,
 * inside the watchdog's reach, and only plain, small data crosses back: never the raw snapshots, which
 * can hold a million nodes each.
 */
import { parentPort } from 'node:worker_threads'
import type { HeapSummary } from '../analysis/heap-summary'
import { toRunView } from '../analysis/run-view'
import type { RunView } from '../analysis/view-types'
import { compiledWasm, RELEASE_BUILD } from '../engine/engine-build'
import { runProgram } from '../engine/run'
import type { ConsoleEntry, RunOptions, RunResult, Sample } from '../engine/types'
import { compareReply, runReply, snapshotReply, type CompareReply, type Refusal, type SnapshotFile } from './run-replies'

/** What the CLI asks of the worker: one program, with options already resolved (the watchdog reads the same). */
export type GuestJob =
  /** `leaklab run`: the result and the heap's summary (groups, suspects, clusters). */
  | { kind: 'run'; source: string; options: RunOptions; ignore?: string[] }
  /** `leaklab snapshot`: the result and the final heap as .heapsnapshot text (with `at`: the kept heap of that name). */
  | { kind: 'snapshot'; source: string; options: RunOptions; at?: string | null }
  /** `leaklab compare`: the result and two of its kept heaps compared (null names: the defaults). */
  | { kind: 'compare'; source: string; options: RunOptions; from: string | null; to: string | null; then: string | null }
  /** `leaklab validate --prove`: the run as the playground sees it (runContentInNode's view). */
  | { kind: 'view'; source: string; options: RunOptions }

export type GuestJobKind = GuestJob['kind']


/** What each kind of job answers. `result.heap.snapshot` is always null here: what the CLI needs of it is made in the worker. */
export interface GuestReplies {
  /** `heap`: the summary of the final snapshot, or null when there is none. */
  run: { result: RunResult; heap: HeapSummary | null; ignoreError?: string }
  /** `file`: null when the heap could not be walked, or (with `at`) was refused. */
  snapshot: { result: RunResult; file: SnapshotFile | null; refusal?: Refusal }
  compare: CompareReply
  view: { view: RunView }
}

export interface JobMessage {
  id: number
  job: GuestJob
}

export type GuestMessage =
  | { type: 'ready' }
  /** The engine is loaded and about to run the program: from here on a heap walk can be under way. */
  | { type: 'started'; id: number }
  | { type: 'console'; id: number; entry: ConsoleEntry }
  /** measureMs: what taking it cost, LeakLab's time (the watchdog allows for it). */
  | { type: 'sample'; id: number; sample: Sample; measureMs: number }
  /** The program asked for a heap walk (`leaklab.snapshot()`): it starts, or it is over. */
  | { type: 'walk'; id: number; state: 'start' | 'end' }
  /** runProgram returned (its final walk is over); the worker is making the reply. */
  | { type: 'ran'; id: number }
  | { type: 'done'; id: number; reply: GuestReplies[GuestJobKind] }
  /** The engine or the reply's making threw: the host failing, not the program. */
  | { type: 'failed'; id: number; message: string }

/**
 * For tests only, passed by a test's own entry script (test/cli): a host-level hang the engine cannot
 * stop, simulated where a test wants it. The CLI's entry passes none.
 */
export interface GuestTestHooks {
  /** Called with each job before runProgram. */
  beforeRun?(job: GuestJob): void
  /** Called after each sample is posted, inside runProgram (where a heap walk may follow). */
  onSample?(sample: Sample, job: GuestJob): void
}

async function answer(id: number, job: GuestJob, post: (message: GuestMessage) => void, test: GuestTestHooks): Promise<GuestReplies[GuestJobKind]> {
  test.beforeRun?.(job)
  const result = await runProgram(job.source, job.options, {
    onConsole: (entry) => post({ type: 'console', id, entry }),
    onSample: (sample, measureMs) => {
      post({ type: 'sample', id, sample, measureMs: measureMs ?? 0 })
      test.onSample?.(sample, job)
    },
    onWalk: (state) => post({ type: 'walk', id, state }),
    onModule: (module) => {
      post({ type: 'started', id })
      return module
    },
  })
  post({ type: 'ran', id })
  switch (job.kind) {
    case 'run':
      return runReply(result, job.ignore)
    case 'snapshot':
      return snapshotReply(result, job.at ?? null)
    case 'compare':
      return compareReply(result, { from: job.from, to: job.to, then: job.then })
    case 'view':
      return { view: toRunView(result, { runId: 0, filename: job.options.filename }).view }
  }
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error))

/**
 * Compile the engine's wasm (once: every run this worker makes uses it), then answer jobs one at a
 * time. The CLI sends the next job only once the last is answered.
 */
export async function serve(test: GuestTestHooks = {}): Promise<void> {
  const port = parentPort
  if (!port) throw new Error('guest-worker.ts runs in a worker thread')
  await compiledWasm(RELEASE_BUILD)
  const post = (message: GuestMessage) => port.postMessage(message)
  port.on('message', ({ id, job }: JobMessage) => {
    answer(id, job, post, test)
      .then((reply) => post({ type: 'done', id, reply }))
      .catch((error: unknown) => post({ type: 'failed', id, message: describe(error) }))
  })
  post({ type: 'ready' })
}
