/**
 * `leaklab grade` on a class's worth of submissions: 200 of them for scenario 01 (growing-list), half
 * its fixed.js (pass) and half its leaky.js (fail), graded on one worker and on one per core, so the
 * speed-up from the workers reads as a ratio of the same run. From the same runs, a table of what
 * that means for a course: hand-ins per second per worker, and how long 10,000 would take here
 * (figures derived from when each submission settled, no case of their own). grade-page-cases.ts grades
 * the same submissions in the page, in Chromium, in the same series and the same table.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gradeFiles, loadGradeTarget } from '../src/grade/grade'
import type { GradeTarget } from '../src/grade/grade-submission'
import type { Submission } from '../src/exercise/submission'
import type { Case, CaseTable } from './case'
import type { SeedSuite } from './seed-cases'

export const GRADE_SUBMISSIONS = 200
/** The course the table extrapolates to. */
export const COURSE_HAND_INS = 10_000
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SCENARIO = 'scenarios/01-growing-list'

export const GRADE_ONE_WORKER_CASE = 'grade-200-1-worker'
export const GRADE_N_WORKERS_CASE = 'grade-200-n-workers'
/** grade-page-cases.ts's case, the same hand-ins graded in the page: named here so the throughput table lists it beside these. */
export const GRADE_PAGE_CASE = 'grade-page-200'
const THROUGHPUT_CASES = [GRADE_ONE_WORKER_CASE, GRADE_N_WORKERS_CASE, GRADE_PAGE_CASE]

/** The name on submission `i` (from 0), as its file and the graders' results give it back. */
export const learnerName = (i: number) => `Learner ${String(i + 1).padStart(3, '0')}`
/** What submission `i` must be graded: even learners fixed the leak. */
export const expectedResult = (i: number): 'pass' | 'fail' => (i % 2 === 0 ? 'pass' : 'fail')

/** 200 submission files in a fresh temp folder (removed when the process exits): even learners fixed the leak. */
function writeSubmissions(target: GradeTarget): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'leaklab-bench-grade-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  const code = { fixed: readFileSync(join(ROOT, SCENARIO, 'fixed.js'), 'utf8'), leaky: readFileSync(join(ROOT, SCENARIO, 'leaky.js'), 'utf8') }
  return Array.from({ length: GRADE_SUBMISSIONS }, (_, i) => {
    const pass = expectedResult(i) === 'pass'
    const learner = learnerName(i)
    const submission: Submission = {
      format: 'leaklab-submission',
      version: 1,
      exercise: { id: target.id, title: target.title, hash: target.hash },
      learner,
      // Each learner's own copy: the same program with their name on top, as handed in.
      code: `// ${learner}\n${pass ? code.fixed : code.leaky}`,
      settings: target.settings,
      result: { pass, checks: [] },
      handedInAt: new Date(Date.UTC(2026, 10, 24, 14, 0, i)).toISOString(),
    }
    const path = join(dir, `growing-list--learner-${i + 1}.leaklab.json`)
    writeFileSync(path, JSON.stringify(submission))
    return path
  })
}

let submissions: Promise<{ files: string[]; target: GradeTarget }> | null = null

/** Scenario 01 as `leaklab grade` loads it, and the 200 submission files: written once per process, for the CLI's cases and the page's. */
export function gradeSubmissions(): Promise<{ files: string[]; target: GradeTarget }> {
  submissions ??= loadGradeTarget(SCENARIO, ROOT).then((loaded) => {
    if (!loaded.ok) throw new Error(`${SCENARIO} is not a valid scenario: ${loaded.errors.join('; ')}`)
    return { files: writeSubmissions(loaded.target), target: loaded.target }
  })
  return submissions
}

/** One run's throughput, from the times each submission settled (ms after the run started). */
export interface Throughput {
  workers: number
  perSecond: number
  perWorker: number
  /** Until every worker had settled its first submission: reading the files, starting the workers, their first run. */
  startUpS: number
  /** Hand-ins per second after that, when every worker was warm. */
  steadyPerSecond: number
  /** Start-up, then the rest of COURSE_HAND_INS at the steady rate. */
  courseS: number
}

function throughput(settledMs: readonly number[], totalMs: number, workers: number): Throughput {
  const n = settledMs.length
  const perSecond = n / (totalMs / 1000)
  // settledMs[k - 1]: when the k-th submission settled. The first `workers` of them carry the start-up.
  const warm = Math.min(workers, n - 1)
  const startUpMs = warm > 0 ? settledMs[warm - 1] : 0
  const steadyMs = settledMs[n - 1] - startUpMs
  const steadyPerSecond = steadyMs > 0 ? (n - warm) / (steadyMs / 1000) : perSecond
  return {
    workers,
    perSecond,
    perWorker: perSecond / workers,
    startUpS: startUpMs / 1000,
    steadyPerSecond,
    courseS: startUpMs / 1000 + (COURSE_HAND_INS - warm) / steadyPerSecond,
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10
const minutes = (s: number) => (s < 120 ? `${s.toFixed(0)} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`)

/** The last run of every grade case, shared so one table shows them side by side. */
const lastRuns = new Map<string, Throughput>()

/** Keep case `id`'s run for the throughput table: when each submission settled (ms after its clock started), and its time. */
export function recordThroughput(id: string, settledMs: readonly number[], totalMs: number, workers: number): Throughput {
  const t = throughput(settledMs, totalMs, workers)
  lastRuns.set(id, t)
  return t
}

/** The throughput table, for the first of the grading cases that ran to give (null for the others): one table for them all. */
export function throughputTableFor(id: string): CaseTable | null {
  return THROUGHPUT_CASES.find((other) => lastRuns.has(other)) === id ? throughputTable(THROUGHPUT_CASES) : null
}

function throughputTable(ids: readonly string[]): CaseTable | null {
  const rows = ids.flatMap((id) => {
    const t = lastRuns.get(id)
    if (!t) return []
    return [[id, String(t.workers), t.perSecond.toFixed(1), t.perWorker.toFixed(1), t.startUpS.toFixed(2), t.steadyPerSecond.toFixed(1), minutes(t.courseS)]]
  })
  if (rows.length === 0) return null
  return {
    title: `Grading throughput (last run of each case): hand-ins per second, per worker, and ${COURSE_HAND_INS.toLocaleString('en-US')} hand-ins on this machine`,
    columns: ['case', 'workers', 'hand-ins/s', 'per worker', 'start-up s', 'steady/s', `${COURSE_HAND_INS.toLocaleString('en-US')} hand-ins`],
    rightAligned: [1, 2, 3, 4, 5, 6],
    rows,
    notes: [
      `hand-ins/s: ${GRADE_SUBMISSIONS} over the whole run, start-up included; per worker: that divided by the workers.`,
      'start-up: until every worker had graded its first hand-in (the files read, the workers started, each one\'s first run); steady/s: the rate after it.',
      `${COURSE_HAND_INS.toLocaleString('en-US')} hand-ins: the start-up, then the rest at the steady rate. On M machines like this one (grade --shard K/M, then grade merge) each grades about 1/M of them and pays its own start-up.`,
      'From each case\'s last run (the Throughput lines above are from the medians); the timed figure is unchanged: the settle times are read with the clock it already runs.',
      ...(lastRuns.has(GRADE_PAGE_CASE)
        ? [`${GRADE_PAGE_CASE}: the page's grading pool in Chromium; its workers are its lanes (engine workers, one per core but one), its clock starts at the click on Grade, and its first lane grades on the engine worker the page started and warmed as it opened, so its start-up has no worker start in it (the CLI's has).`]
        : []),
    ],
  }
}

function gradeCase(id: string, label: string, jobs: number, files: string[], target: GradeTarget): Case {
  let observed: Record<string, number> = {}
  return {
    id,
    label,
    includes: `gradeFiles(200 files, scenario 01, { jobs: ${jobs} }) end to end, as \`leaklab grade\` runs it without printing: reading and checking each file (stat, read, JSON, schema), starting ${jobs === 1 ? 'one worker thread' : `${jobs} worker threads`} (each registers tsx, loads the engine and analysis, and compiles the QuickJS wasm once), running each submission's code with the heap inspector and the scenario's 100 steps and judging it by the scenario's ${target.checks.length} checks, and terminating the workers. Half the submissions are fixed.js (pass), half leaky.js (fail: its growth is walked and analysed); every result must be the expected one. observed.submissionsPerSecond (and per worker, and secondsFor${COURSE_HAND_INS}: start-up, until every worker has settled its first submission, plus the rest of ${COURSE_HAND_INS.toLocaleString('en-US')} at the rate after it) is from this case's last run, from when each submission settled (onSettled, no extra work); the report's throughput is from its median.`,
    async run() {
      const settledMs: number[] = []
      const started = performance.now()
      const results = await gradeFiles(files, target, { jobs, onSettled: () => settledMs.push(performance.now() - started) })
      const ms = performance.now() - started
      const wrong = results.filter((r, i) => r.result !== expectedResult(i))
      if (wrong.length > 0) throw new Error(`${wrong.length} submissions graded wrongly, first ${wrong[0].file}: ${wrong[0].result} (${wrong[0].reason ?? wrong[0].figure})`)
      const t = recordThroughput(id, settledMs, ms, jobs)
      observed = {
        submissions: results.length,
        passed: results.filter((r) => r.result === 'pass').length,
        failed: results.filter((r) => r.result === 'fail').length,
        workers: jobs,
        submissionsPerSecond: round1(t.perSecond),
        submissionsPerSecondPerWorker: round1(t.perWorker),
        [`secondsFor${COURSE_HAND_INS}`]: Math.round(t.courseS),
      }
      return ms
    },
    observed: () => observed,
    table: () => throughputTableFor(id),
  }
}

export async function gradeSuite(): Promise<SeedSuite> {
  const { files, target } = await gradeSubmissions()
  const cores = availableParallelism()
  return {
    cases: [
      gradeCase(GRADE_ONE_WORKER_CASE, 'leaklab grade: 200 submissions, 1 worker', 1, files, target),
      gradeCase(GRADE_N_WORKERS_CASE, `leaklab grade: 200 submissions, ${cores} workers (one per core)`, cores, files, target),
    ],
    skipped: [],
    derived: [],
    ratios: [{ numerator: GRADE_ONE_WORKER_CASE, denominator: GRADE_N_WORKERS_CASE, meaning: `grading 200 submissions: 1 worker vs ${cores} (one per core), the speed-up from the workers` }],
  }
}
