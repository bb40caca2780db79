import { describe, expect, it } from 'vitest'
import { CAP_MARGIN_BYTES } from '../../src/engine/quickjs'
import { runProgram } from '../../src/engine/run'
import type { RunErrorKind } from '../../src/engine/types'

const MIB = 1024 * 1024
const TIMEOUT_MS = 800
const MEMORY = 32 * MIB
/** Slack for loading a fresh module and a loaded machine: this checks the run ended by its budget, not how fast. */
const SLACK_MS = 4000

const cases: { name: string; source: string; kind: RunErrorKind; line?: number }[] = [
  { name: 'an infinite loop at top level', source: 'let n = 0\nwhile (true) { n++ }', kind: 'timeout' },
  { name: 'an infinite loop in a timer callback', source: 'setTimeout(() => {\n  for (;;) {}\n}, 10)', kind: 'timeout' },
  { name: 'an infinite loop in a promise job', source: 'Promise.resolve().then(() => {\n  while (true) {}\n})', kind: 'timeout' },
  { name: 'an infinite loop inside the guest\'s own try/catch', source: 'for (;;) {\n  try { while (true) {} } catch (e) { console.log("caught", e) }\n}', kind: 'timeout' },
  { name: 'an infinite loop in step()', source: 'function step(i) {\n  if (i === 3) while (true) {}\n}', kind: 'timeout' },
  { name: 'an array pushed forever', source: 'const a = []\nwhile (true) a.push({ i: a.length })', kind: 'memory' },
  { name: 'string doubling', source: 'let s = "leak"\nwhile (true) { s = s + s; s.indexOf("z") }', kind: 'memory' },
  { name: 'a Map growing forever', source: 'const m = new Map()\nlet i = 0\nwhile (true) m.set(i, "value " + i++)', kind: 'memory' },
  { name: 'a memory bomb whose out-of-memory error the guest catches', source: 'const a = []\ntry { while (true) a.push(new ArrayBuffer(1 << 20)) } catch (e) {}\nconsole.log("survived")', kind: 'memory' },
  { name: 'one huge allocation', source: 'const b = new ArrayBuffer(1024 * 1024 * 1024)', kind: 'memory', line: 1 },
  // Found by the generated-programs test: the refused allocation left the memory under the budget.
  { name: 'an allocation refused at the cap inside a promise job in a timer', source: 'setInterval(() => { Promise.resolve().then(() => { new Array(4e6).fill(0) }) }, 100)', kind: 'memory' },
  { name: 'deep recursion', source: 'function dive(n) {\n  return dive(n + 1) + 1\n}\ndive(0)', kind: 'stack', line: 2 },
  { name: 'a syntax error', source: 'const a = 1\nconst b = ;\n', kind: 'syntax', line: 2 },
  { name: 'throw 42', source: 'throw 42', kind: 'runtime' },
]

describe('limits: each failure ends in the right kind, within budget, with the host intact', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const result = await runProgram(c.source, { timeoutMs: TIMEOUT_MS, memoryBytes: MEMORY })
      expect(result.ok).toBe(false)
      expect(result.error?.kind).toBe(c.kind)
      if (c.line) expect(result.error?.line).toBe(c.line)
      expect(result.durationMs).toBeLessThan(TIMEOUT_MS + SLACK_MS)
      expect(result.wasmMemory.peakBytes - result.wasmMemory.startBytes).toBeLessThanOrEqual(MEMORY + CAP_MARGIN_BYTES)
      // The next run in the same process works.
      const next = await runProgram('console.log(1 + 1)')
      expect(next.ok).toBe(true)
      expect(next.console).toEqual([{ level: 'log', text: '2' }])
    })
  }

  it('keeps a partial result: console lines and samples gathered before the failure', async () => {
    const source = 'const kept = []\nfunction step(i) {\n  console.log("step", i)\n  kept.push({ i })\n  if (i === 5) while (true) {}\n}'
    const result = await runProgram(source, { steps: 10, sampleEvery: 1, timeoutMs: TIMEOUT_MS })
    expect(result.error).toMatchObject({ kind: 'timeout', phase: 'step', step: 5, line: 5 })
    expect(result.console.map((e) => e.text)).toEqual(['step 0', 'step 1', 'step 2', 'step 3', 'step 4', 'step 5'])
    expect(result.steps).toBe(5)
    expect(result.samples.map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5])
    expect(result.memory.objects).toBeGreaterThan(result.start.objects)
  })

  it('caps console output from a program that prints forever', async () => {
    const result = await runProgram('while (true) console.log("again")', { timeoutMs: TIMEOUT_MS, maxConsoleEntries: 100 })
    expect(result.error?.kind).toBe('timeout')
    expect(result.console).toHaveLength(100)
    expect(result.consoleDropped).toBeGreaterThan(0)
  })

  it('reports a SyntaxError thrown at run time as a runtime error', async () => {
    const result = await runProgram('const text = "{"\nJSON.parse(text)')
    expect(result.error).toMatchObject({ kind: 'runtime', name: 'SyntaxError', line: 2 })
  })
})
