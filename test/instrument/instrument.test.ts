import { describe, expect, it } from 'vitest'
import { instrument } from '../../src/instrument/instrument'
import { runProgram } from '../../src/engine/run'

const lines = (text: string) => text.split('\n').length

describe('instrument', () => {
  it('keeps every line where it was', () => {
    const source = "'use strict'\nconst a = [{ x: 1 }, new Map()]\nfunction f(y) {\n  return () => y + a.length\n}\n"
    const out = instrument(source, 'main.js')
    expect(lines(out.code)).toBe(lines(source))
    out.code.split('\n').forEach((line, i) => expect(line).toContain(source.split('\n')[i].trim().slice(0, 3)))
  })

  it('records allocation sites with line and column', () => {
    const out = instrument('const a = []\nconst b = {\n  c: new Set(),\n}', 'main.js')
    expect(out.sites).toEqual(
      expect.arrayContaining([
        { file: 'main.js', line: 1, column: 11 },
        { file: 'main.js', line: 2, column: 11 },
        { file: 'main.js', line: 3, column: 6 },
      ]),
    )
  })

  it('finds exactly the variables each closure captures', () => {
    const source = `
      const top = 1
      function outer(param) {
        const used = []
        const unused = []
        return function inner(x) { return x + used.length + param + top }
      }`
    const out = instrument(source, 'main.js')
    const inner = out.functions.find((f) => f.name === 'inner')!
    expect(inner.captures).toEqual(['param', 'used'])
    expect(out.functions.find((f) => f.name === 'outer')!.captures).toEqual([])
  })

  it('lists top-level let, const and class bindings, which are roots but not on globalThis', () => {
    const out = instrument('let a = 1\nconst { b, c: [d] } = x\nclass E {}\nvar f = 2\nfunction g() {}', 'main.js')
    expect(out.topLevel).toEqual(['a', 'b', 'd', 'E'])
  })

  it('maps a column in the instrumented code back to the source', () => {
    const source = 'const a = [{ x: 1 }]; a.missing.field'
    const out = instrument(source, 'main.js')
    const generated = out.code.indexOf('a.missing') + 1
    expect(out.originalColumn(1, generated)).toBe(source.indexOf('a.missing') + 1)
  })

  it('changes nothing a program can observe', async () => {
    const source = [
      "'use strict'",
      'const tick = () => 1',
      'const obj = { method() {}, ["com" + "puted"]: () => 2, arrow: () => 3, [Symbol.for("s")]: function () {} }',
      'class A { static make() { return new A() } field = () => 4 }',
      'const Anon = class {}',
      'let later; later = function () {}',
      'function declared() { return typeof declared }',
      'console.log(tick.name, obj.method.name, obj.computed.name, obj.arrow.name, obj[Symbol.for("s")].name)',
      'console.log(new A().field.name, Anon.name, later.name, declared(), A.make() instanceof A)',
      'console.log(Object.keys(globalThis).length, JSON.stringify({ a: [1, { b: 2 }] }), (function () { return this })())',
    ].join('\n')
    const plain = await runProgram(source, { inspect: false })
    const inspected = await runProgram(source, { inspect: true })
    expect(plain.ok).toBe(true)
    expect(inspected.console).toEqual(plain.console)
    expect(inspected.console.map((e) => e.text)).toEqual([
      'tick method computed arrow [s]',
      'field Anon later function true',
      '1 {"a":[1,{"b":2}]} undefined',
    ])
  })
})
