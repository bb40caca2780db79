/**
 * The guest half of the heap inspector: the `__leaklab` runtime the instrumented program calls, and
 * the walker that lists what is reachable from the roots. Plain JS evaluated inside QuickJS, after
 * primordials (it uses their captured built-ins, so a learner who patches Object.keys cannot fool it).
 *
 * Nothing here keeps a learner's object alive: allocation sites live in a WeakMap whose values are
 * numbers, a closure reports its captured variables only while the walker peeks, and the walk's own
 * tables are dropped when it returns.
 *
 * gc.ts and tracemalloc.ts use the same pieces (describeObject, forEachReference, objectSize), so
 * gc.getReferents, a walk's edges and tracemalloc's sizes cannot disagree. While tracemalloc traces,
 * `__leaklab.a` also hands each new object to it; otherwise that costs one comparison with null.
 */
import { shallowSize } from '../../heap/size-model'
import { EDGE_KINDS, NODE_KINDS, type NodeKind } from '../../heap/snapshot'

export const NODE_FIELDS = 6
export const EDGE_FIELDS = 4

/**
 * The size model (src/heap/size-model.ts) as the guest uses it: per kind, the bytes of an object with
 * nothing, then per property, per element and per unit of length. Read off `shallowSize` itself, so
 * the model stays in one place; test/engine/tracemalloc.test.ts checks that it is linear.
 */
export const SIZE_COEFFICIENTS: [NodeKind, [number, number, number, number]][] = NODE_KINDS.map((kind) => {
  const base = shallowSize(kind, 0, 0, 0)
  return [kind, [base, shallowSize(kind, 1, 0, 0) - base, shallowSize(kind, 0, 1, 0) - base, shallowSize(kind, 0, 0, 1) - base]]
})

export const HEAP_WALKER_SOURCE = String.raw`
const ObjectCreate = Object.create
const NODE_FIELDS = ${NODE_FIELDS}
const EDGE_FIELDS = ${EDGE_FIELDS}
const KIND_NAMES = ${JSON.stringify(NODE_KINDS)}
// A null-prototype dictionary: a property lookup is several times cheaper than an uncurried Map call.
const KIND_CODE = ObjectCreate(null)
for (let i = 0; i < KIND_NAMES.length; i++) KIND_CODE[KIND_NAMES[i]] = i
const EDGE_CODE_OF = Object.fromEntries(${JSON.stringify(EDGE_KINDS)}.map(function (k, i) { return [k, i] }))
const WeakMapPrototypeGet = uncurryThis(WeakMap.prototype.get)
const WeakMapPrototypeSet = uncurryThis(WeakMap.prototype.set)
const WeakSetPrototypeAdd = uncurryThis(WeakSet.prototype.add)
const ObjectDefineProperty = Object.defineProperty
const siteOf = new WeakMap()
const baseline = new WeakSet()

const SetPrototypeAdd = uncurryThis(Set.prototype.add)
const WeakRefCtor = WeakRef
const WeakRefPrototypeDeref = uncurryThis(WeakRef.prototype.deref)
const JSONParse = JSON.parse
// Set by tracemalloc while it traces: called with each object the instrumented program allocates.
let traceAllocation = null

const leaklab = {}
// LeakLab's own objects that live among the learner's (tracemalloc's list of WeakRefs): the host reads
// this plain data, without running guest code, to keep them out of the counts the learner sees.
const bookkeeping = {
  // The WeakRefs and the list that holds them; a getter would run guest code, so the host reads this.
  tracesLength: 0,
  // What instrumentation() keeps once it has read the host's description (see there).
  instrumentation: 0,
  // The records of the proxies the program made (proxies.ts).
  proxies: 0,
}
define(leaklab, 'a', function recordSite(value, site, name) {
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
    // An object recorded twice (a constructor's literal, then its new) is traced once, at its first site.
    if (traceAllocation !== null && !WeakMapPrototypeHas(siteOf, value)) traceAllocation(value)
    WeakMapPrototypeSet(siteOf, value, site)
    if (name !== undefined && typeof value === 'function' && value.name === '') {
      ObjectDefineProperty(value, 'name', { value: name, configurable: true })
    }
  }
  return value
})
// Methods have no expression to wrap, so a literal or class that has capturing methods passes their
// sites here after it exists: key, site, slot (0 value, 1 getter, 2 setter; +4 on holder.prototype).
define(leaklab, 'm', function recordMethods(holder) {
  for (let i = 1; i + 2 < arguments.length; i += 3) {
    const slot = arguments[i + 2]
    let target = holder
    if (slot >= 4) {
      const d = ObjectGetOwnPropertyDescriptor(holder, 'prototype')
      target = d === undefined ? undefined : d.value
    }
    if (!isObjectLike(target)) continue
    const d = ObjectGetOwnPropertyDescriptor(target, arguments[i])
    if (d === undefined) continue
    const fn = slot % 4 === 0 ? d.value : slot % 4 === 1 ? d.get : d.set
    if (typeof fn === 'function' && !WeakMapPrototypeHas(siteOf, fn)) WeakMapPrototypeSet(siteOf, fn, arguments[i + 1])
  }
  return holder
})
// A bound function's target, this and arguments are internal slots reflection cannot read. bind
// records them on the bound function itself, under symbols nobody else holds, as non-enumerable
// properties: the bound function already keeps those values alive, so nothing more is retained, and
// no object is added. The libraries keep their engine-side state the same way (an EventTarget's
// listeners, which a browser keeps outside JavaScript): internalSlot() makes such a key. The walker
// reads each as an internal edge (.<event listeners>); reflection below is patched so the program
// never sees them.
const FunctionPrototypeBind = FunctionPrototype.bind
const slotLabels = new Map()
const hiddenSymbols = []
function internalSlot(label) {
  const symbol = Symbol(label)
  MapPrototypeSet(slotLabels, symbol, label)
  ArrayPrototypePush(hiddenSymbols, symbol)
  return symbol
}
const BOUND_TARGET = internalSlot('target')
const BOUND_THIS = internalSlot('this')
const boundArgs = []
function boundArg(i) {
  while (boundArgs.length <= i) ArrayPrototypePush(boundArgs, internalSlot('args[' + boundArgs.length + ']'))
  return boundArgs[i]
}
define(FunctionPrototype, 'bind', function bind(thisArg) {
  const bound = ReflectApply(FunctionPrototypeBind, this, arguments)
  ObjectDefineProperty(bound, BOUND_TARGET, { value: this })
  ObjectDefineProperty(bound, BOUND_THIS, { value: thisArg })
  for (let i = 1; i < arguments.length; i++) ObjectDefineProperty(bound, boundArg(i - 1), { value: arguments[i] })
  return bound
})
const isHiddenKey = function (key) { return typeof key === 'symbol' && MapPrototypeGet(slotLabels, key) !== undefined }
// Symbols come after strings in a key list: one with no symbol at its end has nothing to hide.
const withoutHidden = function (keys) {
  if (keys.length === 0 || typeof keys[keys.length - 1] !== 'symbol') return keys
  return ArrayPrototypeFilter(keys, function (key) { return !isHiddenKey(key) })
}
const ObjectGetOwnPropertyDescriptors = Object.getOwnPropertyDescriptors
define(Reflect, 'ownKeys', function ownKeys(target) {
  return withoutHidden(ReflectOwnKeys(target))
})
define(Object, 'getOwnPropertySymbols', function getOwnPropertySymbols(target) {
  return withoutHidden(ObjectGetOwnPropertySymbols(target))
})
define(Object, 'getOwnPropertyDescriptors', function getOwnPropertyDescriptors(target) {
  const descriptors = ObjectGetOwnPropertyDescriptors(target)
  const symbols = ObjectGetOwnPropertySymbols(descriptors)
  for (let i = 0; i < symbols.length; i++) if (isHiddenKey(symbols[i])) delete descriptors[symbols[i]]
  return descriptors
})
// While the walker peeks, p is the receiver a closure hands its captured variables to.
ObjectDefineProperty(leaklab, 'p', { value: null, writable: true, enumerable: false, configurable: false })
ObjectDefineProperty(globalThis, '__leaklab', { value: leaklab, writable: false, enumerable: false, configurable: false })

const isObjectLike = function (v) { return v !== null && (typeof v === 'object' || typeof v === 'function') }

/** Everything reachable from globalThis now is the environment, never the learner's: mark it. */
function markBaseline() {
  const queue = [globalThis]
  WeakSetPrototypeAdd(baseline, globalThis)
  while (queue.length > 0) {
    const object = ArrayPrototypePop(queue)
    const next = [ObjectGetPrototypeOf(object)]
    for (const key of ReflectOwnKeys(object)) {
      const d = ObjectGetOwnPropertyDescriptor(object, key)
      if (d === undefined) continue
      ArrayPrototypePush(next, d.value, d.get, d.set)
    }
    for (const value of next) {
      if (isObjectLike(value) && !SetPrototypeHas(baselineSet, value)) {
        baselineSet.add(value)
        WeakSetPrototypeAdd(baseline, value)
        ArrayPrototypePush(queue, value)
      }
    }
  }
  baselineSet.clear()
}
const baselineSet = new Set()
const WeakSetPrototypeHasOwn = uncurryThis(WeakSet.prototype.has)
const isBaseline = function (v) { return WeakSetPrototypeHasOwn(baseline, v) }

const LONG_STRING = 256
const ELEMENTS_WITH_KEYS = 1000

function constructorName(object) {
  let proto
  try { proto = ObjectGetPrototypeOf(object) } catch (e) { return 'Object' }
  return protoName(proto)
}

function protoName(proto) {
  if (proto === null) return 'Object'
  const d = ObjectGetOwnPropertyDescriptor(proto, 'constructor')
  if (d && typeof d.value === 'function' && typeof d.value.name === 'string' && d.value.name !== '') return d.value.name
  return 'Object'
}

// The built-in prototypes that decide a kind. Classifying by the prototype chain, cached per
// prototype, keeps a 100,000-object walk free of brand checks (each one a thrown exception).
const kindByPrototype = new Map([
  [ObjectPrototype, 'object'], [Array.prototype, 'array'], [Map.prototype, 'map'], [Set.prototype, 'set'],
  [WeakMap.prototype, 'weakmap'], [WeakSet.prototype, 'weakset'], [Date.prototype, 'date'],
  [RegExp.prototype, 'regexp'], [ArrayBuffer.prototype, 'arraybuffer'], [PromisePrototype, 'promise'],
  [Error.prototype, 'error'], [TypedArrayPrototype, 'typed-array'], [FunctionPrototype, 'function'],
])
if (typeof WeakRef === 'function') MapPrototypeSet(kindByPrototype, WeakRef.prototype, 'weakref')

/** Kind and name for objects whose prototype is proto, cached for the walk in cache. */
function classify(proto, cache) {
  let info = MapPrototypeGet(cache, proto)
  if (info !== undefined) return info
  let kind = 'object'
  for (let p = proto, depth = 0; p !== null && depth < 64; depth++) {
    const known = MapPrototypeGet(kindByPrototype, p)
    if (known !== undefined) { kind = known; break }
    try { p = ObjectGetPrototypeOf(p) } catch (e) { break }
  }
  info = { kind: kind, name: kind === 'array' ? 'Array' : protoName(proto) }
  MapPrototypeSet(cache, proto, info)
  return info
}

function kindOfFunction(fn, peekable, isClass) {
  if (isClass) return 'class'
  if (StringPrototypeStartsWith(fn.name, 'bound ')) return 'bound-function'
  return peekable ? 'closure' : 'function'
}

function keyLabel(key) {
  return typeof key === 'symbol' ? SymbolPrototypeToString(key) : key
}

/** How a Map key reads in a path: strings quoted, objects by class. */
function mapKeyLabel(key) {
  if (typeof key === 'string') return JSONStringify(key)
  if (typeof key === 'symbol') return SymbolPrototypeToString(key)
  if (isObjectLike(key)) return '{' + (typeof key === 'function' ? 'function ' + key.name : constructorName(key)) + '}'
  return String(key)
}

/** Ask a peekable closure for its captured variables; [] if it has none or cannot say. */
function peek(fn) {
  let captured = null
  leaklab.p = function (pairs) { captured = pairs }
  try {
    const result = ReflectApply(fn, undefined, [])
    // A generator's body waits for next(): its first statement is the peek.
    if (captured === null && isObjectLike(result) && typeof result.next === 'function') result.next()
  } catch (e) {
    // An async function's promise or a throwing getter: whatever was captured is still reported.
  } finally {
    leaklab.p = null
  }
  return captured || []
}

function isPeekable(value, site, peekableSites) {
  return typeof value === 'function' && site !== undefined && SetPrototypeHas(peekableSites, site)
}

/**
 * How the walker sees an object: kind, name and length (the bytes of a buffer), written to out (reused,
 * so nothing is allocated per object). site is the object's allocation site, or undefined. With
 * withName false a function's name is not read (it is '').
 */
function describeObject(value, site, peekable, classSites, prototypes, out, withName) {
  let kind
  let name = ''
  if (isRecordedProxy(value)) {
    // Its name, prototype and keys would come from its traps: the learner's code.
    kind = typeof value === 'function' ? 'function' : 'object'
    name = 'Proxy'
  } else if (typeof value === 'function') {
    kind = kindOfFunction(value, peekable, site !== undefined && SetPrototypeHas(classSites, site))
    if (withName) name = value.name || '(anonymous)'
  } else {
    let proto = null
    try { proto = ObjectGetPrototypeOf(value) } catch (e) {}
    const info = classify(proto, prototypes)
    kind = info.kind === 'array' && !ArrayIsArray(value) ? 'object' : info.kind
    name = info.name
  }
  let length = 0
  try {
    if (kind === 'arraybuffer') length = ArrayBufferPrototypeGetByteLength(value)
    else if (kind === 'typed-array') length = value.byteLength
  } catch (e) {
    // An impostor made with Object.create(ArrayBuffer.prototype): no bytes of its own.
  }
  out.kind = kind
  out.name = name
  out.length = length
}

/** What forEachReference counted in the object it was last called on: the size model's inputs. */
const referenceCounts = { props: 0, elements: 0 }

/**
 * The references an object holds, as the walker follows them: edge(from, value, kind, label) for each
 * element, own property (an accessor's getter and setter as internal edges), non-default prototype,
 * captured variable (peekable closures only) and Map or Set entry. With edge null it only counts.
 * Either way it leaves the size model's inputs in referenceCounts, so a walk and tracemalloc agree.
 */
function forEachReference(object, kind, peekable, from, edge) {
  if (isRecordedProxy(object)) {
    // A proxy holds its target and handler, and nothing else the walk may read without a trap.
    const parts = proxyParts(object)
    if (edge !== null) {
      edge(from, parts[0], 'internal', 'target')
      edge(from, parts[1], 'internal', 'handler')
    }
    referenceCounts.props = 0
    referenceCounts.elements = 0
    return
  }
  let props = 0
  let elements = 0
  const isArray = kind === 'array'
  if (isArray) {
    elements = object.length
    // Numbers and other primitives are no reference: skipping them here saves a call per element.
    if (edge !== null) {
      for (let i = 0; i < elements; i++) {
        const value = object[i]
        if (typeof value === 'object' ? value !== null : typeof value === 'function' || typeof value === 'string') edge(from, value, 'element', i)
      }
    }
  }
  if (!isArray || elements <= ELEMENTS_WITH_KEYS) {
    let keys
    try { keys = ReflectOwnKeys(object) } catch (e) { keys = [] }
    // Counting only, an ordinary object's keys are its properties (a Proxy whose trap lists a key it
    // has no descriptor for is the exception the walk would not count): no descriptor per key.
    if (edge === null && !isArray) {
      props = keys.length
      if ((kind === 'function' || kind === 'closure') && ArrayPrototypeIncludes(keys, 'prototype')) props--
    } else for (let k = 0; k < keys.length; k++) {
      const key = keys[k]
      if (isArray && (key === 'length' || (typeof key === 'string' && NumberIsFinite(+key) && +key >= 0))) continue
      // Reading a plain function's prototype makes QuickJS create it: the walk must not allocate.
      // Instances still reach an existing prototype through their __proto__ edge.
      if (key === 'prototype' && (kind === 'function' || kind === 'closure')) continue
      const d = ObjectGetOwnPropertyDescriptor(object, key)
      if (d === undefined) continue
      if (typeof key === 'symbol' && isHiddenKey(key)) {
        // An internal slot (a bound function's, a target's listeners): a reference, not a property the program made.
        if (edge !== null) edge(from, d.value, 'internal', MapPrototypeGet(slotLabels, key))
        continue
      }
      props++
      if (edge === null) continue
      if ('value' in d) edge(from, d.value, 'property', typeof key === 'string' ? key : keyLabel(key))
      else {
        edge(from, d.get, 'internal', 'get ' + keyLabel(key))
        edge(from, d.set, 'internal', 'set ' + keyLabel(key))
      }
    }
  }
  if (edge !== null) {
    let proto = null
    try { proto = ObjectGetPrototypeOf(object) } catch (e) {}
    // The environment's prototypes (Object.prototype…) are no edge: the callers leave the baseline out.
    if (proto !== null) edge(from, proto, 'prototype', '__proto__')
  }
  if (peekable) {
    const pairs = peek(object)
    // A closure's elements are its captured variables: each is a cell, whatever its value.
    elements = pairs.length / 2
    if (edge !== null) {
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        let value
        try { value = pairs[i + 1]() } catch (e) { continue }
        edge(from, value, 'closure', pairs[i])
      }
    }
  }
  if (kind === 'map' && isMap(object)) {
    if (edge === null) elements += MapPrototypeGetSize(object)
    else {
      const it = MapPrototypeEntries(object)
      for (let step = MapIteratorPrototypeNext(it); !step.done; step = MapIteratorPrototypeNext(it)) {
        const label = mapKeyLabel(step.value[0])
        edge(from, step.value[0], 'map-key', label)
        edge(from, step.value[1], 'map-value', label)
        elements++
      }
    }
  } else if (kind === 'set' && isSet(object)) {
    if (edge === null) elements += SetPrototypeGetSize(object)
    else {
      const it = SetPrototypeValues(object)
      for (let step = SetIteratorPrototypeNext(it); !step.done; step = SetIteratorPrototypeNext(it)) {
        edge(from, step.value, 'set-member', elements++)
      }
    }
  }
  referenceCounts.props = props
  referenceCounts.elements = elements
}

// Four per kind, in KIND_CODE order.
const sizeCoefficients = ${JSON.stringify(NODE_KINDS.flatMap((kind) => SIZE_COEFFICIENTS.find(([k]) => k === kind)![1]))}

/** shallowSize of src/heap/size-model.ts, from the coefficients read off it. */
function modelSize(kind, props, elements, length) {
  const at = KIND_CODE[kind] * 4
  const c = sizeCoefficients
  return c[at] + c[at + 1] * props + c[at + 2] * elements + c[at + 3] * length
}

const describedScratch = { kind: '', name: '', length: 0 }

/**
 * An object's shallow size as a heap walk would report it. site: its allocation site (or undefined);
 * prototypes: a classify cache for the caller's pass.
 */
function objectSize(object, site, peekableSites, classSites, prototypes) {
  const peekable = isPeekable(object, site, peekableSites)
  describeObject(object, site, peekable, classSites, prototypes, describedScratch, false)
  forEachReference(object, describedScratch.kind, peekable, 0, null)
  return modelSize(describedScratch.kind, referenceCounts.props, referenceCounts.elements, describedScratch.length)
}

/**
 * objectSize for the many objects of one scan (tracemalloc's): the same sizes, but an object that is
 * not a function, array, Map, Set or buffer is sized from its prototype's kind, cached in plain (a
 * privateMap for the scan), and its own key count alone, as forEachReference counts it.
 */
function scanObjectSize(object, site, info, prototypes, plain) {
  if (typeof object !== 'function' && !isRecordedProxy(object)) {
    let proto = null
    try { proto = ObjectGetPrototypeOf(object) } catch (e) {}
    let sizes = plain.get(proto)
    if (sizes === undefined) {
      const kind = classify(proto, prototypes).kind
      const simple = kind !== 'array' && kind !== 'map' && kind !== 'set' && kind !== 'arraybuffer' && kind !== 'typed-array'
      // [size with no property, size of one property]
      sizes = simple ? [modelSize(kind, 0, 0, 0), modelSize(kind, 1, 0, 0) - modelSize(kind, 0, 0, 0)] : null
      plain.set(proto, sizes)
    }
    if (sizes !== null) {
      let keys
      try { keys = ReflectOwnKeys(object) } catch (e) { keys = [] }
      return sizes[0] + sizes[1] * keys.length
    }
  }
  return objectSize(object, site, info.peekableSites, info.classSites, prototypes)
}

/**
 * What the instrumentation knows, from the host, fetched once: each site's file and line, the sites
 * of peekable functions and of classes; and for function-source.ts the instrumented file, its source,
 * where text was inserted and where lines start. instrumented is false when the program ran as written.
 */
let instrumentationInfo = null
function instrumentation() {
  if (instrumentationInfo === null) {
    const json = host.instrumentation()
    const data = json === undefined
      ? { files: [], siteFile: [], siteLine: [], peekable: [], classes: [], file: null, source: '', inserted: [], lineStarts: [] }
      : JSONParse(json)
    instrumentationInfo = {
      instrumented: json !== undefined,
      files: data.files,
      siteFile: data.siteFile,
      siteLine: data.siteLine,
      peekableSites: new Set(data.peekable),
      classSites: new Set(data.classes),
      file: data.file,
      source: data.source,
      inserted: data.inserted,
      lineStarts: data.lineStarts,
    }
    // Kept for the rest of the run: this object, files, siteFile, siteLine, the two Sets, inserted
    // and lineStarts.
    bookkeeping.instrumentation = 8
  }
  return instrumentationInfo
}

/**
 * A Map private to LeakLab with get and set as its own properties: a direct call skips the bound
 * call() of an uncurried method (the walk makes several per object), and a learner who patches
 * Map.prototype cannot reach it, as own properties come first.
 */
const MapGetOwn = Map.prototype.get
const MapSetOwn = Map.prototype.set
const ArrayPushOwn = Array.prototype.push
function privateMap() {
  const map = new MapCtor()
  map.get = MapGetOwn
  map.set = MapSetOwn
  return map
}

/**
 * Walk from the roots: the learner's globals, top-level lexical bindings, and what the host holds
 * (pending timers). Returns int32 tables: per node kind, name, site, own property count, element
 * count and a length (strings, buffers); per edge from, to, kind and label (a string index, or the
 * index itself for elements and set members). Kinds and names are indexes into the given lists.
 *
 * It runs once per object of the heap (a second for 100,000 objects before it was tuned), so the
 * hot path avoids calls: rows are written inline, an object's kind and name are cached per
 * prototype, and the tables grow by doubling.
 */
const ARRAY = KIND_CODE.array
const OBJECT = KIND_CODE.object
const ARRAYBUFFER = KIND_CODE.arraybuffer
const TYPED_ARRAY = KIND_CODE['typed-array']
const WEAKMAP = KIND_CODE.weakmap
const CLOSURE = KIND_CODE.closure

function walkHeap(lexicals, hostRoots, countOnly, sites) {
  // The peekable and class sites come from the instrumentation (the warm-up walk at install passes
  // its own, empty ones: the host has instrumented nothing yet, and instrumentation() caches).
  const info = sites === undefined ? instrumentation() : sites
  const peekableSites = info.peekableSites
  const classSites = info.classSites
  const ids = privateMap()
  const strings = privateMap()
  const prototypes = new MapCtor()
  // Per prototype, for objects that are not functions: [kind code, name's text index].
  const byPrototype = privateMap()
  const texts = []
  let nodes = new Int32Array(NODE_FIELDS * 1024)
  let nodeCount = 0
  let edges = new Int32Array(EDGE_FIELDS * 1024)
  let edgeCount = 0
  // Pairs of (object, its id) still to visit.
  const queue = []
  queue.push = ArrayPushOwn
  const described = { kind: '', name: '', length: 0 }
  // The arrays that carry the roots in are LeakLab's: known from the start as not nodes (-1).
  ids.set(lexicals, -1)
  ids.set(hostRoots, -1)
  for (let i = 0; i < lexicals.length; i++) ids.set(lexicals[i], -1)
  for (let i = 0; i < hostRoots.length; i++) ids.set(hostRoots[i], -1)

  // Labels and names are interned through a null-prototype dictionary: a property lookup is several
  // times cheaper than an uncurried Map call, and the walk makes one per edge.
  const textIndexOf = ObjectCreate(null)
  function text(value) {
    let index = textIndexOf[value]
    if (index === undefined) {
      index = texts.length
      ArrayPrototypePush(texts, value)
      textIndexOf[value] = index
    }
    return index
  }

  function addNode(kindCode, nameIndex, site, length) {
    if ((nodeCount + 1) * NODE_FIELDS > nodes.length) {
      const bigger = new Int32Array(nodes.length * 2)
      bigger.set(nodes)
      nodes = bigger
    }
    const at = nodeCount * NODE_FIELDS
    nodes[at] = kindCode
    nodes[at + 1] = nameIndex
    nodes[at + 2] = site
    nodes[at + 3] = 0
    nodes[at + 4] = 0
    nodes[at + 5] = length
    return nodeCount++
  }

  function addEdge(from, to, kindCode, label) {
    if ((edgeCount + 1) * EDGE_FIELDS > edges.length) {
      const bigger = new Int32Array(edges.length * 2)
      bigger.set(edges)
      edges = bigger
    }
    const at = edgeCount * EDGE_FIELDS
    edges[at] = from
    edges[at + 1] = to
    edges[at + 2] = kindCode
    edges[at + 3] = typeof label === 'number' ? label : text(label)
    edgeCount++
  }

  /** The node of an object or long string met for the first time (not in ids yet), or -1. */
  function discover(value) {
    if (typeof value === 'string') {
      const id = addNode(KIND_CODE.string, text('(string)'), -1, value.length)
      strings.set(value, id)
      return id
    }
    // The environment is met again and again (every instance's prototype chain ends in it): remember
    // it as -1 in the same map, so the next meeting costs one lookup.
    if (isBaseline(value)) {
      ids.set(value, -1)
      return -1
    }
    const site = WeakMapPrototypeGet(siteOf, value)
    const siteId = site === undefined ? -1 : site
    let id
    if (typeof value !== 'function' && !isRecordedProxy(value)) {
      let proto = null
      try { proto = ObjectGetPrototypeOf(value) } catch (e) {}
      // What describeObject would say, from classify's answer for this prototype: only buffers
      // need more (their byte length), and an object posing as an array is an object.
      let known = byPrototype.get(proto)
      if (known === undefined) {
        const info = classify(proto, prototypes)
        known = [KIND_CODE[info.kind], text(info.name)]
        byPrototype.set(proto, known)
      }
      const kindCode = known[0]
      if (kindCode === ARRAY) id = addNode(ArrayIsArray(value) ? ARRAY : OBJECT, known[1], siteId, 0)
      else if (kindCode !== ARRAYBUFFER && kindCode !== TYPED_ARRAY) id = addNode(kindCode, known[1], siteId, 0)
    }
    if (id === undefined) {
      describeObject(value, site, isPeekable(value, site, peekableSites), classSites, prototypes, described, true)
      id = addNode(KIND_CODE[described.kind], text(described.name), siteId, described.length)
    }
    ids.set(value, id)
    queue.push(value, id)
    return id
  }

  // countOnly (growth samples): every reachable object is still found and described, but no
  // reference is recorded.
  function edge(from, value, kind, label) {
    let to
    if (typeof value === 'object' || typeof value === 'function') {
      if (value === null) return
      to = ids.get(value)
      if (to === undefined) to = discover(value)
    } else if (typeof value === 'string' && value.length >= LONG_STRING) {
      to = strings.get(value)
      if (to === undefined) to = discover(value)
    } else return
    if (to >= 0 && !countOnly) addEdge(from, to, EDGE_CODE_OF[kind], label)
  }

  addNode(KIND_CODE.root, text('(roots)'), -1, 0)
  const globalId = addNode(KIND_CODE.root, text('globalThis'), -1, 0)
  addEdge(0, globalId, EDGE_CODE_OF.root, 'globalThis')
  // Every global is followed, the environment's names included: their values are the environment
  // (left out where discover() meets them), unless the program replaced one ('var console = []').
  const globalKeys = ReflectOwnKeys(globalThis)
  for (let i = 0; i < globalKeys.length; i++) {
    const key = globalKeys[i]
    const d = ObjectGetOwnPropertyDescriptor(globalThis, key)
    if (d && 'value' in d) {
      if (isHiddenKey(key)) edge(globalId, d.value, 'internal', MapPrototypeGet(slotLabels, key))
      else edge(globalId, d.value, 'property', keyLabel(key))
    }
  }
  for (let i = 0; i < lexicals.length; i++) {
    let value
    try { value = lexicals[i][1]() } catch (e) { continue }
    edge(0, value, 'root', lexicals[i][0])
  }
  for (let i = 0; i < hostRoots.length; i++) edge(0, hostRoots[i][1], 'root', hostRoots[i][0])

  // A WeakMap value is alive only while both the map and its key are: it gets an edge from each,
  // found by asking every reachable WeakMap about every reachable object (has() keeps nothing alive).
  const weakMaps = []
  function weakEntry(map, mapId, key, keyId) {
    if (!WeakMapPrototypeHas(map, key)) return
    const value = WeakMapPrototypeGet(map, key)
    edge(mapId, value, 'map-value', mapKeyLabel(key))
    edge(keyId, value, 'internal', 'WeakMap value')
  }

  for (let head = 0; head < queue.length; head += 2) {
    const object = queue[head]
    const id = queue[head + 1]
    const at = id * NODE_FIELDS
    const kindCode = nodes[at]
    forEachReference(object, KIND_NAMES[kindCode], kindCode === CLOSURE, id, edge)
    // edge() may have grown the table: index it afresh.
    nodes[at + 3] = referenceCounts.props
    nodes[at + 4] = referenceCounts.elements
    if (kindCode === WEAKMAP && isWeakMap(object)) {
      for (let done = 0; done < head; done += 2) weakEntry(object, id, queue[done], queue[done + 1])
      ArrayPrototypePush(weakMaps, object, id)
    }
    for (let w = 0; w < weakMaps.length; w += 2) weakEntry(weakMaps[w], weakMaps[w + 1], object, id)
  }
  return {
    nodes: nodes.buffer.slice(0, nodeCount * NODE_FIELDS * 4),
    edges: edges.buffer.slice(0, edgeCount * EDGE_FIELDS * 4),
    texts: texts,
  }
}
`
