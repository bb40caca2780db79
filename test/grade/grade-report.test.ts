import { describe, expect, test } from 'vitest'
import { csvField, formatGradeCsv, formatGradeTable, summaryLine, summarize, terminalSafe } from '../../src/grade/grade-report'
import { gradeText, judge, notGraded, readSubmission, type GradeJob, type GradeTarget, type RunAnswer } from '../../src/grade/grade-submission'
import { submission } from './fixtures'

const target: GradeTarget = {
  id: 'growing-list',
  title: 'A list that only grows',
  language: 'javascript',
  hash: 'c'.repeat(64),
  settings: { steps: 100, timeMs: 60_000 },
  checks: [{ kind: 'no-suspects', message: 'Something still grows with every step.' }],
}
const ran = (pass: boolean, extra: Partial<Extract<RunAnswer, { kind: 'ran' }>> = {}): RunAnswer => ({
  kind: 'ran',
  pass,
  unsure: null,
  error: null,
  checks: [
    { kind: 'no-suspects', pass, measured: pass ? 'no group of objects grew with the steps' : '1 group still grew with the steps', explains: pass ? null : 'Something still grows with every step.' },
    { kind: 'live', pass: true, measured: '0 DataHolder objects alive', explains: null },
  ],
  ...extra,
})

describe('judging a submission', () => {
  test('the figure and reason come from the run, never from what the submission claims', () => {
    const liar = judge('carol.json', submission(target.hash, 'Carol', 'x', true), target, ran(false))
    expect(liar).toMatchObject({ result: 'fail', claimedPass: true, figure: '1 group still grew with the steps', reason: 'Something still grows with every step.', hashMatches: true, settingsMatch: true })
    expect(liar.notes).toEqual(['claimed pass'])
    const honest = judge('ada.json', submission(target.hash, 'Ada', 'x', true), target, ran(true))
    expect(honest).toMatchObject({ result: 'pass', figure: 'no group of objects grew with the steps', reason: null, notes: [] })
  })

  test('a run whose heap the walk could not account for is unsure, never a pass, and says why', () => {
    const why = 'LeakLab is not sure of this heap: 3 of the engine\'s 120 live objects were reached from no root, yet are not garbage.'
    const unsure = judge('h.json', submission(target.hash, 'H', 'x', true), target, ran(false, { unsure: why }))
    expect(unsure).toMatchObject({ result: 'unsure', reason: why })
    const summary = summarize([unsure])
    expect(summary).toMatchObject({ graded: 1, passed: 0, failed: 0, unsure: 1 })
    expect(summaryLine(summary)).toBe('1 graded: 0 passed, 0 failed, 1 unsure')
  })

  test('a run that failed says so instead of the author\'s words, and a crash is "could not be graded" with what was read', () => {
    const timeout = ran(false, { error: { kind: 'timeout', message: 'too long' } })
    expect(judge('f.json', submission(target.hash, 'F', 'x', false), target, timeout).reason).toBe('the program did not run to the end (timeout error), so nothing could be measured')
    const crashed = judge('g.json', submission('0'.repeat(64), 'G', 'x', false), target, { kind: 'crashed', message: 'the worker died' })
    expect(crashed).toMatchObject({ result: 'error', learner: 'G', reason: 'could not be graded: the worker died', hashMatches: false, figure: null, checks: [] })
  })

  test('a different exercise or different settings are flagged, not refused', () => {
    const other = judge('e.json', submission(target.hash, 'E', 'x', true, { exercise: { id: 'lru-cache', title: 'LRU', hash: target.hash }, settings: { steps: 5, timeMs: 1000 } }), target, ran(true))
    expect(other).toMatchObject({ result: 'pass', hashMatches: false, settingsMatch: false })
    expect(other.notes).toEqual([
      '⚠ different exercise: handed in for "lru-cache", graded against "growing-list"',
      "⚠ different settings: handed in with 5 steps, 1 s, graded with the scenario's 100 steps, 1 min",
    ])
    expect(judge('d.json', submission('d'.repeat(64), 'D', 'x', true), target, ran(true)).notes[0]).toMatch(/^⚠ different exercise: "growing-list" as it was when handed out differs/)
  })

  test('the runner is given the submission\'s code with the scenario\'s settings and checks, and only a valid submission runs', async () => {
    const jobs: GradeJob[] = []
    const runner = async (job: GradeJob) => (jobs.push(job), ran(true))
    const text = JSON.stringify(submission(target.hash, 'Ada', 'let mine = 1', true, { settings: { steps: 7, timeMs: 7 } }))
    expect(await gradeText('ada.json', text, target, runner)).toMatchObject({ result: 'pass', settingsMatch: false, settings: { steps: 7, timeMs: 7 } })
    expect(jobs).toEqual([{ code: 'let mine = 1', language: 'javascript', settings: { steps: 100, timeMs: 60_000 }, checks: target.checks }])
    expect(await gradeText('bad.json', '{', target, runner)).toMatchObject({ result: 'error', reason: expect.stringMatching(/^could not be graded: is not valid JSON/) })
    expect(jobs).toHaveLength(1)
  })

  test('a broken submission says what is wrong with it', () => {
    const valid = submission(target.hash, 'Ada', 'x', true)
    expect(readSubmission('{"a":')).toMatchObject({ ok: false, reason: expect.stringMatching(/^is not valid JSON: /) })
    expect(readSubmission('[1]')).toMatchObject({ ok: false, reason: 'is not a LeakLab submission: it holds JSON, but not an object' })
    expect(readSubmission(JSON.stringify({ ...valid, format: 'zip' }))).toMatchObject({ ok: false, reason: 'is not a LeakLab submission: its "format" is not "leaklab-submission"', learner: 'Ada' })
    expect(readSubmission(JSON.stringify({ ...valid, version: 2 }))).toMatchObject({ ok: false, reason: 'is a submission of format version 2; this LeakLab reads version 1' })
    const { code: _code, ...noCode } = valid
    expect(readSubmission(JSON.stringify({ ...noCode, extra: 1 }))).toEqual({ ok: false, learner: 'Ada', reason: 'is not a valid submission: code: is missing; extra: is not a field of a submission' })
    expect(readSubmission(JSON.stringify({ ...valid, settings: { steps: -1, timeMs: 0 } }))).toMatchObject({ ok: false, reason: expect.stringMatching(/^is not a valid submission: settings\.steps: /) })
    expect(readSubmission(`\uFEFF${JSON.stringify(valid)}`)).toMatchObject({ ok: true, submission: { learner: 'Ada' } })
  })
})

describe('the report', () => {
  const hostile = '\x1b[2J\x1b]0;pwned\x07Eve\r\nis\tgreat\u202Egnp.exe\x00'
  const results = [
    judge('ada.json', submission(target.hash, 'Ada', 'x', true), target, ran(true)),
    judge('bob.json', submission(target.hash, hostile, 'x', true), target, ran(false)),
    notGraded('broken.json', 'is not valid JSON: oops'),
    judge('dave.json', submission('0'.repeat(64), '=HYPERLINK("http://x","y")', 'x', false, { settings: { steps: 2, timeMs: 0 } }), target, ran(true)),
  ]

  test('terminalSafe leaves one line of plain text: no escapes, no line breaks, no bidi overrides', () => {
    expect(terminalSafe(hostile)).toBe('Eve is greatgnp.exe')
    expect(terminalSafe('a\x9b31mb\x7fc')).toBe('abc')
    expect(terminalSafe('x'.repeat(300))).toHaveLength(160)
    expect(terminalSafe('Zoë 🙂 O\'Brien')).toBe('Zoë 🙂 O\'Brien')
  })

  test('the table aligns its columns, flags what needs a look, and ends with the summary', () => {
    const table = formatGradeTable(target, results)
    const lines = table.trimEnd().split('\n')
    expect(lines[0]).toBe('Grading against growing-list (A list that only grows), exercise hash cccccccccccc…: 100 steps, 1 min, 1 check')
    expect(lines[2].split(/ {2,}/)).toEqual(['file', 'learner', 'result', 'figure', 'reason', 'notes'])
    const rows = lines.slice(3, 7)
    const column = (name: string) => lines[2].indexOf(name)
    for (const row of rows) expect(row.slice(column('result')).match(/^(pass|fail|error)/)).not.toBeNull()
    expect(rows[0].slice(column('figure'))).toBe('no group of objects grew with the steps')
    expect(rows[1]).toContain('Eve is greatgnp.exe')
    expect(rows[1].slice(column('notes'))).toBe('claimed pass')
    expect(rows[2].slice(column('reason'))).toBe('could not be graded: is not valid JSON: oops')
    expect(rows[3].slice(column('notes'))).toBe('⚠ different exercise; ⚠ different settings (2 steps, 0 ms); claimed fail')
    expect(table).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/)
    expect(lines.at(-1)).toBe('3 graded: 2 passed, 1 failed; 1 could not be graded; 1 for a different exercise; 1 handed in with different settings')
  })

  test('the summary counts each kind', () => {
    expect(summarize(results)).toEqual({ submissions: 4, graded: 3, passed: 2, failed: 1, notGraded: 1, differentExercise: 1, differentSettings: 1, unsure: 0 })
    expect(summaryLine(summarize(results.slice(0, 2)))).toBe('2 graded: 1 passed, 1 failed')
  })

  test('CSV quotes as RFC 4180 says and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a, b')).toBe('"a, b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)']) expect(csvField(formula)).toBe(`'${formula}`)
    expect(csvField('=A1,B1')).toBe(`"'=A1,B1"`)
    expect(csvField(true)).toBe('true')
    expect(csvField(null)).toBe('')
    const csv = formatGradeCsv(results)
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe('file,learner,result,hash_matches,settings_match,figure,reason,handed_in_at')
    expect(lines[1]).toBe('ada.json,Ada,pass,true,true,no group of objects grew with the steps,,2026-11-24T14:05:09.120Z')
    // The hostile name keeps its text (and its line break, quoted) but loses the escapes.
    expect(csv).toContain('bob.json,"Eve\r\nis\tgreat\u202Egnp.exe",fail,true,true,')
    expect(csv).not.toContain('\x1b')
    expect(csv).toContain('broken.json,,error,,,,could not be graded: is not valid JSON: oops,\r\n')
    expect(csv).toContain(`dave.json,"'=HYPERLINK(""http://x"",""y"")",pass,false,false,`)
    expect(csv.endsWith('\r\n')).toBe(true)
  })
})
