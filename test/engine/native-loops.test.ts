import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'
import type { RunErrorKind } from '../../src/engine/types'
import { runWithLeakCheck } from './run-helpers'

/**
 * QuickJS's native loops over a length the program chose (`indexOf`, `join`, `reverse`… on a huge
 * array-like) call no guest code per element, so the interpreter never polled the interrupt handler
 * there: `Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1)` never returned.
 * quickjs/patches/0002-poll-interrupts-in-native-loops.patch polls in each of them.
 */
const TIMEOUT_MS = 1000
/** Generous: this proves the run ends, not how fast (timing targets belong in bench/). */
const ENDS_WITHIN_MS = 10_000

/** The learner's call is on line 3 of each program. */
const program = (call: string) => `// a huge array-like, with nothing in it\nconst huge = { length: 2 ** 53 - 1 }\nconst result = ${call}\nconsole.log(result)`

interface Case {
  name: string
  source: string
  line: number
  /** 'timeout' unless the loop also grows a string, which may reach the memory budget first. */
  kinds?: RunErrorKind[]
}

const endless: Case[] = [
  { name: 'indexOf', source: program('Array.prototype.indexOf.call(huge, 1)'), line: 3 },
  { name: 'lastIndexOf', source: program('Array.prototype.lastIndexOf.call(huge, 1)'), line: 3 },
  { name: 'includes', source: program('Array.prototype.includes.call(huge, 1)'), line: 3 },
  { name: 'join', source: program("Array.prototype.join.call(huge, '')"), line: 3 },
  { name: 'reverse', source: program('Array.prototype.reverse.call(huge)'), line: 3 },
  { name: 'copyWithin', source: program('Array.prototype.copyWithin.call(huge, 0, 1)'), line: 3 },
  { name: 'shift', source: program('Array.prototype.shift.call(huge)'), line: 3 },
  { name: 'unshift', source: program('Array.prototype.unshift.call({ length: 2 ** 53 - 2 }, 1)'), line: 3 },
  { name: 'slice', source: program('Array.prototype.slice.call(huge, 0, 2 ** 32 - 1)'), line: 3 },
  { name: 'splice', source: program('Array.prototype.splice.call(huge, 0, 2 ** 32 - 1)'), line: 3 },
  { name: 'concat', source: program('[].concat({ length: 2 ** 53 - 1, [Symbol.isConcatSpreadable]: true })'), line: 3 },
  { name: 'forEach (holes call no callback)', source: program('Array.prototype.forEach.call(huge, () => {})'), line: 3 },
  { name: 'some', source: program('Array.prototype.some.call(huge, () => true)'), line: 3 },
  { name: 'every', source: program('Array.prototype.every.call(huge, () => false)'), line: 3 },
  { name: 'map', source: program('Array.prototype.map.call({ length: 2 ** 32 - 1 }, (x) => x)'), line: 3 },
  { name: 'filter', source: program('Array.prototype.filter.call(huge, () => true)'), line: 3 },
  { name: 'reduce', source: program('Array.prototype.reduce.call(huge, (a) => a, 0)'), line: 3 },
  { name: 'reduce without an initial value', source: program('Array.prototype.reduce.call(huge, (a) => a)'), line: 3 },
  { name: 'reduceRight', source: program('Array.prototype.reduceRight.call(huge, (a) => a, 0)'), line: 3 },
  { name: 'flat', source: program('Array.prototype.flat.call(huge)'), line: 3 },
  { name: 'flatMap', source: program('Array.prototype.flatMap.call(huge, (x) => x)'), line: 3 },
  { name: 'sort', source: program('Array.prototype.sort.call(huge)'), line: 3 },
  // Writes past a typed array's end are ignored, so fill grows nothing here.
  { name: 'fill', source: program('Array.prototype.fill.call(Object.create(new Uint8Array(0), { length: { value: 2 ** 53 - 1 } }), 0)'), line: 3 },
  { name: 'a sparse real array (indexOf)', source: program('new Array(2 ** 32 - 1).indexOf(1)'), line: 3 },
  { name: 'a sparse real array (join)', source: program("new Array(2 ** 32 - 1).join('')"), line: 3 },
  { name: 'inside a function', source: 'function find(list, x) {\n  return list.lastIndexOf(x)\n}\nfind(new Array(2 ** 32 - 1), 1)', line: 2 },
  { name: 'toString', source: program('Array.prototype.toString.call({ length: 2 ** 53 - 1, join: Array.prototype.join })'), line: 3, kinds: ['timeout', 'memory'] },
  { name: 'toLocaleString', source: program('Array.prototype.toLocaleString.call(huge)'), line: 3, kinds: ['timeout', 'memory'] },
  { name: 'JSON.stringify', source: program('JSON.stringify(new Array(2 ** 32 - 1))'), line: 3, kinds: ['timeout', 'memory'] },
  // It appends "undefined" per element and ignored the failure once the string could not grow.
  { name: 'String.raw', source: program('String.raw({ raw: huge })'), line: 3, kinds: ['timeout', 'memory'] },
]

const MIB = 1024 * 1024

/**
 * Finite, but unpatched each ran past the 1 s budget and ended "ok" (4-14 s, measured on a 2-core
 * machine), sized so that a machine a few times faster would still run past it.
 */
const bounded: (Case & { memoryBytes?: number })[] = [
  { name: 'indexOf on { length: 3e8 }', source: 'const big = { length: 3e8 }\nconst at = Array.prototype.indexOf.call(big, 1)\nconsole.log(at)', line: 2 },
  { name: 'join on { length: 3e8 }', source: 'const big = { length: 3e8 }\nconst text = Array.prototype.join.call(big, "")\nconsole.log(text.length)', line: 2 },
  { name: 'new Uint8Array from an array-like', source: 'const bytes = new Uint8Array({ length: 1.2e8 })\nconsole.log(bytes.length)', line: 1, memoryBytes: 256 * MIB },
  { name: 'TypedArray set from an array-like', source: 'const bytes = new Uint8Array(1.2e8)\nbytes.set({ length: 1.2e8 })', line: 2, memoryBytes: 256 * MIB },
  { name: 'TypedArray join', source: 'const bytes = new Uint8Array(4e7)\nconst text = bytes.join("")\nconsole.log(text.length)', line: 2, memoryBytes: 256 * MIB },
]

async function expectStopped(c: Case, memoryBytes?: number): Promise<void> {
  const result = await runProgram(c.source, { timeoutMs: TIMEOUT_MS, ...(memoryBytes ? { memoryBytes } : {}) })
  expect(result.ok).toBe(false)
  expect(c.kinds ?? ['timeout']).toContain(result.error?.kind)
  expect(result.error?.line).toBe(c.line)
  expect(result.durationMs).toBeLessThan(ENDS_WITHIN_MS)
  expect(result.console).toEqual([])
}

describe('native loops over a huge array-like end with the time limit, at the learner\'s line', () => {
  for (const c of endless) it(c.name, () => expectStopped(c))
})

describe('native loops that would run seconds past the budget stop at it', () => {
  for (const c of bounded) it(c.name, () => expectStopped(c, c.memoryBytes))
})

describe('after a native loop is interrupted', () => {
  it('the next run works', async () => {
    const stopped = await runProgram(program('Array.prototype.indexOf.call(huge, 1)'), { timeoutMs: TIMEOUT_MS })
    expect(stopped.error?.kind).toBe('timeout')
    const next = await runProgram('console.log([1, 2, 3].indexOf(3), [1, 2].join("-"), Array.prototype.indexOf.call({ length: 3, 2: "x" }, "x"))')
    expect(next.ok).toBe(true)
    expect(next.console.map((e) => e.text)).toEqual(['2 1-2 2'])
  })

  it('the guest cannot catch the timeout and carry on', async () => {
    const source = 'try {\n  Array.prototype.join.call({ length: 2 ** 53 - 1 }, "")\n} catch (e) {\n  console.log("caught", e)\n}\nconsole.log("after")'
    const result = await runProgram(source, { timeoutMs: TIMEOUT_MS })
    expect(result.error).toMatchObject({ kind: 'timeout', line: 2 })
    expect(result.console).toEqual([])
  })
})

describe('ordinary use gives the same answers', () => {
  it('indexOf, lastIndexOf and includes on a 1,000,000-element array', async () => {
    const source = [
      'const a = Array.from({ length: 1e6 }, (_, i) => i)',
      'console.log(a.indexOf(999999), a.indexOf(-1), a.lastIndexOf(0), a.lastIndexOf(500000), a.includes(123456), a.includes(1e6))',
      // The generic loop, past many interrupt polls (the handler says go on every time).
      'const sparse = { length: 300000, 299999: "x" }',
      'console.log(Array.prototype.indexOf.call(sparse, "x"), Array.prototype.lastIndexOf.call(sparse, "x", 1000), Array.prototype.includes.call(sparse, "x"))',
    ].join('\n')
    const result = await runProgram(source)
    expect(result.error).toBeNull()
    expect(result.console.map((e) => e.text)).toEqual(['999999 -1 0 500000 true false', '299999 -1 true'])
  })

  it('join, reverse, sort, splice and friends', async () => {
    const source = [
      'const words = Array.from({ length: 100000 }, (_, i) => "w" + i)',
      'const text = words.join(" ")',
      'console.log(text.length, text.slice(0, 8), text.slice(-6))',
      'console.log([1, [2, 3]].join(), Array.prototype.join.call({ length: 3, 0: "a", 2: "c" }, "-"), String([null, undefined, 1]))',
      'console.log([1, 2, 3].reverse().join(""), [3, 1, 2].sort().join(""), [1, 2, 3, 4].splice(1, 2).join(""), [1, 2, 3].slice(1).join(""))',
      'console.log([1, 2, 3, 4, 5].copyWithin(0, 3).join(""), [[1], [2, [3]]].flat(2).join(""), [1, 2].concat([3], 4).join(""), new Array(3).fill(7).join(""))',
      'console.log([1, 2, 3].reduce((a, b) => a + b), [1, 2, 3].map((x) => x * 2).join(""), JSON.stringify([1, null, "a"]), String.raw`a${1}b`)',
      'console.log(new Uint8Array({ length: 3, 0: 1, 1: 2, 2: 3 }).join("-"), String(new Uint8Array([4, 5])))',
    ].join('\n')
    const result = await runProgram(source)
    expect(result.error).toBeNull()
    expect(result.console.map((e) => e.text)).toEqual([
      '688889 w0 w1 w2 w99999',
      '1,2,3 a--c ,,1',
      '321 123 23 23',
      '45345 123 1234 777',
      '6 246 [1,null,"a"] a1b',
      '1-2-3 4,5',
    ])
  })
})

describe('an interrupted native loop frees everything it held', () => {
  const programs: Record<string, string> = {
    'join (its string buffer)': 'Array.prototype.join.call({ length: 2 ** 53 - 1, 0: "a", 1: "b" }, "")',
    'sort (the values it collected)': 'Array.prototype.sort.call(Object.assign({ length: 2 ** 53 - 1 }, [{}, "b", 1]))',
    'splice (the array it made)': 'Array.prototype.splice.call(Object.assign({ length: 2 ** 53 - 1 }, [{}, "b"]), 0, 2 ** 32 - 1)',
    'JSON.stringify (its stack)': 'JSON.stringify([[new Array(2 ** 32 - 1)]])',
    'new Uint8Array from an array-like': 'new Uint8Array({ length: 5e7, 0: 1 })',
  }
  for (const [name, source] of Object.entries(programs)) {
    it(name, async () => {
      const result = await runWithLeakCheck(source, { timeoutMs: 1500 })
      expect(result.error?.kind).toBe('timeout')
      expect(result.engine.disposeError).toBeNull()
    })
  }
})
