import { CONSOLE_SOURCE } from './console'
import { CONSOLE_TABLE_SOURCE } from './console-table'
import { CONSOLE_TREE_SOURCE } from './console-tree'
import { AFTER_BASELINE_SOURCE, DOM_SOURCE } from './dom'
import { EVENTS_SOURCE } from './events'
import { FORMAT_SOURCE } from './format'
import { FUNCTION_SOURCE_SOURCE } from './function-source'
import { GC_SOURCE } from './gc'
import { LEAKLAB_SOURCE } from './leaklab'
import { INTERNAL_SLOTS_SOURCE } from './internal-slots'
import { INSPECT_SOURCE } from './inspect'
import { INSPECT_LAYOUT_SOURCE } from './inspect-layout'
import { INSPECT_OBJECTS_SOURCE } from './inspect-objects'
import { INSPECT_TEXT_SOURCE } from './inspect-text'
import { NATIVE_IMAGES_SOURCE } from './native-images'
import { PRIMORDIALS_SOURCE } from './primordials'
import { STRING_WIDTH_SOURCE } from './string-width'
import { TIMERS_SOURCE } from './timers'
import { TRACEMALLOC_SOURCE } from './tracemalloc'

/** The filename the prelude's frames carry in stack traces, so they are never mistaken for the learner's. */
export const PRELUDE_FILENAME = 'leaklab:prelude'

/**
 * The guest environment, as one function expression evaluated in QuickJS and called with the
 * host's functions. What it returns are the internals the host calls back into (never exposed
 * to the learner's code). Nothing from the host is reachable from the guest except those functions.
 */
export const PRELUDE_SOURCE = `(function installLeakLab(host) {
'use strict';
// The learner may replace these globals; inside the prelude, new Map() must still be the built-in.
const { Map, Set, WeakMap, WeakSet, WeakRef, Int32Array, Error, TypeError, RangeError } = globalThis
// Non-enumerable, as the built-ins' methods (defineValue: primordials.ts, evaluated before any call).
function define(target, name, value) {
  defineValue(target, name, value, true, false, true)
}
// The host reads strings as C strings, which end at a NUL: JSON keeps "a\\0b" whole. A line with
// objects to expand comes as {"text", "args"}, args being JSON already (console-tree.ts).
const hostPrint = host.print
const encodeForHost = JSON.stringify
host = {
  print: function (level, text, args) {
    hostPrint(level, args === undefined ? encodeForHost(text) : '{"text":' + encodeForHost(text) + ',"args":' + args + '}')
  }, setTimer: host.setTimer, clearTimer: host.clearTimer, now: host.now,
  epoch: host.epoch, promiseState: host.promiseState, objectCount: host.objectCount, runCollector: host.runCollector,
  related: host.related, trace: host.trace, traceMemory: host.traceMemory, traceSnapshot: host.traceSnapshot, proxyParts: host.proxyParts,
  siteFile: host.siteFile, gcCollected: host.gcCollected, nativeAlloc: host.nativeAlloc, nativeFree: host.nativeFree, nativeStats: host.nativeStats,
  snapshot: host.snapshot,
}
${PRIMORDIALS_SOURCE}
${STRING_WIDTH_SOURCE}
${INSPECT_TEXT_SOURCE}
${INSPECT_LAYOUT_SOURCE}
${INSPECT_SOURCE}
${INSPECT_OBJECTS_SOURCE}
${FORMAT_SOURCE}
${CONSOLE_TREE_SOURCE}
${CONSOLE_TABLE_SOURCE}
${CONSOLE_SOURCE}
${TIMERS_SOURCE}
${INTERNAL_SLOTS_SOURCE}
${FUNCTION_SOURCE_SOURCE}
${GC_SOURCE}
${TRACEMALLOC_SOURCE}
${LEAKLAB_SOURCE}
${NATIVE_IMAGES_SOURCE}
${EVENTS_SOURCE}
${DOM_SOURCE}
${AFTER_BASELINE_SOURCE}
// The host marks everything that exists once this returns as the environment, which the heap walk
// never counts. The document is made when the program first reads it (dom.ts), so it is the program's.
return {
  inspect: function (value) { return inspect(value) },
  slots: internalSlots(),
  // What these functions make is LeakLab's own, not the learner's: it gets no line (patches/0003).
  tools: [console, gc, tracemalloc, leaklab, Snapshot.prototype, Statistic.prototype, StatisticDiff.prototype],
}
})`

/** The host functions the prelude expects, by name. */
export interface PreludeHost {
  print(level: string, text: string): void
  setTimer(callback: unknown, delay: number, repeat: boolean): number
  clearTimer(id: number): void
  now(): number
  epoch: number
  /** undefined for a non-promise, else ['pending'], ['fulfilled', value] or ['rejected', reason]. */
  promiseState(value: unknown): unknown
  /** QuickJS's count of live objects (obj_count), for gc.collect(). */
  objectCount(): number
  /** Runs QuickJS's cycle collector (JS_RunGC). */
  runCollector(): void
  /** gc.getReferrers (referrers true) and gc.getReferents, by the engine's walk. */
  related(objects: object[], referrers: boolean): object[]
  /** The learner's file: the engine's sites are lines of it. */
  siteFile: string
  /** tracemalloc.start() (true) and stop() (false), in the engine. */
  trace(on: boolean): void
  /** tracemalloc's [traced bytes, peak], measured now; the peak reset first with resetPeak. */
  traceMemory(resetPeak: boolean): [number, number]
  /** tracemalloc's snapshot: `site, count, bytes` per allocation site (site: line << 12 | column). */
  traceSnapshot(): number[]
  /** A proxy's [target, handler], read from its slots; undefined for anything else. */
  proxyParts(value: unknown): [unknown, unknown] | undefined
  /** Records what a gc.collect() call returned (RunResult.gc). */
  gcCollected(freed: number): void
  /** imageLib's buffers (native-heap.ts): a new block's id, 0 past the byte budget, -1 past the block limit. */
  nativeAlloc(bytes: number): number
  nativeFree(id: number): void
  /** [live blocks, live bytes, budget in bytes, most blocks live]. */
  nativeStats(): [number, number, number, number]
  /** leaklab.snapshot(label): a heap walk kept with the run's others; false when it was not taken. */
  snapshot(label: string): boolean
}
