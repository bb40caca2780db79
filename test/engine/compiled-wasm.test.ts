import { describe, expect, it } from 'vitest'
import { compiledWasmForNode } from '../../src/engine/node/compiled-wasm'
import { runProgram } from '../../src/engine/run'

describe('a QuickJS wasm compiled once per process', () => {
  it('is compiled once and shared by every run', async () => {
    expect(compiledWasmForNode()).toBe(compiledWasmForNode())
    expect(await compiledWasmForNode()).toBeInstanceOf(WebAssembly.Module)
  })

  it('gives each run its own instance and memory: nothing carries over', async () => {
    const first = await runProgram('var kept = []\nfor (let i = 0; i < 1000; i++) kept.push({ i })', {}, { wasm: compiledWasmForNode })
    const second = await runProgram('console.log(typeof kept)', {}, { wasm: compiledWasmForNode })
    expect(first.memory.objects - first.start.objects).toBeGreaterThanOrEqual(1000)
    expect(second.console).toEqual([{ level: 'log', text: 'undefined' }])
    expect(second.start.objects).toBe(first.start.objects)
  })

  it('keeps the memory cap per run', async () => {
    const bomb = await runProgram('const a = []\nwhile (true) a.push({ i: a.length })', { memoryBytes: 16 * 1024 * 1024 }, { wasm: compiledWasmForNode })
    expect(bomb.error?.kind).toBe('memory')
    const next = await runProgram('console.log("fine")', {}, { wasm: compiledWasmForNode })
    expect(next.ok).toBe(true)
  })
})
