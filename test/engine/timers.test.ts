import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'
import { output } from './run-helpers'

describe('virtual timers', () => {
  it('fires a forgotten 100 ms interval 600 times over a simulated minute, in a fraction of a second', async () => {
    const result = await runProgram('let ticks = 0\nsetInterval(() => { ticks++ }, 100)\nsetTimeout(() => console.log(ticks), 60000)', { timeMs: 60_000 })
    expect(result.ok).toBe(true)
    expect(output(result)).toEqual(['599'])
    expect(result.timers).toEqual({ fired: 601, pending: 1 })
    expect(result.time).toBe(60_000)
  })

  it('stops an interval that is cleared', async () => {
    const source = 'let n = 0\nconst id = setInterval(() => { if (++n === 5) clearInterval(id) }, 10)\nsetTimeout(() => console.log(n), 1000)'
    const result = await runProgram(source)
    expect(output(result)).toEqual(['5'])
    expect(result.timers.pending).toBe(0)
    // Idle: nothing left to fire, so the clock stops at the last timer.
    expect(result.time).toBe(1000)
  })

  it('runs timers in due order, microtasks before the next timer, and passes extra arguments', async () => {
    const source = [
      "setTimeout(() => console.log('c 20'), 20)",
      "setTimeout((a, b) => { console.log('a 0', a, b); Promise.resolve().then(() => console.log('micro after a')) }, 0, 1, 2)",
      "setTimeout(() => console.log('b 0'), 0)",
      "queueMicrotask(() => console.log('first microtask'))",
      "console.log('script')",
    ].join('\n')
    expect(output(await runProgram(source))).toEqual(['script', 'first microtask', 'a 0 1 2', 'micro after a', 'b 0', 'c 20'])
  })

  it('reports the simulated clock through performance.now() and Date.now()', async () => {
    const source = 'const t0 = Date.now()\nsetTimeout(() => console.log(performance.now(), Date.now() - t0), 1500)'
    expect(output(await runProgram(source))).toEqual(['1500 1500'])
  })

  it('keeps a pending timer\'s data alive, and clearing the timer frees it', async () => {
    const program = (clear: boolean) => `
      function startPolling() {
        const big = []
        for (let i = 0; i < 5000; i++) big.push({ i })
        return setInterval(() => big.length, 1000)
      }
      const id = startPolling()
      ${clear ? 'clearInterval(id)' : ''}`
    const kept = await runProgram(program(false), { timeMs: 0 })
    const freed = await runProgram(program(true), { timeMs: 0 })
    expect(kept.timers.pending).toBe(1)
    expect(kept.memory.objects - kept.start.objects).toBeGreaterThan(5000)
    expect(freed.timers.pending).toBe(0)
    expect(freed.memory.objects - freed.start.objects).toBeLessThan(50)
  })

  it('spreads steps over the simulated time, so timers fire between steps', async () => {
    const source = 'setInterval(() => console.log("tick at", performance.now()), 250)\nfunction step(i) { console.log("step", i, "at", performance.now()) }'
    const result = await runProgram(source, { steps: 4, timeMs: 1000 })
    expect(output(result)).toEqual([
      'step 0 at 0', 'tick at 250',
      'step 1 at 250', 'tick at 500',
      'step 2 at 500', 'tick at 750',
      'step 3 at 750', 'tick at 1000',
    ])
  })

  it('rejects a non-function callback the way Node does', async () => {
    const result = await runProgram('setTimeout("alert(1)", 10)')
    expect(result.error).toMatchObject({ kind: 'runtime', name: 'TypeError', line: 1 })
  })
})
