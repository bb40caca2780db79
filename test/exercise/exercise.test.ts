import { fileURLToPath } from 'node:url'
import * as v from 'valibot'
import { describe, expect, test } from 'vitest'
import { findContent } from '../../src/content/node/read-content'
import { parseScenario } from '../../src/content/parse-content'
import { decodeAssignmentFragment, encodeAssignmentFragment } from '../../src/exercise/assignment-link'
import { exerciseFromScenario, exerciseHash, exerciseSchema, type Exercise } from '../../src/exercise/exercise'
import { submissionFileName, submissionSchema } from '../../src/exercise/submission'
import { packJson } from '../../src/format/packed-json'

const root = fileURLToPath(new URL('../..', import.meta.url))

async function growingList(): Promise<Exercise> {
  const { folders } = await findContent(['scenarios/01-growing-list'], root)
  const parsed = parseScenario(folders[0])
  if (!parsed.ok) throw new Error('scenario 01 does not parse')
  return exerciseFromScenario(parsed.value)
}

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
