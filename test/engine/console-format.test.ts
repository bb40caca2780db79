import fc from 'fast-check'
import { Console } from 'node:console'
import { Writable } from 'node:stream'
import { format } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'
import type { RunOptions, RunResult } from '../../src/engine/types'

/** Declarations both engines evaluate before each expression of the corpus. */
const SETUP = String.raw`
class DataHolder { constructor(data) { this.data = data } }
class A {}
class B extends A {}
class ValidationError extends Error {}
ValidationError.prototype.name = 'ValidationError'
class Foo extends Map {}
class Bar extends Array {}
class Tagged { get [Symbol.toStringTag]() { return 'Tag' } }
class Pretty { toString() { return 'Pretty!' } }
class WithStatic { static count = 3 }
const circular = { name: 'root' }
circular.self = circular
const multi = { a: {}, b: {} }
multi.a.parent = multi
multi.b.self = multi.b
const selfMap = new Map()
selfMap.set('self', selfMap)
function named() {}
function args() { return arguments }
`

/**
 * Expressions whose console.log output must be byte-for-byte what Node prints. Each is the
 * argument list of one console.log call, as JavaScript source.
 */
const CORPUS: string[] = [
  // objects, nesting and depth
  String.raw`{ a: 1, b: 'two', c: [1, 2, 3], d: { e: { f: { g: 1 } } } }`,
  String.raw`[[[[1]]]]`,
  String.raw`{ a: { b: { c: [] } }, x: { y: { z: {} } } }`,
  String.raw`{ l1: { l2: { l3: { l4: 'deep' } } } }, 'and', { shallow: true }`,
  String.raw`{ key: 'value', nested: { arr: [1, 2, 3], obj: { deep: true } }, more: 'text that is long enough to wrap the line' }`,
  String.raw`Object.fromEntries(Array.from({ length: 30 }, (_, i) => ['key' + i, i]))`,
  String.raw`Array.from({ length: 5 }, (_, i) => ({ id: i, name: 'item' + i, tags: ['a', 'b'] }))`,
  String.raw`{ b: 1, 2: 'x', a: 2, 1: 'y' }`,
  String.raw`{ 'a-b': 1, 'with space': 2, '1x': 3, "it's": 4, valid_name$: 5, ['__proto__']: 6 }`,
  String.raw`{}, [], [''], '', { '': 1 }`,
  String.raw`[undefined, null, true, false], undefined, null`,
  String.raw`Object.defineProperty({ shown: 1 }, 'hidden', { value: 2, enumerable: false })`,
  // class instances, prototypes, tags
  String.raw`new DataHolder(1), [new DataHolder({ x: { y: { z: 1 } } })]`,
  String.raw`Array.from({ length: 3 }, (_, i) => new DataHolder(i))`,
  String.raw`Object.create(null), Object.assign(Object.create(null), { a: 1 })`,
  String.raw`Object.create(Object.create(null))`,
  String.raw`new Tagged(), { [Symbol.toStringTag]: 'Own' }`,
  String.raw`Math, JSON`,
  String.raw`args(1, 'two')`,
  // functions and classes
  String.raw`named, () => {}, function () {}, async function af() {}, function* gen() {}, async () => {}, async function* ag() {}`,
  String.raw`A, B, class extends A {}, class {}, WithStatic`,
  String.raw`{ fn() {}, arrow: () => 1, async am() {}, named }`,
  String.raw`Object.assign(function withProps() {}, { a: 1 }), named.bind(null)`,
  // primitives
  String.raw`Symbol('x'), Symbol(), Symbol.iterator, { [Symbol('k')]: 1, [Symbol()]: 2 }`,
  String.raw`10n, -0, [-0], 0, NaN, -Infinity, 1e21, 0.1 + 0.2, 5e-324, [1e-7, -1e21]`,
  String.raw`'top level is bare', ['it\'s', 'say "hi"', 'both \' and "', 'all \' " \x60']`,
  String.raw`['a\nb', 'tab\there', '\x00\x1b\x7f', 'caf\u00e9', 'lone \ud800 surrogate', 'back\\slash']`,
  String.raw`{ text: 'x'.repeat(100) }, ['y'.repeat(90)]`,
  String.raw`{ s: 'line one is here\nline two is here too\nline three is the last one of them' }`,
  // cycles
  String.raw`circular`,
  String.raw`{ wrapper: circular }`,
  String.raw`multi`,
  String.raw`selfMap`,
  String.raw`[circular, circular]`,
  // arrays: sparse, long, grouped
  String.raw`[1, , 3], new Array(5), [, , 1, , ,]`,
  String.raw`Object.assign([1, 2], { extra: true }), Object.assign([], { only: 'key' })`,
  String.raw`Array.from({ length: 30 }, (_, i) => i * 100)`,
  String.raw`Array.from({ length: 120 }, (_, i) => i)`,
  String.raw`new Array(101).fill(0)`,
  String.raw`[1.5, -2, 3.25, 100, -0.5, 7, 8, 1000000]`,
  String.raw`['a', 'bb', 'ccc', 'dddd', 'e', 'f', 'g']`,
  String.raw`Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i).repeat((i % 5) + 1))`,
  String.raw`Array.from({ length: 12 }, (_, i) => ({ i }))`,
  String.raw`['\u65e5\u672c', '\u4e2d\u6587', 'a', 'b', 'c', 'd', 'e']`,
  String.raw`[1n, 22n, 333n, 4444n, 5n, 6n, 7n]`,
  String.raw`new Bar(3), Bar.from([1, 2])`,
  // Map, Set, weak collections
  String.raw`new Map([['a', 1], ['b', { c: 2 }]]), new Set([1, 'two', [3]])`,
  String.raw`new Map(), new Set(), new WeakMap(), new WeakSet(), new WeakRef({})`,
  String.raw`[new Map([[{ k: 1 }, new Set([1])]])], new Map([[NaN, 'nan'], [{}, []]])`,
  String.raw`new Map(Array.from({ length: 150 }, (_, i) => [i, 'v' + i]))`,
  String.raw`new Set([{ a: { b: { c: 1 } } }]), new Foo([[1, 2]])`,
  String.raw`Object.setPrototypeOf(new Map([[1, 2]]), null), Object.setPrototypeOf(new Set([1]), null)`,
  // dates, regexps, boxed primitives, binary data
  String.raw`new Date(0), new Date(NaN), [new Date(86400000)], { when: new Date(1e12) }`,
  String.raw`/ab+c/gi, [/x/], new RegExp('a/b'), Object.assign(/r/, { flag: 1 })`,
  String.raw`new Number(3), new String('ab'), new Boolean(false), Object(10n), Object(Symbol('s')), Object.assign(new Number(-0), { p: 1 })`,
  String.raw`new Uint8Array([1, 2, 3]), new Float64Array(2), new BigInt64Array(2), new Int16Array(0)`,
  String.raw`new Uint8Array(200)`,
  String.raw`new ArrayBuffer(3), new DataView(new ArrayBuffer(2)), new ArrayBuffer(120)`,
  // accessors, symbols as keys, custom inspection
  String.raw`{ get a() { return 1 }, get b() { return 1 }, set b(v) {}, set c(v) {}, get boom() { throw new Error('never called') } }`,
  String.raw`{ [Symbol('sym key')]: 'v', [Symbol.for('registered')]: [1] }`,
  String.raw`{ [Symbol.for('nodejs.util.inspect.custom')]() { return 'CUSTOM' } }, { inner: { [Symbol.for('nodejs.util.inspect.custom')](depth) { return { depth } } } }`,
  // proxies: Node shows the target without running traps; traps that tell the truth look the same
  String.raw`new Proxy({ a: 1 }, {}), new Proxy([1, 2], {}), new Proxy(named, {})`,
  String.raw`(() => { const r = Proxy.revocable({}, {}); r.revoke(); return [r.proxy] })()`,
  // errors without frames print alike in both engines
  String.raw`(() => { const e = new RangeError('no stack'); e.stack = ''; return e })()`,
  String.raw`(() => { const e = new ValidationError('bad input'); e.stack = ''; return [e] })()`,
  // util.format directives
  String.raw`'%s', 'str'`,
  String.raw`'%s %s %s', 42, 10n, -0`,
  String.raw`'%s', { a: { b: 1 } }`,
  String.raw`'%s|%s', new DataHolder(1), [1, [2, [3]]]`,
  String.raw`'%s', Symbol('s')`,
  String.raw`'%s %s', null, undefined`,
  String.raw`'%s', new Pretty()`,
  String.raw`'%d %d %d %d', '42', 10n, {}, -0`,
  String.raw`'%i %i %i', 42.9, '0x10', 'abc'`,
  String.raw`'%f %f', '1.5e3', 'x'`,
  String.raw`'%j %j', { a: [1] }, 'str'`,
  String.raw`'%j', circular`,
  String.raw`'%o', [1, 2]`,
  String.raw`'%o', { a: { b: { c: { d: { e: 1 } } } } }`,
  String.raw`'%O', { a: { b: { c: { d: 1 } } } }`,
  String.raw`'%c styled', 'color: red'`,
  String.raw`'100%% sure'`,
  String.raw`'100%% sure', 1`,
  String.raw`'%x %s', 'a'`,
  String.raw`'%s:%s', 'only one'`,
  String.raw`'%s'`,
  String.raw`'a', 'b', 1, { c: 2 }`,
  String.raw`5, 'then %s', 'not a format'`,
  String.raw``,
]

const MARK = '<<threw>> '

/** The corpus as one program: each expression logged on its own, a throw reported, not fatal. */
function corpusProgram(): string {
  const lines = CORPUS.map((expr) => `try { console.log(${expr}) } catch (e) { console.log(${JSON.stringify(MARK)} + e) }`)
  return `${SETUP}\n${lines.join('\n')}`
}

/** What Node itself prints for console.log(<expr>): util.format is console.log's formatter. */
function nodeFormat(expr: string): string {
  const values = new Function(`${SETUP}\nreturn [${expr}]`)() as unknown[]
  return format(...values)
}

/** Run a program on the real engine and return its console. */
async function run(source: string, options: Partial<RunOptions> = {}): Promise<RunResult> {
  const result = await runProgram(source, { steps: 0, ...options })
  expect(result.error).toBeNull()
  return result
}

/** Node's console writing into an array, stdout and stderr alike, one entry a write. */
function nodeConsole(): { console: Console; lines: string[] } {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk).replace(/\n$/, ''))
      callback()
    },
  })
  return { console: new Console({ stdout: stream, stderr: stream }), lines }
}

/** The same calls made on QuickJS's console and on Node's. */
async function bothConsoles(calls: string): Promise<{ guest: string[]; node: string[] }> {
  const result = await run(`${SETUP}\n${calls}`)
  const node = nodeConsole()
  new Function('console', `${SETUP}\n${calls}`)(node.console)
  return { guest: result.console.map((entry) => entry.text), node: node.lines }
}

describe('console.log prints what Node prints', () => {
  let printed: string[] = []
  beforeAll(async () => {
    const result = await run(corpusProgram())
    printed = result.console.map((entry) => entry.text)
  })

  it('logs one entry per call', () => {
    expect(printed).toHaveLength(CORPUS.length)
  })

  for (const [index, expr] of CORPUS.entries()) {
    it(`console.log(${expr.length > 70 ? `${expr.slice(0, 70)}…` : expr})`, () => {
      expect(printed[index]).toBe(nodeFormat(expr))
    })
  }
})

/**
 * Random values, as source, from the kinds a program logs. Leaves where V8 and QuickJS differ by
 * design (error stacks, the own properties %o shows on sloppy functions and Math, weak collections
 * Node can preview) stay out of %o. Strings hold no NUL: the host's getString stops at one.
 */
function randomConsoleArgs(unit: 'grapheme' | 'binary'): fc.Arbitrary<string> {
  const str = fc.oneof(
    fc.string({ unit, maxLength: 30 }).map((s) => s.replace(/\0/g, '0')),
    fc.string({ unit: 'grapheme-ascii', maxLength: 120 }).map((s) => s.replace(/\0/g, '0')),
    fc.constantFrom("it's", 'say "hi"', "a'b\"c`d", 'line\nbreak\nmore text here that is long enough to split', '\\', '\t\x01\x7f'),
  )
  const num = fc
    .oneof(fc.integer(), fc.double(), fc.integer({ min: -1000, max: 1000 }))
    .map((d) => (Object.is(d, -0) ? '-0' : Number.isNaN(d) ? 'NaN' : String(d)))
  const plainLeaf = fc.oneof(
    num,
    str.map((s) => JSON.stringify(s)),
    fc.boolean().map(String),
    fc.bigInt().map((b) => `${b}n`),
    str.map((s) => `Symbol(${JSON.stringify(s)})`),
    fc.constantFrom(
      'null', 'undefined', 'new Date(0)', 'new Date(NaN)', '/a+b/gimsuy', 'new WeakMap()', 'new WeakSet()', 'new WeakRef({})',
      'new Uint8Array([1, 2, 300])', 'new Float64Array([1.5, -0, NaN])', 'new BigUint64Array(3)', 'new Int8Array(120)',
      'new ArrayBuffer(5)', 'new DataView(new ArrayBuffer(3), 1)', 'Symbol()', 'Symbol.iterator', 'new Number(-0)',
      'new String("xy")', 'new Boolean(true)', 'Object(2n)', 'Object.create(null)', 'circular', '{ inner: circular }',
      '[1, , 3]', 'new Array(7)', '[, "a", , , "b", ,]', 'Object.assign([1, 2], { x: 1 })',
      '({ get g() { return 1 }, set s(v) {}, get gs() { return 1 }, set gs(v) {} })',
      '(() => { const e = new TypeError("m"); e.stack = ""; return e })()',
      '(() => { const e = new Error("with props"); e.stack = ""; e.code = 42; return e })()',
      'new Tagged()', '({ [Symbol.toStringTag]: "own" })', 'Math', 'args(1, "a")', 'new Map([[circular, circular]])',
      'Object.setPrototypeOf({ a: 1 }, null)', 'Object.setPrototypeOf(new Map([[1, 2]]), null)',
      'Object.setPrototypeOf([1, 2], null)', 'new Foo([[1, 2]])', 'new Bar(2)',
    ),
  )
  const fnLeaf = fc.constantFrom(
    'named', '() => {}', 'class {}', 'class Y extends DataHolder {}', 'async function af() {}', 'function* g() {}',
    'Object.assign(function p() {}, { prop: 1 })', 'named.bind(null)', 'WithStatic',
  )
  const key = fc.oneof(
    fc.constantFrom('a', 'b', 'abc', 'longPropertyName', '_x', '$y', 'constructor', '["__proto__"]', '"a-b"', '"with space"'),
    str.map((s) => `[${JSON.stringify(s)}]`),
    fc.nat(20).map(String),
    str.map((s) => `[Symbol(${JSON.stringify(s)})]`),
  )
  const tree = (leaf: fc.Arbitrary<string>) =>
    fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object'), tie('map'), tie('set'), tie('holder'), tie('long')),
      array: fc.array(tie('value'), { maxLength: 14 }).map((xs) => `[${xs.join(', ')}]`),
      long: fc
        .tuple(fc.integer({ min: 5, max: 130 }), fc.constantFrom('i', 'i * 1000', '-i', "'s' + i", 'i % 3 ? i : "x"', '{ i }', 'i / 7', 'BigInt(i)', '[i]', '"\\u4e2d".repeat(i % 4)'))
        .map(([n, f]) => `Array.from({ length: ${n} }, (_, i) => ${f})`),
      object: fc.array(fc.tuple(key, tie('value')), { maxLength: 8 }).map((kvs) => `({ ${kvs.map(([k, v]) => `${k}: ${v}`).join(', ')} })`),
      map: fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 5 }).map((kvs) => `new Map([${kvs.map(([k, v]) => `[${k}, ${v}]`).join(', ')}])`),
      set: fc.array(tie('value'), { maxLength: 6 }).map((xs) => `new Set([${xs.join(', ')}])`),
      holder: tie('value').map((v) => `new DataHolder(${v})`),
    })).value
  const anyValue = tree(fc.oneof(plainLeaf, fnLeaf))
  const noFunctions = tree(plainLeaf)
  const forO = tree(plainLeaf.filter((leaf) => !/Weak|Error|Math|args/.test(leaf)))
  const directive = fc.constantFrom('%s', '%d', '%i', '%f', '%j', '%O', '%c', '%%', '%x', ' ', 'text', '%')
  return fc.oneof(
    fc.array(anyValue, { minLength: 1, maxLength: 3 }).map((xs) => xs.join(', ')),
    fc
      .tuple(fc.array(directive, { minLength: 1, maxLength: 6 }), fc.array(noFunctions, { maxLength: 5 }))
      .map(([ds, vs]) => [JSON.stringify(ds.join('')), ...vs].join(', ')),
    fc
      .tuple(fc.constantFrom('%o', 'a %o b %o'), fc.array(forO, { minLength: 1, maxLength: 3 }))
      .map(([f, vs]) => [JSON.stringify(f), ...vs].join(', ')),
  )
}

describe('random values print as in Node', () => {
  for (const [unit, seed] of [['grapheme', 20250101], ['binary', 4242]] as const) {
    it(`300 random console.log calls (${unit} strings, seed ${seed})`, async () => {
      const samples = fc.sample(randomConsoleArgs(unit), { seed, numRuns: 300 })
      const program = samples.map((expr) => `try { console.log(${expr}) } catch (e) { console.log(${JSON.stringify(MARK)} + e.name) }`)
      const result = await run(`${SETUP}\n${program.join('\n')}`, { timeoutMs: 60_000 })
      const mismatches: { expr: string; node: string; guest: string }[] = []
      samples.forEach((expr, index) => {
        let node: string
        try {
          node = nodeFormat(expr)
        } catch (error) {
          // Both engines throw here (a BigInt in %j, a symbol in %i); only the messages differ.
          node = MARK + (error as Error).name
        }
        const guest = result.console[index]?.text
        const clipped = node.length > 10_000 && guest?.startsWith(node.slice(0, 10_000))
        if (guest !== node && !clipped) mismatches.push({ expr, node, guest })
      })
      expect(mismatches.slice(0, 3)).toEqual([])
    })
  }
})

describe('where QuickJS is not V8', () => {
  it('prints an error as Node does, with the frames QuickJS records', async () => {
    const result = await run('function fail() {\n  return new Error("boom")\n}\nconsole.log(fail())\nconsole.log({ e: new TypeError("bad") })')
    expect(result.console[0].text).toMatch(/^Error: boom\n {4}at fail \(main\.js:2:\d+\)\n {4}at <eval> \(main\.js:4:\d+\)$/)
    expect(result.console[1].text).toMatch(/^\{\n {2}e: TypeError: bad\n {6}at <eval> \(main\.js:5:\d+\)\n\}$/)
  })

  it('shows an error\'s cause, extra properties and class name', async () => {
    const source = [
      'const inner = new Error("inner")',
      'console.log(new Error("outer", { cause: inner }))',
      'console.log(Object.assign(new RangeError("x"), { code: "E_X" }))',
      'class NotFound extends Error { constructor(m) { super(m); this.name = "NotFound" } }',
      'console.log(new NotFound("gone"))',
      'console.log([new Error("in array")])',
    ].join('\n')
    const [withCause, withProps, custom, inArray] = (await run(source)).console.map((entry) => entry.text)
    expect(withCause).toMatch(/^Error: outer\n {4}at <eval> \(main\.js:2:\d+\) \{\n {2}\[cause\]: Error: inner\n {6}at <eval> \(main\.js:1:\d+\)\n\}$/)
    expect(withProps).toMatch(/^RangeError: x\n {4}at <eval> \(main\.js:3:\d+\) \{\n {2}code: 'E_X'\n\}$/)
    // V8 writes the stack's first line when the error is made, before the constructor sets the
    // name, so Node prints "Error: gone ... { name: 'NotFound' }"; QuickJS keeps no such line.
    expect(custom).toMatch(/^NotFound: gone\n {4}at NotFound \(main\.js:4:\d+\)\n {4}at <eval> \(main\.js:5:\d+\)$/)
    expect(inArray).toMatch(/^\[\n {2}Error: in array\n {6}at <eval> \(main\.js:6:\d+\)\n\]$/)
  })

  it("shows a promise's state as Node does, read by the host", async () => {
    const source = 'const rejected = Promise.reject(new RangeError("no"))\nrejected.catch(() => {})\nconsole.log(Promise.resolve(1), [new Promise(() => {})], Promise.resolve({ a: [1] }))\nconsole.log(Promise.reject(3).catch(() => {}) && Promise.reject(3))'
    const result = await run(source)
    expect(result.console[0].text).toBe("Promise { 1 } [ Promise { <pending> } ] Promise { { a: [ 1 ] } }")
    expect(result.console[1].text).toBe('Promise { <rejected> 3 }')
  })

  it('keeps text after a NUL character', async () => {
    const result = await run('console.log("a\\0b", ["x"])')
    expect(result.console[0].text).toBe("a\u0000b [ 'x' ]")
  })

  it('does not consume a Map or Set iterator to show it', async () => {
    const source = 'const m = new Map([[1, 2]])\nconst it = m.entries()\nconsole.log(it, new Set([1]).values())\nconsole.log(it.next().value)'
    const lines = (await run(source)).console.map((entry) => entry.text)
    expect(lines).toEqual(['[Map Iterator] { <items unknown> } [Set Iterator] { <items unknown> }', '[ 1, 2 ]'])
  })

  it('keeps the prelude out of console.trace and prints it at level error', async () => {
    const result = await run('function inner() {\n  console.trace("here %d", 1)\n}\ninner()\nconsole.trace()')
    expect(result.console.map((entry) => entry.level)).toEqual(['error', 'error'])
    expect(result.console[0].text).toMatch(/^Trace: here 1\n {4}at inner \(main\.js:2:\d+\)\n {4}at <eval> \(main\.js:4:\d+\)$/)
    expect(result.console[1].text).toMatch(/^Trace\n {4}at <eval> \(main\.js:5:\d+\)$/)
  })

  it('formats a thrown non-error value with the guest inspect', async () => {
    const result = await runProgram('throw { reason: "no", list: [1, 2] }')
    expect(result.error).toMatchObject({ name: 'Uncaught', message: "{ reason: 'no', list: [ 1, 2 ] }" })
  })
})

describe('console methods', () => {
  it('sends log, info, debug, warn and error at their levels', async () => {
    const result = await run('console.log("l"); console.info("i"); console.debug("d"); console.warn("w"); console.error("e"); console.dirxml("x")')
    expect(result.console).toEqual([
      { level: 'log', text: 'l' },
      { level: 'info', text: 'i' },
      { level: 'debug', text: 'd' },
      { level: 'warn', text: 'w' },
      { level: 'error', text: 'e' },
      { level: 'log', text: 'x' },
    ])
  })

  it('draws console.table as Node does', async () => {
    const calls = [
      'console.table([{ a: 1, b: "x" }, { a: 2, c: [1, 2, 3, 4] }])',
      'console.table([1, "s", { a: 1 }, null])',
      'console.table(new Map([["k", { v: 1 }], [{ o: 1 }, "v"]]))',
      'console.table(new Set([1, "two"]))',
      'console.table({ x: { a: 1 }, y: { a: 2, b: 3 } }, ["a"])',
      'console.table({ row: { deep: { a: 1, b: 2, c: 3 }, shallow: { a: { b: 1 } } } })',
      'console.table([new DataHolder("\\u65e5\\u672c\\u8a9e"), new DataHolder(2)])',
      'console.table("not tabular")',
      'console.table([])',
    ].join('\n')
    const { guest, node } = await bothConsoles(calls)
    expect(guest).toEqual(node)
  })

  it('counts, groups, asserts and dirs as Node does', async () => {
    const calls = [
      'console.count(); console.count(); console.count("x"); console.countReset(); console.count()',
      'console.group("Group"); console.log("in\\nside"); console.group(); console.warn({ nested: [1, 2] }); console.groupEnd()',
      'console.table([1]); console.groupEnd(); console.groupEnd(); console.log("out")',
      'console.groupCollapsed("collapsed", 1); console.info("i"); console.groupEnd()',
      'console.assert(true, "never"); console.assert(false, "failed %s", "here"); console.assert(false); console.assert(0, { a: 1 })',
      'console.dir({ a: { b: { c: { d: 1 } } } }); console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 })',
      'console.dir({ [Symbol.for("nodejs.util.inspect.custom")]() { return "custom" } })',
      'console.log(); console.log("%s")',
    ].join('\n')
    const { guest, node } = await bothConsoles(calls)
    expect(guest).toEqual(node)
  })

  it('honours Node\'s inspect options in console.dir', async () => {
    const value = '({ big: 1234567.891, n: -98765432n, list: [3, 1, 2], text: "a long string", nested: { a: { b: { c: { d: [1, 2, 3] } } } }, get g() { return { x: 1 } }, set s(v) {} })'
    const calls = [
      '{ numericSeparator: true }', '{ sorted: true }', '{ compact: false }', '{ compact: true }', '{ compact: 1, breakLength: 40 }',
      '{ getters: true }', '{ getters: "set" }', '{ maxArrayLength: 2, maxStringLength: 4 }', '{ depth: Infinity }', '{ depth: 0 }',
      '{ showHidden: true }', '{ breakLength: Infinity }',
    ].map((options) => `console.dir(${value}, ${options})`)
    calls.push('console.dir([new Uint16Array([1000, 20000]), 123456789], { numericSeparator: true, showHidden: true })')
    const { guest, node } = await bothConsoles(calls.join('\n'))
    expect(guest).toEqual(node)
  })

  it('indents every line of a group, warnings and errors too', async () => {
    const result = await run('console.group("G")\nconsole.error("a\\nb")\nconsole.groupEnd()\nconsole.groupEnd()\nconsole.warn("c")')
    expect(result.console).toEqual([
      { level: 'log', text: 'G' },
      { level: 'error', text: '  a\n  b' },
      { level: 'warn', text: 'c' },
    ])
  })

  it('times with the simulated clock in Node\'s format', async () => {
    const source = [
      'console.time("x")',
      'setTimeout(() => console.timeEnd("x"), 100)',
      'console.time()',
      'setTimeout(() => console.timeLog(undefined, "step", { a: 1 }), 1500)',
      'setTimeout(() => console.timeLog(), 61000)',
      'setTimeout(() => console.timeEnd(), 3723000)',
    ].join('\n')
    const result = await run(source, { timeMs: 4_000_000 })
    expect(result.console).toEqual([
      { level: 'log', text: 'x: 100ms' },
      {
        level: 'log',
        text: "default: 1.500s step { a: 1 }",
        args: [{ text: 'default: 1.500s step ' }, { text: '{ a: 1 }', tree: { children: [{ key: 'a', value: { text: '1' } }] } }],
      },
      { level: 'log', text: 'default: 1:01.000 (m:ss.mmm)' },
      { level: 'log', text: 'default: 1:02:03.000 (h:mm:ss.mmm)' },
    ])
  })

  it('warns as Node\'s process warnings do for unknown or repeated labels', async () => {
    const result = await run('console.time("a"); console.time("a"); console.timeEnd("b"); console.timeLog("c"); console.countReset("d")')
    expect(result.console).toEqual([
      { level: 'warn', text: "Warning: Label 'a' already exists for console.time()" },
      { level: 'warn', text: "Warning: No such label 'b' for console.timeEnd()" },
      { level: 'warn', text: "Warning: No such label 'c' for console.timeLog()" },
      { level: 'warn', text: "Warning: Count for 'd' does not exist" },
    ])
  })

  it('keeps working when the program patches the built-ins it uses', async () => {
    const source = [
      'Array.prototype.push = function () { throw new Error("patched push") }',
      'Array.prototype.join = function () { throw new Error("patched join") }',
      'Object.keys = () => { throw new Error("patched keys") }',
      'String.prototype.slice = () => "patched"',
      'Map.prototype.entries = () => { throw new Error("patched entries") }',
      'console.log([1, 2], { a: 1 }, new Map([[1, 2]]), "%s!", "ok")',
      'console.table([{ a: 1 }])',
    ].join('\n')
    const result = await run(source)
    expect(result.console.map((entry) => entry.text)).toEqual([
      "[ 1, 2 ] { a: 1 } Map(1) { 1 => 2 } %s! ok",
      '┌─────────┬───┐\n│ (index) │ a │\n├─────────┼───┤\n│ 0       │ 1 │\n└─────────┴───┘',
    ])
  })
})

describe('huge values are cut, not waited for', () => {
  it('logs a 100,000-element array in a moment, as Node prints it', async () => {
    const build = 'const big = Array.from({ length: 100000 }, (_, i) => i)'
    const result = await run(`${build}\nconsole.log(big)\nconsole.log({ big })`)
    const expected = new Function(`${build}\nreturn [big]`)() as unknown[]
    expect(result.console[0].text).toBe(format(expected[0]))
    expect(result.console[1].text).toBe(format({ big: expected[0] }))
    expect(result.durationMs).toBeLessThan(3000)
  })

  it('logs huge typed and sparse arrays as Node does', async () => {
    const build = 'const typed = new Uint8Array(1000000)\nconst sparse = []\nsparse[1000000] = 1\nconst map = new Map(Array.from({ length: 100000 }, (_, i) => [i, i]))'
    const result = await run(`${build}\nconsole.log(typed)\nconsole.log(sparse)\nconsole.log(map)`)
    const expected = new Function(`${build}\nreturn [typed, sparse, map]`)() as unknown[]
    expect(result.console.map((entry) => entry.text)).toEqual(expected.map((value) => format(value)))
  })

  it('cuts an object with 200,000 keys, keeping what the host shows identical to Node', async () => {
    const build = 'const cache = {}\nfor (let i = 0; i < 200000; i++) cache["key" + i] = { id: i }'
    const result = await run(`${build}\nconsole.log(cache)`, { timeoutMs: 20_000, inspect: false })
    const nodeText = format((new Function(`${build}\nreturn cache`))())
    const text = result.console[0].text
    const shown = text.slice(0, text.indexOf('…'))
    expect(shown.length).toBe(10_000)
    expect(shown).toBe(nodeText.slice(0, 10_000))
  })

  it('cuts wide nesting: 100 arrays of 100 arrays of 100 objects', async () => {
    const build = 'const cube = Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => Array.from({ length: 100 }, (_, i) => ({ i }))))'
    const result = await run(`${build}\nconsole.log(cube)`, { timeoutMs: 20_000, memoryBytes: 256 * 1024 * 1024 })
    const nodeText = format((new Function(`${build}\nreturn cube`))())
    const text = result.console[0].text
    expect(text.slice(0, 10_000)).toBe(nodeText.slice(0, 10_000))
  })

  it('stops at the stack limit on a very deep structure instead of failing', async () => {
    const source = 'let list = null\nfor (let i = 0; i < 100000; i++) list = { next: list }\nconsole.dir(list, { depth: null, compact: true, breakLength: Infinity })'
    const result = await run(source, { timeoutMs: 20_000 })
    expect(result.console[0].text).toMatch(/^\{ next: \{ next: .*\[Object: Inspection interrupted prematurely\. Maximum call stack size exceeded\.\]( \})+$/)
  })
})
