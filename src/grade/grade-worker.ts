/**
 * The grading worker: runs one job at a time, as the playground runs a program (runContentInNode),
 * and judges it with the scenario's checks. Started from grade-worker-entry.mjs, which lets Node load
 * this TypeScript. It says `ready` once loaded, then answers each `{ id, job }` with `{ id, answer }`.
 * A Python job is run by runPythonProgram, in a worker thread of its own (with its own hard stop)
 * started from this one, so the pool ending this worker at its hard limit ends that one too.
 */
import { parentPort } from 'node:worker_threads'
import { verifierOf } from '../content/check-schema'
import { runContentInNode } from '../content/node/run-content'
import type { GradeJob, RunAnswer } from './grade-submission'
import { answerOf } from './run-answer'

export interface JobMessage {
  id: number
  job: GradeJob
}

export type WorkerMessage = { ready: true } | { id: number; answer: RunAnswer }

/** Run and judge one job. The engine bounds the program's time and memory; a failed run fails the checks. */
export async function runJob(job: GradeJob): Promise<RunAnswer> {
  try {
    return answerOf(job.checks, await runContentInNode(job.code, job.settings, verifierOf(job.checks), job.language))
  } catch (error) {
    // runProgram never throws for what a program does: this is the engine failing, not the learner.
    return { kind: 'crashed', message: `the engine failed: ${error instanceof Error ? error.message : String(error)}` }
  }
}

const port = parentPort
if (port) {
  port.on('message', (message: JobMessage) => {
    void runJob(message.job).then((answer) => port.postMessage({ id: message.id, answer } satisfies WorkerMessage))
  })
  port.postMessage({ ready: true } satisfies WorkerMessage)
}
