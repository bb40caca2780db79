import { readFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { buildExercise, EMPTY_DRAFT, readDraft, suggestCulprit, type AuthorDraft } from '../../src/app/exercise/author-draft'
import { scenarioFolder, zipFolder } from '../../src/app/exercise/scenario-folder'
import { PYTHON_UNSUPPORTED, verifierOf } from '../../src/content/check-schema'
import { evaluateChecks } from '../../src/content/checks'
import { runContentInNode } from '../../src/content/node/run-content'
import { parseScenario } from '../../src/content/parse-content'
import { proveScenario } from '../../src/content/prove'
import { exerciseFromScenario, exerciseHash, slugify } from '../../src/exercise/exercise'
import { exerciseFile, readExercise } from '../../src/exercise/exercise-file'

const file = (name: string) => readFileSync(new URL(`../../scenarios/01-growing-list/${name}`, import.meta.url), 'utf8')
const run = { steps: 100, timeMs: 60000 }

const draft: AuthorDraft = {
  ...EMPTY_DRAFT,
  title: 'A list that keeps everything',
  summary: 'Each step adds **100** objects to a list. Make the list stop growing.',
  check: '[{ "kind": "no-suspects" }, { "kind": "live", "group": "DataHolder", "atMost": 100 }]',
  hints: 'Which list grows?\n\n  Empty it after each step: leakList.length = 0  \n',
  fix: file('fixed.js'),
  explanation: 'The list kept every object.',
  culprit: 'leakList',
}

describe('the author form', () => {
  test('a draft becomes an exercise; what is wrong is said by field', () => {
    const built = buildExercise(draft, file('leaky.js'), run)
    expect(built.ok).toBe(true)
    if (!built.ok) return
    expect(built.exercise).toMatchObject({ id: 'a-list-that-keeps-everything', hints: ['Which list grows?', 'Empty it after each step: leakList.length = 0'], starter: file('leaky.js') })
    expect(JSON.stringify(built.exercise)).not.toContain('The list kept every object')

    const broken = buildExercise({ ...draft, title: ' ', check: '[{ "kind": "no-suspect" }]', hints: '', fix: '' }, '', run)
    expect(broken.ok).toBe(false)
    expect(!broken.ok && broken.problems).toEqual([
      expect.stringMatching(/^Check \(0\.kind\): /),
      'Leaky code (the editor): write the program that leaks.',
      'Reference fix: write the fixed program; it stays out of the link.',
      expect.stringMatching(/^Title: /),
      'Hints: write at least one, one per line',
    ])
    const badJson = buildExercise({ ...draft, check: '[{ kind: no }]' }, 'x', run)
    expect(!badJson.ok && badJson.problems[0]).toMatch(/^Check: not valid JSON/)
  })

  test('titles make ids; damaged drafts start fresh; culprits come from the top path', () => {
    expect(slugify('  Zoë’s Cache: LRU!  ')).toBe('zoe-s-cache-lru')
    expect(slugify('!!!')).toBe('exercise')
    expect(readDraft('{"title": 3, "hints": "a"')).toEqual(EMPTY_DRAFT)
    expect(readDraft('{"title": "T", "fix": 4}')).toEqual({ ...EMPTY_DRAFT, title: 'T' })
    expect(suggestCulprit('leakList[0]')).toBe('leakList')
    expect(suggestCulprit('globalThis.cache.get("a")')).toBe('globalThis.cache')
    expect(suggestCulprit('globalThis.<event listeners>[0].listener')).toBe('globalThis.<event listeners>')
    expect(suggestCulprit('setInterval#2 → (closure refresh).rows[0]')).toBe('setInterval#2')
    expect(suggestCulprit(undefined)).toBe('')
  })

  test('the downloaded folder is a scenario folder that validates, proves, and hashes like the link', async () => {
    const built = buildExercise(draft, file('leaky.js'), run)
    if (!built.ok) throw new Error(built.problems.join('\n'))
    const folder = scenarioFolder(built.exercise, draft)
    const unzipped = unzipSync(zipFolder(folder))
    expect(Object.keys(unzipped).sort()).toEqual(['explanation.md', 'fixed.js', 'leaky.js', 'manifest.json'].map((f) => `01-a-list-that-keeps-everything/${f}`))
    const files = Object.fromEntries(Object.entries(unzipped).map(([path, bytes]) => [path.split('/')[1], strFromU8(bytes)]))
    const parsed = parseScenario({ path: folder.name, files })
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    expect(await proveScenario(parsed.value, 'scenarios', runContentInNode)).toEqual([])
    expect(await exerciseHash(exerciseFromScenario(parsed.value))).toBe(await exerciseHash(built.exercise))
  })

  test("the Verifier box becomes the behaviour check, in the link and as the folder's verify.js, and judges a broken fix", async () => {
    const verify = "if (total !== 49995000) throw new Error(`the steps added up ${total}`)\nreturn 'the steps added up right'"
    const built = buildExercise({ ...draft, verify }, file('leaky.js'), run)
    if (!built.ok) throw new Error(built.problems.join('\n'))
    expect(built.exercise.check.at(-1)).toEqual({ kind: 'behaviour', verify })
    const twice = buildExercise({ ...draft, verify, check: '[{ "kind": "behaviour", "verify": "x()" }]' }, file('leaky.js'), run)
    expect(!twice.ok && twice.problems).toEqual(['Check: it has a "behaviour" check, and the Verifier box has one too: keep the verifier in its box.'])

    const folder = scenarioFolder(built.exercise, { ...draft, fix: file('fixed.js') })
    expect(folder.files['verify.js']).toBe(`${verify}\n`)
    expect(JSON.parse(folder.files['manifest.json']).check.at(-1)).toEqual({ kind: 'behaviour', verify: 'verify.js' })
    const parsed = parseScenario({ path: folder.name, files: folder.files })
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    expect(await proveScenario(parsed.value, 'scenarios', runContentInNode)).toEqual([])
    // The folder's verifier is the link's: the same exercise, the same hash.
    expect(await exerciseHash(exerciseFromScenario(parsed.value))).toBe(await exerciseHash(built.exercise))
    const broken = file('wrong-clear-too-early.js')
    const view = await runContentInNode(broken, run, verifierOf(built.exercise.check))
    expect(view.behaviour).toMatchObject({ pass: false, says: 'the steps added up 0' })
  })
})

describe('the author form in Python', () => {
  const python: AuthorDraft = {
    ...draft,
    check: '[{ "kind": "no-suspects" }, { "kind": "live", "group": "DataHolder", "atMost": 100 }, { "kind": "console", "includes": "the steps added up 49,995,000" }]',
    hints: 'Which list grows?\nEmpty it after each step: leak_list.clear()',
    fix: file('fixed.py'),
    culprit: 'leak_list',
  }

  test('the editor\'s Python makes a Python exercise, whose checks judge leaky.py and fixed.py as Try it does', async () => {
    const built = buildExercise(python, file('leaky.py'), run, 'python')
    if (!built.ok) throw new Error(built.problems.join('\n'))
    expect(built.exercise).toMatchObject({ id: 'a-list-that-keeps-everything', language: 'python', starter: file('leaky.py'), hints: ['Which list grows?', 'Empty it after each step: leak_list.clear()'] })
    expect(JSON.stringify(built.exercise)).not.toContain('releases the references')
    // The same draft in JavaScript is another exercise.
    const javascript = buildExercise(python, file('leaky.py'), run)
    if (!javascript.ok) throw new Error(javascript.problems.join('\n'))
    expect('language' in javascript.exercise).toBe(false)
    expect(await exerciseHash(javascript.exercise)).not.toBe(await exerciseHash(built.exercise))
    const leaky = await runContentInNode(file('leaky.py'), run, null, 'python')
    const fixed = await runContentInNode(file('fixed.py'), run, null, 'python')
    expect(evaluateChecks(built.exercise.check, leaky).pass).toBe(false)
    expect(evaluateChecks(built.exercise.check, fixed).pass).toBe(true)
  }, 60_000)

  test('a gc-collected or behaviour check is refused for Python with the reason; the Verifier box is left out', () => {
    const gc = buildExercise({ ...python, check: '[{ "kind": "no-suspects" }, { "kind": "gc-collected", "atLeast": 1 }]' }, file('leaky.py'), run, 'python')
    expect(!gc.ok && gc.problems).toEqual([`Check (1): ${PYTHON_UNSUPPORTED['gc-collected']}`])
    const behaviour = buildExercise({ ...python, check: '[{ "kind": "behaviour", "verify": "x()" }]' }, file('leaky.py'), run, 'python')
    expect(!behaviour.ok && behaviour.problems).toEqual([`Check (0): ${PYTHON_UNSUPPORTED.behaviour}`])
    // A verifier typed while the editor was in JavaScript does not follow the exercise into Python.
    const verified = buildExercise({ ...python, verify: 'if (total !== 1) throw new Error()' }, file('leaky.py'), run, 'python')
    expect(verified.ok && verified.exercise.check.map((c) => c.kind)).toEqual(['no-suspects', 'live', 'console'])
  })

  test('a Python exercise leaves as a link or an exercise file, never as a scenario folder', () => {
    const built = buildExercise(python, file('leaky.py'), run, 'python')
    if (!built.ok) throw new Error(built.problems.join('\n'))
    const saved = exerciseFile(built.exercise)
    expect(saved.name).toBe('a-list-that-keeps-everything.exercise.json')
    expect(readExercise(saved.text)).toEqual({ ok: true, exercise: built.exercise })
    expect(() => scenarioFolder(built.exercise, python)).toThrow(/JavaScript exercise only/)
  })
})
