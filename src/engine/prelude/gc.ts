/**
 * The guest's `gc`: Python's gc module carried over to QuickJS (Node's `--expose-gc` `gc()` works too).
 * Plain JS evaluated inside QuickJS; the work is the engine's (quickjs/c/leaklab.c).
 *
 * `gc.collect()` runs QuickJS's cycle collector (JS_RunGC) and returns how many JavaScript objects
 * (functions and arrays included) it freed, the engine's object count before minus after. Python
 * counts every unreachable container it found. QuickJS drops WeakMap entries and enqueues
 * FinalizationRegistry callbacks for objects that died since the previous collection at the start of
 * the next one, so collect() runs the collector again while the last run freed anything (at most
 * three runs). The callbacks are jobs: they run after the code that called collect() returns, when
 * the host runs pending jobs (after the script, each step, each timer), in order with promise
 * reactions. The host records each call's result (RunResult.gc), so an exercise can check what the
 * learner's collect() freed.
 *
 * `gc.getReferrers(...objects)` returns the learner's objects that hold a reference to any of them,
 * and `gc.getReferents(...objects)` those they hold, by the references a heap walk follows (the
 * engine's own: properties, elements, Map and Set entries, closure variables, a suspended frame's
 * function, internal slots), each once, in the order the walk meets them; `globalThis` stands for a
 * global variable. A top-level let or const has no object to report (it is not a property of
 * anything), nor is a suspended frame a value the program can hold. It costs about a heap walk.
 */
export const GC_SOURCE = String.raw`
const MAX_COLLECTOR_RUNS = 3

function collectCycles() {
  const before = host.objectCount()
  let count = before
  for (let run = 0; run < MAX_COLLECTOR_RUNS; run++) {
    host.runCollector()
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

function objectsOnly(values) {
  const list = []
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v !== null && (typeof v === 'object' || typeof v === 'function')) ArrayPrototypePush(list, v)
  }
  return list
}

// Methods and arrows have no prototype object: the environment stays small.
const gc = () => collectCycles()
const gcApi = {
  collect(generation) { return collectCycles() },
  getReferrers(...objects) { return host.related(objectsOnly(objects), true) },
  getReferents(...objects) { return host.related(objectsOnly(objects), false) },
}
function defineApi(target, name, value) {
  defineValue(target, name, value, true, true, true)
}
defineApi(gc, 'collect', gcApi.collect)
defineApi(gc, 'getReferrers', gcApi.getReferrers)
defineApi(gc, 'getReferents', gcApi.getReferents)
define(globalThis, 'gc', gc)
`
