/**
 * `leaklab grade`: every submission file read and checked here, then each one's code run again on
 * a pool of workers with the scenario's settings and judged by the scenario's checks.
 */
import { availableParallelism } from 'node:os'
import { loadScenarioFolder } from '../content/node/load-scenario'
import { exerciseFromScenario, exerciseHash } from '../exercise/exercise'
import { judge, jobFor, notGraded, readSubmission, type GradeJob, type GradeResult, type GradeTarget, type RunAnswer } from './grade-submission'
import { runJobs, type PoolOptions } from './grade-pool'
import { readSubmissionFile } from './read-file'

export type LoadedTarget = { ok: true; target: GradeTarget } | { ok: false; errors: string[] }

/** The scenario folder to grade against, or what is wrong with it (one line each). */
export async function loadGradeTarget(dir: string, cwd: string): Promise<LoadedTarget> {
  const loaded = await loadScenarioFolder(dir, cwd, '--scenario')
  if (!loaded.ok) return loaded
  const scenario = loaded.scenario
  return {
    ok: true,
    target: {
      id: scenario.id,
      title: scenario.title,
      hash: await exerciseHash(exerciseFromScenario(scenario)),
      settings: { steps: scenario.run.steps, timeMs: scenario.run.timeMs },
      checks: scenario.check,
    },
  }
}

export interface GradeOptions {
  /** Workers at once; default the machine's available parallelism. Never more than there are programs to run. */
  jobs?: number
  hardLimitMs?: number
  /** Another worker script: for tests. */
  entry?: URL
  onSettled?: PoolOptions['onSettled']
}

/** One result per file, in the order given; a file that cannot be graded never stops the others. */
export async function gradeFiles(files: readonly string[], target: GradeTarget, options: GradeOptions = {}): Promise<GradeResult[]> {
  const results: GradeResult[] = new Array(files.length)
  const pending: { index: number; job: GradeJob; judge(answer: RunAnswer): GradeResult }[] = []
  for (const [index, file] of files.entries()) {
    const text = await readSubmissionFile(file)
    if (!text.ok) {
      results[index] = notGraded(file, text.reason)
      continue
    }
    const read = readSubmission(text.text)
    if (!read.ok) {
      results[index] = notGraded(file, read.reason, read.learner)
      continue
    }
    const submission = read.submission
    pending.push({ index, job: jobFor(submission, target), judge: (answer) => judge(file, submission, target, answer) })
  }
  const answers = await runJobs(
    pending.map((p) => p.job),
    { size: options.jobs ?? availableParallelism(), hardLimitMs: options.hardLimitMs, entry: options.entry, onSettled: options.onSettled },
  )
  pending.forEach((p, i) => (results[p.index] = p.judge(answers[i])))
  return results
}
