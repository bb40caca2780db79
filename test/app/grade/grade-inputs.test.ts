/** What the grading page reads: hand-in files and zips, and the exercise chosen three ways. */
import { strToU8, zipSync } from 'fflate'
import * as v from 'valibot'
import { describe, expect, test } from 'vitest'
import { exerciseFromFile, exerciseFromLink, scenarioNamedBy } from '../../../src/app/grade/exercise-choice'
import { checkHeading, sortRows, type GradeRow } from '../../../src/app/grade/grade-columns'
import { poolSize, runInPage } from '../../../src/app/grade/page-pool'
import { MAX_HAND_INS, readHandIns } from '../../../src/app/grade/read-hand-ins'
import { readZip } from '../../../src/app/grade/zip-entries'
import { scenarioFolder, zipFolder } from '../../../src/app/exercise/scenario-folder'
import { loadLibrary } from '../../../src/app/content/library'
import { checkSchema, type Check } from '../../../src/content/check-schema'
import { encodeAssignmentFragment } from '../../../src/exercise/assignment-link'
import { exerciseFromScenario } from '../../../src/exercise/exercise'
import { exerciseFile } from '../../../src/exercise/exercise-file'
import { MAX_SUBMISSION_BYTES } from '../../../src/exercise/submission'
import type { GradeJob, GradeResult } from '../../../src/grade/grade-submission'
import { RunCancelledError, type EngineClient } from '../../../src/worker/engine-client'
import { submission } from '../../grade/fixtures'

const file = (name: string, content: Uint8Array | string) => {
  const bytes = typeof content === 'string' ? strToU8(content) : content
  return { name, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer }
}
const json = (value: unknown) => JSON.stringify(value)
const growingList = () => loadLibrary().scenarios.find((s) => s.id === 'growing-list')!

describe('hand-in files', () => {
  test('a file is one hand-in; a zip is each JSON file in it, in path order, without the system litter', async () => {
    const zip = zipSync({
      'class/bob.leaklab.json': strToU8('{"b":1}'),
      'class/ada.leaklab.json': strToU8('{"a":1}'),
      'class/notes.txt': strToU8('hello'),
      '__MACOSX/class/._ada.leaklab.json': strToU8('junk'),
      'class/.DS_Store': strToU8('junk'),
    })
    const read = await readHandIns([file('carol.leaklab.json', '{"c":1}'), file('hand-ins.zip', zip)])
    expect(read.handIns).toEqual([
      { file: 'carol.leaklab.json', text: '{"c":1}' },
      { file: 'hand-ins.zip/class/ada.leaklab.json', text: '{"a":1}' },
      { file: 'hand-ins.zip/class/bob.leaklab.json', text: '{"b":1}' },
    ])
    expect(read.notes).toEqual(['1 file in “hand-ins.zip” is not JSON and was left out: “class/notes.txt”.'])
  })

  test('a file too large, or not UTF-8, is a row saying so; a zip that is no zip is a note', async () => {
    const read = await readHandIns([
      file('big.leaklab.json', new Uint8Array(MAX_SUBMISSION_BYTES + 1)),
      file('latin1.leaklab.json', new Uint8Array([0x7b, 0xe9, 0x7d])),
      file('broken.zip', 'not a zip at all'),
    ])
    expect(read.handIns).toEqual([
      { file: 'big.leaklab.json', unreadable: expect.stringMatching(/^is too large \(1,000,001 bytes; a submission is at most 1,000,000\)/) },
      { file: 'latin1.leaklab.json', unreadable: 'is not UTF-8 text' },
    ])
    expect(read.notes).toEqual([expect.stringMatching(/^“broken\.zip” is not a zip file that can be read/)])
  })

  test('a zip entry that unpacks larger than it declares is cut at its declared size, never grown (a zip bomb)', () => {
    const big = strToU8(`{"x":"${'a'.repeat(200_000)}"}`)
    const zip = zipSync({ 'bomb.json': big })
    // The central directory's uncompressed size (offset 24 of its record) says 10 bytes.
    const central = zip.findLastIndex((_, i) => zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 0x01 && zip[i + 3] === 0x02)
    new DataView(zip.buffer).setUint32(central + 24, 10, true)
    const read = readZip(zip, { entries: 10, entryBytes: 1000, totalBytes: 1000 }, () => true)
    if (!read.ok) throw new Error(read.reason)
    expect(read.entries[0].bytes.length).toBeLessThanOrEqual(10)
  })

  test('a zip of more files than a grading takes is refused as a whole', () => {
    const entries: Record<string, Uint8Array> = {}
    for (let i = 0; i < 12; i++) entries[`${i}.json`] = strToU8('{}')
    const read = readZip(zipSync(entries), { entries: 10, entryBytes: 1000, totalBytes: 1000 }, () => true)
    expect(read).toEqual({ ok: false, reason: 'holds more than 10 files, so it was not read' })
    expect(MAX_HAND_INS).toBeGreaterThanOrEqual(1000)
  })
})

describe('the exercise', () => {
  const exercise = exerciseFromScenario(growingList())

  test('from an assignment link: the whole address or its fragment', () => {
    const fragment = encodeAssignmentFragment(exercise)
    expect(exerciseFromLink(`https://school.example/leaklab/#${fragment}`)).toEqual({ ok: true, exercise, scenario: null })
    expect(exerciseFromLink(fragment)).toEqual({ ok: true, exercise, scenario: null })
  })

  test('a pasted text that is no assignment link, or a damaged one, says so', () => {
    expect(exerciseFromLink('https://example.com/#scenario=growing-list')).toEqual({ ok: false, errors: [expect.stringMatching(/^This is not an assignment link/)] })
    const damaged = exerciseFromLink(`#${encodeAssignmentFragment(exercise).slice(0, 60)}`)
    expect(damaged).toEqual({ ok: false, errors: [expect.stringMatching(/damaged or incomplete/)] })
    expect(JSON.stringify(damaged)).not.toMatch(/Ask your teacher/)
  })

  test('from the author form: its scenario folder .zip, or its exercise file', async () => {
    const folder = scenarioFolder(exercise, { fix: 'const fixed = 1', explanation: 'Why.', culprit: 'list' })
    const fromZip = await exerciseFromFile(file('01-growing-list.zip', zipFolder(folder)))
    expect(fromZip.ok && fromZip.exercise).toEqual(exercise)
    const exported = exerciseFile(exercise)
    const fromFile = await exerciseFromFile(file(exported.name, exported.text))
    expect(fromFile).toEqual({ ok: true, exercise, scenario: null })
  })

  test('a folder zip without a manifest, or with a broken one, names the problem', async () => {
    const none = await exerciseFromFile(file('empty.zip', zipSync({ 'x/leaky.js': strToU8('1') })))
    expect(none).toEqual({ ok: false, errors: [expect.stringMatching(/holds no manifest\.json/)] })
    const broken = await exerciseFromFile(file('b.zip', zipSync({ '01-x/manifest.json': strToU8('{') })))
    expect(broken).toEqual({ ok: false, errors: [expect.stringMatching(/^“b\.zip”: 01-x\/manifest\.json: is not valid JSON/)] })
    const text = await exerciseFromFile(file('x.json', '{"id": 1}'))
    expect(text.ok).toBe(false)
  })

  test('the scenario most hand-ins name, in their language', () => {
    const scenarios = loadLibrary().scenarios
    const h = (id: string, language?: 'python') => ({ file: `${id}.json`, text: json(submission('0'.repeat(64), 'A', 'x', true, { exercise: { id, title: 't', hash: '0'.repeat(64) }, ...(language ? { language } : {}) })) })
    const named = scenarioNamedBy([h('growing-list', 'python'), h('growing-list', 'python'), h('growing-list'), h('no-such-scenario'), { file: 'x', unreadable: 'no' }], scenarios)
    expect(named).toMatchObject({ scenario: { id: 'growing-list' }, language: 'python', handIns: 2, others: 3 })
    expect(scenarioNamedBy([h('no-such-scenario')], scenarios)).toBeNull()
  })
})

describe('the table', () => {
  test('every kind of check has a heading', () => {
    const checks: Check[] = [
      { kind: 'ok' }, { kind: 'no-suspects' }, { kind: 'suspect', group: 'A' }, { kind: 'growth', group: 'A', below: 0.5 },
      { kind: 'objects-growth', below: 1 }, { kind: 'live', group: 'A', atMost: 3 }, { kind: 'live', group: 'A', atLeast: 1, atMost: 3 },
      { kind: 'gc-collected', atLeast: 2 }, { kind: 'native-bytes', atMost: 2048 }, { kind: 'pending-timers', atMost: 0 },
      { kind: 'behaviour', verify: 'x' }, { kind: 'console', includes: 'done' },
    ]
    // Each is a check an exercise may have.
    for (const check of checks) v.parse(checkSchema, check)
    expect(checks.map(checkHeading)).toEqual([
      'Runs without error', 'No group grows', 'A grows', 'A grows under 0.5 a step', 'Objects grow under 1 a step', 'at most 3 A alive',
      '1 to 3 A alive', 'gc.collect() finds at least 2', 'Native memory at most 2.0 KiB', 'At most 0 timers left', 'Still does its job', 'Console prints “done”',
    ])
  })

  test('rows sort by result (failures first), by learner, by a check; ungraded rows last; ties keep their order', () => {
    const row = (index: number, learner: string, result: GradeResult['result'] | null, pass = true): GradeRow => ({
      index, file: `${index}.json`, learner, state: result ? 'graded' : 'waiting', ran: true,
      result: result ? ({ result, reason: null, notes: [], checks: [{ kind: 'ok', pass, measured: '', explains: null }] } as unknown as GradeResult) : null,
    })
    const rows = [row(0, 'zoe', 'pass'), row(1, 'Ada', 'fail', false), row(2, 'bob', null), row(3, 'ann', 'error', false), row(4, 'cy', 'pass')]
    expect(sortRows(rows, { key: 'result', ascending: true }).map((r) => r.index)).toEqual([3, 1, 0, 4, 2])
    expect(sortRows(rows, { key: 'learner', ascending: true }).map((r) => r.learner)).toEqual(['Ada', 'ann', 'bob', 'cy', 'zoe'])
    expect(sortRows(rows, { key: 'check:0', ascending: false }).map((r) => r.index)).toEqual([2, 0, 4, 1, 3])
  })
})

describe('the page pool', () => {
  const job: GradeJob = { code: 'x', language: 'javascript', settings: { steps: 1, timeMs: 1000 }, checks: [{ kind: 'ok' }] }

  test('one lane per core but one, at least one, no more than the jobs', () => {
    expect(poolSize(8, 100)).toBe(7)
    expect(poolSize(2, 100)).toBe(1)
    expect(poolSize(1, 100)).toBe(1)
    expect(poolSize(undefined, 100)).toBe(1)
    expect(poolSize(16, 3)).toBe(3)
  })

  test('Stop leaves the unrun jobs unanswered, and every client made is disposed', async () => {
    const made: { disposed: boolean; stop(): void }[] = []
    let pending: ((error: Error) => void) | null = null
    const client = () => {
      const c = {
        disposed: false,
        run: () => new Promise((_, reject) => (pending = reject)),
        stop: () => pending?.(new RunCancelledError('stopped')),
        dispose: () => (c.disposed = true),
      }
      made.push(c)
      return c as unknown as EngineClient
    }
    const run = runInPage([job, job, job], { size: 1, clientFor: client })
    await new Promise((r) => setTimeout(r, 10))
    run.stop()
    expect(await run.answers).toEqual([undefined, undefined, undefined])
    expect(made.map((c) => c.disposed)).toEqual([true])
  })

  test('an engine that fails is that job\'s answer; the others still run', async () => {
    let calls = 0
    const client = { run: async () => { if (calls++ === 0) throw new Error('the worker died'); throw new Error('again') }, stop() {}, dispose() {} } as unknown as EngineClient
    const answers = await runInPage([job, job], { size: 1, clientFor: () => client }).answers
    expect(answers).toEqual([{ kind: 'crashed', message: 'the engine failed: the worker died' }, { kind: 'crashed', message: 'the engine failed: again' }])
  })
})
