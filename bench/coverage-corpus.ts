/**
 * Programs for the heap inspector's coverage case (bench/coverage-case.ts): modern JavaScript, each
 * with a `function step(i)` that leaks or keeps something a real program would, one feature family
 * each (classes, async, generators, private fields, collections, proxies, the sandbox's EventEmitter
 * and DOM…). The case runs each with the default options and 20 steps and reads `heap.coverage`:
 * every live object must be reached or known unreachable, and at least 99% of the edges named.
 * A program must run without error: a syntax error or an exception here is a broken corpus.
 */
export interface CorpusProgram {
  /** Short stable name, printed in the table. */
  id: string
  /** What it keeps alive, and through which feature. */
  about: string
  source: string
}

export const COVERAGE_CORPUS: readonly CorpusProgram[] = [
  {
    id: 'class-instances',
    about: 'class instances with arrays, kept in a top-level list',
    source: `class Session {
  constructor(id) {
    this.id = id
    this.history = new Array(8).fill(id)
    this.meta = { opened: Date.now(), user: { name: 'u' + id } }
  }
  touch() { this.history.push(Date.now()) }
}
const sessions = []
function step(i) {
  const s = new Session(i)
  s.touch()
  sessions.push(s)
}
`,
  },
  {
    id: 'arrow-this-interval',
    about: 'arrow callbacks using this, kept by setInterval the host holds',
    source: `class Poller {
  constructor(url) {
    this.url = url
    this.results = []
  }
  start() {
    this.timer = setInterval(() => {
      this.results.push({ url: this.url, at: Date.now() })
    }, 1000)
  }
}
function step(i) {
  const p = new Poller('/api/' + i)
  p.start()
}
`,
  },
  {
    id: 'async-never-resumes',
    about: 'async functions suspended on an await that never resumes, locals kept in their frames',
    source: `const never = new Promise(() => {})
async function handle(request) {
  const buffer = new Array(32).fill(request.id)
  const parsed = { ...request, buffer }
  await never
  return parsed
}
const inflight = []
function step(i) {
  inflight.push(handle({ id: i, body: 'x'.repeat(20) }))
}
`,
  },
  {
    id: 'async-await-chain',
    about: 'async functions awaiting timers, results cached; some still waiting at the end',
    source: `const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const cache = new Map()
async function load(key) {
  const started = { key, at: Date.now() }
  await sleep(500)
  const value = { key, started, rows: [1, 2, 3].map((n) => n * key.length) }
  await sleep(500)
  cache.set(key, value)
  return value
}
function step(i) {
  load('key' + i).then((v) => v.rows.length)
  load('slow' + i).then(async (v) => { await sleep(1e9); return v })
}
`,
  },
  {
    id: 'generators-kept',
    about: 'suspended generators kept alive, with their locals',
    source: `function* idGenerator(prefix) {
  const issued = []
  let n = 0
  while (true) {
    const id = prefix + '-' + n++
    issued.push(id)
    yield id
  }
}
const generators = []
function step(i) {
  const gen = idGenerator('user' + i)
  gen.next()
  gen.next()
  generators.push(gen)
}
`,
  },
  {
    id: 'pending-then',
    about: 'promise reactions waiting on a gate that never opens, each closing over a payload',
    source: `let open
const gate = new Promise((resolve) => { open = resolve })
const log = []
function step(i) {
  const payload = { i, blob: new Uint8Array(64), tags: ['a', 'b'] }
  gate
    .then(() => payload.blob.length)
    .catch((error) => log.push(error))
    .finally(() => log.push(payload.i))
}
`,
  },
  {
    id: 'private-fields',
    about: 'class fields, static fields, #private fields and methods, a static block',
    source: `class Cache {
  static instances = 0
  static { this.created = new Date(0) }
  label = 'cache'
  #entries = new Map()
  #hits = 0
  #touch(key) { this.#hits++; return this.#entries.get(key) }
  get size() { return this.#entries.size }
  set(key, value) { this.#entries.set(key, value); this.#touch(key); Cache.instances++ }
}
const cache = new Cache()
function step(i) {
  cache.set('k' + i, { value: i, when: [i, i + 1] })
}
`,
  },
  {
    id: 'map-set',
    about: 'Map and Set with object keys and values',
    source: `const byId = new Map()
const seen = new Set()
const index = new Map()
function step(i) {
  const user = { id: i, name: 'user' + i }
  byId.set(i, user)
  seen.add(user)
  index.set(user, new Set([i, i * 2, { nested: i }]))
}
`,
  },
  {
    id: 'weakmap-ephemerons',
    about: 'WeakMap values, some keys kept and some dropped',
    source: `const metadata = new WeakMap()
const kept = []
function step(i) {
  const key = { i }
  metadata.set(key, { createdAt: i, big: new Array(16).fill(i), back: key })
  if (i % 2 === 0) kept.push(key)
  const chain = { i }
  metadata.set(chain, { next: { deeper: chain } })
}
`,
  },
  {
    id: 'weakref-finalization',
    about: 'WeakRef targets and a FinalizationRegistry with held values',
    source: `const finished = []
const registry = new FinalizationRegistry((held) => finished.push(held))
const refs = []
const strong = []
function step(i) {
  const obj = { i, data: [i, i] }
  if (i % 3 === 0) strong.push(obj)
  refs.push(new WeakRef(obj))
  registry.register(obj, { name: 'obj' + i }, obj)
  if (i % 5 === 0) gc.collect()
}
`,
  },
  {
    id: 'closures-in-loops',
    about: 'closures made in loops over let bindings, kept in a handler list',
    source: `const handlers = []
function step(i) {
  const rows = Array.from({ length: 5 }, (_, k) => ({ row: k, step: i }))
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j]
    handlers.push(() => row.row + j)
  }
  for (const row of rows) handlers.push(function named() { return row.step })
}
`,
  },
  {
    id: 'rest-params',
    about: 'rest parameters and arguments kept in a call log',
    source: `const calls = []
function record(name, ...args) {
  calls.push({ name, args, extra: arguments.length })
}
const tracer = (...values) => (label) => ({ label, values })
const traces = []
function step(i) {
  record('event', i, { x: i }, [i, i + 1])
  traces.push(tracer(i, 'a', { b: i })('t' + i))
}
`,
  },
  {
    id: 'default-params',
    about: 'default parameters whose defaults allocate and close over earlier parameters',
    source: `const made = []
function makeItem(id, opts = { tags: [], created: id }, describe = () => 'item ' + id + opts.tags.length) {
  const item = { id, opts, describe }
  made.push(item)
  return item
}
class Queue {
  constructor(name = 'q', items = []) { this.name = name; this.items = items }
}
const queues = []
function step(i) {
  makeItem(i)
  queues.push(new Queue(undefined, [makeItem(-i)]))
}
`,
  },
  {
    id: 'computed-keys',
    about: 'methods, getters and fields with computed and symbol keys',
    source: `const prefix = 'on'
const registry = []
class Handlers {
  [prefix + 'Open']() { return 'open' }
  static [Symbol.for('kind')] = 'handlers'
}
function step(i) {
  const name = 'handler' + i
  const obj = {
    [name]() { return i },
    get [prefix + 'Value']() { return i * 2 },
    [Symbol.for('slot' + (i % 3))]: { i },
    ['data' + i]: [i],
  }
  registry.push(obj, new Handlers())
}
`,
  },
  {
    id: 'classes-in-functions',
    about: 'a class made inside a function per call, its instances kept',
    source: `function makeModel(name, fields) {
  return class Model {
    static kind = name
    constructor(values) { this.values = values }
    describe() { return name + ':' + fields.join(',') }
    static create(v) { return new Model(v) }
  }
}
const models = []
function step(i) {
  const M = makeModel('model' + i, ['a', 'b'])
  models.push(M.create({ a: i, b: [i] }))
  class Local extends M {}
  models.push(new Local({ local: true }))
}
`,
  },
  {
    id: 'bound-functions',
    about: 'bound methods and bound functions with bound arguments',
    source: `class Button {
  constructor(label) {
    this.label = label
    this.onClick = this.onClick.bind(this)
  }
  onClick() { return this.label }
}
const listeners = []
function greet(greeting, name) { return greeting + ' ' + name + this.suffix }
function step(i) {
  const button = new Button('button' + i)
  listeners.push(button.onClick)
  listeners.push(greet.bind({ suffix: '!' + i }, 'hello', { name: i }))
  listeners.push(Math.max.bind(null, i))
}
`,
  },
  {
    id: 'proxies',
    about: 'proxies with handlers that log, a revocable proxy, a proxy of a function',
    source: `const accessLog = []
const handler = {
  get(target, key, receiver) { accessLog.push(String(key)); return Reflect.get(target, key, receiver) },
  set(target, key, value) { target[key] = value; return true },
}
const proxies = []
function step(i) {
  const p = new Proxy({ id: i, nested: { deep: i } }, handler)
  p.touched = p.id
  proxies.push(p)
  const { proxy, revoke } = Proxy.revocable({ secret: i }, {})
  proxies.push(proxy)
  if (i % 2) revoke()
  proxies.push(new Proxy(function target() { return i }, { apply: (f, t, args) => f(...args) }))
}
`,
  },
  {
    id: 'getters-setters',
    about: 'getters and setters in classes, literals and defineProperty, closing over data',
    source: `class Temperature {
  #celsius = 0
  get fahrenheit() { return this.#celsius * 9 / 5 + 32 }
  set fahrenheit(f) { this.#celsius = (f - 32) * 5 / 9 }
}
const lazy = { get rows() { return (this._rows ??= new Array(4).fill(0)) } }
const temps = []
function step(i) {
  const t = new Temperature()
  t.fahrenheit = i
  temps.push(t)
  lazy.rows.push(i)
  const hidden = { value: i, history: [] }
  Object.defineProperty(t, 'hidden', { get() { return hidden.value }, set(v) { hidden.history.push(v) }, enumerable: false })
}
`,
  },
  {
    id: 'event-emitter',
    about: "listeners on the sandbox's EventEmitter closing over this, never removed",
    source: `const bus = new EventEmitter()
bus.setMaxListeners(100)
class Widget {
  constructor(id) {
    this.id = id
    this.items = new Array(16).fill(id)
    bus.on('tick', () => this.items.length)
    bus.once('close', function onClose() { return id })
  }
}
function step(i) {
  new Widget(i)
  bus.emit('tick')
}
`,
  },
  {
    id: 'event-emitter-require',
    about: "require('events'), a subclass of EventEmitter, prepended and removed listeners",
    source: `const { EventEmitter: Emitter } = require('events')
class Store extends Emitter {
  #state = { rows: [] }
  add(row) { this.#state.rows.push(row); this.emit('change', row) }
}
const store = new Store()
store.setMaxListeners(0)
const views = []
function step(i) {
  const view = { i, rendered: [] }
  const onChange = (row) => view.rendered.push(row)
  store.on('change', onChange)
  store.prependListener('change', () => view.i)
  if (i % 2) store.off('change', onChange)
  views.push(view)
  store.add({ row: i })
}
`,
  },
  {
    id: 'dom-detached',
    about: 'DOM nodes removed from the document but still referenced, with listeners',
    source: `const detached = []
function step(i) {
  const list = document.createElement('ul')
  const item = document.createElement('li')
  item.textContent = 'row ' + i
  item.setAttribute('data-row', String(i))
  list.appendChild(item)
  list.appendChild(document.createTextNode('tail'))
  document.body.appendChild(list)
  item.addEventListener('click', () => console.log(item.textContent))
  list.remove()
  detached.push(item)
}
`,
  },
  {
    id: 'dom-listeners',
    about: 'listeners added to document and window for panels that are gone, an AbortController',
    source: `const controllers = []
function step(i) {
  const panel = document.createElement('div')
  panel.id = 'panel' + i
  panel.className = 'panel'
  document.body.appendChild(panel)
  const state = { i, rows: [] }
  document.addEventListener('scroll', () => state.rows.push(i))
  const controller = new AbortController()
  window.addEventListener('resize', (event) => state.rows.push(event.type), { signal: controller.signal })
  panel.dispatchEvent(new CustomEvent('ready', { detail: state, bubbles: true }))
  document.body.removeChild(panel)
  if (i % 2) controller.abort()
  controllers.push(controller)
}
`,
  },
  {
    id: 'symbol-keys',
    about: 'symbol-keyed properties, registered symbols, symbols on globalThis',
    source: `const META = Symbol('meta')
const store = []
function step(i) {
  const obj = {
    [META]: { i, tags: ['t' + i] },
    [Symbol.iterator]: function* () { yield i },
    [Symbol.toStringTag]: 'Item',
  }
  store.push(obj)
  globalThis[Symbol.for('leak' + i)] = obj
  obj[Symbol('local' + i)] = [i]
}
`,
  },
  {
    id: 'typed-arrays',
    about: 'ArrayBuffers with several views, DataView, a shared buffer kept',
    source: `const buffers = []
const shared = new ArrayBuffer(1024)
function step(i) {
  const buffer = new ArrayBuffer(256)
  const floats = new Float64Array(buffer)
  const bytes = new Uint8Array(buffer, 8, 16)
  const view = new DataView(buffer)
  view.setInt32(0, i)
  floats[1] = i
  buffers.push({ floats, bytes, view, slice: new Int16Array(shared, i * 4, 2), copy: Uint8Array.from(bytes) })
}
`,
  },
  {
    id: 'tagged-templates',
    about: 'tagged templates whose strings arrays and values are cached',
    source: `const cache = new Map()
function html(strings, ...values) {
  if (!cache.has(strings)) cache.set(strings, [])
  cache.get(strings).push(values)
  return strings.raw.join('|')
}
const rendered = []
function step(i) {
  rendered.push(html\`<li class="\${'row' + i}">\${{ i }}</li>\`)
  rendered.push(String.raw\`\\n\${i}\`)
  const tag = (s, ...v) => () => s[0] + v.length
  rendered.push(tag\`x\${i}\`)
}
`,
  },
  {
    id: 'async-generators',
    about: 'async generators suspended at yield and at await, kept by their consumers',
    source: `async function* feed(source) {
  const buffered = []
  for (let n = 0; ; n++) {
    buffered.push({ source, n })
    yield n
    await new Promise((resolve) => setTimeout(resolve, 10000))
  }
}
const consumers = []
function step(i) {
  const it = feed('feed' + i)
  it.next().then((r) => r.value)
  it.next()
  consumers.push(it)
}
`,
  },
  {
    id: 'inheritance',
    about: 'subclasses with super calls, a static registry, private fields in the subclass',
    source: `class Base {
  static registry = []
  constructor(kind) { this.kind = kind; Base.registry.push(this) }
  describe() { return this.kind }
}
class Child extends Base {
  #secret = [1, 2, 3]
  constructor(i) { super('child'); this.i = i }
  describe() { return super.describe() + this.#secret.length }
}
class GrandChild extends Child {
  extra = { at: Date.now() }
}
function step(i) {
  new Child(i)
  new GrandChild(-i).describe()
}
`,
  },
  {
    id: 'memoize-closures',
    about: 'a memoizing closure whose Map cache grows forever',
    source: `function memoize(fn) {
  const cache = new Map()
  return function memoized(key) {
    if (!cache.has(key)) cache.set(key, fn(key))
    return cache.get(key)
  }
}
const expensive = memoize((n) => ({ n, squares: Array.from({ length: 8 }, (_, k) => k * n) }))
const byObject = memoize((o) => [o])
function step(i) {
  expensive(i)
  byObject({ i })
}
`,
  },
  {
    id: 'garbage-cycles',
    about: 'cycles dropped between collections (unreachable until the collector runs), and some kept',
    source: `const kept = []
function step(i) {
  const a = { name: 'a' + i }
  const b = { name: 'b' + i, a }
  a.b = b
  const f = () => a
  a.f = f
  if (i % 4 === 0) kept.push(b)
}
`,
  },
  {
    id: 'errors-and-builtins',
    about: 'caught errors kept with their causes, RegExps, Dates, boxed primitives, exec results',
    source: `const errors = []
function step(i) {
  try {
    JSON.parse('{bad ' + i)
  } catch (error) {
    errors.push(error, new TypeError('wrapped', { cause: error }))
  }
  errors.push(new RegExp('a' + i, 'g'), new Date(i), /x+/y, /(?<n>a)(b)/.exec('xab' + i))
  errors.push(Object(Symbol('s' + i)), new Number(i), Object(BigInt(i) ** 20n))
}
`,
  },
  {
    id: 'iterators-kept',
    about: 'cursors: iterators over a Map, a Set, an array, a string, matchAll and an iterator helper, kept between steps',
    source: `const rows = new Map()
const tags = new Set()
const cursors = new Map()
function step(i) {
  rows.set(i, { i })
  tags.add('t' + i)
  cursors.set('rows' + i, rows.entries())
  cursors.set('tags' + i, tags.values())
  cursors.set('list' + i, [i, i + 1][Symbol.iterator]())
  cursors.set('text' + i, 'abc'[Symbol.iterator]())
  cursors.set('match' + i, ('b' + i + 'b').matchAll(/b/g))
  cursors.set('mapped' + i, rows.values().map((row) => row.i * 2))
}
`,
  },
  {
    id: 'timeout-closures',
    about: 'setTimeout callbacks still pending at the end, and a queueMicrotask per step',
    source: `const results = []
function schedule(i) {
  const request = { i, payload: new Array(10).fill(i) }
  setTimeout(() => results.push(request.payload.length), 1e9)
  setTimeout(function done(extra) { results.push(extra) }, 100, { i })
  queueMicrotask(() => results.push(i))
}
function step(i) {
  schedule(i)
}
`,
  },
]
