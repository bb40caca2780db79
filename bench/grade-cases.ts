/**
 * `leaklab grade` on a class's worth of submissions: 200 of them for scenario 01 (growing-list), half
 * its fixed.js (pass) and half its leaky.js (fail), graded on one worker and on one per core, so the
 * speed-up from the workers reads as a ratio of the same run.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gradeFiles, loadGradeTarget } from '../src/grade/grade'
import type { GradeTarget } from '../src/grade/grade-submission'
import type { Submission } from '../src/exercise/submission'
import type { Case } from './case'
import type { SeedSuite } from './seed-cases'

export const GRADE_SUBMISSIONS = 200
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SCENARIO = 'scenarios/01-growing-list'

/** 200 submission files in a fresh temp folder (removed when the process exits): even learners fixed the leak. */
function writeSubmissions(target: GradeTarget): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'leaklab-bench-grade-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  const code = { fixed: readFileSync(join(ROOT, SCENARIO, 'fixed.js'), 'utf8'), leaky: readFileSync(join(ROOT, SCENARIO, 'leaky.js'), 'utf8') }
  return Array.from({ length: GRADE_SUBMISSIONS }, (_, i) => {
    const pass = i % 2 === 0
    const learner = `Learner ${String(i + 1).padStart(3, '0')}`
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

function gradeCase(id: string, label: string, jobs: number, files: string[], target: GradeTarget): Case {
  let observed: Record<string, number> = {}
  return {
    id,
    label,
    includes: `gradeFiles(200 files, scenario 01, { jobs: ${jobs} }) end to end, as \`leaklab grade\` runs it without printing: reading and checking each file (stat, read, JSON, schema), starting ${jobs === 1 ? 'one worker thread' : `${jobs} worker threads`} (each registers tsx, loads the engine and analysis, and compiles the QuickJS wasm once), running each submission's code with the heap inspector and the scenario's 100 steps and judging it by the scenario's two checks, and terminating the workers. Half the submissions are fixed.js (pass), half leaky.js (fail: its growth is walked and analysed); every result must be the expected one. observed.submissionsPerSecond is from this case's last run; the report's throughput is from its median.`,
    async run() {
      const started = performance.now()
      const results = await gradeFiles(files, target, { jobs })
      const ms = performance.now() - started
      const wrong = results.filter((r, i) => r.result !== (i % 2 === 0 ? 'pass' : 'fail'))
      if (wrong.length > 0) throw new Error(`${wrong.length} submissions graded wrongly, first ${wrong[0].file}: ${wrong[0].result} (${wrong[0].reason ?? wrong[0].figure})`)
      observed = {
        submissions: results.length,
        passed: results.filter((r) => r.result === 'pass').length,
        failed: results.filter((r) => r.result === 'fail').length,
        workers: jobs,
        submissionsPerSecond: Math.round((results.length / (ms / 1000)) * 10) / 10,
      }
      return ms
    },
    observed: () => observed,
  }
}

export async function gradeSuite(): Promise<SeedSuite> {
  const loaded = await loadGradeTarget(SCENARIO, ROOT)
  if (!loaded.ok) throw new Error(`${SCENARIO} is not a valid scenario: ${loaded.errors.join('; ')}`)
  const files = writeSubmissions(loaded.target)
  const cores = availableParallelism()
  return {
    cases: [
      gradeCase('grade-200-1-worker', 'leaklab grade: 200 submissions, 1 worker', 1, files, loaded.target),
      gradeCase('grade-200-n-workers', `leaklab grade: 200 submissions, ${cores} workers (one per core)`, cores, files, loaded.target),
    ],
    skipped: [],
    derived: [],
    ratios: [{ numerator: 'grade-200-1-worker', denominator: 'grade-200-n-workers', meaning: `grading 200 submissions: 1 worker vs ${cores} (one per core), the speed-up from the workers` }],
  }
}
