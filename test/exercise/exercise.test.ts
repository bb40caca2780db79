import { fileURLToPath } from 'node:url'
import * as v from 'valibot'
import { describe, expect, test } from 'vitest'
import { makeSubmission } from '../../src/app/exercise/hand-in'
import { PYTHON_UNSUPPORTED } from '../../src/content/check-schema'
import type { ChecksOutcome } from '../../src/content/checks'
import { findContent } from '../../src/content/node/read-content'
import { parseScenario } from '../../src/content/parse-content'
import type { Scenario } from '../../src/content/scenario-schema'
import { decodeAssignmentFragment, encodeAssignmentFragment } from '../../src/exercise/assignment-link'
import { exerciseFromScenario, exerciseHash, exerciseLanguage, exerciseSchema, type Exercise } from '../../src/exercise/exercise'
import { exerciseFile, readExercise } from '../../src/exercise/exercise-file'
import { submissionFileName, submissionSchema } from '../../src/exercise/submission'
import { packJson } from '../../src/format/packed-json'

const root = fileURLToPath(new URL('../..', import.meta.url))

async function scenario(folder: string): Promise<Scenario> {
  const { folders } = await findContent([`scenarios/${folder}`], root)
  const parsed = parseScenario(folders[0])
  if (!parsed.ok) throw new Error(`${folder} does not parse`)
  return parsed.value
}

async function growingList(): Promise<Exercise> {
  return exerciseFromScenario(await scenario('01-growing-list'))
}

async function growingListInPython(): Promise<Exercise> {
  const exercise = exerciseFromScenario(await scenario('01-growing-list'), 'python')
  if (!exercise) throw new Error('scenario 01 has no Python variant')
  return exercise
}

/** A JavaScript exercise written out by hand, so its hash does not move when scenario 01 is edited. */
const TINY: Exercise = {
  id: 'tiny',
  title: 'Tiny',
  category: 'caches',
  difficulty: 'beginner',
  summary: 'S',
  run: { steps: 3, timeMs: 1000 },
  check: [{ kind: 'no-suspects', message: 'm' }],
  hints: ['h'],
  starter: 'let a = []',
}
/** TINY's hash before exercises had a language: links and submissions made then must still match. */
const TINY_HASH = '0875510da561412e2a6fd61ef4c85557a55ad210f163c4b0b1c4173c92a52c6b'

describe('exercises', () => {
  test('a scenario makes a valid exercise, without its fix, and its hash is stable and sensitive', async () => {
    const exercise = await growingList()
    expect(v.is(exerciseSchema, exercise)).toBe(true)
    expect(JSON.stringify(exercise)).not.toContain("leakList.length = 0 // JavaScript's list.clear()")
    expect(Object.keys(exercise)).not.toContain('explanation')
    const hash = await exerciseHash(exercise)
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    // Key order does not matter; content does.
    const reordered = Object.fromEntries(Object.entries(exercise).reverse()) as Exercise
    expect(await exerciseHash({ ...reordered, check: exercise.check.map((c) => Object.fromEntries(Object.entries(c).reverse())) as Exercise['check'] })).toBe(hash)
    expect(await exerciseHash({ ...exercise, starter: `${exercise.starter} ` })).not.toBe(hash)
    expect(await exerciseHash({ ...exercise, run: { ...exercise.run, steps: 99 } })).not.toBe(hash)
  })

  test('a JavaScript exercise hashes as it did before there was a language; Python is another exercise', async () => {
    expect(await exerciseHash(TINY)).toBe(TINY_HASH)
    expect(await exerciseHash({ ...TINY, language: 'javascript' })).toBe(TINY_HASH)
    expect(await exerciseHash({ ...TINY, language: 'python' })).not.toBe(TINY_HASH)
    expect(v.is(exerciseSchema, TINY)).toBe(true)
    expect(exerciseLanguage(TINY)).toBe('javascript')
    expect(v.is(exerciseSchema, { ...TINY, language: 'ruby' })).toBe(false)
  })

  test('a scenario\'s Python variant makes a Python exercise: its leaky.py, checks, hints and settings, under the scenario\'s id', async () => {
    const s = await scenario('01-growing-list')
    const python = await growingListInPython()
    expect(v.is(exerciseSchema, python)).toBe(true)
    expect(python).toMatchObject({ id: 'growing-list', title: s.title, language: 'python', starter: s.pythonVariant?.leaky, check: s.pythonVariant?.check, hints: s.pythonVariant?.hints })
    expect(JSON.stringify(python)).not.toContain('leak_list.clear()  # releases')
    expect(await exerciseHash(python)).not.toBe(await exerciseHash(exerciseFromScenario(s)))
    expect(exerciseFromScenario(await scenario('04-accidental-global'), 'python')).toBeNull()
    // The Python exercise links and files round-trip like the JavaScript one.
    expect(decodeAssignmentFragment(encodeAssignmentFragment(python))).toEqual({ exercise: python })
    expect(readExercise(exerciseFile(python).text)).toEqual({ ok: true, exercise: python })
  })

  test('a Python exercise may not hold a behaviour or gc-collected check, refused with the schema\'s reasons', async () => {
    const python = await growingListInPython()
    const refused = (check: Exercise['check']) => {
      const parsed = v.safeParse(exerciseSchema, { ...python, check })
      return parsed.success ? [] : parsed.issues.map((i) => [v.getDotPath(i), i.message])
    }
    expect(refused([{ kind: 'no-suspects' }, { kind: 'behaviour', verify: 'if (!ok) throw new Error()' }])).toEqual([['check.1', PYTHON_UNSUPPORTED.behaviour]])
    expect(refused([{ kind: 'gc-collected', atLeast: 1 }])).toEqual([['check.0', PYTHON_UNSUPPORTED['gc-collected']]])
    expect(v.is(exerciseSchema, { ...python, language: undefined, check: [{ kind: 'gc-collected', atLeast: 1 }] })).toBe(true)
  })

  test('an exercise file says what is wrong with it', async () => {
    const exercise = await growingList()
    expect(exerciseFile(exercise).name).toBe('growing-list.exercise.json')
    expect(readExercise(`\uFEFF${exerciseFile(exercise).text}`)).toEqual({ ok: true, exercise })
    expect(readExercise('{')).toEqual({ ok: false, errors: [expect.stringMatching(/^is not valid JSON: /)] })
    expect(readExercise(JSON.stringify({ ...exercise, hints: [] }))).toEqual({ ok: false, errors: ['hints: at least one hint is needed'] })
  })

  test('an assignment link carries the exercise whole, and a damaged or changed one says so', async () => {
    const exercise = await growingList()
    const fragment = encodeAssignmentFragment(exercise)
    expect(fragment).toMatch(/^assignment=/)
    const decoded = decodeAssignmentFragment(`#${fragment}`)
    expect(decoded).toEqual({ exercise })
    expect(await exerciseHash((decoded as { exercise: Exercise }).exercise)).toBe(await exerciseHash(exercise))

    expect(decodeAssignmentFragment('#playground')).toBeNull()
    expect(decodeAssignmentFragment(`#${fragment.slice(0, -20)}`)).toEqual({ error: expect.stringMatching(/damaged or incomplete/) })
    expect(decodeAssignmentFragment('#assignment=')).toEqual({ error: expect.stringMatching(/damaged or incomplete/) })
    const changed = `assignment=${packJson({ v: 1, exercise: { ...exercise, check: [{ kind: 'rm -rf' }] } })}`
    expect(decodeAssignmentFragment(changed)).toEqual({ error: expect.stringMatching(/changed or damaged \(its "exercise\.check\.0\.kind" is not valid/) })
    const extra = `assignment=${packJson({ v: 1, exercise: { ...exercise, fixed: 'x' } })}`
    expect(decodeAssignmentFragment(extra)).toEqual({ error: expect.stringMatching(/changed or damaged/) })
    expect(decodeAssignmentFragment(`assignment=${packJson({ v: 9, exercise })}`)).toEqual({ error: expect.stringMatching(/different version of LeakLab \(format 9\)/) })
    expect(decodeAssignmentFragment(`assignment=${packJson({ v: 1, exercise: { ...exercise, starter: 'x'.repeat(700_000) } })}`)).toEqual({ error: expect.stringMatching(/more than an exercise can be/) })
  })
})

describe('submissions', () => {
  const valid = {
    format: 'leaklab-submission',
    version: 1,
    exercise: { id: 'growing-list', title: 'A list that only grows', hash: 'a'.repeat(64) },
    learner: '  Ada Lovelace ',
    code: 'const x = 1',
    settings: { steps: 100, timeMs: 60000 },
    result: { pass: true, checks: [{ kind: 'no-suspects', pass: true, measured: 'no group of objects grew with the steps' }] },
    handedInAt: new Date(Date.UTC(2026, 10, 24, 14, 5, 9, 120)).toISOString(),
  }

  test('a Python hand-in names its language; a JavaScript one is as it was, with no language field', async () => {
    const outcome: ChecksOutcome = { pass: false, unsure: null, outcomes: [] }
    const at = new Date(Date.UTC(2026, 10, 24, 14, 5, 9, 120))
    const js = makeSubmission(await growingList(), 'a'.repeat(64), ' Ada ', 'x = 1', { steps: 100, timeMs: 60000 }, outcome, at)
    expect(JSON.stringify(js)).toBe(JSON.stringify({ ...valid, learner: 'Ada', code: 'x = 1', result: { pass: false, checks: [] } }))
    const py = makeSubmission(await growingListInPython(), 'a'.repeat(64), 'Ada', 'x = 1', { steps: 100, timeMs: 60000 }, outcome, at)
    expect(py.language).toBe('python')
    expect(v.is(submissionSchema, py)).toBe(true)
    expect(v.is(submissionSchema, { ...valid, language: 'ruby' })).toBe(false)
  })

  test('a submission is checked field by field, and its file name is safe', () => {
    const parsed = v.safeParse(submissionSchema, valid)
    expect(parsed.success && parsed.output.learner).toBe('Ada Lovelace')
    for (const broken of [{ ...valid, learner: '   ' }, { ...valid, handedInAt: 'yesterday' }, { ...valid, exercise: { ...valid.exercise, hash: 'abc' } }, { ...valid, format: 'other' }, { ...valid, extra: 1 }]) {
      expect(v.is(submissionSchema, broken)).toBe(false)
    }
    expect(submissionFileName({ exercise: valid.exercise, learner: 'Zoë O\'Brien / class 3' })).toBe('growing-list--zoe-o-brien-class-3.leaklab.json')
    expect(submissionFileName({ exercise: valid.exercise, learner: '../../etc' })).toBe('growing-list--etc.leaklab.json')
  })
})
