import { readFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { buildExercise, EMPTY_DRAFT, readDraft, suggestCulprit, type AuthorDraft } from '../../src/app/exercise/author-draft'
import { scenarioFolder, zipFolder } from '../../src/app/exercise/scenario-folder'
import { verifierOf } from '../../src/content/check-schema'
import { runContentInNode } from '../../src/content/node/run-content'
import { parseScenario } from '../../src/content/parse-content'
import { proveScenario } from '../../src/content/prove'
import { exerciseFromScenario, exerciseHash, slugify } from '../../src/exercise/exercise'

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
