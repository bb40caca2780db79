/**
 * The guest's `gc`: Python's gc module carried over to QuickJS (Node's `--expose-gc` `gc()` works too).
 * Plain JS evaluated inside QuickJS after the heap walker, whose traversal it shares.
 *
 * `gc.collect()` really runs bellard's cycle collector, which quickjs-emscripten cannot call: the
 * collector runs when an object is created while the allocator's byte count exceeds a threshold, 1.5x
 * the count after the previous collection; in these wasm builds that count is 8 bytes per live block,
 * whatever its size, so the threshold is a number of blocks and only many small allocations reach it.
 * collect() makes a garbage cycle it holds a WeakRef to (the sentinel), then garbage cycles of filler
 * objects in chains of 65, until the sentinel's WeakRef reads undefined: the collector ran and freed
 * the sentinel, the filler made before it and the program's own garbage cycles. A chain a local still
 * held when it ran survives it, and is broken by hand (each chain is known by a WeakRef), so reference
 * counting frees it: nothing is left behind, and because the filler was garbage, the next threshold is
 * what the program's own heap sets, as after a natural run.
 * The filler never exceeds half the memory budget still free; if that is not enough (a heap near its
 * budget) the chains are broken, nothing is collected and a warning says so.
 *
 * Bellard's QuickJS enqueues FinalizationRegistry callbacks (and drops WeakMap entries) for objects that
 * died since the previous collection at the start of the next one, so collect() runs the collector
 * again while the last run freed anything (at most three runs). The callbacks are jobs: they run after
 * the code that called collect() returns, when the host runs pending jobs (after the script, each
 * step, each timer), in order with promise reactions.
 *
 * What it returns is the host's object count before minus after (QuickJS's obj_count), so it counts
 * JavaScript objects (functions and arrays included) that the collector freed, and what freeing them
 * released; Python counts every unreachable container it found. Cost, measured on a 100,000-object
 * heap: 20-30 ms with nothing to free (one run, about 50,000 filler objects), 55 ms with garbage
 * (two runs); a few ms on a small heap. It is the learner's time, as in Python. The host records each
 * call's result (RunResult.gc), so an exercise can check what the learner's collect() freed.
 *
 * `gc.getReferrers(...objects)` walks from the roots a heap walk uses (the learner's globals, top-level
 * bindings, pending timers) and returns the learner's objects that reference any of them, by the same
 * references a walk follows (properties, elements, Map and Set entries, captured variables of
 * instrumented closures, non-default prototypes), each once, in the order the walk meets them;
 * `globalThis` stands for a global variable (a top-level let or const has no object to report: it is
 * not a property of anything). Unlike Python's, it cannot see objects only the running
 * functions' frames hold (frames are not objects here) nor garbage not yet collected, and follows no
 * WeakMap entry or internal slot (a bound function's target, a Proxy's handler). It costs about a heap
 * walk: 0.6 s on a 100,000-object heap. `gc.getReferents(...objects)` lists the learner's objects those
 * objects reference directly, the same way (primitives and the environment's objects are left out).
 */
export const GC_SOURCE = String.raw`
const FILLER_CHAIN = 64
// Bytes one filler object takes: { n: next }, one property, plus its share of the WeakRefs to chains.
const FILLER_OBJECT_BYTES = modelSize('object', 1, 0, 0) + 8
const MAX_COLLECTOR_RUNS = 3

/** A garbage cycle and a WeakRef to one of its members: the WeakRef reads undefined once it is freed. */
function makeSentinel() {
  const a = { b: undefined }
  const b = { a: a }
  a.b = b
  return new WeakRefCtor(a)
}

/**
 * Make garbage cycles until the collector runs; false if it did not within maxObjects. Either way
 * nothing it made survives it: the collector frees the cycles, or they are broken here.
 */
function triggerCollector(maxObjects) {
  const sentinel = makeSentinel()
  const chains = []
  let made = 0
  let ran = false
  while (made < maxObjects) {
    const head = { n: undefined }
    let last = head
    for (let k = 0; k < FILLER_CHAIN; k++) last = { n: last }
    head.n = last
    made += FILLER_CHAIN + 1
    ArrayPrototypePush(chains, new WeakRefCtor(head))
    if (WeakRefPrototypeDeref(sentinel) === undefined) {
      ran = true
      break
    }
  }
  // A chain a local still held when the collector ran survived it (the one being built, or the one
  // before when the run came as the next began): break every surviving cycle, and reference
  // counting frees it as soon as the locals move on.
  for (let i = 0; i < chains.length; i++) {
    const head = WeakRefPrototypeDeref(chains[i])
    if (head !== undefined) head.n = undefined
  }
  const a = WeakRefPrototypeDeref(sentinel)
  if (a !== undefined) a.b = undefined
  return ran
}

function collectCycles() {
  const before = host.objectCount()
  let count = before
  for (let run = 0; run < MAX_COLLECTOR_RUNS; run++) {
    const maxObjects = MathFloor(MathMax(0, host.memoryHeadroom()) / 2 / FILLER_OBJECT_BYTES)
    if (!triggerCollector(maxObjects)) {
      host.print('warn', run === 0
        ? 'gc.collect(): the cycle collector could not be started within half of the memory budget left, so nothing was collected.'
        : 'gc.collect(): the cycle collector could not run again within half of the memory budget left: FinalizationRegistry callbacks for what it freed may wait for the next collection.')
      break
    }
    const now = host.objectCount()
    const freed = count - now
    count = now
    if (freed <= 0) break
  }
  const collected = MathMax(0, before - count)
  // For the run's result (RunResult.gc): a host call, so the record adds no object to the guest's heap.
  host.gcCollected(collected)
  return collected
}

/** Own values of the learner's globals (the environment's are left out, as in a walk). */
function forEachLearnerGlobal(visit) {
  const keys = ReflectOwnKeys(globalThis)
  for (let i = 0; i < keys.length; i++) {
    const d = ObjectGetOwnPropertyDescriptor(globalThis, keys[i])
    if (d && 'value' in d) visit(0, d.value)
  }
}

/** Call visit(0, value) for each reference object holds, as a heap walk follows them. */
function forEachReferent(object, info, prototypes, visit) {
  if (object === globalThis) return forEachLearnerGlobal(visit)
  const site = WeakMapPrototypeGet(siteOf, object)
  const peekable = isPeekable(object, site, info.peekableSites)
  describeObject(object, site, peekable, info.classSites, prototypes, describedScratch, false)
  forEachReference(object, describedScratch.kind, peekable, 0, visit)
}

function isLearnerObject(value) {
  return isObjectLike(value) && !isBaseline(value)
}

function referentsOf(objects) {
  const info = instrumentation()
  const prototypes = new Map()
  const found = new Set()
  const result = []
  const visit = function (from, value) {
    if (isLearnerObject(value) && !SetPrototypeHas(found, value)) {
      SetPrototypeAdd(found, value)
      ArrayPrototypePush(result, value)
    }
  }
  for (let i = 0; i < objects.length; i++) {
    if (isObjectLike(objects[i])) forEachReferent(objects[i], info, prototypes, visit)
  }
  return result
}

/**
 * The learner's objects reachable from the roots (globals, top-level bindings, pending timers) that
 * hold a reference to any of objects, in the order a walk meets them; globalThis when a global does.
 */
function referrersOf(objects) {
  const targets = new Set()
  for (let i = 0; i < objects.length; i++) if (isObjectLike(objects[i])) SetPrototypeAdd(targets, objects[i])
  const result = []
  if (SetPrototypeGetSize(targets) === 0) return result
  const info = instrumentation()
  const prototypes = new Map()
  const seen = new Set()
  const queue = []
  let holds = false
  const visit = function (from, value, kind) {
    // An instance's link to a built-in prototype (Object.prototype) is the environment's, not a reference to report.
    if (SetPrototypeHas(targets, value) && !(kind === 'prototype' && isBaseline(value))) holds = true
    if (isLearnerObject(value) && !SetPrototypeHas(seen, value)) {
      SetPrototypeAdd(seen, value)
      ArrayPrototypePush(queue, value)
    }
  }
  forEachLearnerGlobal(visit)
  if (holds) ArrayPrototypePush(result, globalThis)
  // [[name, getter] of each top-level binding, [label, value] of each pending timer]
  const roots = host.heapRoots()
  const lexicals = roots[0]
  for (let i = 0; i < lexicals.length; i++) {
    let value
    try { value = lexicals[i][1]() } catch (e) { continue }
    visit(0, value)
  }
  const held = roots[1]
  for (let i = 0; i < held.length; i++) visit(0, held[i][1])
  for (let i = 0; i < queue.length; i++) {
    holds = false
    forEachReferent(queue[i], info, prototypes, visit)
    if (holds) ArrayPrototypePush(result, queue[i])
  }
  return result
}

// Methods and arrows have no prototype object: the environment stays small.
const gc = () => collectCycles()
const gcApi = {
  collect(generation) { return collectCycles() },
  getReferrers(...objects) { return referrersOf(objects) },
  getReferents(...objects) { return referentsOf(objects) },
}
function defineApi(target, name, value) {
  ObjectDefineProperty(target, name, { value: value, writable: true, configurable: true, enumerable: true })
}
defineApi(gc, 'collect', gcApi.collect)
defineApi(gc, 'getReferrers', gcApi.getReferrers)
defineApi(gc, 'getReferents', gcApi.getReferents)
define(globalThis, 'gc', gc)
`
