import { format } from 'node:util'
import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'
import type { RunOptions, RunResult } from '../../src/engine/types'

/**
 * The environment LeakLab provides (console, inspect, timers, EventEmitter, EventTarget, the DOM,
 * imageLib, gc, tracemalloc) behaves the same whatever the program does to the built-ins, as Node's
 * primordials make its own: it captures what it needs before the program runs and never reads
 * through an object the program can change. Each group of tampering below runs the same uses of the
 * environment as a clean run, and must print exactly what the clean run prints, tripping nothing.
 *
 * What trips a tamper records it (without calling anything a tamper may have replaced) and throws, so
 * that a trip the environment swallows (a brand check's try/catch) still shows in `tripped:`.
 */
const OPTIONS: Partial<RunOptions> = { timeoutMs: 5000, snapshots: 0 }

const run = (source: string, options: Partial<RunOptions> = {}) => runProgram(source, { ...OPTIONS, ...options })
const lines = (result: RunResult) => result.console.map((entry) => entry.text)

const RECORD = 'globalThis.tripped = []; const trip = (what) => { tripped[tripped.length] = what; throw new Error("tampered: " + what) }'
const REPORT = `function teardown() {
  let text = ''
  for (let i = 0; i < tripped.length; i++) text += ' ' + tripped[i]
  console.log('tripped:' + text)
}`

/** What the uses below need of the built-ins the tampering groups replace, taken before they do. */
const PREPARE = 'const K = { Array, Symbol, WeakMap, Uint8Array, ArrayBuffer, String, Number, Boolean, TypeError, Date, create: Object.create, defineProperty: Object.defineProperty, symbolFor: Symbol.for }'

/**
 * Uses of every part of the environment, calling none of what the tampering groups below replace
 * (K holds what they need): the program's own code must not trip them, only the environment could.
 */
const USES = String.raw`
console.log({ a: 1, b: 'two', c: [1, 2, 3], d: { e: null } }, [1, , 3], new K.Array(5), 'text', 5)
console.log(new Map([[1, { x: 1 }]]), new Set([1, 'a']), new K.WeakMap(), K.Symbol('s'), 10n, -0, null, undefined)
console.log(new Error('boom'), [new K.TypeError('t')], new Error('outer', { cause: new Error('inner') }))
console.log('%s and %d and %i and %f and %o and %O and %j and %c.', 'str', 42, 7.5, '1.5', { o: [1] }, { O: 1 }, { j: 1 }, 'color: red')
console.log('%o', function named() {})
console.log('%s', { s: { t: 1 } }, '%j', { toJSON() { return 'json' } })
console.dir({ deep: { deeper: { deepest: { bottom: 1 } } } }, { depth: 0 })
console.dir({ b: 2, a: 1, c: { z: 1, y: 2 } }, { sorted: true, compact: false, breakLength: 40 })
console.log([new K.String('ab'), new K.Number(3), new K.Boolean(false)], K.create(null), new K.Uint8Array([1, 2]), new K.ArrayBuffer(2))
class Point { constructor() { this.x = 1 } get len() { return 1 } }
Point.prototype.extra = 5
console.log('%o', new Point(), [new Point()])
console.log({ [K.symbolFor('nodejs.util.inspect.custom')](depth, options, inspect) { return 'custom ' + depth + ' ' + options.depth + ' ' + inspect({ i: 1 }) } })
const cyc = { a: 1 }
cyc.self = cyc
console.log(cyc, [cyc])
const many = []
for (let i = 0; i < 30; i++) many[i] = i * 3
console.log(many, { [K.Symbol('sym\nkey')]: 1, 'a-b': 2 }, K.defineProperty({}, 'hidden\tkey', { __proto__: null, value: 1, enumerable: false }))
console.log(['a long line of text, long enough to be split\nat its line breaks\nwhen inspected'], { get g() { return 1 }, set s(v) {} })
console.log(class Shape {}, class extends Point {}, async function af() {}, function* gen() {}, /re+gex/gi, new K.Date(0))
console.table([{ a: 1, b: 2 }, { a: 3 }])
console.table(new Map([['k', { v: 1 }]]))
console.table([1, 'two'])
console.group('group')
console.info('inside')
console.groupEnd()
console.count()
console.count()
console.countReset()
console.assert(false, 'assertion %s', 'failed')
console.warn('warned')
console.error('erred')
console.trace('traced', { t: 1 })
setTimeout((a, b) => console.log('timer', a, b), 5, 'x', 'y')
const iv = setInterval(() => { console.log('interval'); clearInterval(iv) }, 5)
clearTimeout(setTimeout(() => console.log('never'), 5))
queueMicrotask(() => console.log('micro'))
try { setTimeout('nope') } catch (e) { console.log(e.message) }
const em = new EventEmitter()
em.setMaxListeners(1)
em.on('x', (v) => console.log('got', v))
em.once('x', () => console.log('once'))
em.prependListener('x', () => {})
em.emit('x', 1)
em.emit('x', 2)
console.log(em.listenerCount('x'), em.listeners('x').length, em.rawListeners('x').length, em.eventNames(), em)
em.removeAllListeners('x')
em.on('removeListener', () => console.log('removed'))
em.on('y', () => {})
em.removeAllListeners()
try { em.emit('error', 'bad') } catch (e) { console.log(e.code, e.message) }
try { require('nope') } catch (e) { console.log(e.code, e.message) }
console.log(require('events') === EventEmitter)
const et = new EventTarget()
et.addEventListener('x', (e) => console.log(e.type, e.detail, e.bubbles, e.cancelable), { once: true })
et.dispatchEvent(new CustomEvent('x', { detail: 1 }))
et.dispatchEvent(new CustomEvent('x', { detail: 2 }))
const handler = () => console.log('removed handler')
et.addEventListener('z', handler, { capture: true })
et.removeEventListener('z', handler, { capture: true })
et.dispatchEvent(new Event('z'))
const ac = new AbortController()
ac.signal.addEventListener('abort', () => console.log('aborted'))
et.addEventListener('y', () => console.log('y'), { signal: ac.signal, passive: true })
et.dispatchEvent(new Event('y'))
ac.abort()
et.dispatchEvent(new Event('y'))
console.log(AbortSignal.abort().aborted, ac.signal.reason)
const div = document.createElement('div')
div.textContent = 'hi'
document.body.appendChild(div)
div.addEventListener('click', (e) => console.log('click', e.eventPhase))
document.body.addEventListener('click', () => console.log('captured'), true)
document.body.addEventListener('click', () => console.log('bubbled'))
div.click()
div.style.color = 'red'
const list = document.createElement('ul')
for (let i = 0; i < 4; i++) {
  const li = document.createElement('li')
  li.id = 'l' + i
  li.className = 'item n' + i
  li.append('text ' + i)
  list.appendChild(li)
}
list.insertBefore(document.createElement('p'), list.firstChild.nextSibling)
list.removeChild(list.lastChild)
list.replaceChild(document.createElement('span'), list.firstChild)
document.body.appendChild(list)
console.log(div, list, list.outerHTML, list.children.length, document.querySelectorAll('.item').length, document.querySelector('li.n2#l2').id)
console.log(document.getElementById('l1').className, document.body.children.length, list.textContent, new Text('t'))
div.remove()
console.log(document.body.childNodes.length, div.isConnected, div.parentNode)
const image = imageLib.decode('picture', 8, 8)
console.log(image, image.byteLength, imageLib.stats())
image.close()
console.log(image.closed, image.byteLength)
try { imageLib.decode('bad', 0, 1) } catch (e) { console.log(e.message) }
tracemalloc.start()
const kept = { a: 1 }
const first = tracemalloc.takeSnapshot()
const kept2 = [{ b: 1 }, { c: 2 }]
const second = tracemalloc.takeSnapshot()
console.log(second.statistics('lineno'), second.statistics('filename'), second.compareTo(first, 'lineno'), tracemalloc.getTracedMemory().length)
tracemalloc.stop()
console.log(gc.collect() >= 0, gc.getReferrers(kept).length, gc.getReferents(kept2).length)
${REPORT}
`

/**
 * Runs USES clean and tampered: the tampered run trips nothing and, unless the tampering changes
 * what the program's own objects look like (a replaced constructor property names them otherwise, in
 * Node too), prints exactly what the clean run prints.
 */
async function same(tamper: string, output = true) {
  // The tampering on one line, so that both runs' line numbers agree.
  expect(tamper).not.toContain('\n')
  const clean = await run(`${RECORD}\n${PREPARE}\n;\n${USES}`)
  expect(clean.error, JSON.stringify(clean.error)).toBeNull()
  expect(lines(clean).at(-1)).toBe('tripped:')
  const tampered = await run(`${RECORD}\n${PREPARE}\n${tamper}\n${USES}`)
  expect(tampered.error, JSON.stringify(tampered.error)).toBeNull()
  expect(lines(tampered).at(-1)).toBe('tripped:')
  if (!output) return
  expect(lines(tampered)).toEqual(lines(clean))
  // The Console panel's parts of each line too.
  expect(tampered.console.map((entry) => entry.args)).toEqual(clean.console.map((entry) => entry.args))
}

/** Accessors on Object.prototype, for names the environment's own objects might otherwise inherit. */
const PROTO_NAMES = [
  // property descriptors
  'get', 'set', 'value', 'writable', 'enumerable', 'configurable',
  // option bags and event init dictionaries
  'capture', 'once', 'passive', 'signal', 'bubbles', 'cancelable', 'composed', 'detail',
  'showHidden', 'depth', 'colors', 'customInspect', 'showProxy', 'maxArrayLength', 'maxStringLength', 'breakLength', 'compact', 'sorted', 'getters', 'numericSeparator',
  // what the environment builds and reads back
  'stack', 'size', 'count', 'file', 'line', 'key', 'data', 'style', 'code', 'context', 'requireStack', 'warned', 'removed', 'type', 'target', 'userOptions', 'circular', 'seen',
  // results of built-ins
  'done', 'next', 'return', 'then', 'index', 'groups', 'lastIndex', 'length', 'name', 'message', 'prototype',
]

const protoAccessors = (names: string[]) =>
  `for (const name of ${JSON.stringify(names)}) Object.defineProperty(Object.prototype, name, { __proto__: null, get() { trip('get ' + name) }, set(v) { trip('set ' + name) }, configurable: true })`

describe("the environment's own objects inherit nothing from Object.prototype (env-objects-inherit)", () => {
  it("imageLib's descriptors do not read a getter named get", async () => {
    const result = await run('Object.defineProperty(Object.prototype, "get", { get() { for (;;) {} }, configurable: true })\nconsole.log(imageLib.decode("a", 2, 2))', { timeoutMs: 2000 })
    expect(result.error).toBeNull()
    expect(lines(result)).toEqual(["NativeImage { name: 'a', width: 2, height: 2 }"])
  })

  it('addEventListener does not assign capture through a getter-only accessor', async () => {
    const result = await run('Object.defineProperty(Object.prototype, "capture", { get() {}, configurable: true })\nconst t = new EventTarget()\nt.addEventListener("x", () => console.log("heard"))\nt.dispatchEvent(new Event("x"))')
    expect(result.error).toBeNull()
    expect(lines(result)).toEqual(['heard'])
  })

  it("option bags, console.log('%o'), console.trace and tracemalloc run no setter a program put there", async () => {
    const source = [
      RECORD,
      protoAccessors(['depth', 'showHidden', 'stack', 'size', 'file', 'value', 'get']),
      'console.log("%o", { a: 1 })',
      'console.dir({ b: { c: { d: 1 } } }, { depth: 0 })',
      'console.trace("t")',
      'tracemalloc.start()',
      'const kept = [{}]',
      'console.log(tracemalloc.takeSnapshot().statistics("lineno").length)',
      REPORT,
    ].join('\n')
    const result = await run(source)
    expect(result.error).toBeNull()
    expect(lines(result)).toEqual(["{ a: 1 }", '{ b: [Object] }', 'Trace: t\n    at <eval> (main.js:5:14)', '1', 'tripped:'])
  })

  it('an event init dictionary and addEventListener options are read from the object passed, not Object.prototype', async () => {
    const source = [
      'Object.defineProperty(Object.prototype, "bubbles", { value: true, configurable: true })',
      'Object.defineProperty(Object.prototype, "once", { value: true, configurable: true })',
      'const t = new EventTarget()',
      't.addEventListener("x", () => console.log("heard"), {})',
      'console.log(new Event("x", {}).bubbles, new Event("x", Object.create({ bubbles: true })).bubbles, new Event("x", { get bubbles() { return true } }).bubbles)',
      't.dispatchEvent(new Event("x"))',
      't.dispatchEvent(new Event("x"))',
    ].join('\n')
    const result = await run(source)
    expect(result.error).toBeNull()
    expect(lines(result)).toEqual(['false true true', 'heard', 'heard'])
  })

  it('every use of the environment prints the same with accessors on Object.prototype', async () => {
    await same(protoAccessors(PROTO_NAMES))
  })
})

describe('no Symbol.species in the environment (species-in-env)', () => {
  it('console.log of an array does not read Array[Symbol.species]', async () => {
    const result = await run('Object.defineProperty(Array, Symbol.species, { get() { throw new Error("species") }, configurable: true })\nconsole.log([1, 2], { a: [3] })')
    expect(result.error).toBeNull()
    expect(lines(result)).toEqual(['[ 1, 2 ] { a: [ 3 ] }'])
  })

  it("Reflect.ownKeys, the environment's own, does not either", async () => {
    const result = await run('Object.defineProperty(Array, Symbol.species, { get() { throw new Error("species") }, configurable: true })\nconsole.log(Reflect.ownKeys({ a: 1, [Symbol("s")]: 2 }))')
    expect(result.error).toBeNull()
    expect(lines(result)).toEqual(['[ \'a\', Symbol(s) ]'])
  })

  it('nor index accessors of Array.prototype, which the built-in Reflect.ownKeys never runs', async () => {
    const source = [
      'let runs = 0',
      'Object.defineProperty(Array.prototype, 0, { get() { runs++ }, set(v) { runs++ }, configurable: true })',
      'const keys = Reflect.ownKeys({ a: 1, [Symbol("s")]: 2 })',
      'delete Array.prototype[0]',
      'console.log(keys.length, runs)',
    ].join('\n')
    const result = await run(source)
    expect(result.error).toBeNull()
    expect(lines(result)).toEqual(['2 0'])
  })

  it('every use of the environment prints the same with species getters', async () => {
    await same('for (const C of [Array, Promise, Map, Set, RegExp, Uint8Array]) Object.defineProperty(C, Symbol.species, { __proto__: null, get() { trip("species " + C.name) }, configurable: true })')
  })

  it('no use of the environment reads a replaced constructor property of Array, Promise or RegExp', async () => {
    // Its arrays print as Object(n) [...] now, as in Node: the name comes from the constructor property.
    await same('for (const C of [Array, Promise, RegExp]) Object.defineProperty(C.prototype, "constructor", { __proto__: null, get() { trip("constructor " + C.name) }, set(v) {}, configurable: true })', false)
  })
})

describe('console.log asks a proxy nothing (inspect-asks-proxies)', () => {
  const TRAPS = 'const traps = { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap, defineProperty: trap, deleteProperty: trap, set: trap, apply: trap, isExtensible: trap, preventExtensions: trap }'
  const SETUP = `let calls = 0\nfunction trap() { calls++; for (;;) {} }\n${TRAPS}\nfunction named() {}`
  // Logged with Node's own console (its util.format) and the guest's: the same text, and no trap run.
  const CASES = [
    'new Proxy({ a: 1 }, traps)',
    'new Proxy([1, 2, { b: 3 }], traps)',
    'new Proxy(named, traps)',
    'new Proxy(new Proxy({ inner: true }, traps), traps)',
    '{ wrapped: new Proxy(new Map([[1, 2]]), traps) }',
    '"%o", new Proxy({ a: 1 }, {})',
    '"%o", new Proxy(new Proxy([1], {}), { h: 1 })',
    '"%o", { p: { q: { r: new Proxy({}, {}) } } }',
  ]

  for (const args of CASES) {
    it(`console.log(${args})`, async () => {
      const result = await run(`${SETUP}\nconsole.log(${args})\nconsole.log('calls', calls)`, { timeoutMs: 2000 })
      expect(result.error, JSON.stringify(result.error)).toBeNull()
      // Node's, with harmless handlers: Node runs no trap either.
      const node = new Function('format', `function named() {}\nconst traps = {}\nreturn format(${args})`)(format)
      expect(lines(result)).toEqual([node, 'calls 0'])
    })
  }

  it('a revoked proxy, alone or as a target, is <Revoked Proxy>', async () => {
    const source = 'const r = Proxy.revocable({}, {})\nr.revoke()\nconsole.log([r.proxy], new Proxy(r.proxy, {}))'
    const result = await run(source)
    expect(result.error).toBeNull()
    expect(lines(result)).toEqual(['[ <Revoked Proxy> ] <Revoked Proxy>'])
  })

  it('the minimal program: a spinning get trap', async () => {
    const result = await run('console.log(new Proxy({}, { get() { for (;;) {} } }))', { timeoutMs: 2000 })
    expect(result.error).toBeNull()
    expect(lines(result)).toEqual(['{}'])
  })
})

describe('the environment calls only the built-ins it captured (env-calls-live-builtins)', () => {
  it('setTimeout does not call the global Number', async () => {
    const result = await run('globalThis.Number = function () { for (;;) {} }\nsetTimeout(() => console.log("tick"), 10)', { timeoutMs: 2000 })
    expect(result.error).toBeNull()
    expect(lines(result)).toEqual(['tick'])
  })

  it("a timer's extra arguments do not go through Function.prototype.apply", async () => {
    const result = await run('Function.prototype.apply = function () { for (;;) {} }\nsetTimeout((a) => console.log(a), 10, "x")', { timeoutMs: 2000 })
    expect(result.error).toBeNull()
    expect(lines(result)).toEqual(['x'])
  })

  it('queueMicrotask does not call Promise, Promise.resolve, then or Promise[Symbol.species], and keeps its order', async () => {
    const source = [
      'const P = Promise',
      'const order = []',
      'P.resolve().then(() => order.push("before"))',
      'globalThis.Promise = function () { for (;;) {} }',
      'P.resolve = function () { for (;;) {} }',
      'P.prototype.then = function () { for (;;) {} }',
      'Object.defineProperty(P, Symbol.species, { get() { for (;;) {} } })',
      'queueMicrotask(() => order.push("micro"))',
      'function teardown() { console.log(order.join()) }',
    ].join('\n')
    const result = await run(source, { timeoutMs: 2000 })
    expect(result.error).toBeNull()
    expect(lines(result)).toEqual(['before,micro'])
  })

  it("tells errors by Error's own prototype chain, not a Symbol.hasInstance a program gave Error", async () => {
    const source = 'Object.defineProperty(Error, Symbol.hasInstance, { value() { for (;;) {} } })\nconst e = new Error("x")\ne.stack = ""\nconsole.log(e)\nnew EventEmitter().emit("error", e)'
    const result = await run(source, { timeoutMs: 2000 })
    expect(result.error?.message).toBe('x')
    expect(lines(result)).toEqual(['[Error: x]'])
  })

  it('console.table does not call Object.create', async () => {
    const result = await run('Object.create = function () { for (;;) {} }\nconsole.table([{ a: 1 }])', { timeoutMs: 2000 })
    expect(result.error).toBeNull()
    expect(lines(result)[0]).toContain('│ (index) │ a │')
  })

  const GLOBALS = [
    'Number', 'String', 'Boolean', 'Promise', 'Object', 'Array', 'Symbol', 'Reflect', 'JSON', 'Math', 'Function', 'RegExp', 'Date',
    'WeakMap', 'WeakSet', 'WeakRef', 'TypeError', 'RangeError', 'Int32Array', 'Uint8Array', 'ArrayBuffer', 'Proxy', 'BigInt',
    'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'eval', 'FinalizationRegistry', 'Iterator',
  ]
  const METHODS: [string, string[]][] = [
    ['Array.prototype', ['push', 'pop', 'join', 'slice', 'splice', 'map', 'filter', 'forEach', 'indexOf', 'includes', 'sort', 'concat', 'keys', 'values', 'entries', 'reverse', 'fill', 'find', 'every', 'some', 'reduce', 'flat', 'unshift', 'shift', 'at', 'toString', 'copyWithin']],
    ['String.prototype', ['slice', 'indexOf', 'includes', 'startsWith', 'endsWith', 'repeat', 'padStart', 'padEnd', 'split', 'replace', 'replaceAll', 'trim', 'toString', 'charCodeAt', 'codePointAt', 'normalize', 'toUpperCase', 'toLowerCase', 'concat', 'match', 'search', 'localeCompare']],
    ['Object', ['keys', 'values', 'entries', 'assign', 'defineProperty', 'defineProperties', 'getOwnPropertyNames', 'getOwnPropertyDescriptor', 'getOwnPropertyDescriptors', 'getOwnPropertySymbols', 'getPrototypeOf', 'setPrototypeOf', 'create', 'freeze', 'is', 'hasOwn', 'fromEntries']],
    ['Object.prototype', ['hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString']],
    ['Function.prototype', ['call', 'apply', 'bind']],
    ['Map.prototype', ['get', 'has', 'delete', 'forEach', 'keys', 'values', 'entries']],
    ['Set.prototype', ['has', 'delete', 'forEach', 'values', 'keys', 'entries']],
    ['WeakMap.prototype', ['get', 'set', 'has', 'delete']],
    ['WeakSet.prototype', ['add', 'has', 'delete']],
    ['Promise.prototype', ['then', 'catch', 'finally']],
    ['Promise', ['resolve', 'reject', 'all']],
    ['RegExp.prototype', ['test', 'toString', 'exec']],
    ['RegExp.prototype', ['[Symbol.replace]', '[Symbol.split]', '[Symbol.match]']],
    ['Number.prototype', ['toString', 'toFixed']],
    ['Date.prototype', ['toISOString', 'getTime', 'toString']],
    ['Error.prototype', ['toString']],
    ['Symbol.prototype', ['toString']],
    ['JSON', ['stringify', 'parse']],
    ['Math', ['max', 'min', 'floor', 'round', 'abs', 'ceil', 'trunc', 'sqrt', 'log10', 'pow']],
    ['Reflect', ['ownKeys', 'apply', 'get', 'has', 'getPrototypeOf', 'defineProperty']],
    ['Array', ['isArray', 'from']],
    ['Number', ['isInteger', 'isFinite', 'isNaN', 'parseInt', 'parseFloat']],
    ['String', ['fromCharCode']],
    ['Symbol', ['for']],
    ['ArrayBuffer', ['isView']],
  ]
  const replace = (owner: string, key: string) => {
    const access = key.startsWith('[') ? key : `.${key}`
    return `${owner}${access} = function () { trip(${JSON.stringify(owner + access)}) }`
  }

  it('every use of the environment prints the same with methods of the built-ins replaced', async () => {
    // Replaced last: the loop that replaces them uses a few itself.
    await same(METHODS.flatMap(([owner, keys]) => keys.map((key) => replace(owner, key))).join('; '))
  })

  it('every use of the environment prints the same with the globals replaced', async () => {
    await same(GLOBALS.map((name) => `globalThis.${name} = function () { trip(${JSON.stringify(name)}) }`).join('; '))
  })
})
