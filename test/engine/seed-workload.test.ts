import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'

describe("the seed article's workload", () => {
  it('adds about 100,000 objects, and length = 0 gives them back', async () => {
    const source = `
      class DataHolder {
        constructor(data) { this.data = data }
      }
      const leakList = []
      function step(i) {
        if (i === 0) for (let k = 0; k < 100000; k++) leakList.push(new DataHolder(k))
        else leakList.length = 0
      }`
    const result = await runProgram(source, { steps: 2, sampleEvery: 1 })
    expect(result.ok).toBe(true)
    const [before, filled, cleared] = result.samples.map((s) => s.objects)
    expect(filled - before).toBeGreaterThan(99_900)
    expect(filled - before).toBeLessThan(100_300)
    expect(Math.abs(cleared - before)).toBeLessThan(300)
    expect(result.samples[1].bytes - result.samples[0].bytes).toBeGreaterThan(3_000_000)
  })

  it('shows a leak as growth over repeated steps, and the fix as a flat line', async () => {
    const leaky = 'const seen = []\nfunction step(i) { seen.push({ i, payload: new Array(10).fill(i) }) }'
    const fixed = 'function step(i) { const seen = [{ i, payload: new Array(10).fill(i) }]; seen.length = 0 }'
    const growth = (r: Awaited<ReturnType<typeof runProgram>>) => r.samples.at(-1)!.objects - r.samples[0].objects
    expect(growth(await runProgram(leaky, { steps: 200 }))).toBeGreaterThanOrEqual(400)
    expect(growth(await runProgram(fixed, { steps: 200 }))).toBeLessThan(5)
  })

  it('reports every field of QuickJS memory usage at the end', async () => {
    const result = await runProgram('const a = [1, 2, 3]')
    for (const field of ['obj_count', 'memory_used_size', 'malloc_count', 'atom_count', 'str_count', 'prop_count', 'shape_count', 'js_func_count', 'array_count', 'fast_array_count', 'binary_object_count']) {
      expect(typeof (result.memory as unknown as Record<string, unknown>)[field]).toBe('number')
    }
    // No tracemalloc, no toString: LeakLab kept nothing of its own among the objects.
    expect(result.memory.objects).toBe(result.memory.obj_count)
    expect(result.memory.bytes).toBe(result.memory.memory_used_size)
    const plain = await runProgram('const a = [1, 2, 3]', { inspect: false })
    expect(plain.memory.objects).toBe(plain.memory.obj_count)
  })

  it('starts every run from a fresh runtime: nothing carries over', async () => {
    await runProgram('var carried = 1; globalThis.also = 2')
    const result = await runProgram('console.log(typeof carried, typeof also)')
    expect(result.console[0].text).toBe('undefined undefined')
  })
})

describe('finalizers', () => {
  it('run, and settle before the next sample, once the cycle collector has run', async () => {
    const source = `
      let finalized = 0
      const registry = new FinalizationRegistry(() => { finalized++ })
      function setup() {
        for (let i = 0; i < 10; i++) { const a = {}; const b = { a }; a.b = b; registry.register(a, i) }
      }
      function step() {
        // Enough garbage cycles to pass the collector's threshold.
        for (let i = 0; i < 200000; i++) { const a = {}; const b = { a }; a.b = b }
      }
      function teardown() { console.log('finalized', finalized) }`
    const result = await runProgram(source, { steps: 1 })
    expect(result.console.map((e) => e.text)).toEqual(['finalized 10'])
  })
})
