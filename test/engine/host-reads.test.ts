import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'
import { output, runWithLeakCheck } from './run-helpers'

/**
 * The host never runs the program's code by itself: it reads what a program threw, the values passed
 * to its own functions and the program's hooks through own data properties and the engine's slots,
 * never through a getter, a Proxy trap or an accessor on Object.prototype. And when the time runs out
 * in guest code the host did call, the run ends at its limit there.
 *
 * The hostile accessors spin: had the host run one, the run would end at its time limit, so each run
 * here has a budget it must end well inside.
 */
const BUDGET = { timeoutMs: 2000 }

/** Accessors on Object.prototype for every name the host used to read from values (dump, describe). */
const SPINNING_PROTOTYPE = ['name', 'message', 'stack', 'fileName', 'lineNumber']
  .map((key) => `Object.defineProperty(Object.prototype, ${JSON.stringify(key)}, { get() { for (;;) {} }, configurable: true })`)
  .join('\n')

describe('what a program throws is read without running its accessors (describe-runs-getters)', () => {
  it('an object with a spinning name getter is a runtime error, shown as Node shows it', async () => {
    const result = await runProgram('throw { get name() { for (;;) {} } }', BUDGET)
    expect(result.error).toMatchObject({ kind: 'runtime', name: 'Uncaught', message: '{ name: [Getter] }', phase: 'script' })
  })

  it('an Error whose message or name is a spinning accessor keeps its class, line and what can be read', async () => {
    const message = await runProgram('const e = new Error("x")\nObject.defineProperty(e, "message", { get() { for (;;) {} } })\nthrow e', BUDGET)
    expect(message.error).toMatchObject({ kind: 'runtime', name: 'Error', message: '', line: 1 })
    const name = await runProgram('class Bad extends Error { get name() { for (;;) {} } }\nthrow new Bad("mine")', BUDGET)
    expect(name.error).toMatchObject({ kind: 'runtime', name: 'Bad', message: 'mine', line: 1 })
    const throwing = await runProgram('const e = new Error("x")\nObject.defineProperty(e, "name", { get() { throw new Error("no name") } })\nthrow e', BUDGET)
    expect(throwing.error).toMatchObject({ kind: 'runtime', name: 'Error', message: 'x', line: 1 })
  })

  it('a Proxy is asked nothing: it is shown as its target', async () => {
    const traps = '{ get() { for (;;) {} }, getPrototypeOf() { for (;;) {} }, getOwnPropertyDescriptor() { for (;;) {} }, has() { for (;;) {} }, ownKeys() { for (;;) {} } }'
    const result = await runProgram(`throw new Proxy(new Proxy({ code: 1 }, ${traps}), ${traps})`, BUDGET)
    expect(result.error).toMatchObject({ kind: 'runtime', name: 'Uncaught', message: '{ code: 1 }' })
  })

  it("accessors on Object.prototype are never reached: a plain object, an Error and a look-alike", async () => {
    const plain = await runProgram(`${SPINNING_PROTOTYPE}\nthrow { code: 1 }`, BUDGET)
    expect(plain.error).toMatchObject({ kind: 'runtime', name: 'Uncaught', message: '{ code: 1 }' })
    const error = await runProgram(`${SPINNING_PROTOTYPE}\nthrow new TypeError("bad")`, BUDGET)
    expect(error.error).toMatchObject({ kind: 'runtime', name: 'TypeError', message: 'bad', line: 6 })
    const lookAlike = await runProgram(`${SPINNING_PROTOTYPE}\nthrow { name: "FakeError", message: "not really" }`, BUDGET)
    expect(lookAlike.error).toMatchObject({ kind: 'runtime', name: 'FakeError', message: 'not really' })
  })

  it('data properties still tell name and message, a non-object is inspected, and nothing is leaked', async () => {
    const result = await runWithLeakCheck('function f() { throw new RangeError("out") }\nf()')
    expect(result.error).toMatchObject({ kind: 'runtime', name: 'RangeError', message: 'out', line: 1 })
    const stackOnly = await runProgram('throw { stack: "at f (main.js:1:1)" }')
    expect(stackOnly.error).toMatchObject({ kind: 'runtime', name: 'Uncaught' })
    const number = await runProgram('throw -0')
    expect(number.error).toMatchObject({ kind: 'runtime', name: 'Uncaught', message: '-0' })
    const proxy = await runWithLeakCheck('throw new Proxy({ a: 1 }, {})')
    expect(proxy.error).toMatchObject({ kind: 'runtime', name: 'Uncaught', message: '{ a: 1 }' })
  })
})

describe("the host's own functions read their arguments without dump (host-dump-getters)", () => {
  it('setTimeout, setInterval, tracemalloc and gc.getReferrers run none of the accessors on Object.prototype', async () => {
    const source = `${SPINNING_PROTOTYPE}
let ticks = 0
const id = setInterval(() => { if (++ticks === 3) { clearInterval(id); console.log('ticks', ticks) } }, 5)
setTimeout(() => console.log('timeout'), 0)
tracemalloc.start()
const kept = { payload: [1, 2, 3] }
globalThis.kept = kept
console.log('traced', tracemalloc.getTracedMemory().length)
tracemalloc.stop()
console.log('referrers', gc.getReferrers(kept.payload).length > 0)`
    const result = await runProgram(source, BUDGET)
    expect(result.error).toBeNull()
    expect(output(result)).toEqual(['traced 2', 'referrers true', 'timeout', 'ticks 3'])
  })
})

/** A Proxy on the global object's prototype chain whose traps spin for the hooks' names. */
const PROXIED_GLOBAL = `const hooks = ['step', 'setup', 'teardown']
const spin = (k) => { if (hooks.includes(k)) for (;;) {} }
Object.setPrototypeOf(globalThis, new Proxy(Object.getPrototypeOf(globalThis), {
  get(t, k, r) { spin(k); return Reflect.get(t, k, r) },
  has(t, k) { spin(k); return Reflect.has(t, k) },
  getOwnPropertyDescriptor(t, k) { spin(k); return Reflect.getOwnPropertyDescriptor(t, k) },
}))`

describe('the time never runs out unseen in code the host calls (swallowed-interrupt)', () => {
  it('the hooks are looked up as own bindings: a Proxy on the global prototype chain is asked nothing', async () => {
    const result = await runProgram(`${PROXIED_GLOBAL}\nsetTimeout(() => console.log('timer'), 10)`, BUDGET)
    expect(result.error).toBeNull()
    expect(result.hooks).toEqual({ step: false, setup: false, teardown: false })
    expect(output(result)).toEqual(['timer'])
  })

  it('nor with the heap inspected: the walk reports the heap, not a limit', async () => {
    const result = await runProgram(PROXIED_GLOBAL, { ...BUDGET, inspect: true, snapshots: 1 })
    expect(result.error).toBeNull()
    expect(result.heap?.error).toBeNull()
    expect(result.heap?.snapshot).not.toBeNull()
  })

  it('every way a program declares its hooks is still found, behind the proxy too', async () => {
    const lexical = await runProgram(`${PROXIED_GLOBAL}\nlet step = (i) => { globalThis.last = i }\nconst setup = () => console.log('setup')\nconst teardown = 'not a function'`, { ...BUDGET, steps: 3 })
    expect(lexical.error).toBeNull()
    expect(lexical.hooks).toEqual({ step: true, setup: true, teardown: false })
    expect(lexical.steps).toBe(3)
    expect(output(lexical)).toEqual(['setup'])
    const declared = await runProgram(`${PROXIED_GLOBAL}\nfunction step(i) {}\nvar setup = function () {}\nglobalThis.teardown = () => console.log('teardown')`, { ...BUDGET, steps: 2 })
    expect(declared.error).toBeNull()
    expect(declared.hooks).toEqual({ step: true, setup: true, teardown: true })
    expect(output(declared)).toEqual(['teardown'])
  })

  it('a hook is never inherited nor read through a getter; a non-extensible global still has its lexical hooks', async () => {
    const inherited = await runProgram(`Object.prototype.step = function () { console.log('inherited') }
Object.defineProperty(globalThis, 'setup', { get() { for (;;) {} } })`, { ...BUDGET, steps: 2 })
    expect(inherited.error).toBeNull()
    expect(inherited.hooks).toEqual({ step: false, setup: false, teardown: false })
    expect(output(inherited)).toEqual([])
    const sealed = await runProgram(`const step = () => {}\nObject.preventExtensions(globalThis)`, { ...BUDGET, steps: 2 })
    expect(sealed.error).toBeNull()
    expect(sealed.hooks.step).toBe(true)
    expect(sealed.steps).toBe(2)
  })

  it('looking for the hooks declares nothing', async () => {
    const result = await runProgram(`setTimeout(() => console.log(typeof step, 'step' in globalThis, Object.getOwnPropertyNames(globalThis).includes('setup')), 10)`, BUDGET)
    expect(result.error).toBeNull()
    expect(output(result)).toEqual(['undefined false false'])
  })

  it("a getter the guest's inspect reads too, reached while showing an unhandled rejection, ends the run at its limit in that task", async () => {
    const getter = 'Object.defineProperty(Object.prototype, Symbol.toStringTag, { get() { for (;;) {} }, configurable: true })'
    const script = await runProgram(`${getter}\nPromise.reject(new Error("x"))`, { timeoutMs: 300, inspect: true, snapshots: 1 })
    expect(script.error).toMatchObject({ kind: 'timeout', phase: 'script' })
    expect(script.heap?.error).toMatch(/stopped at its timeout limit/)
    const timer = await runProgram(`setTimeout(() => { ${getter}; Promise.reject(new Error("x")) }, 10)\nsetTimeout(() => console.log('next'), 20)`, { timeoutMs: 300 })
    expect(timer.error).toMatchObject({ kind: 'timeout', phase: 'timer' })
    expect(output(timer)).toEqual([])
  })

  it('the same for a thrown value the host shows with the guest inspect', async () => {
    const result = await runProgram('Object.defineProperty(Object.prototype, Symbol.toStringTag, { get() { for (;;) {} }, configurable: true })\nthrow [1]', { timeoutMs: 300 })
    expect(result.error).toMatchObject({ kind: 'timeout', phase: 'script' })
  })
})

describe('a job that throws a number fails the run like any thrown value (job-number-exception)', () => {
  const finalizer = (body: string) => `const registry = new FinalizationRegistry(() => { ${body} })
globalThis.keep = registry
registry.register({}, 0)
gc.collect()`

  it('a FinalizationRegistry callback that throws 42, 1 (what a job run used to count as), a string or an Error', async () => {
    const number = await runProgram(finalizer('throw 42'), BUDGET)
    expect(number.error).toMatchObject({ kind: 'runtime', name: 'Uncaught', message: '42', phase: 'microtask' })
    const one = await runProgram(finalizer('throw 1'), BUDGET)
    expect(one.error).toMatchObject({ kind: 'runtime', name: 'Uncaught', message: '1', phase: 'microtask' })
    const string = await runProgram(finalizer('throw "str"'), BUDGET)
    expect(string.error).toMatchObject({ kind: 'runtime', name: 'Uncaught', phase: 'microtask' })
    expect(string.error?.message).toMatch(/str/)
    const error = await runProgram(finalizer('throw new Error("final")'), BUDGET)
    expect(error.error).toMatchObject({ kind: 'runtime', name: 'Error', message: 'final', phase: 'microtask' })
  })

  it('promise jobs still run in order, all of them, and nothing is leaked', async () => {
    const result = await runWithLeakCheck(`async function count() { for (let i = 0; i < 1000; i++) await null; console.log('awaited 1000') }
count()
Promise.resolve().then(() => console.log('first'))
const registry = new FinalizationRegistry(() => { throw 7 })
globalThis.keep = registry
registry.register({}, 0)
setTimeout(() => { gc.collect(); Promise.resolve().then(() => console.log('not reached')) }, 10)`)
    expect(output(result)).toEqual(['first', 'awaited 1000'])
    expect(result.error).toMatchObject({ kind: 'runtime', message: '7', phase: 'microtask' })
    expect(result.engine.disposeError).toBeNull()
  })
})
