import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'

/**
 * The instrumentation changes no program's behaviour: each program of the corpus prints the same
 * output instrumented and plain. The programs exercise what the rewriter touches (literals, `new`,
 * functions and classes, captured variables) and what a wrapper or an inserted statement could disturb
 * (names, `this`, `arguments`, `new.target`, source text, stack lines, evaluation order).
 */
const corpus: [name: string, source: string][] = [
  ['object and array literals', `const o = { a: 1, b: [2, { c: 3 }], 'd-e': null, [1 + 1]: 'two', __proto__: { inherited: true } }
console.log(o, o.inherited, [1, , 3].length, [...'ab'], Object.getPrototypeOf([]) === Array.prototype)`],
  ['new, with and without arguments', `function Point(x, y) { this.x = x; this.y = y }
const d = new Date(0)
console.log(new Point(1, 2), new Map([[1, 2]]).size, new Set, d.getTime(), new Array(3).length, new (class {})().constructor.name)`],
  ['class fields, static members and private #x', `class Counter {
  #count = 0
  static instances = 0
  static #secret = 's'
  label = 'counter ' + ++Counter.instances
  increment() { return ++this.#count }
  static reveal() { return Counter.#secret }
  has(o) { return #count in o }
}
const c = new Counter()
c.increment(); c.increment()
console.log(c, c.increment(), Counter.instances, Counter.reveal(), c.has(c), c.has({}))`],
  ['getters and setters, counting their calls', `let gets = 0, sets = 0
const o = { _v: 1, get v() { gets++; return this._v }, set v(x) { sets++; this._v = x } }
class Box { #v = 0; get v() { gets++; return this.#v } set v(x) { sets++; this.#v = x } }
const b = new Box()
o.v += 1; b.v = o.v; b.v++
console.log(o.v, b.v, gets, sets, Object.getOwnPropertyDescriptor(o, 'v').get.name)`],
  ['extends, super calls and new.target', `class Animal {
  constructor(name) { this.name = name; this.made = new.target.name }
  speak() { return this.name + ' makes a sound' }
  static create(n) { return new this(n) }
}
class Dog extends Animal {
  constructor(name) { super(name); this.kind = 'dog' }
  speak() { return super.speak() + ' (woof)' }
}
function F() { return new.target === F }
console.log(new Dog('Rex').speak(), Dog.create('Fido'), F(), new F() instanceof F, Object.getPrototypeOf(Dog) === Animal)`],
  ['closures in loops', `const fs = []
for (let i = 0; i < 3; i++) fs.push(() => i)
var gs = []
for (var j = 0; j < 3; j++) gs.push(() => j)
const hs = [1, 2, 3].map((x) => () => x * 10)
console.log(fs.map((f) => f()), gs.map((g) => g()), hs.map((h) => h()))`],
  ['counters and shared captured state', `function makeCounter() { let n = 0; return { inc: () => ++n, get: () => n, reset() { n = 0 } } }
const a = makeCounter(), b = makeCounter()
a.inc(); a.inc(); b.inc()
const before = a.get(); a.reset()
console.log(before, a.get(), b.get())`],
  ['generators', `function* range(n) { for (let i = 0; i < n; i++) { const sent = yield i; if (sent) i += sent } }
const it = range(10)
console.log(it.next().value, it.next(3).value, [...range(4)], Object.prototype.toString.call(it))
const o = { *gen() { yield* [1, 2] } }
console.log([...o.gen()], o.gen.name, range.constructor.name)`],
  ['async functions and await', `const log = []
async function work(x) { log.push('start ' + x); await null; log.push('after ' + x); return { x } }
const arrow = async () => [await work(1), await work(2)]
arrow().then((r) => console.log(JSON.stringify(r), log.join(', ')))
log.push('sync end')
console.log(work.constructor.name, typeof arrow().then)`],
  ['async iteration', `async function* ticks() { yield 1; await null; yield 2 }
;(async () => { const seen = []; for await (const t of ticks()) seen.push({ t }); console.log(seen) })()`],
  ['arrow functions, this and arguments', `const obj = {
  name: 'obj',
  regular() { return [this.name, arguments.length, (() => [this.name, arguments[0]])()] },
  arrow: () => typeof this,
}
function outer() { const inner = () => arguments; return inner() }
console.log(obj.regular('a', 'b'), obj.arrow(), Array.from(outer(1, 2, 3)), outer.call(null).length)`],
  ['default and destructured parameters', `function f(a, b = a + 1, { c = 3, d: [e, ...rest] = [4, 5, 6] } = {}, ...more) { return [a, b, c, e, rest, more, arguments.length] }
const g = ({ x, y } = { x: 1, y: 2 }, [z] = [x + y]) => ({ x, y, z })
let calls = 0
const h = (v = (calls++, [])) => v
console.log(f(1), f(1, 2, { c: 9, d: [7] }, 'm'), g(), g({ x: 5, y: 5 }), f.length, g.length)
h(); h([]); h()
console.log(calls)`],
  ['tagged templates', `function tag(strings, ...values) { return strings.raw.join('|') + ' ' + values.join(',') + ' ' + Object.isFrozen(strings) }
const same = (s) => s
const first = () => same\`x\`
console.log(tag\`a\${1}b\${[2, 3]}c\\n\`, first() === first(), String.raw\`\\t\${'x'}\`)`],
  ['spread in calls, arrays and objects', `const base = { a: 1, nested: { b: 2 } }
const copy = { ...base, c: 3 }
const arr = [0, ...[1, 2], ...new Set([3])]
console.log(copy, copy.nested === base.nested, arr, Math.max(...arr), [...'héllo'].length)`],
  ['optional chaining and nullish coalescing', `const o = { a: { b: () => 'called', list: [{ v: 1 }] } }
let evaluated = 0
const nothing = null
console.log(o?.a?.b?.(), o.x?.y.z, o.a.list?.[0]?.v, nothing?.[evaluated++], evaluated, o.missing ?? 'fallback', o.a?.['b']?.name)`],
  ['labelled loops, break and continue', `const out = []
outer: for (let i = 0; i < 4; i++) {
  inner: for (const j of [0, 1, 2]) {
    if (j === 1) continue outer
    if (i === 3) break outer
    out.push([i, j])
  }
}
block: { out.push({ in: 'block' }); break block }
console.log(out)`],
  ['function name inference', `const f = () => {}
const g = function () {}
let h; h = () => {}
const o = { m() {}, p: () => {}, ['c' + 'k']: function () {}, get acc() { return 1 } }
const C = class {}
const [d = () => {}] = []
const { e = function () {} } = {}
console.log(f.name, g.name, h.name, o.m.name, o.p.name, o.ck.name, Object.getOwnPropertyDescriptor(o, 'acc').get.name, C.name, d.name, e.name, (() => {}).name === '')`],
  ['name inference through logical assignment', `let onReady
onReady ??= () => {}
let onError = null
onError ||= function () {}
let Model = {}
Model &&= class {}
console.log(onReady.name, onError.name, Model.name)`],
  ['where JavaScript infers no name', `const o = { __proto__: function () {} }
o.method = function () {}
o['arrow'] = () => {}
const Nameless = class { static name = '' }
console.log(JSON.stringify([Object.getPrototypeOf(o).name, o.method.name, o.arrow.name, Nameless.name]))`],
  ['function declarations in a strict-mode switch case', `'use strict'
function pick(x) {
  switch (x) {
    case 1: function one() { return { picked: 'one' } }
      return one()
    default: return { picked: 'other' }
  }
}
console.log(pick(1), pick(2))`],
  ['class static blocks', `class Registry {
  static entries = []
  static {
    function add(name) { Registry.entries.push({ name }) }
    add('first'); add('second')
  }
}
console.log(Registry.entries)`],
  ['fn.toString() returns the source text', `function add(a, b) { return a + b }
const make = (n) => () => n * 2
class Shape { area = [0]; static of() { return new Shape() } }
const o = { method() { return { x: 1 } } }
console.log(add.toString())
console.log(make(1).toString())
console.log(String(Shape))
console.log(o.method.toString(), '' + (() => [1, 2]))`],
  ['Function.prototype.bind', `function greet(greeting, punct) { return greeting + ', ' + this.name + punct }
const bound = greet.bind({ name: 'Ada' }, 'Hello')
class K { constructor(v) { this.v = v } }
const BoundK = K.bind(null, 7)
console.log(bound('!'), bound.name, bound.length, new BoundK() instanceof K, new BoundK().v, typeof bound.prototype)`],
  ['Reflect.ownKeys on functions and objects', `function declared(a, b) {}
const arrow = (x) => x
class C { static s = 1; m() {} }
const bound = declared.bind(null)
const o = { b: 1, a: 2, 1: 3, [Symbol('s')]: 4 }
console.log(Reflect.ownKeys(declared), Reflect.ownKeys(arrow), Reflect.ownKeys(C), Reflect.ownKeys(C.prototype))
console.log(Reflect.ownKeys(bound), Reflect.ownKeys(o), Object.getOwnPropertyNames(declared.prototype), Reflect.ownKeys(new C()))`],
  ['Symbol keys', `const id = Symbol('id')
const o = { [id]: 1, [Symbol.iterator]: function* () { yield 'x' }, plain: 2 }
console.log(o[id], [...o], Object.getOwnPropertySymbols(o).map(String), JSON.stringify(o), Symbol.for('k') === Symbol.for('k'))`],
  ['JSON round trips', `const data = { n: 1, s: 'two', list: [1, { deep: [null, true] }], when: new Date(0), skip: undefined, fn() {} }
const text = JSON.stringify(data, null, 2)
const back = JSON.parse(text, (k, v) => (k === 'when' ? new Date(v).getTime() : v))
console.log(text)
console.log(back, JSON.stringify([new Map(), new Set([1]), { toJSON() { return 'custom' } }]))`],
  ['error stack line numbers', `function inner() { return new Error('here').stack }
function outer() { const o = { a: [1] }; return inner(o) }
const lines = (stack) => stack.split('\\n').map((frame) => frame.replace(/(:\\d+):\\d+\\)$/, '$1)')).join('\\n')
console.log(lines(outer()))
try { null.x } catch (e) { console.log(e.name, e.message, lines(e.stack)) }
class Thrower { constructor() { throw new RangeError('in constructor') } }
try { new Thrower() } catch (e) { console.log(e instanceof RangeError, lines(e.stack)) }`],
  ['an uncaught error fails the same way', `const list = [{ a: 1 }]
function go() { return list[0].missing.field }
console.log('before')
go()
console.log('never')`],
  ['evaluation order and side effects in literals', `const log = []
const v = (x, tag) => (log.push(tag ?? x), x)
const o = { [v('k1')]: v(1), [v('k2')]: [v(2), v(3)], ...v({ s: 4 }, 'spread') }
const a = [v('a'), new (v(Array, 'Array'))(v(2)).length]
console.log(o, a, log.join(' '))`],
  ['instanceof, constructors and prototypes', `function Legacy() {}
Legacy.prototype.hello = function () { return 'hi' }
class Modern extends Legacy {}
const m = new Modern()
console.log(m.hello(), m instanceof Legacy, m.constructor === Modern, Object.getPrototypeOf(Modern.prototype) === Legacy.prototype, Legacy.prototype.constructor === Legacy)`],
  ['strict mode, hoisting and typeof', `'use strict'
console.log(typeof hoisted, typeof later, hoisted())
function hoisted() { return (function () { return this })() }
var later = () => 1
try { undeclared = 1 } catch (e) { console.log(e.name) }`],
  ['timers, microtasks and their order', `const order = []
setTimeout(() => order.push({ t: 'timeout' }), 0)
Promise.resolve().then(() => order.push(['promise']))
queueMicrotask(() => order.push('micro'))
const id = setInterval(() => { order.push('tick'); if (order.length > 4) { clearInterval(id); console.log(order) } }, 10)`],
  ['stepped program with setup and teardown', `let state
function setup() { state = { rows: [] } }
function step(i) { state.rows.push({ i, tags: [i % 2 ? 'odd' : 'even'] }) }
function teardown() { console.log(state.rows.length, state.rows[3], state.rows.at(-1)) }`],
  ['getters, computed keys and methods capturing variables', `function make(prefix) {
  let reads = 0
  const key = prefix + 'Name'
  return { [key]: () => prefix, get reads() { return ++reads }, describe() { return prefix + ':' + reads } }
}
const m = make('x')
console.log(m.xName(), m.xName.name, m.reads, m.reads, m.describe(), Object.keys(m))`],
  ['console output of functions and classes', `class Widget { static count = 0 }
const anon = [function () {}, () => {}, class {}]
function* gen() {}
async function af() {}
console.log(Widget, anon, gen, af, { f() {} }, Math.max)`],
  ['toString of every kind of function', `class Base { area = [0]; static of() { return new Base() } }
class Derived extends Base {
  #p = { q: 1 }
  constructor(a) {
    super()
    this.a = [a]
  }
  get v() { return { v: this.a } }
  set v(x) { this.a = [x] }
  static async s() { return [await 1] }
  async *ag() { yield { y: 1 } }
  *g() { yield [1] }
  ['c' + 'k']() { return {} }
  static { this.made = [1] }
}
const Anon = class { m() { return [] } }
const Named = class Inner extends (class { constructor() { this.i = {} } }) {}
const accessor = Object.getOwnPropertyDescriptor(Derived.prototype, 'v')
for (const f of [Base, Derived, Derived.s, Derived.prototype.ag, Derived.prototype.g, Derived.prototype.ck, accessor.get, accessor.set, Anon, Anon.prototype.m, Named, Object.getPrototypeOf(Named)]) console.log(f.toString())
function outer(list) { return function inner() { return list.map((x) => ({ x })) } }
const nested = () => () => () => ({ deep: [1] })
const twins = [() => [1], () => [1]]
const label = '😀'; const withEmoji = (x) => [x, label]
console.log(outer([]).toString(), nested()().toString(), twins.map(String).join(' | '), withEmoji.toString())
console.log(Function.prototype.toString.call(outer), String(outer.bind(null)), eval('(function () { return [1] })').toString())
try { Function.prototype.toString.call({}) } catch (e) { console.log(e.name, e.message) }
const own = Function.prototype.toString
console.log(own.toString(), own.name, own.length, Reflect.ownKeys(own), typeof own.prototype, Object.getOwnPropertyDescriptor(Function.prototype, 'toString'))
try { new own() } catch (e) { console.log(e.name) }`],
  ["'use strict' inside a function that declares functions", `function strictInside() {
  'use strict'
  function helper() { return [1] }
  return [helper().length, (function () { return typeof this })()]
}
const arrow = () => { 'use strict'; function h() {} return (function () { return this })() }
console.log(strictInside(), arrow())`],
  ['new with a function or class expression as the constructor', `const made = new function () { this.kind = 'anonymous' }
const fromClass = new class { constructor() { this.kind = 'class' } }()
const box = new (class Box { constructor(v) { this.v = [v] } })(1)
function Factory() { return function Made() { this.made = {} } }
const twice = new (new Factory())()
console.log(made, fromClass, box, twice, made.constructor === Object)`],
  ['an arrow whose body is a comma expression, while the heap is walked', `let calls = 0
function track(list) { return () => (calls++, list.push({ at: list.length }), list.length) }
const items = []
const add = track(items)
function step(i) { add() }
function teardown() { console.log(calls, items.length, items.at(-1)) }`],
  ['a #! line before function declarations', `#!/usr/bin/env leaklab
function answer() { return { value: 42 } }
console.log(answer())`],
  ['names and source text outside ASCII', `const café = () => ({ crème: 'brûlée' })
const obj = { '😀': () => [1], 'naïve': function () {} }
function 𠮷(x) { const kept = [x]; return () => kept }
let ñ; ñ ??= class {}
console.log(café.name, obj['😀'].name, obj['naïve'].name, 𠮷.name, 𠮷(1)(), ñ.name)
console.log(café.toString(), obj['😀'].toString(), 𠮷(2).toString())`],
  ['an error column after a character outside the BMP', `const names = ['ada', 'bob']
console.log(names.length)
const tag = '😀'; const first = [...names](0)`],
  ['function declarations in sloppy switch cases and a lone default', `const order = []
function sloppy(x) {
  switch (x) {
    case (order.push('test 1'), 1): function first() { return { n: 1 } }
    case 2: order.push(typeof first); return first()
    default: function other() { return [] }
  }
  return other()
}
function onlyDefault() {
  'use strict'
  switch (0) { default: function inner() { return { only: 'default' } } return inner() }
}
console.log(sloppy(1), sloppy(2), sloppy(3), onlyDefault(), order)`],
  ['class static blocks with a comment before the brace', `class Registry {
  static /* a { in a comment */ {
    function add(name) { return { name } }
    this.first = add('first')
  }
  static
  {
    function more() { return [2] }
    this.second = more()
  }
}
console.log(Registry.first, Registry.second)`],
  ['no name from a quoted __proto__ key, nor over a static name member', `const o = { '__proto__': function () {}, ['__proto__']: () => {} }
class Field { __proto__ = function () {}; static make = () => {} }
const Getter = class { static get name() { return '' } }
const Method = class { static name() {} }
const Literal = class { static ['name'] = '' }
const Plain = class { static other = 1 }
console.log(JSON.stringify([Object.getPrototypeOf(o).name, o.__proto__.name, new Field().__proto__.name, Field.make.name, Getter.name, typeof Method.name, Literal.name, Plain.name]))
console.log(typeof Object.getOwnPropertyDescriptor(Getter, 'name').get)`],
]

describe('the instrumentation changes no program’s behaviour', () => {
  it.each(corpus)('%s', async (_name, source) => {
    const plain = await runProgram(source, { inspect: false })
    const inspected = await runProgram(source, { inspect: true })
    expect(plain.console.length).toBeGreaterThan(0)
    expect(inspected.console).toEqual(plain.console)
    expect(inspected.ok).toBe(plain.ok)
    expect(inspected.error).toEqual(plain.error)
  })
})
