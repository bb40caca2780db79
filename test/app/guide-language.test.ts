/**
 * A lesson or scenario played in Python: the guide's steps are the Python track's (its code, checks,
 * hints and solution), with progress and drafts of their own; one not offered in Python opens in
 * JavaScript and says so. Read from the repository's own content, parsed as the page parses it.
 */
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { GuideSession, guideLanguages, guideSteps, type GuideItem } from '../../src/app/guide/guide-session.svelte'
import { ProgressStore } from '../../src/app/state/progress'
import { findContent } from '../../src/content/node/read-content'
import { parseLesson, parseScenario } from '../../src/content/parse-content'
import type { Lesson } from '../../src/content/lesson-schema'
import type { Scenario } from '../../src/content/scenario-schema'

const root = fileURLToPath(new URL('../..', import.meta.url))

async function read<T>(dir: string, parse: (f: Parameters<typeof parseScenario>[0]) => { ok: true; value: T } | { ok: false }): Promise<T> {
  const found = await findContent([dir], root)
  const parsed = parse(found.folders[0])
  if (!parsed.ok) throw new Error(`${dir} does not parse`)
  return parsed.value
}

const noStore = new ProgressStore(null)

test('a scenario in Python is its Python variant: starter, checks, hints, fix and settings', async () => {
  const scenario = await read<Scenario>('scenarios/01-growing-list', parseScenario)
  const variant = scenario.pythonVariant!
  const item: GuideItem = { kind: 'scenario', scenario, language: 'python' }
  expect(guideLanguages(item)).toEqual(['javascript', 'python'])
  const [step] = guideSteps(item)
  expect(step).toMatchObject({ code: variant.leaky, starter: variant.leaky, checkpoint: variant.check, hints: variant.hints, solution: variant.fixed, run: variant.run })
  expect(step.code).toContain('leak_list')
  const session = new GuideSession(item, noStore)
  expect(session.language).toBe('python')
  // Its own progress and drafts: a learner who solved it in JavaScript has not solved it in Python.
  expect(session.key).toBe('scenario:growing-list.python')
  expect(session.slot()).toBe('scenario-growing-list.python-0')
  expect(new GuideSession({ ...item, language: 'javascript' }, noStore).slot()).toBe('scenario-growing-list-0')
})

test('lesson 1 in Python: every step is the Python track, starters carried from step to step', async () => {
  const lesson = await read<Lesson>('lessons/01-seed-article', parseLesson)
  const item: GuideItem = { kind: 'lesson', lesson, language: 'python' }
  expect(guideLanguages(item)).toEqual(['javascript', 'python'])
  const steps = guideSteps(item)
  expect(steps.length).toBe(lesson.steps.length)
  steps.forEach((step, i) => {
    const py = lesson.steps[i].python!
    expect(step).toMatchObject({ text: py.text, code: py.code, starter: py.starter, solution: py.solution, hints: py.hints, checkpoint: py.checkpoint ?? null })
    expect(step.starter).not.toBe(lesson.steps[i].starter)
  })
  expect(steps.filter((s) => s.checkpoint).length).toBeGreaterThan(0)
})

test('a scenario without a Python variant is offered in JavaScript only', async () => {
  const scenario = await read<Scenario>('scenarios/04-accidental-global', parseScenario)
  expect(scenario.pythonVariant).toBeNull()
  expect(guideLanguages({ kind: 'scenario', scenario, language: 'javascript' })).toEqual(['javascript'])
  expect(() => guideSteps({ kind: 'scenario', scenario, language: 'python' })).toThrow('has no Python version')
})
