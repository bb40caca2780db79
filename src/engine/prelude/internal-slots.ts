/**
 * The internal slots of LeakLab's libraries, and proxies read without running their traps. Plain JS
 * evaluated inside QuickJS, after primordials. Where each object was made the engine records itself
 * (patches/0003): nothing here is about sites any more.
 */
export const INTERNAL_SLOTS_SOURCE = String.raw`
const isObjectLike = function (v) { return v !== null && (typeof v === 'object' || typeof v === 'function') }
const WeakMapPrototypeGet = uncurryThis(WeakMap.prototype.get)
const WeakMapPrototypeSet = uncurryThis(WeakMap.prototype.set)

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
  return arrayFilter(keys, function (key) { return !isHiddenKey(key) })
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
`
