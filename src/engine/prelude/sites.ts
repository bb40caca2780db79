/**
 * The guest half of the heap inspector, now that the engine walks the heap itself (quickjs/c/
 * leaklab.c): the `__leaklab` runtime the instrumented program calls to record where each object
 * was made, and the internal slots of LeakLab's libraries. Plain JS evaluated inside QuickJS, after
 * primordials.
 *
 * Nothing here keeps a learner's object alive: sites live in a WeakMap whose values are numbers,
 * which the engine's walk reads directly (the host hands it the map).
 */
export const SITES_SOURCE = String.raw`
const ObjectCreate = Object.create
const isObjectLike = function (v) { return v !== null && (typeof v === 'object' || typeof v === 'function') }
const WeakMapPrototypeGet = uncurryThis(WeakMap.prototype.get)
const WeakMapPrototypeSet = uncurryThis(WeakMap.prototype.set)
const ObjectDefineProperty = Object.defineProperty
const WeakRefCtor = WeakRef
const WeakRefPrototypeDeref = uncurryThis(WeakRef.prototype.deref)
const JSONParse = JSON.parse
const siteOf = new WeakMap()
// Set by tracemalloc while it traces: called with each object the instrumented program allocates.
let traceAllocation = null

const leaklab = {}
// LeakLab's own objects that live among the learner's: QuickJS's object count includes them, so the
// host subtracts these from the counts the learner sees (reading plain data: no guest code runs).
const bookkeeping = {
  // tracemalloc's WeakRefs and the list that holds them
  tracesLength: 0,
  // what instrumentation() keeps once it has read the host's description
  instrumentation: 0,
}
ObjectDefineProperty(leaklab, 'a', { writable: false, configurable: false, enumerable: false, value: function recordSite(value, site, name) {
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
    // An object recorded twice (a constructor's literal, then its new) is traced once, at its first site.
    if (traceAllocation !== null && !WeakMapPrototypeHas(siteOf, value)) traceAllocation(value)
    WeakMapPrototypeSet(siteOf, value, site)
    if (name !== undefined && typeof value === 'function') {
      // From the descriptor: a class's static name getter is never called.
      const d = ObjectGetOwnPropertyDescriptor(value, 'name')
      if (d !== undefined && ObjectPrototypeHasOwnProperty(d, 'value') && d.value === '' && d.configurable) {
        ObjectDefineProperty(value, 'name', { value: name, configurable: true })
      }
    }
  }
  return value
} })
// Neither the hook nor the object holding it can be replaced by the program.
Object.freeze(leaklab)
ObjectDefineProperty(globalThis, '__leaklab', { value: leaklab, writable: false, enumerable: false, configurable: false })

/**
 * Attribute an object a library made (a DOM node, a listener record) to the learner's line that
 * called the library, unless it has a site already; returns it. The instrumentation sees only the
 * learner's own literals and calls, not what happens inside createElement().
 */
function madeHere(value) {
  if (isObjectLike(value) && !WeakMapPrototypeHas(siteOf, value)) {
    const site = host.callerSite()
    if (site >= 0) WeakMapPrototypeSet(siteOf, value, site)
  }
  return value
}

// The libraries keep engine-side state the way a browser keeps it outside JavaScript (an
// EventTarget's listeners): under symbols nobody else holds, as non-enumerable properties. The
// engine's walk reads each as an internal edge (.<event listeners>), and reflection below is
// patched so that the program never sees them.
const slotLabels = new Map()
function internalSlot(label) {
  const symbol = Symbol(label)
  MapPrototypeSet(slotLabels, symbol, label)
  return symbol
}
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

/** [symbol, label] of each internal slot, for the host to declare to the engine's walk. */
function internalSlots() {
  const list = []
  const it = MapPrototypeEntries(slotLabels)
  for (let step = MapIteratorPrototypeNext(it); !step.done; step = MapIteratorPrototypeNext(it)) ArrayPrototypePush(list, step.value)
  return list
}

/** A proxy's [target, handler], read by the engine from its slots (asking the proxy runs its traps); undefined for anything else. */
function proxyParts(value) {
  return host.proxyParts(value)
}
function isProxy(value) {
  return proxyParts(value) !== undefined
}

/**
 * What the instrumentation knows, from the host, fetched once: each site's file and line; and for
 * function-source.ts the instrumented file, its source, where text was inserted and where lines
 * start. instrumented is false when the program ran as written.
 */
let instrumentationInfo = null
function instrumentation() {
  if (instrumentationInfo === null) {
    const json = host.instrumentation()
    const data = json === undefined
      ? { files: [], siteFile: [], siteLine: [], file: null, source: '', inserted: [], lineStarts: [] }
      : JSONParse(json)
    instrumentationInfo = {
      instrumented: json !== undefined,
      files: data.files,
      siteFile: data.siteFile,
      siteLine: data.siteLine,
      file: data.file,
      source: data.source,
      inserted: data.inserted,
      lineStarts: data.lineStarts,
    }
    // Kept for the rest of the run: this object, files, siteFile, siteLine, inserted and lineStarts.
    bookkeeping.instrumentation = 6
  }
  return instrumentationInfo
}
`
