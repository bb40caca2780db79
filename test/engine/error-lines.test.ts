import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'

describe("errors point at the learner's own line", () => {
  it('in a function called from the script', async () => {
    const source = '// a comment\n\nfunction read(o) {\n  return o.missing.field\n}\nread({})'
    const result = await runProgram(source)
    expect(result.error).toMatchObject({ kind: 'runtime', name: 'TypeError', line: 4, phase: 'script' })
    expect(result.error?.column).toBeGreaterThan(1)
  })

  it('in step(), with the step number', async () => {
    const result = await runProgram('function step(i) {\n  if (i === 7) {\n    throw new Error("boom at " + i)\n  }\n}', { steps: 10 })
    expect(result.error).toMatchObject({ kind: 'runtime', name: 'Error', message: 'boom at 7', line: 3, phase: 'step', step: 7 })
    expect(result.steps).toBe(7)
  })

  it('in a timer callback, setup and teardown', async () => {
    expect((await runProgram('setTimeout(() => {\n\n  undefinedFunction()\n}, 5)')).error).toMatchObject({ name: 'ReferenceError', line: 3, phase: 'timer' })
    expect((await runProgram('function setup() {\n  null.x\n}')).error).toMatchObject({ line: 2, phase: 'setup' })
    expect((await runProgram('function step() {}\nfunction teardown() {\n  null.x\n}', { steps: 1 })).error).toMatchObject({ line: 3, phase: 'teardown' })
  })

  it('in a timer callback that awaited a rejected promise', async () => {
    const source = 'async function load() {\n  await null\n  throw new RangeError("from a job")\n}\nsetTimeout(async () => {\n  try { await load() } catch (e) { console.log("caught", e.message) }\n}, 10)'
    const result = await runProgram(source)
    expect(result.ok).toBe(true)
    expect(result.console.map((e) => e.text)).toEqual(['caught from a job'])
  })

  it('describes thrown non-Error values', async () => {
    expect((await runProgram('throw 42')).error).toMatchObject({ kind: 'runtime', name: 'Uncaught', message: '42', line: null })
    expect((await runProgram('throw { code: 7 }')).error?.message).toMatch(/code: 7/)
    expect((await runProgram('throw "text"')).error?.message).toMatch(/text/)
  })

  // patches/0010: a loop's back-jump, where the time runs out, was reported at the code before the loop.
  it('a timeout names the loop, whatever its body holds', async () => {
    const loops: [string, number][] = [
      ['let n = 0\nwhile (true) { n++ }', 2],
      ['let n = 0\nwhile (true) {}', 2],
      ['const a = 1\n\nfor (;;) { }', 3],
      ['let n = 0\ndo {\n  n++\n} while (true)', 2],
      ['function spin() {\n  let x = 1\n  while (true) {}\n}\nspin()', 3],
      ['let n = 0\nfor (let i = 0; ; i++) {\n  n += i\n}', 2],
      ['const o = { a: 1 }\nlet n = 0\nfor (;;) {\n  for (const k in o) n++\n}', 4],
      ['class Counter {\n  #n = 0\n  spin() {\n    for (;;) this.#n++\n  }\n}\nnew Counter().spin()', 4],
      ['let n = 0\nwhile (true) {\n  n++\n  n--\n}', 2],
    ]
    for (const [source, line] of loops) {
      const result = await runProgram(source, { timeoutMs: 150, inspect: false })
      expect(result.error, source).toMatchObject({ kind: 'timeout', line })
    }
  })

  it('uses the filename given', async () => {
    const result = await runProgram('\nnull.x', { filename: 'leaky.js' })
    expect(result.error).toMatchObject({ line: 2 })
  })
})
