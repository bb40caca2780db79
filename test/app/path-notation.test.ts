import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { splitPath } from '../../src/app/panels/path-notation'

describe('splitPath', () => {
  it('splits the README examples at each reference', () => {
    expect(splitPath('globalThis.leakList[99]')).toEqual([
      { text: 'globalThis', kind: 'root' },
      { text: '.leakList', kind: 'step' },
      { text: '[99]', kind: 'step' },
    ])
    expect(splitPath('setInterval#1 → (closure tick).cache.get("u7")').map((p) => [p.kind, p.text])).toEqual([
      ['root', 'setInterval#1'],
      ['hop', ' → (closure tick)'],
      ['step', '.cache'],
      ['step', '.get("u7")'],
    ])
    expect(splitPath('(root)')).toEqual([{ text: '(root)', kind: 'root' }])
  })

  it('never splits inside a quoted key, brackets or parentheses', () => {
    expect(splitPath('cache.get("a.b[c] → d").x').map((p) => p.text)).toEqual(['cache', '.get("a.b[c] → d")', '.x'])
    expect(splitPath('o["say \\"hi\\"."][Symbol(a.b)]').map((p) => p.text)).toEqual(['o', '["say \\"hi\\"."]', '[Symbol(a.b)]'])
    expect(splitPath('owners.key(Session {…}).<target>').map((p) => p.text)).toEqual(['owners', '.key(Session {…})', '.<target>'])
  })

  // Paths built from the notation's own steps (src/analysis/notation.ts) split back into those steps.
  const identifier = fc.stringMatching(/^[A-Za-z_$][\w$]{0,8}$/)
  const index = fc.nat({ max: 100_000 }).map(String)
  const quoted = fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s))
  const step = fc.oneof(
    identifier.map((name) => [`.${name}`]),
    index.map((i) => [`[${i}]`]),
    quoted.map((key) => [`[${key}]`]),
    quoted.map((key) => [`.get(${key})`]),
    identifier.map((name) => [`.key(${name} {…})`]),
    index.map((i) => ['.values()', `[${i}]`]),
    fc.tuple(identifier, identifier).map(([fn, name]) => [` → (closure ${fn})`, `.${name}`]),
    fc.constant(['.<target>']),
    fc.constant(['.__proto__']),
    fc.nat({ max: 9 }).map((n) => [` → setTimeout#${n}`]),
  )
  const root = fc.oneof(identifier, fc.nat({ max: 99 }).map((n) => `setInterval#${n}`), fc.constant('(timers)'))

  it('gives back exactly the steps a path was built from', () => {
    fc.assert(
      fc.property(root, fc.array(step, { maxLength: 8 }), (first, steps) => {
        const parts = [first, ...steps.flat()]
        const split = splitPath(parts.join(''))
        expect(split.map((p) => p.text)).toEqual(parts)
        expect(split[0].kind).toBe('root')
        for (const p of split.slice(1)) expect(p.kind).toBe(p.text.startsWith(' → ') ? 'hop' : 'step')
      }),
    )
  })
})
