/**
 * `leaklab grade` end to end, on real worker threads: scenario 01's leaky.js fails and fixed.js
 * passes, and every hostile or broken file gets its own result while the others are still graded.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { gradeFiles, loadGradeTarget } from '../../src/grade/grade'
import type { gradeJson } from '../../src/grade/grade-report'
import type { GradeResult, GradeTarget } from '../../src/grade/grade-submission'
import { allFixtures, FIXED, growingListHash, INFINITE_LOOP, LEAKY, ROOT, SCENARIO_DIR, submission, tempDir, write } from './fixtures'
import { cli } from '../cli/run-cli'

let dir: string
let files: Record<string, string>
let target: GradeTarget
let results: GradeResult[]
const byName = (name: string) => results[Object.keys(files).indexOf(name)]

beforeAll(async () => {
  dir = tempDir()
  files = await allFixtures(dir)
  const loaded = await loadGradeTarget(SCENARIO_DIR, ROOT)
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'))
  target = loaded.target
  results = await gradeFiles(Object.values(files), target, { jobs: 2 })
}, 60_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('grading scenario 01', () => {
  test('the target is the scenario, with its settings, checks and exercise hash', async () => {
    expect(target).toMatchObject({ id: 'growing-list', settings: { steps: 100, timeMs: 60_000 }, hash: await growingListHash() })
    expect(target.checks.map((c) => c.kind)).toEqual(['no-suspects', 'live', 'behaviour'])
  })

  test('one result per file, in order', () => {
    expect(results.map((r) => r.file)).toEqual(Object.values(files))
  })

  test('fixed.js passes and leaky.js fails, with the measured figure and the author\'s reason', () => {
    expect(byName('passing')).toMatchObject({ learner: 'Ada Lovelace', result: 'pass', hashMatches: true, settingsMatch: true, figure: 'no group of objects grew with the steps', reason: null, notes: [], handedInAt: '2026-11-24T14:05:09.120Z' })
    expect(byName('failing')).toMatchObject({ learner: 'Bob', result: 'fail', hashMatches: true, reason: 'Something still grows with every step.', notes: [] })
    expect(byName('failing').figure).toMatch(/^1 group still grew with the steps, first DataHolder \(line 14\) by 100 a step$/)
    expect(byName('failing').checks.map((c) => c.pass)).toEqual([false, false, true])
  })

  test('a submission that frees the memory by breaking the program fails the behaviour check alone, in words', () => {
    const broke = byName('broke')
    expect(broke).toMatchObject({ learner: 'Niaj', result: 'fail', hashMatches: true, reason: 'The steps must still use their objects: each step adds up the data of the 100 DataHolder objects it made.' })
    expect(broke.figure).toBe('the program no longer does its job: the steps added up nothing: their objects were gone before the step used them')
    expect(broke.checks.map((c) => [c.kind, c.pass])).toEqual([['no-suspects', true], ['live', true], ['behaviour', false]])
  })

  test('a submission that claims to pass but leaks is graded fail, and the claim noted', () => {
    expect(byName('liar')).toMatchObject({ learner: 'Carol', result: 'fail', claimedPass: true, notes: ['claimed pass'] })
  })

  test('a wrong hash or another exercise\'s id is graded but flagged', () => {
    expect(byName('wrongHash')).toMatchObject({ learner: 'Dave', result: 'pass', hashMatches: false })
    expect(byName('wrongHash').notes[0]).toMatch(/^⚠ different exercise: "growing-list" as it was when handed out differs from this scenario \(hash 00000000…/)
    expect(byName('otherExercise')).toMatchObject({ learner: 'Erin', result: 'pass', hashMatches: false, notes: ['⚠ different exercise: handed in for "lru-cache", graded against "growing-list"'] })
  })

  test('an endless loop and a memory bomb are stopped by the engine and graded fail, saying so', () => {
    expect(byName('infiniteLoop')).toMatchObject({ learner: 'Frank', result: 'fail', reason: 'the program did not run to the end (timeout error), so nothing could be measured' })
    expect(byName('infiniteLoop').figure).toMatch(/^the run ended with a timeout error: The program ran longer than its time budget of 5000 ms/)
    expect(byName('memoryBomb')).toMatchObject({ learner: 'Grace', result: 'fail', reason: 'the program did not run to the end (memory error), so nothing could be measured' })
    expect(byName('memoryBomb').figure).toMatch(/^the run ended with a memory error: The program used more memory than its budget of 64 MiB/)
  })

  test('files that cannot be graded each say why', () => {
    const reasons = Object.fromEntries(['malformed', 'missingField', 'huge', 'nonexistent', 'directory'].map((name) => [name, byName(name).reason]))
    expect(reasons).toEqual({
      malformed: expect.stringMatching(/^could not be graded: is not valid JSON: /),
      missingField: 'could not be graded: is not a valid submission: learner: is missing',
      huge: expect.stringMatching(/^could not be graded: is too large \([\d,]+ bytes; a submission is at most 1,000,000\), so it was not read$/),
      nonexistent: 'could not be graded: does not exist',
      directory: 'could not be graded: is a directory, not a submission file',
    })
    for (const name of Object.keys(reasons)) expect(byName(name)).toMatchObject({ result: 'error', hashMatches: null, figure: null, checks: [] })
  })

  test('a submission with other settings is graded with the scenario\'s, and flagged', () => {
    // With its own 1 step the leak would pass both checks (100 DataHolders); with the scenario's 100 it fails.
    const other = byName('otherSettings')
    expect(other).toMatchObject({ learner: 'Mallory', result: 'fail', settingsMatch: false, settings: { steps: 1, timeMs: 1000 } })
    expect(other.checks[1].measured).toBe('10,000 DataHolder objects alive after the run (the goal is at most 100)')
    expect(other.notes).toContain("⚠ different settings: handed in with 1 step, 1 s, graded with the scenario's 100 steps, 1 min")
  })

  test('a worker stopped at the hard limit costs only its own submission; a fresh worker grades the rest', async () => {
    const hash = await growingListHash()
    const sub = (name: string, code: string) => write(dir, `limit-${name}.json`, submission(hash, name, code, true))
    const paths = [sub('loop', INFINITE_LOOP), sub('fixed', FIXED), sub('leaky', LEAKY)]
    // The engine would stop the loop after 5 s; a 3.5 s hard limit stops its worker first.
    const limited = await gradeFiles(paths, target, { jobs: 1, hardLimitMs: 3_500 })
    expect(limited.map((r) => [r.learner, r.result])).toEqual([['loop', 'error'], ['fixed', 'pass'], ['leaky', 'fail']])
    expect(limited[0]).toMatchObject({ reason: 'could not be graded: grading took longer than 3.5 s, so its worker was stopped', hashMatches: true })
  }, 30_000)
})

describe('leaklab grade', () => {
  test('prints the table, writes the CSV, and exits 1 when a file could not be graded', async () => {
    const csv = join(dir, 'grades.csv')
    const { code, stdout, stderr } = await cli('grade', files.passing, files.failing, files.malformed, '--scenario', SCENARIO_DIR, '--csv', csv)
    expect(code).toBe(1)
    expect(stderr).toBe('')
    const lines = stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^Grading against growing-list \(A list that only grows\), exercise hash [0-9a-f]{12}…: 100 steps, 1 min, 3 checks$/)
    expect(lines[2].split(/ {2,}/)).toEqual(['file', 'learner', 'result', 'figure', 'reason', 'notes'])
    expect(lines[3]).toMatch(/ada\.leaklab\.json +Ada Lovelace +pass +no group of objects grew with the steps$/)
    expect(lines[4]).toMatch(/bob\.leaklab\.json +Bob +fail +1 group still grew .* +Something still grows with every step\.$/)
    expect(lines[5]).toMatch(/heidi\.leaklab\.json +error +could not be graded: is not valid JSON/)
    expect(lines.at(-1)).toBe('2 graded: 1 passed, 1 failed; 1 could not be graded')
    const rows = readFileSync(csv, 'utf8').split('\r\n')
    expect(rows[0]).toBe('file,learner,result,hash_matches,settings_match,figure,reason,handed_in_at')
    expect(rows[1]).toBe(`${files.passing},Ada Lovelace,pass,true,true,no group of objects grew with the steps,,2026-11-24T14:05:09.120Z`)
    expect(rows[2]).toBe(`${files.failing},Bob,fail,true,true,"1 group still grew with the steps, first DataHolder (line 14) by 100 a step",Something still grows with every step.,2026-11-24T14:05:09.120Z`)
    expect(rows[3]).toMatch(/^.*heidi\.leaklab\.json,,error,,,,could not be graded: is not valid JSON: .*,$/)
    expect(rows.slice(4)).toEqual([''])
  })

  test('--json prints one JSON object instead of the table, and exits 0 when every file was graded', async () => {
    const hash = await growingListHash()
    const hostile = write(dir, 'hostile.json', submission(hash, '=cmd|"/c calc"!A1 \x1b[31mred\x1b[0m', FIXED, true))
    const { code, stdout } = await cli('grade', files.passing, files.wrongHash, hostile, '--scenario', relative(process.cwd(), SCENARIO_DIR), '--json', '--jobs', '1')
    expect(code).toBe(0)
    const report = JSON.parse(stdout) as ReturnType<typeof gradeJson>
    expect(report.scenario).toEqual({ id: 'growing-list', title: 'A list that only grows', hash, settings: { steps: 100, timeMs: 60_000 }, checks: target.checks })
    expect(report).not.toHaveProperty('shard')
    expect(report.summary).toEqual({ submissions: 3, graded: 3, passed: 3, failed: 0, notGraded: 0, differentExercise: 1, differentSettings: 0, unsure: 0 })
    expect(report.results.map((r) => [r.learner, r.result, r.hashMatches])).toEqual([
      ['Ada Lovelace', 'pass', true],
      ['Dave', 'pass', false],
      ['=cmd|"/c calc"!A1 \x1b[31mred\x1b[0m', 'pass', true],
    ])
    expect(report.results[0].checks).toEqual([
      { kind: 'no-suspects', pass: true, measured: 'no group of objects grew with the steps', explains: null },
      { kind: 'live', pass: true, measured: expect.stringMatching(/^\d+ DataHolder objects? alive after the run \(the goal is at most 100\)$/), explains: null },
      { kind: 'behaviour', pass: true, measured: 'each step used its 100 objects: they add up to 49,995,000', explains: null },
    ])
  })

  test('the table never prints a learner\'s escape sequences, and flags a different exercise', async () => {
    const hash = await growingListHash()
    const hostile = write(dir, 'ansi.json', submission(hash, 'Eve\x1b[2J\x1b]0;owned\x07\r\nroot', FIXED, true))
    const { code, stdout } = await cli('grade', hostile, files.wrongHash, '--scenario', SCENARIO_DIR)
    expect(code).toBe(0)
    expect(stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/)
    expect(stdout).toMatch(/ansi\.json +Eve root +pass/)
    expect(stdout).toMatch(/dave\.leaklab\.json +Dave +pass +no group of objects grew with the steps +⚠ different exercise\n/)
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('2 graded: 2 passed, 0 failed; 1 for a different exercise')
  })

  test('exits 2, before grading anything, for an invalid scenario folder or a CSV it cannot write', async () => {
    const broken = join(dir, '01-growing-list')
    mkdirSync(broken)
    writeFileSync(join(broken, 'manifest.json'), '{ "id": "growing-list" }')
    const invalid = await cli('grade', files.passing, '--scenario', broken)
    expect(invalid.code).toBe(2)
    expect(invalid.stdout).toBe('')
    expect(invalid.stderr).toMatch(new RegExp(`^leaklab: --scenario ${broken} is not a valid scenario folder:\\n  .*01-growing-list/manifest\\.json: title: .*\\n`))
    const library = await cli('grade', files.passing, '--scenario', join(ROOT, 'scenarios'))
    expect(library).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/is a library of \d+ items; --scenario needs one scenario folder/) })
    const lesson = await cli('grade', files.passing, '--scenario', join(ROOT, 'lessons/01-seed-article'))
    expect(lesson.code).toBe(2)
    const missing = await cli('grade', files.passing, '--scenario', join(dir, 'nowhere'))
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/nowhere: is not a directory/) })
    const unwritable = await cli('grade', files.passing, '--scenario', SCENARIO_DIR, '--csv', join(dir, 'no/such/dir.csv'))
    expect(unwritable).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/cannot write .*no\/such\/dir\.csv: ENOENT/) })
  })

  test('works from the bin, outside vitest: the worker entry loads TypeScript through tsx', async () => {
    const bin = join(ROOT, 'bin/leaklab.js')
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'grade', files.passing, files.failing, '--scenario', SCENARIO_DIR, '--json'])
    expect((JSON.parse(stdout) as ReturnType<typeof gradeJson>).results.map((r) => r.result)).toEqual(['pass', 'fail'])
    await expect(promisify(execFile)(process.execPath, [bin, 'grade', files.passing, files.nonexistent, '--scenario', SCENARIO_DIR])).rejects.toMatchObject({ code: 1 })
  }, 30_000)
})
