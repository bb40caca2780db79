import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'
import type { RunResult } from '../../src/engine/types'

const KINDS = ['syntax', 'runtime', 'timeout', 'memory', 'stack']

/** Small programs built from the things that go wrong: loops, throws, allocations, timers, recursion. */
const statement: fc.Arbitrary<string> = fc.letrec<{ stmt: string }>((tie) => ({
  stmt: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      'kept.push({ n: kept.length })',
      'for (let i = 0; i < 2000; i++) kept.push([i, String(i)])',
      'kept.length = 0',
      'while (true) {}',
      'for (;;) { kept.push({}) }',
      'throw 42',
      'throw new TypeError("bad")',
      'throw { code: 1 }',
      'null.x',
      'JSON.parse("{")',
      'function dive(n) { return dive(n + 1) + 1 } dive(0)',
      'let s = "ab"; for (let i = 0; i < 40; i++) { s = s + s; s.indexOf("z") }',
      'console.log(kept.length, { kept: kept.slice(0, 3) })',
      'console.table([{ a: 1 }, { a: 2 }])',
      'new Array(1e6).fill(0)',
      'const m = new Map(); while (true) m.set(m.size, [m.size])',
      'undefinedName()',
      'kept.self = kept',
      '(',
      '}{',
    ),
    tie('stmt').map((s) => `setTimeout(() => { ${s} }, 10)`),
    tie('stmt').map((s) => `setInterval(() => { ${s} }, 100)`),
    tie('stmt').map((s) => `Promise.resolve().then(() => { ${s} })`),
    tie('stmt').map((s) => `try { ${s} } catch (e) { console.error(e) }`),
    tie('stmt').map((s) => `function step(i) { ${s} }`),
    fc.tuple(tie('stmt'), tie('stmt')).map(([a, b]) => `${a}\n${b}`),
  ),
})).stmt

function expectWellFormed(result: RunResult): void {
  expect(typeof result.ok).toBe('boolean')
  expect(result.ok).toBe(result.error === null)
  if (result.error) {
    expect(KINDS).toContain(result.error.kind)
    expect(typeof result.error.message).toBe('string')
  }
  expect(Array.isArray(result.console)).toBe(true)
  for (const sample of result.samples) expect(Number.isFinite(sample.objects)).toBe(true)
  expect(result.memory.objects).toBeGreaterThan(0)
  // Plain data: survives JSON (--json) unchanged, all but the kept heaps' typed arrays, which --json
  // leaves out; and the whole of it survives the worker boundary (structured clone).
  const { kept, ...heap } = result.heap ?? { kept: null }
  const json = { ...result, heap: result.heap ? heap : null }
  expect(JSON.parse(JSON.stringify(json))).toEqual(json)
  expect(structuredClone(result)).toEqual(result)
  if (kept) for (const k of kept.snapshots) expect(k.uids).toBeInstanceOf(Float64Array)
}

describe('generated programs', () => {
  it('never crash the host and always produce a RunResult', async () => {
    await fc.assert(
      fc.asyncProperty(statement, async (body) => {
        const source = `const kept = []\n${body}`
        const result = await runProgram(source, { timeoutMs: 250, memoryBytes: 16 * 1024 * 1024, steps: 5, timeMs: 1000 })
        expectWellFormed(result)
      }),
      { numRuns: 60 },
    )
    const after = await runProgram('console.log("still fine")')
    expect(after.console).toEqual([{ level: 'log', text: 'still fine' }])
  }, 120_000)
})
