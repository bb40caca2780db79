/**
 * `leaklab grade`: every submission file read and checked here, then each one's code run again on
 * a pool of workers with the scenario's settings and judged by the scenario's checks (in Python,
 * its Python variant's).
 */
import { availableParallelism } from 'node:os'
import { loadScenarioFolder } from '../content/node/load-scenario'
import type { ContentLanguage } from '../content/scenario-schema'
import { exerciseFromScenario } from '../exercise/exercise'
import { readExercise } from '../exercise/exercise-file'
import { planGrading, type HandInText } from './grade-plan'
import type { GradeResult, GradeTarget } from './grade-submission'
import { gradeTarget } from './grade-target'
import { runJobs, type PoolOptions } from './grade-pool'
import { readSubmissionFile } from './read-file'

/** `noVariant`: the folder is valid, but has no Python variant to grade against. */
export type LoadedTarget = { ok: true; target: GradeTarget } | { ok: false; errors: string[]; noVariant?: true }

/** The scenario folder to grade against in `language`, or what is wrong with it (one line each). */
export async function loadGradeTarget(dir: string, cwd: string, language: ContentLanguage = 'javascript'): Promise<LoadedTarget> {
  const loaded = await loadScenarioFolder(dir, cwd, '--scenario')
  if (!loaded.ok) return loaded
  const scenario = loaded.scenario
  const exercise = exerciseFromScenario(scenario, language)
  if (!exercise) return { ok: false, noVariant: true, errors: [`${dir}: scenario "${scenario.id}" has no Python variant (no "pythonVariant" in its manifest.json), so it cannot be graded in Python`] }
  return { ok: true, target: await gradeTarget(exercise) }
}

/** An exercise file to grade against (the author form's download), or what is wrong with it. */
export async function loadExerciseTarget(file: string): Promise<LoadedTarget> {
  const text = await readSubmissionFile(file, undefined, 'exercise')
  if (!text.ok) return { ok: false, errors: [text.reason] }
  const read = readExercise(text.text)
  return read.ok ? { ok: true, target: await gradeTarget(read.exercise) } : read
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
  const texts: HandInText[] = []
  for (const file of files) {
    const text = await readSubmissionFile(file)
    texts.push(text.ok ? { file, text: text.text } : { file, unreadable: text.reason })
  }
  const plan = planGrading(texts, target)
  const answers = await runJobs(
    plan.runs.map((run) => run.job),
    { size: options.jobs ?? availableParallelism(), hardLimitMs: options.hardLimitMs, entry: options.entry, onSettled: options.onSettled },
  )
  plan.runs.forEach((run, i) => (plan.results[run.index] = run.judge(answers[i])))
  return plan.results as GradeResult[]
}
