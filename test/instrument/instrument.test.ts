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

  it('maps a column in the instrumented code back to the source', () => {
    const source = 'const a = [{ x: 1 }]; a.missing.field'
    const out = instrument(source, 'main.js')
    const generated = out.code.indexOf('a.missing') + 1
    expect(out.originalColumn(1, generated)).toBe(source.indexOf('a.missing') + 1)
  })

  it('records where it inserted text, all of it ASCII: removing it from the code gives the source back', () => {
    const source = "#!/usr/bin/env leaklab\n'use strict'\nconst café = [{ '😀': () => café }]\nfunction f(𠮷) { return () => 𠮷 }\nswitch (1) { case 1: function g() {} }\nclass S { static { function h() {} } }\n"
    const out = instrument(source, 'main.js')
    let rebuilt = ''
    let inserted = ''
    let from = 0
    for (let i = 0; i < out.insertions.length; i += 2) {
      const start = out.insertions[i] + (i > 0 ? out.insertions[i - 1] : 0)
      const end = out.insertions[i] + out.insertions[i + 1]
      rebuilt += out.code.slice(from, start)
      inserted += out.code.slice(start, end)
      from = end
    }
    rebuilt += out.code.slice(from)
    expect(rebuilt).toBe(source)
    expect(inserted).toMatch(/^[\x20-\x7e]+$/)
    expect(inserted).toContain('__leaklab.a(g, ')
  })

  it('counts lines as QuickJS does, at \\n only', () => {
    expect(instrument('a\nb\r\nc', 'main.js').lineStarts).toEqual([0, 2, 5])
    expect(instrument('a\u2028b\rc\nd', 'main.js').lineStarts).toEqual([0, 6])
  })

  it('maps columns back in code points, as QuickJS counts them, also right after inserted text', () => {
    const source = "const s = '😀'; const a = [1].length\nconst b = '😀' + [2].map((x) => [x]).join()"
    const out = instrument(source, 'main.js')
    const columnOf = (text: string, line: number, token: string) => {
      const row = text.split('\n')[line - 1]
      return [...row.slice(0, row.indexOf(token))].length + 1
    }
    for (const [line, token] of [[1, '.length'], [2, '.map'], [2, '.join'], [2, '[x]'], [2, '(x)']] as const) {
      expect(out.originalColumn(line, columnOf(out.code, line, token)), token).toBe(columnOf(source, line, token))
    }
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
