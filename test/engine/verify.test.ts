import { describe, expect, it } from 'vitest'
import { calledFunction } from '../../src/engine/behaviour'
import { runProgram } from '../../src/engine/run'
import { output, runWithLeakCheck } from './run-helpers'

/**
 * An exercise's verifier runs after the run, in the program's scope, and says in words whether the
 * program still does its job: what it returned when it passed; its own message, or what the program
 * threw, from which function and where, when it failed. It changes none of the run's figures.
 */
const WIDGETS = `class Widget {
  constructor(id) { this.id = id; this.rows = [1, 2, 3] }
  reopen() { return this.rows.length }
}
let last = null
const sent = []
function step(i) {
  last = new Widget(i)
  sent.push(i)
  console.log('step', i)
}
`

describe('the verifier', () => {
  it('passes when it finishes, and says what it returned', async () => {
    const result = await runWithLeakCheck(WIDGETS, { steps: 10, verify: "if (sent.length !== 10) throw new Error('not sent')\nreturn `all ${sent.length} sent`" })
    expect(result.ok).toBe(true)
    expect(result.behaviour).toEqual({ pass: true, says: 'all 10 sent', line: null })
  })

  it('without a string to return, says the program still does its job', async () => {
    const result = await runProgram(WIDGETS, { steps: 3, verify: 'last.reopen()' })
    expect(result.behaviour).toEqual({ pass: true, says: 'the program still does its job', line: null })
  })

  it("fails with the author's words when it throws an Error of its own", async () => {
    const result = await runProgram(WIDGETS, { steps: 3, verify: "if (sent.length < 10)\n  throw new Error(`only ${sent.length} metrics were sent, of 10`)" })
    expect(result.ok).toBe(true)
    expect(result.behaviour).toEqual({ pass: false, says: 'only 3 metrics were sent, of 10', line: null })
  })

  it("names the program's function that threw, what it threw and its line", async () => {
    const broken = WIDGETS.replace('return this.rows.length', 'return this.rows.length + this.data.id')
    const result = await runProgram(broken, { steps: 3, verify: 'last.reopen()' })
    expect(result.behaviour).toEqual({ pass: false, says: "reopen() threw TypeError: cannot read property 'id' of undefined (line 3)", line: 3 })
  })

  it('says so when a value the program should have kept is gone (a TypeError in the verifier)', async () => {
    const result = await runProgram(WIDGETS.replace('last = new Widget(i)', 'last = null'), { steps: 3, verify: 'last.reopen()' })
    expect(result.behaviour?.pass).toBe(false)
    expect(result.behaviour?.says).toMatch(/^TypeError: cannot read property 'reopen' of null/)
  })

  it('may await the program, and fails when what it awaits never settles', async () => {
    const program = 'let reply = null\nfunction ask() { return new Promise((resolve) => { reply = resolve }) }\nfunction step() {}'
    const settled = await runProgram(program, { steps: 1, verify: "const p = ask(); reply(42); if (await p !== 42) throw new Error('wrong reply')" })
    expect(settled.behaviour?.pass).toBe(true)
    const never = await runProgram(program, { steps: 1, verify: 'await ask()' })
    expect(never.behaviour).toMatchObject({ pass: false, says: expect.stringMatching(/never finished/) })
  })

  it('is held to the time limit, and its endless loop fails only the behaviour', async () => {
    const result = await runProgram('function step() {}\nfunction spin() {\n  for (;;) {}\n}', { steps: 3, timeoutMs: 500, verify: 'spin()' })
    expect(result.ok).toBe(true)
    expect(result.error).toBeNull()
    expect(result.behaviour?.pass).toBe(false)
    expect(result.behaviour?.says).toMatch(/^the verifier could not finish: The program ran longer than its time budget/)
  })

  it('changes none of the figures, prints nothing, and its names do not clash with the program', async () => {
    const plain = await runProgram(WIDGETS, { steps: 10 })
    const verified = await runProgram(WIDGETS, { steps: 10, verify: "console.log('from the verifier')\nconst sent = 1; const big = new Array(10000).fill({})\nreturn String(sent)" })
    expect(verified.behaviour).toEqual({ pass: true, says: '1', line: null })
    expect(output(verified)).toEqual(output(plain))
    expect(verified.samples.map((s) => s.objects)).toEqual(plain.samples.map((s) => s.objects))
    expect(verified.memory.objects).toBe(plain.memory.objects)
    expect(verified.heap?.snapshot?.nodes.length).toBe(plain.heap?.snapshot?.nodes.length)
  })

  it('does not run after a run that failed: the run error is the verdict', async () => {
    const result = await runProgram('function step(i) { if (i === 2) throw new Error("boom") }', { steps: 5, verify: 'return "ran"' })
    expect(result.error?.message).toBe('boom')
    expect(result.behaviour).toBeNull()
  })

  it("a syntax error in the verifier is the verifier's, at no line of the program", async () => {
    const result = await runProgram(WIDGETS, { steps: 1, verify: 'if (' })
    expect(result.behaviour).toMatchObject({ pass: false, line: null, says: expect.stringMatching(/^SyntaxError/) })
  })
})

describe('calledFunction', () => {
  it("is the program's outermost frame the verifier called", () => {
    const stack = '    at inner (main.js:3:5)\n    at reopen (main.js:7:3)\n    at verify (verify.js:1:10)\n    at <eval> (verify.js:2:3)'
    expect(calledFunction(stack, 'main.js')).toBe('reopen')
  })

  it('is none for an anonymous frame or a throw in the verifier itself', () => {
    expect(calledFunction('    at <anonymous> (main.js:3:5)\n    at verify (verify.js:1:10)', 'main.js')).toBeNull()
    expect(calledFunction('    at verify (verify.js:1:10)', 'main.js')).toBeNull()
    expect(calledFunction(undefined, 'main.js')).toBeNull()
  })
})
