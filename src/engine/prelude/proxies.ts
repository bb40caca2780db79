/**
 * A Proxy's target and handler are internal slots: reflection cannot read them, and reading the proxy
 * itself runs its traps, which are the learner's code. So `new Proxy(...)` and `Proxy.revocable(...)`
 * record each proxy they make with its target and handler, as WeakRefs only (a proxy already keeps
 * both alive, so nothing more is kept), and the walker, gc and tracemalloc follow those two references
 * instead of asking the proxy anything.
 *
 * The global Proxy becomes a proxy of the built-in with only a construct trap: its name, length, keys,
 * toString and the TypeError it throws without new are the built-in's. The record is LeakLab's own
 * objects among the learner's (an array and three WeakRefs per live proxy): counted in bookkeeping so
 * they stay out of the learner's counts, and dropped once their proxy is gone (checked each time their
 * number doubles). Plain JS evaluated inside QuickJS after the heap walker.
 */
export const PROXIES_SOURCE = String.raw`
const ProxyCtor = Proxy
const ProxyRevocable = Proxy.revocable
const ReflectConstruct = Reflect.construct
// proxy -> its record's id: a number, so the entry, which outlives the proxy until the collector runs
// in this QuickJS, keeps nothing alive.
const proxyIds = new WeakMap()
// id -> [WeakRef of the proxy, of its target, of its handler]
const proxyRecords = new Map()
let nextProxyId = 0
let pruneProxiesAt = 64

function recordProxy(proxy, target, handler) {
  const id = nextProxyId++
  WeakMapPrototypeSet(proxyIds, proxy, id)
  MapPrototypeSet(proxyRecords, id, [new WeakRefCtor(proxy), new WeakRefCtor(target), new WeakRefCtor(handler)])
  if (MapPrototypeGetSize(proxyRecords) >= pruneProxiesAt) {
    const it = MapPrototypeEntries(proxyRecords)
    const dead = []
    for (let step = MapIteratorPrototypeNext(it); !step.done; step = MapIteratorPrototypeNext(it)) {
      if (WeakRefPrototypeDeref(step.value[1][0]) === undefined) ArrayPrototypePush(dead, step.value[0])
    }
    for (let i = 0; i < dead.length; i++) MapPrototypeDelete(proxyRecords, dead[i])
    pruneProxiesAt = MathMax(64, MapPrototypeGetSize(proxyRecords) * 2)
  }
  bookkeeping.proxies = MapPrototypeGetSize(proxyRecords) * 4
}

/** Whether value is a proxy the program made (one comparison while it has made none). */
function isRecordedProxy(value) {
  return nextProxyId !== 0 && WeakMapPrototypeHas(proxyIds, value)
}

/** [target, handler] of a proxy the program made (isRecordedProxy). */
function proxyParts(proxy) {
  const record = MapPrototypeGet(proxyRecords, WeakMapPrototypeGet(proxyIds, proxy))
  return [WeakRefPrototypeDeref(record[1]), WeakRefPrototypeDeref(record[2])]
}

globalThis.Proxy = new ProxyCtor(ProxyCtor, {
  construct(target, args, newTarget) {
    const proxy = ReflectConstruct(target, args, newTarget)
    recordProxy(proxy, args[0], args[1])
    return proxy
  },
})
define(ProxyCtor, 'revocable', function revocable(target, handler) {
  const made = ProxyRevocable(target, handler)
  recordProxy(made.proxy, target, handler)
  return made
})
`
