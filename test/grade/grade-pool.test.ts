import { describe, expect, test } from 'vitest'
import { runJobs } from '../../src/grade/grade-pool'
import type { GradeJob, RunAnswer } from '../../src/grade/grade-submission'

const entry = new URL('./crashing-worker.mjs', import.meta.url)
const job = (code: string): GradeJob => ({ code, language: 'javascript', settings: { steps: 1, timeMs: 0 }, checks: [] })

describe('the grading pool', () => {
  test('a worker that crashes, exits or hangs costs only its own job; a fresh worker takes the next', async () => {
    const settled: number[] = []
    const answers = await runJobs(['a', 'CRASH', 'b', 'EXIT', 'c', 'HANG', 'd'].map(job), {
      size: 1,
      hardLimitMs: 1_000,
      entry,
      onSettled: (done) => settled.push(done),
    })
    expect(answers.map((a) => (a.kind === 'ran' ? a.checks[0].measured : a.kind))).toEqual(['ran a', 'crashed', 'ran b', 'crashed', 'ran c', 'crashed', 'ran d'])
    expect(answers[1]).toEqual({ kind: 'crashed', message: expect.stringMatching(/^the grading worker crashed: boom from the test worker/) })
    expect(answers[3]).toEqual({ kind: 'crashed', message: 'the grading worker exited unexpectedly (exit code 7)' })
    expect(answers[5]).toEqual({ kind: 'crashed', message: 'grading took longer than 1 s, so its worker was stopped' })
    expect(settled).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  test('runs jobs side by side on at most `size` workers, never more than there are jobs, answers in the jobs\' order', async () => {
    const threads = (answers: RunAnswer[]) => new Set(answers.map((a) => a.kind === 'ran' && a.checks[0].explains)).size
    const codes = Array.from({ length: 9 }, (_, i) => `job${i}`)
    const answers = await runJobs(codes.map(job), { size: 3, entry })
    expect(answers.map((a) => a.kind === 'ran' && a.checks[0].measured)).toEqual(codes.map((c) => `ran ${c}`))
    expect(threads(answers)).toBe(3)
    expect(threads(await runJobs([job('a'), job('b')], { size: 8, entry }))).toBe(2)
    expect(threads(await runJobs(codes.map(job), { size: 1, entry }))).toBe(1)
    expect(await runJobs([], { size: 4, entry })).toEqual([])
  })

  test('a worker script that cannot load makes every job "crashed", and nothing throws', async () => {
    const answers = await runJobs([job('a'), job('b')], { size: 2, entry: new URL('./no-such-worker.mjs', import.meta.url) })
    expect(answers).toHaveLength(2)
    for (const answer of answers) expect(answer).toEqual({ kind: 'crashed', message: expect.stringMatching(/grading worker (crashed|could not be started).*no-such-worker/) })
  })
})
