/**
 * `leaklab grade` for Python: scenario 01's Python variant as the exercise, each submission run by
 * CPython on the grading workers. Its leaky.py fails, its fixed.py passes, a syntax error fails in
 * words, and a submission in the other language is refused with the reason, never run.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadScenarioFolder } from '../../src/content/node/load-scenario'
import { decodeAssignmentFragment } from '../../src/exercise/assignment-link'
import { exerciseFromScenario, exerciseHash } from '../../src/exercise/exercise'
import { exerciseFile } from '../../src/exercise/exercise-file'
import { gradeFiles, loadGradeTarget } from '../../src/grade/grade'
import { gradeText, type GradeResult, type GradeTarget } from '../../src/grade/grade-submission'
import { FIXED, FIXED_PY, growingListHash, LEAKY_PY, ROOT, SCENARIO_DIR, submission, tempDir, write } from './fixtures'
import { cli } from '../cli/run-cli'

const SYNTAX_ERROR = 'def step(i):\n    leak_list.append((i,\n'
const NO_VARIANT = join(ROOT, 'scenarios/04-accidental-global')

let dir: string
let target: GradeTarget
let results: GradeResult[]
let files: Record<string, string>

beforeAll(async () => {
  dir = tempDir()
  const loaded = await loadGradeTarget(SCENARIO_DIR, ROOT, 'python')
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'))
  target = loaded.target
  const python = { language: 'python' as const }
  files = {
    leaky: write(dir, 'ada.leaklab.json', submission(target.hash, 'Ada', LEAKY_PY, true, python)),
    fixed: write(dir, 'bob.leaklab.json', submission(target.hash, 'Bob', FIXED_PY, true, python)),
    syntax: write(dir, 'carol.leaklab.json', submission(target.hash, 'Carol', SYNTAX_ERROR, false, python)),
    javascript: write(dir, 'dave.leaklab.json', submission(await growingListHash(), 'Dave', FIXED, true)),
  }
  results = await gradeFiles(Object.values(files), target, { jobs: 2 })
}, 120_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const byName = (name: string) => results[Object.keys(files).indexOf(name)]

describe('grading scenario 01 in Python', () => {
  test('the target is the Python variant: its checks, its settings, and the Python exercise\'s hash', async () => {
    expect(target).toMatchObject({ id: 'growing-list', language: 'python', settings: { steps: 100, timeMs: 60_000 }, hash: await growingListHash('python') })
    expect(target.hash).not.toBe(await growingListHash())
    expect(target.checks.map((c) => c.kind)).toEqual(['no-suspects', 'live', 'console'])
  })

  test('leaky.py fails and fixed.py passes, each run by CPython and judged by the variant\'s checks', () => {
    expect(byName('leaky')).toMatchObject({ learner: 'Ada', result: 'fail', hashMatches: true, reason: 'Something still grows with every step.', notes: ['claimed pass'] })
    expect(byName('leaky').checks.map((c) => [c.kind, c.pass])).toEqual([['no-suspects', false], ['live', false], ['console', true]])
    expect(byName('leaky').checks[1].measured).toBe('10,000 DataHolder objects alive after the run (the goal is at most 100)')
    expect(byName('fixed')).toMatchObject({ learner: 'Bob', result: 'pass', hashMatches: true, settingsMatch: true, figure: 'no group of objects grew with the steps', reason: null, notes: [] })
  })

  test('a syntax error fails, and says what the error was', () => {
    expect(byName('syntax')).toMatchObject({
      learner: 'Carol',
      result: 'fail',
      reason: 'the program did not run to the end (syntax error), so nothing could be measured',
      figure: expect.stringMatching(/^the run ended with a syntax error: .*never closed/),
    })
  })

  test('a JavaScript submission is not run as Python: it could not be graded, and the reason says why', () => {
    expect(byName('javascript')).toMatchObject({
      learner: 'Dave',
      result: 'error',
      hashMatches: false,
      checks: [],
      reason: 'could not be graded: it is JavaScript code, and the exercise it is graded against is in Python, so it was not run',
      notes: ['⚠ different exercise: handed in for "growing-list" in JavaScript, graded against its Python exercise'],
    })
  })

  test('a Python submission against the JavaScript exercise is refused the same way, without a run', async () => {
    const js = await loadGradeTarget(SCENARIO_DIR, ROOT)
    if (!js.ok) throw new Error(js.errors.join('\n'))
    const text = JSON.stringify(submission(target.hash, 'Erin', FIXED_PY, true, { language: 'python' }))
    const result = await gradeText('erin.json', text, js.target, () => Promise.reject(new Error('a Python submission was run as JavaScript')))
    expect(result).toMatchObject({ result: 'error', reason: 'could not be graded: it is Python code, and the exercise it is graded against is in JavaScript, so it was not run' })
  })
})

describe('leaklab grade and assign with Python', () => {
  test('grade --exercise grades against an exercise file, in its language, and the table says which', async () => {
    const loaded = await loadScenarioFolder(SCENARIO_DIR, ROOT, 'test')
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'))
    const exercise = exerciseFromScenario(loaded.scenario, 'python')
    if (!exercise) throw new Error('scenario 01 has no Python variant')
    const file = exerciseFile(exercise)
    const path = write(dir, file.name, file.text)
    const { code, stdout, stderr } = await cli('grade', files.fixed, files.javascript, '--exercise', path)
    expect(stderr).toBe('')
    expect(code).toBe(1)
    const lines = stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^Grading against growing-list \(A list that only grows\) in Python, exercise hash [0-9a-f]{12}…: 100 steps, 1 min, 3 checks$/)
    expect(lines[3]).toMatch(/bob\.leaklab\.json +Bob +pass +no group of objects grew with the steps$/)
    expect(lines[4]).toMatch(/dave\.leaklab\.json +Dave +error +could not be graded: it is JavaScript code/)
  }, 60_000)

  test('--lang python needs a scenario with a Python variant, and says so', async () => {
    const graded = await cli('grade', files.fixed, '--scenario', NO_VARIANT, '--lang', 'python')
    expect(graded).toMatchObject({ code: 2, stdout: '' })
    expect(graded.stderr).toBe(`leaklab: ${NO_VARIANT}: scenario "accidental-global" has no Python variant (no "pythonVariant" in its manifest.json), so it cannot be graded in Python\n`)
    const assigned = await cli('assign', NO_VARIANT, '--lang', 'python')
    expect(assigned).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/scenario "accidental-global" has no Python variant/) })
  })

  test('assign --lang python prints the Python exercise\'s link, hashed as grade --lang python hashes it', async () => {
    const { code, stdout } = await cli('assign', SCENARIO_DIR, '--lang', 'python')
    expect(code).toBe(0)
    const decoded = decodeAssignmentFragment(new URL(stdout.trim()).hash)
    if (!decoded || !('exercise' in decoded)) throw new Error(`the link does not decode: ${JSON.stringify(decoded)}`)
    expect(decoded.exercise).toMatchObject({ id: 'growing-list', language: 'python', starter: LEAKY_PY })
    expect(stdout).not.toContain(encodeURIComponent('leak_list.clear()  #'))
    expect(await exerciseHash(decoded.exercise)).toBe(target.hash)
  })

  test.each([
    [['grade', 'a.json', '--scenario', 'x', '--lang', 'ruby'], /--lang must be javascript or python, not 'ruby'/],
    [['grade', 'a.json', '--scenario', 'x', '--exercise', 'y.json'], /grade takes --scenario DIR or --exercise FILE, not both/],
    [['grade', 'a.json', '--exercise', 'y.json', '--lang', 'python'], /--lang is for --scenario: an exercise file names its own language/],
    [['run', 'a.py', '--lang', 'python'], /--lang is for grade and assign; run takes the language from the file's name/],
    [['validate', '--lang', 'python'], /--lang is not an option of validate/],
  ])('exits 2 with a one-line reason for %j', async (argv, reason) => {
    const { code, stdout, stderr } = await cli(...argv)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(reason)
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
  })

  test('an exercise file that is not valid is bad usage, with what is wrong', async () => {
    const path = write(dir, 'broken.exercise.json', { id: 'x' })
    const { code, stderr } = await cli('grade', files.fixed, '--exercise', path)
    expect(code).toBe(2)
    expect(stderr).toMatch(new RegExp(`^leaklab: --exercise ${path} is not a valid exercise file:\\n  title: `))
  })
})

test('an exercise file that cannot be read is named as an exercise file, not a submission', async () => {
  const { loadExerciseTarget } = await import('../../src/grade/grade')
  expect(await loadExerciseTarget(ROOT)).toEqual({ ok: false, errors: ['is a directory, not an exercise file'] })
})
