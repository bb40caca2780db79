import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'
import type { RunErrorKind, RunResult } from '../../src/engine/types'
import { runWithLeakCheck } from './run-helpers'

/**
 * Where QuickJS's own limits fell short, and the patches that close the gaps (quickjs/README.md):
 * - 0005: the interrupt handler ran every 10,000 polls whatever each stood for, so a loop of long
 *   native calls (`s.indexOf("y")` over 100 KB) ran seconds past its budget, and a search for a long
 *   needle never polled at all; native work now charges the poll counter with what it did;
 * - 0006: steps of built-in iterators (Iterator.prototype.drop over `new Array(2 ** 32 - 1).keys()`)
 *   skipped the poll a call makes;
 * - 0007: more native loops poll (Array.from of an array-like, JSON.parse, case mappings, URI
 *   coding, TypedArray sort);
 * - 0008: a parser out of stack threw SyntaxError, a runtime error, instead of a stack error;
 * - 0009: recursions whose native frames are large for the shadow stack they use (the parser,
 *   JSON.stringify, Proxy and bound function chains) ran the host's own stack out inside the wasm
 *   before QuickJS's 128 KiB check tripped, and the runtime was abandoned.
 */
const MIB = 1024 * 1024
const TIMEOUT_MS = 500
/** Generous, for a loaded machine: this proves the run ends by its budget, not how fast (bench/ times). */
const SLACK_MS = 2000

interface Case {
  name: string
  source: string
  kinds: RunErrorKind[]
  /** The line the run stopped at, when it must be known. */
  line?: number
  memoryBytes?: number
}

async function expectEndsByBudget(c: Case): Promise<RunResult> {
  const result = await runProgram(c.source, { timeoutMs: TIMEOUT_MS, inspect: false, ...(c.memoryBytes ? { memoryBytes: c.memoryBytes } : {}) })
  expect(result.ok, JSON.stringify(result.error)).toBe(false)
  expect(c.kinds).toContain(result.error?.kind)
  if (c.line) expect(result.error?.line).toBe(c.line)
  expect(result.durationMs).toBeLessThan(TIMEOUT_MS + SLACK_MS)
  expect(result.engine.disposeError).toBeNull()
  return result
}

const run = (cases: Case[]) => {
  for (const c of cases) it(c.name, () => expectEndsByBudget(c))
}

// Unpatched, each ran 4 s to minutes past the budget (measured on a 2-core machine).
describe('a loop of long native calls stops at the budget (work-weighted polls)', () => {
  run([
    { name: 'indexOf over 100 KB, forever', source: 'const s = "x".repeat(1e5)\nfor (;;) s.indexOf("y")', kinds: ['timeout'], line: 2 },
    { name: 'lastIndexOf and includes over 100 KB, forever', source: 'const s = "x".repeat(1e5)\nfor (;;) s.lastIndexOf("y") + s.includes("y")', kinds: ['timeout'], line: 2 },
    { name: 'toUpperCase of 1 MB, forever', source: 'const s = "x".repeat(1e6)\nfor (;;) s.toUpperCase()', kinds: ['timeout'], line: 2 },
    { name: 'includes over a 1,000,000-element array, forever', source: 'const a = Array.from({ length: 1e6 }, (_, i) => i)\nfor (;;) a.includes(-1)', kinds: ['timeout'], line: 2 },
    { name: 'indexOf over a 10 MB typed array, forever', source: 'const bytes = new Uint8Array(1e7)\nfor (;;) bytes.indexOf(1)', kinds: ['timeout'], line: 2 },
  ])
})

describe('a string search for a long needle stops at the budget', () => {
  run([
    { name: 'indexOf', source: 'const hay = "x".repeat(1e6)\nhay.indexOf("x".repeat(1e4) + "y")', kinds: ['timeout'], line: 2 },
    { name: 'includes', source: 'const hay = "x".repeat(1e6)\nhay.includes("x".repeat(1e5) + "y")', kinds: ['timeout'], line: 2 },
    { name: 'lastIndexOf', source: 'const hay = "x".repeat(5e6)\nhay.lastIndexOf("x".repeat(1e4) + "y")', kinds: ['timeout'], line: 2 },
    { name: 'split', source: 'const hay = "x".repeat(5e6)\nhay.split("x".repeat(1000) + "y")', kinds: ['timeout'], line: 2 },
    { name: 'replaceAll', source: 'const hay = "x".repeat(2e6)\nhay.replaceAll("x".repeat(5000) + "y", "")', kinds: ['timeout'], line: 2 },
    { name: 'a wide string', source: 'const hay = "é".repeat(1e6)\nhay.indexOf("é".repeat(1e4) + "y")', kinds: ['timeout'], line: 2 },
  ])
})

describe('a native loop over a built-in iterator stops at the budget', () => {
  run([
    { name: 'Iterator.prototype.drop', source: 'new Array(2 ** 32 - 1).keys().drop(2 ** 40).next()', kinds: ['timeout'], line: 1 },
    { name: 'filter with a native callback, toArray', source: 'new Array(2 ** 32 - 1).keys().filter(Number.isNaN).toArray()', kinds: ['timeout'], line: 1 },
    { name: 'a string iterator dropped', source: '"x".repeat(2e7)[Symbol.iterator]().drop(1e10).next()', kinds: ['timeout', 'memory'] },
    { name: 'new Set of a huge iterator', source: 'new Set(new Array(2 ** 32 - 1).keys())', kinds: ['timeout', 'memory'] },
    { name: 'the spread of a sparse array', source: '[...new Array(1e8)]', kinds: ['timeout', 'memory'] },
    { name: "the spread of a sparse array's keys", source: '[...new Array(1e8).keys()]', kinds: ['timeout', 'memory'] },
  ])
})

describe('more native loops stop at the budget', () => {
  run([
    { name: 'Array.from of an array-like', source: 'Array.from({ length: 2 ** 32 - 1 })', kinds: ['timeout', 'memory'], memoryBytes: 256 * MIB },
    { name: 'JSON.parse of 20,000,000 elements', source: 'JSON.parse("[" + "1,".repeat(2e7) + "1]")', kinds: ['timeout', 'memory'], memoryBytes: 256 * MIB },
    { name: 'split("") of 20,000,000 characters', source: '"ab".repeat(1e7).split("")', kinds: ['timeout', 'memory'], memoryBytes: 256 * MIB },
    { name: 'toUpperCase of 100,000,000 characters', source: '"x".repeat(1e8).toUpperCase()', kinds: ['timeout', 'memory'], memoryBytes: 256 * MIB },
    { name: 'encodeURIComponent of 10,000,000 characters', source: 'encodeURIComponent("é".repeat(1e7))', kinds: ['timeout', 'memory'], memoryBytes: 256 * MIB },
    { name: 'Uint8Array sort of 100,000,000 bytes', source: 'const bytes = new Uint8Array(1e8)\nfor (let i = 0; i < 1e8; i += 4096) bytes[i] = i\nbytes.sort()', kinds: ['timeout'], memoryBytes: 256 * MIB },
    { name: 'Float64Array sort of 20,000,000 numbers', source: 'const numbers = new Float64Array(2e7)\nfor (let i = 0; i < 2e7; i += 1000) numbers[i] = -i\nnumbers.sort()', kinds: ['timeout'], memoryBytes: 256 * MIB },
  ])
})

/** Ends as a stack error, and the runtime is freed cleanly: the host's own stack did not run out inside it. */
async function expectStack(source: string, line?: number): Promise<RunResult> {
  const result = await runProgram(source, { timeoutMs: 2000, inspect: false })
  expect(result.error, JSON.stringify(result.error)).toMatchObject({ kind: 'stack', name: 'InternalError' })
  expect(result.error?.message).toMatch(/^stack overflow/)
  if (line) expect(result.error?.line).toBe(line)
  expect(result.engine.disposeError).toBeNull()
  return result
}

describe('a parser out of stack is a stack error, not a SyntaxError', () => {
  it('JSON.parse of 100,000-deep text', () => expectStack('const text = "[".repeat(1e5)\nJSON.parse(text)', 2))
  it('eval deep in a recursion', () => expectStack('function r() {\n  eval("r()")\n}\nr()'))
  it('new Function deep in a recursion', () => expectStack('function r() {\n  new Function("f", "f()")(r)\n}\nr()'))
  it('a regular expression nested too deep', () => expectStack('new RegExp("(?:a|".repeat(5000))'))

  it('the guest sees an InternalError it can catch, located in the text', async () => {
    const result = await runProgram('try {\n  JSON.parse("[".repeat(1e5))\n} catch (e) {\n  console.log(e.name, e.message, e.stack.split("\\n")[0].trim())\n}')
    expect(result.error).toBeNull()
    expect(result.console.map((e) => e.text)).toEqual([expect.stringMatching(/^InternalError stack overflow at <input>:1:\d+$/)])
  })

  it('text that is wrong is still a SyntaxError', async () => {
    const result = await runProgram('try { JSON.parse("[1,") } catch (e) { console.log(e.name) }\ntry { eval("(") } catch (e) { console.log(e.name) }\ntry { new RegExp("(") } catch (e) { console.log(e.name) }')
    expect(result.console.map((e) => e.text)).toEqual(['SyntaxError', 'SyntaxError', 'SyntaxError'])
  })
})

describe("deep native recursion trips QuickJS's stack limit before the host's own stack runs out", () => {
  const nested = (open: string, close: string, n: number) => open.repeat(n) + close.repeat(n)
  it('an array literal nested 1,000 deep in the source', async () => {
    const result = await expectStack(`const nest = ${nested('[', ']', 1000)}`)
    expect(result.error?.phase).toBe('script')
  })
  it('parentheses 3,000 deep in eval', () => expectStack('eval("(".repeat(3000) + "1" + ")".repeat(3000))'))
  it('functions nested 1,000 deep in the source', () => expectStack(`const f = ${'() => '.repeat(1000)}1`))
  it('an object literal nested 1,000 deep in new Function', () => expectStack(`new Function(${JSON.stringify(`return ${nested('{a:', '}', 1000)}`)})`))
  it('JSON.stringify of 10,000-deep arrays', () => expectStack('let d = []\nfor (let i = 0; i < 1e4; i++) d = [d]\nJSON.stringify(d)', 3))
  it('JSON.stringify of 100,000-deep objects', () => expectStack('let d = {}\nfor (let i = 0; i < 1e5; i++) d = { d }\nJSON.stringify(d)', 3))
  for (const op of ['Object.getPrototypeOf(d)', 'Object.isExtensible(d)', 'Object.preventExtensions(d)', 'Object.setPrototypeOf(d, null)', 'Object.defineProperty(d, "x", { value: 1 })', 'd.x = 1', 'delete d.x', '"x" in d']) {
    it(`${op} through 100,000 Proxies`, () => expectStack(`let d = {}\nfor (let i = 0; i < 1e5; i++) d = new Proxy(d, {})\n${op}`, 3))
  }
  // Each bound function's name is one 'bound ' longer than its target's: 3,000 of them take 27 MB.
  it('a call through 3,000 bound functions', () => expectStack('let d = function () {}\nfor (let i = 0; i < 3000; i++) d = d.bind(null)\nd()', 3))
  it('new through 3,000 bound functions', () => expectStack('let d = function () {}\nfor (let i = 0; i < 3000; i++) d = d.bind(null)\nnew d()', 3))
  it('flat(Infinity) of 10,000-deep arrays', () => expectStack('let d = []\nfor (let i = 0; i < 1e4; i++) d = [d]\nd.flat(Infinity)', 3))
  it('JSON.parse of 3,400-deep text with a reviver', () => expectStack('const text = "[".repeat(3400) + "]".repeat(3400)\nJSON.parse(text, (k, v) => v)', 2))
  // Deeper than 3,500 levels is out of stack for JSON.parse, wherever it is called (a Chromium worker's stack holds about 4,300).
  it('JSON.parse of 3,600-deep text', () => expectStack('const text = "[".repeat(3600) + "]".repeat(3600)\nJSON.parse(text)', 2))
  it('recursion through valueOf', () => expectStack('const o = { valueOf() { return +this } }\n;+o'))

  it('the next run in the same process works', async () => {
    await expectStack(`const nest = ${nested('[', ']', 1000)}`)
    const next = await runProgram('console.log([[1]].flat().length + JSON.stringify([[2]]).length)')
    expect(next.console.map((e) => e.text)).toEqual(['6'])
  })
})

describe('ordinary use gives the same answers', () => {
  it('string searches', async () => {
    const source = [
      'const s = "abcabcabd" + "é".repeat(3) + "\\u{1F600}z"',
      'console.log(s.indexOf("abd"), s.indexOf("abc", 1), s.lastIndexOf("abc"), s.lastIndexOf("abc", 2), s.indexOf(""), s.lastIndexOf(""), s.indexOf("zz"))',
      'console.log(s.includes("éé"), s.includes("\\u{1F600}z"), s.includes("x"), s.startsWith("abca"), s.startsWith("bc", 1), s.endsWith("z"), s.endsWith("é", 12))',
      'console.log(s.split("c").length, s.split("").length, s.split("é").join("-"), "a,b,,c".split(",", 3).join("|"))',
      'console.log("aXbXXc".replaceAll("X", "-"), "aXb".replace("X", "$&$&"), "abc".replaceAll("", "."), "x".repeat(5000).indexOf("x".repeat(4999) + "y"))',
      'const long = "ab".repeat(50000) + "needle" + "ab".repeat(50000)',
      'console.log(long.indexOf("needle"), long.lastIndexOf("abneedle"), long.includes("needleab"), long.split("needle").map((p) => p.length).join())',
    ].join('\n')
    const result = await runProgram(source)
    expect(result.error).toBeNull()
    expect(result.console.map((e) => e.text)).toEqual([
      '6 3 3 0 0 15 -1',
      'true true false true true true true',
      '3 15 abcabcabd---😀z a|b|',
      'a-b--c aXXb .a.b.c. -1',
      '100000 99998 true 100000,100000',
    ])
  })

  it('TypedArray sort without a comparator, for every type', async () => {
    const source = [
      'const out = []',
      'for (const T of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array]) {',
      '  const a = new T(5000)',
      '  for (let i = 0; i < a.length; i++) a[i] = T === BigInt64Array ? BigInt((i * 7919) % 1000 - 500) : (i * 7919) % 1000 - 500',
      '  const expected = Array.from(a).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))',
      '  a.sort()',
      '  out.push(T.name + ":" + a.every((x, i) => x === expected[i]))',
      '}',
      'console.log(out.join(" "))',
      'console.log(new Int8Array([127, -128, 0, -1]).sort().join(), new Uint16Array([65535, 0, 256]).sort().join(), new Float64Array([NaN, -0, 0, -Infinity]).sort().join())',
    ].join('\n')
    const result = await runProgram(source)
    expect(result.error).toBeNull()
    expect(result.console.map((e) => e.text)).toEqual([
      'Int8Array:true Uint8Array:true Uint8ClampedArray:true Int16Array:true Uint16Array:true Int32Array:true Uint32Array:true Float32Array:true Float64Array:true BigInt64Array:true',
      '-128,-1,0,127 0,256,65535 -Infinity,0,0,NaN',
    ])
  })

  it('the natives that poll now', async () => {
    const source = [
      'console.log(Array.from({ length: 3, 1: "b" }).join("-"), [...new Array(2)].length, [...[1, 2].keys()].join(), [...new Set([1, 1, 2])].join(), Array.from("héllo").length)',
      'console.log([1, 2, 3, 4].values().drop(1).filter((x) => x % 2).toArray().join(), new Array(5).keys().drop(3).next().value, [..."abc"[Symbol.iterator]().drop(1)].join(""))',
      'console.log(JSON.parse("[1,{\\"a\\":[2,{}]}]")[1].a[0], "ǅaÉ".toUpperCase(), "ΣΑΣ".toLowerCase(), "é".normalize("NFD").length, "a".localeCompare("b"))',
      'console.log(encodeURIComponent("é &"), encodeURI("http://x/é?a=b"), decodeURIComponent("%C3%A9%20"), escape("é!"), unescape("%u00e9%41"))',
      'console.log([1, 2, 3].indexOf(3), [1, 2, 3].includes(2), [1, 2, 3].reverse().join(), [1, 2, 3].shift(), new Uint8Array([1, 2, 3]).indexOf(3), new Uint8Array(3).fill(7).join(), new Uint8Array([1, 2, 3]).reverse().join())',
    ].join('\n')
    const result = await runProgram(source)
    expect(result.error).toBeNull()
    expect(result.console.map((e) => e.text)).toEqual([
      '-b- 2 0,1 1,2 5',
      '3 3 bc',
      '2 ǄAÉ σας 2 -1',
      '%C3%A9%20%26 http://x/%C3%A9?a=b é  %E9%21 éA',
      '2 true 3,2,1 1 2 7,7,7 3,2,1',
    ])
  })

  it('nesting well within the limits still works', async () => {
    const source = [
      `const nest = ${'['.repeat(150)}1${']'.repeat(150)}`,
      'let depth = 0\nfor (let a = nest; Array.isArray(a); a = a[0]) depth++',
      `const parens = ${'('.repeat(150)}2${')'.repeat(150)}`,
      'const parsed = JSON.parse("[".repeat(3000) + "]".repeat(3000))',
      'let d = []\nfor (let i = 0; i < 1000; i++) d = [d]',
      'let p = {}\nfor (let i = 0; i < 1000; i++) p = new Proxy(p, {})',
      'let b = function () { return 3 }\nfor (let i = 0; i < 300; i++) b = b.bind(null)',
      'function dive(n) { return n === 0 ? 0 : dive(n - 1) + 1 }',
      'console.log(depth, parens, Array.isArray(parsed), JSON.stringify(d).length, Object.getPrototypeOf(p) === Object.prototype, b(), dive(900))',
    ].join('\n')
    const result = await runProgram(source)
    expect(result.error).toBeNull()
    expect(result.console.map((e) => e.text)).toEqual(['150 2 true 2002 true 3 900'])
  })
})

describe('no wasm memory is leaked when these runs are stopped', () => {
  const programs: Record<string, string> = {
    'a string search interrupted': '"x".repeat(1e6).indexOf("x".repeat(1e4) + "y")',
    'escape interrupted': 'for (;;) escape("é".repeat(1e5))',
    'a counting sort interrupted': 'const bytes = new Uint8Array(3e7)\nbytes.sort()',
    'a TypedArray sort interrupted': 'const numbers = new Float64Array(4e6)\nfor (let i = 0; i < 4e6; i++) numbers[i] = (i * 7919) % 1e6\nnumbers.sort()',
    'eval out of stack': 'eval("(".repeat(1e5))',
    'the parser out of stack in new Function': 'function r() { new Function("f", "f()")(r) }\nr()',
    'a Proxy chain out of stack': 'let d = {}\nfor (let i = 0; i < 1e5; i++) d = new Proxy(d, {})\nObject.getPrototypeOf(d)',
  }
  for (const [name, source] of Object.entries(programs)) {
    it(name, async () => {
      const result = await runWithLeakCheck(source, { timeoutMs: 500, inspect: false })
      expect(result.ok).toBe(false)
      expect(result.engine.disposeError).toBeNull()
    })
  }
})
