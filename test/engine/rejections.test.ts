import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'
import { output, runWithLeakCheck } from './run-helpers'

/** Unhandled promise rejections, reported through QuickJS's own rejection tracker, as browsers report them. */
describe('unhandled rejections', () => {
  it('an async function that throws prints Uncaught (in promise) with the line it threw at, and the run goes on', async () => {
    const source = `async function load(id) {
  if (id === 2) throw new Error('no such user ' + id)
  return id
}
function step(i) { load(i) }`
    const result = await runProgram(source, { steps: 4 })
    expect(result.ok).toBe(true)
    expect(result.steps).toBe(4)
    expect(result.unhandledRejections).toBe(1)
    expect(result.console).toHaveLength(1)
    expect(result.console[0].level).toBe('error')
    expect(result.console[0].text).toMatch(/^Uncaught \(in promise\) Error: no such user 2\n {4}at load \(main\.js:2[:)]/)
  })

  it('a rejection handled before the task ends is not reported; one of a non-Error value is, as the console shows it', async () => {
    const source = `const handled = Promise.reject(new Error('handled'))
handled.catch(() => {})
Promise.resolve().then(() => { throw { code: 7 } })
Promise.reject(42)`
    const result = await runProgram(source)
    expect(result.unhandledRejections).toBe(2)
    expect(output(result)).toEqual(['Uncaught (in promise) 42', 'Uncaught (in promise) { code: 7 }'])
  })

  it('a rejection handled only in a later task was unhandled when its task ended, as in a browser', async () => {
    const source = `const late = Promise.reject(new Error('late'))
setTimeout(() => late.catch(() => console.log('caught later')), 10)`
    const result = await runProgram(source)
    expect(output(result)).toEqual([expect.stringMatching(/^Uncaught \(in promise\) Error: late/), 'caught later'])
    expect(result.unhandledRejections).toBe(1)
  })

  it('frees everything it held, reported or not', async () => {
    const result = await runWithLeakCheck(`Promise.reject(new Error('kept'))\nasync function f() { throw new Error('thrown') }\nf()`)
    expect(result.unhandledRejections).toBe(2)
    expect(result.engine.disposeError).toBeNull()
  })
})
