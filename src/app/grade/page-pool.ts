/**
 * The page's grading pool: the same jobs `leaklab grade` runs on worker threads, run here on engine
 * workers, one per core but one (the page keeps a core), at least one. Each lane owns a client, the
 * same EngineClient the playground runs with, so a hand-in runs under the playground's limits and
 * watchdog; its answer is judged by the same module the CLI's workers use (run-answer.ts).
 */
import { verifierOf } from '../../content/check-schema'
import { contentRunOptions } from '../../content/content-run-options'
import type { ContentLanguage } from '../../content/scenario-schema'
import type { GradeJob, RunAnswer } from '../../grade/grade-submission'
import { answerOf } from '../../grade/run-answer'
import { RunCancelledError, type EngineClient } from '../../worker/engine-client'

/** A client for a language: JavaScript's engine worker, or Python's host of interpreters. */
export type ClientFactory = (language: ContentLanguage) => EngineClient | Promise<EngineClient>

export interface PagePoolOptions {
  size: number
  clientFor: ClientFactory
  /** A job has started, in lane `lane`. */
  onStart?(index: number, lane: number): void
  /** A job is answered: `done` of `total`. */
  onSettled?(index: number, answer: RunAnswer, done: number, total: number): void
}

/** The lanes a machine gets: one per core but one, at least one, never more than there are jobs. */
export function poolSize(cores: number | undefined, jobs: number): number {
  return Math.max(1, Math.min((cores ?? 2) - 1, jobs))
}

/** Run one job on `client` and judge it; an engine that fails is the job's answer, not an exception. */
export async function runJobOn(client: EngineClient, job: GradeJob): Promise<RunAnswer> {
  try {
    const view = await client.run(job.code, contentRunOptions(job.settings, verifierOf(job.checks), job.language))
    return answerOf(job.checks, view)
  } catch (error) {
    if (error instanceof RunCancelledError) throw error
    return { kind: 'crashed', message: `the engine failed: ${error instanceof Error ? error.message : String(error)}` }
  }
}

/** A grading under way: its answers (undefined for a job Stop left unrun), and Stop. */
export interface PoolRun {
  readonly answers: Promise<(RunAnswer | undefined)[]>
  stop(): void
}

export function runInPage(jobs: readonly GradeJob[], options: PagePoolOptions): PoolRun {
  const answers: (RunAnswer | undefined)[] = new Array(jobs.length).fill(undefined)
  const clients = new Set<EngineClient>()
  let stopped = false
  let next = 0
  let done = 0
  const lane = async (laneIndex: number) => {
    const mine = new Map<ContentLanguage, EngineClient>()
    try {
      while (!stopped && next < jobs.length) {
        const index = next++
        const job = jobs[index]
        let client = mine.get(job.language)
        if (!client) {
          try {
            client = await options.clientFor(job.language)
          } catch (error) {
            answers[index] = { kind: 'crashed', message: `the engine could not be started: ${error instanceof Error ? error.message : String(error)}` }
            options.onSettled?.(index, answers[index], ++done, jobs.length)
            continue
          }
          mine.set(job.language, client)
          clients.add(client)
          if (stopped) break
        }
        options.onStart?.(index, laneIndex)
        try {
          answers[index] = await runJobOn(client, job)
        } catch {
          // Stopped: the job stays unanswered.
          break
        }
        options.onSettled?.(index, answers[index], ++done, jobs.length)
      }
    } finally {
      for (const client of mine.values()) {
        clients.delete(client)
        client.dispose()
      }
    }
  }
  const size = jobs.length === 0 ? 0 : Math.max(1, Math.min(options.size, jobs.length))
  const all = Promise.all(Array.from({ length: size }, (_, i) => lane(i))).then(() => answers)
  return {
    answers: all,
    stop() {
      stopped = true
      for (const client of clients) client.stop()
    },
  }
}
