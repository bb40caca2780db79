import { describe, expect, it } from 'vitest'
import { compiledWasm, RELEASE_BUILD } from '../../src/engine/engine-build'
import { runProgram } from '../../src/engine/run'

describe('a QuickJS wasm compiled once per process', () => {
  it('is compiled once and shared by every run', async () => {
    expect(compiledWasm(RELEASE_BUILD)).toBe(compiledWasm(RELEASE_BUILD))
    expect(await compiledWasm(RELEASE_BUILD)).toBeInstanceOf(WebAssembly.Module)
  })

  it('gives each run its own instance and memory: nothing carries over', async () => {
    const first = await runProgram('var kept = []\nfor (let i = 0; i < 1000; i++) kept.push({ i })')
    const second = await runProgram('console.log(typeof kept)')
    expect(first.memory.objects - first.start.objects).toBeGreaterThanOrEqual(1000)
    expect(second.console).toEqual([{ level: 'log', text: 'undefined' }])
    expect(second.start.objects).toBe(first.start.objects)
  })

  it('keeps the memory cap per run', async () => {
    const bomb = await runProgram('const a = []\nwhile (true) a.push({ i: a.length })', { memoryBytes: 16 * 1024 * 1024 })
    expect(bomb.error?.kind).toBe('memory')
    const next = await runProgram('console.log("fine")')
    expect(next.ok).toBe(true)
  })
})
