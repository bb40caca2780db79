/**
 * Every scenario and lesson in the repository proves itself: one test per folder, generated from what
 * is on disk. A scenario's leaky.js fails its check with the culprit on the top suspect's path and its
 * fixed.js passes; a lesson step's starter fails its checkpoint and its solution passes. Python
 * variants (a scenario's pythonVariant, a lesson's python steps) get a test of their own per folder,
 * run by CPython, which takes seconds a program.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { formatContentError } from '../../src/content/content-error'
import { findContent } from '../../src/content/node/read-content'
import { runContentInNode } from '../../src/content/node/run-content'
import { duplicateIds, parseLesson, parseScenario } from '../../src/content/parse-content'
import { proveLesson, proveScenario } from '../../src/content/prove'
import { CATEGORIES } from '../../src/content/scenario-schema'

const root = fileURLToPath(new URL('../..', import.meta.url))
const folders = (library: string) =>
  readdirSync(new URL(`../../${library}/`, import.meta.url), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()

const scenarioFolders = folders('scenarios')
const lessonFolders = folders('lessons')
/** The folders whose manifest offers Python, read as plain JSON (the tests parse them properly). */
const manifestOf = (library: string, name: string) => JSON.parse(readFileSync(new URL(`../../${library}/${name}/manifest.json`, import.meta.url), 'utf8'))
const pythonScenarios = scenarioFolders.filter((name) => manifestOf('scenarios', name).pythonVariant !== undefined)
const pythonLessons = lessonFolders.filter((name) => (manifestOf('lessons', name).steps ?? []).some((step: { python?: unknown }) => step.python !== undefined))
/** A Python program's run takes 5 to 15 s here (a worker, CPython's start, its heap walks). */
const PYTHON_TIMEOUT = 240_000

const errorsText = (errors: { file: string; field?: string; message: string }[]) => errors.map(formatContentError).join('\n')

describe('scenarios', () => {
  test.each(scenarioFolders)('%s: valid, leaky.js leaks and fixed.js is fixed', async (name) => {
    const { folders: [folder] } = await findContent([`scenarios/${name}`], root)
    const parsed = parseScenario(folder)
    if (!parsed.ok) expect.fail(errorsText(parsed.errors))
    const errors = await proveScenario(parsed.value, 'scenarios', runContentInNode, { languages: ['javascript'] })
    expect(errorsText(errors)).toBe('')
  })

  test.each(pythonScenarios)('%s in Python: leaky.py leaks and fixed.py is fixed, run by CPython', async (name) => {
    const { folders: [folder] } = await findContent([`scenarios/${name}`], root)
    const parsed = parseScenario(folder)
    if (!parsed.ok) expect.fail(errorsText(parsed.errors))
    expect(parsed.value.pythonVariant).not.toBeNull()
    const errors = await proveScenario(parsed.value, 'scenarios', runContentInNode, { languages: ['python'] })
    expect(errorsText(errors)).toBe('')
  }, PYTHON_TIMEOUT)

  test('the seed article\'s scenarios, and only they, can be played in Python', async () => {
    const { folders: found } = await findContent(['scenarios'], root)
    const parsed = found.map(parseScenario).flatMap((p) => (p.ok ? [p.value] : []))
    // Each Python original has its runnable variant: the scenario teaches the article's leak in its own language too.
    expect(parsed.filter((s) => s.pythonSource !== null && s.pythonVariant === null).map((s) => s.folder)).toEqual([])
    expect(parsed.filter((s) => s.pythonVariant !== null).map((s) => s.folder)).toEqual(pythonScenarios)
  })

  test('every scenario judges the program too, and keeps its attempts: a wrong fix of each kind and a correct alternative', async () => {
    const { folders: found } = await findContent(['scenarios'], root)
    const missing = found.map(parseScenario).flatMap((p) => (p.ok ? [p.value] : [])).flatMap((s) => {
      const lacks = [
        ...(s.check.some((c) => c.kind === 'behaviour') ? [] : ['a behaviour check']),
        ...(['moves-leak', 'breaks-program', 'correct'] as const).filter((kind) => !s.attempts.some((a) => a.kind === kind)).map((kind) => `a "${kind}" attempt`),
        // Outcome, not technique: a scenario asks for what its fix achieves, never how (scenarios/README.md).
        ...(s.check.some((c) => c.kind === 'gc-collected') ? ['no gc-collected check (it asks for a technique)'] : []),
      ]
      return lacks.length > 0 ? [`${s.folder}: needs ${lacks.join(', ')}`] : []
    })
    expect(missing).toEqual([])
  })

  test('ids are unique across the library, and every category has a scenario', async () => {
    const { folders: found } = await findContent(['scenarios'], root)
    const parsed = found.map(parseScenario).flatMap((p) => (p.ok ? [p.value] : []))
    expect(parsed).toHaveLength(scenarioFolders.length)
    expect(errorsText(duplicateIds(parsed, 'scenarios'))).toBe('')
    expect(new Set(parsed.map((s) => s.category))).toEqual(new Set(Object.keys(CATEGORIES)))
  })
})

describe.runIf(lessonFolders.length > 0)('lessons', () => {
  test.each(lessonFolders)('%s: valid, each starter fails its checkpoint and each solution passes', async (name) => {
    const { folders: [folder] } = await findContent([`lessons/${name}`], root)
    const parsed = parseLesson(folder)
    if (!parsed.ok) expect.fail(errorsText(parsed.errors))
    const errors = await proveLesson(parsed.value, 'lessons', runContentInNode, { languages: ['javascript'] })
    expect(errorsText(errors)).toBe('')
  })

  test.each(pythonLessons)('%s in Python: each starter fails its checkpoint and each solution passes, run by CPython', async (name) => {
    const { folders: [folder] } = await findContent([`lessons/${name}`], root)
    const parsed = parseLesson(folder)
    if (!parsed.ok) expect.fail(errorsText(parsed.errors))
    expect(parsed.value.languages).toEqual(['javascript', 'python'])
    const errors = await proveLesson(parsed.value, 'lessons', runContentInNode, { languages: ['python'] })
    expect(errorsText(errors)).toBe('')
  }, PYTHON_TIMEOUT)
})
