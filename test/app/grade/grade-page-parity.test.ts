/**
 * One grader: the page's grading (hand-ins read from picked files, run on its pool, judged by
 * run-answer.ts) gives exactly the results `leaklab grade` gives for the same files. The page's
 * engine clients are stood in for by the engine run in this process, as the page's worker runs it.
 */
import { readFileSync, rmSync } from 'node:fs'
import { basename } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { toRunView } from '../../../src/analysis/run-view'
import { runProgram } from '../../../src/engine/run'
import type { RunOptions } from '../../../src/engine/types'
import { gradeFiles, loadGradeTarget } from '../../../src/grade/grade'
import { formatGradeCsv } from '../../../src/grade/grade-report'
import type { EngineClient } from '../../../src/worker/engine-client'
import { GradeSession } from '../../../src/app/grade/grade-session.svelte'
import { allFixtures, ROOT, SCENARIO_DIR, tempDir } from '../../grade/fixtures'

/** The page's client, as far as grading uses it: run a program with the options given, answer its view. */
function inProcessClient(): EngineClient {
  return {
    run: async (code: string, options: Partial<RunOptions>) => toRunView(await runProgram(code, options), { runId: 0, filename: options.filename ?? 'main.js' }).view,
    stop() {},
    dispose() {},
  } as unknown as EngineClient
}

const picked = (path: string) => ({ name: path, size: readFileSync(path).length, arrayBuffer: async () => new Uint8Array(readFileSync(path)).buffer })

let dir: string
let paths: string[]

beforeAll(async () => {
  dir = tempDir()
  const files = await allFixtures(dir)
  // The page has no missing files nor folders; the runaway programs take the scenario's full minute.
  const skipped = new Set(['nonexistent', 'directory', 'infiniteLoop', 'memoryBomb'])
  paths = Object.entries(files).filter(([name]) => !skipped.has(name)).map(([, path]) => path)
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('the page grades the hand-ins as leaklab grade does, result for result', async () => {
  const loaded = await loadGradeTarget(SCENARIO_DIR, ROOT)
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'))
  const cli = await gradeFiles(paths, loaded.target, { jobs: 2 })

  const session = new GradeSession(() => inProcessClient(), () => 2)
  await session.addFiles(paths.map(picked))
  // The hand-ins name scenario 01: it is chosen without asking.
  expect(session.chosen?.target).toEqual(loaded.target)
  expect(session.chosen?.auto).toBe(true)
  await session.grade()
  expect(session.status).toBe('done')
  const page = session.results
  expect(page).toEqual(cli)
  expect(formatGradeCsv(page!)).toBe(formatGradeCsv(cli))
  // A sanity check that the fixtures cover each verdict.
  expect(new Set(page!.map((r) => r.result))).toEqual(new Set(['pass', 'fail', 'error']))
  expect(page!.map((r) => basename(r.file))).toEqual(paths.map((p) => basename(p)))
}, 120_000)
