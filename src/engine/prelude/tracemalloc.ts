/**
 * The guest's `tracemalloc`: Python's module carried over, with camelCase names (`takeSnapshot`,
 * `getTracedMemory`, `compareTo`) and the same text (`main.js:4: size=703 KiB, count=10000, average=72 B`).
 * Plain JS evaluated inside QuickJS after sites.ts, whose site table it uses; objects are sized by the
 * engine (quickjs/c/leaklab.c), as a heap walk sizes them.
 *
 * What is traced: objects the instrumented program allocates while tracing (object and array literals,
 * `new`, functions and classes: what `__leaklab.a` records), each at its allocation line. Not traced:
 * strings, objects made inside built-ins (`map`, `JSON.parse`, `Object.create`), anything allocated
 * before `start()`, and any allocation at all when the run is not instrumented (inspect off).
 * A traced object is held by a WeakRef only (nothing is kept alive); the list of WeakRefs is pruned
 * each time it doubles. That list is tracing's own cost, one WeakRef object per traced object, which
 * shows in the run's object counts while tracing, as tracemalloc's own memory shows in Python's
 * (`getTracemallocMemory()` estimates it); `stop()` frees it.
 *
 * Sizes are a heap walk's shallow sizes (src/heap/size-model.ts), taken when they are measured, so
 * an array counts its current elements at its own allocation line (Python charges each resize to the
 * line that grew it). `current` is the total over the traced objects still allocated, garbage cycles
 * the collector has not freed yet included, as in Python. `peak` is the highest `current` measured, and
 * `current` is measured only at `getTracedMemory()`, `takeSnapshot()`, `resetPeak()` and each pruning
 * of the list (every time it doubles), not at every allocation nor at the engine's samples: a peak
 * between two of those is missed (a structure that grew and was then dropped shows at least half of
 * its size). Measuring runs none of the learner's code: the engine reads each object's slots.
 *
 * Cost, 100,000 objects on a Node 20 host: allocating them traced takes about 3x as long (the
 * WeakRefs, and the measuring at each pruning; CPython's tracemalloc slows the same loop 4-5x),
 * `takeSnapshot()` plus `statistics('lineno')` about 0.13 s (CPython: about 0.75 s; `npm run bench`
 * measures both side by side). Not tracing, an allocation pays one comparison with null.
 *
 * Not carried over: tracebacks of more than one frame ('traceback' groups as 'lineno' does), filters
 * (only the learner's file is traced anyway), Snapshot.traces, dump() and load().
 */
export const TRACEMALLOC_SOURCE = String.raw`
const MathAbs = Math.abs
const MapPrototypeValues = uncurryThis(Map.prototype.values)
const MIN_PRUNE_AT = 1024
let tracing = false
let traces = null
let pruneAt = MIN_PRUNE_AT
let peakTraced = 0
let warnedUninstrumented = false
// No scan starts inside another (a scan allocates its result, which a traced program could observe).
let scanning = false
let lastTraced = 0

function traceObject(value) {
  ArrayPrototypePush(traces, new WeakRefCtor(value))
  if (traces.length >= pruneAt && !scanning) scanTraces(null)
  bookkeeping.tracesLength = traces === null ? 0 : traces.length + 1
}

/**
 * Drop the WeakRefs of freed objects, measure the rest and update the peak. With bySite (a Map of site id to
 * [count, size]) it also sums them by allocation site. Returns the bytes traced.
 */
function scanTraces(bySite) {
  if (scanning) return lastTraced
  scanning = true
  try {
    lastTraced = measureTraces(bySite)
  } finally {
    scanning = false
  }
  if (lastTraced > peakTraced) peakTraced = lastTraced
  return lastTraced
}

function measureTraces(bySite) {
  // The list the scan started with, even if what it runs stops or clears tracing.
  const list = traces
  // index, site, size of each traced object still alive, measured by the engine as a heap walk sizes it
  const live = host.traceSizes(list)
  let kept = 0
  let current = 0
  for (let i = 0; i + 2 < live.length; i += 3) {
    list[kept++] = list[live[i]]
    const site = live[i + 1] < 0 ? undefined : live[i + 1]
    const size = live[i + 2]
    current += size
    if (bySite !== null) {
      const sums = MapPrototypeGet(bySite, site)
      if (sums === undefined) MapPrototypeSet(bySite, site, [1, size])
      else {
        sums[0]++
        sums[1] += size
      }
    }
  }
  list.length = kept
  if (list === traces) bookkeeping.tracesLength = kept + 1
  pruneAt = MathMax(MIN_PRUNE_AT, kept * 2)
  return current
}

/** A Map's values as an array, by the captured iterator (a learner may patch Map's). */
function valuesOf(map) {
  const list = []
  const it = MapPrototypeValues(map)
  for (let step = MapIteratorPrototypeNext(it); !step.done; step = MapIteratorPrototypeNext(it)) ArrayPrototypePush(list, step.value)
  return list
}

function pyRepr(value) {
  return typeof value === 'string' ? "'" + value + "'" : StringCtor(value)
}

function checkKeyType(keyType, cumulative) {
  if (keyType !== 'lineno' && keyType !== 'filename' && keyType !== 'traceback') throw new RangeError('unknown key_type: ' + pyRepr(keyType))
  if (cumulative && keyType === 'traceback') throw new RangeError('cumulative mode cannot be used with key type ' + pyRepr(keyType))
}

/**
 * %.<digits>f as Python prints it: correctly rounded, an exact tie to even (toFixed breaks ties
 * upwards: 72.5 is '73' there, '72' in Python). The tie test reads the exact decimal expansion.
 */
function fixedLikePython(value, digits) {
  const negative = value < 0
  const magnitude = negative ? -value : value
  let text = NumberPrototypeToFixed(magnitude, digits)
  if (magnitude < 1e21) {
    const exact = NumberPrototypeToFixed(magnitude, 100)
    const cut = StringPrototypeIndexOf(exact, '.') + 1 + digits
    if (RegExpPrototypeExec(/^50*$/, StringPrototypeSlice(exact, cut)) !== null) {
      const truncated = StringPrototypeSlice(exact, 0, digits === 0 ? cut - 1 : cut)
      if ((StringPrototypeCharCodeAt(truncated, truncated.length - 1) - 48) % 2 === 0) text = truncated
    }
  }
  return (negative ? '-' : '') + text
}

/** Python's tracemalloc._format_size: 4 or 5 digits and a binary unit, or 3 digits when under 100. */
function formatSize(size, sign) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]
    const plus = sign && !(size < 0) ? '+' : ''
    if (MathAbs(size) < 100 && unit !== 'B') return plus + fixedLikePython(size, 1) + ' ' + unit
    if (MathAbs(size) < 10 * 1024 || unit === 'TiB') return plus + fixedLikePython(size, 0) + ' ' + unit
    size /= 1024
  }
}

function signedInteger(value) {
  return (value < 0 ? '' : '+') + value
}

/** Statistics on the objects allocated at one line (or in one file: line 0, as Python prints it). */
class Statistic {
  constructor(file, line, size, count) {
    this.file = file
    this.line = line
    this.size = size
    this.count = count
  }
  toString() {
    let text = this.file + ':' + this.line + ': size=' + formatSize(this.size, false) + ', count=' + this.count
    if (this.count) text += ', average=' + formatSize(this.size / this.count, false)
    return text
  }
  [customInspectSymbol]() {
    return this.toString()
  }
}

/** How one line's (or file's) statistics changed between an old snapshot and a new one. */
class StatisticDiff {
  constructor(file, line, size, sizeDiff, count, countDiff) {
    this.file = file
    this.line = line
    this.size = size
    this.sizeDiff = sizeDiff
    this.count = count
    this.countDiff = countDiff
  }
  toString() {
    let text = this.file + ':' + this.line + ': size=' + formatSize(this.size, false) + ' (' + formatSize(this.sizeDiff, true) + ')' +
      ', count=' + this.count + ' (' + signedInteger(this.countDiff) + ')'
    if (this.count) text += ', average=' + formatSize(this.size / this.count, false)
    return text
  }
  [customInspectSymbol]() {
    return this.toString()
  }
}

/** Python orders tracebacks as (filename, lineno) tuples. */
function compareFrames(a, b) {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1
  return a.line - b.line
}

/** Traced objects by allocation site, as they were when the snapshot was taken (no object is kept). */
class Snapshot {
  #sites
  #counts
  #sizes
  constructor(sites, counts, sizes) {
    this.#sites = sites
    this.#counts = counts
    this.#sizes = sizes
  }
  /** Sums by line ('lineno', 'traceback': one frame) or by file ('filename'), by size descending. */
  statistics(keyType, cumulative) {
    const groups = groupSnapshot(this.#sites, this.#counts, this.#sizes, keyType, cumulative)
    const list = ArrayPrototypeMap(valuesOf(groups), function (group) { return new Statistic(group.file, group.line, group.size, group.count) })
    return ArrayPrototypeSort(list, function (a, b) {
      return b.size - a.size || b.count - a.count || compareFrames(b, a)
    })
  }
  /** The differences from an older snapshot, by |size difference| descending, as compare_to. */
  compareTo(old, keyType, cumulative) {
    if (!isObjectLike(old) || !(#sites in old)) throw new TypeError('compareTo() expects a snapshot taken by tracemalloc.takeSnapshot()')
    const now = groupSnapshot(this.#sites, this.#counts, this.#sizes, keyType, cumulative)
    const before = old.#groups(keyType, cumulative)
    const list = []
    const groups = valuesOf(now)
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i]
      const previous = MapPrototypeGet(before, group.key)
      const size = previous === undefined ? 0 : previous.size
      const count = previous === undefined ? 0 : previous.count
      MapPrototypeDelete(before, group.key)
      ArrayPrototypePush(list, new StatisticDiff(group.file, group.line, group.size, group.size - size, group.count, group.count - count))
    }
    const gone = valuesOf(before)
    for (let i = 0; i < gone.length; i++) {
      const group = gone[i]
      ArrayPrototypePush(list, new StatisticDiff(group.file, group.line, 0, -group.size, 0, -group.count))
    }
    return ArrayPrototypeSort(list, function (a, b) {
      return MathAbs(b.sizeDiff) - MathAbs(a.sizeDiff) || b.size - a.size || MathAbs(b.countDiff) - MathAbs(a.countDiff) ||
        b.count - a.count || compareFrames(b, a)
    })
  }
  #groups(keyType, cumulative) {
    return groupSnapshot(this.#sites, this.#counts, this.#sizes, keyType, cumulative)
  }
}

function groupSnapshot(sites, counts, sizes, keyType, cumulative) {
  checkKeyType(keyType, cumulative)
  const info = instrumentation()
  const groups = new Map()
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i]
    const file = site === undefined ? '<unknown>' : info.files[info.siteFile[site]]
    const line = site === undefined || keyType === 'filename' ? 0 : info.siteLine[site]
    const key = file + ':' + line
    let group = MapPrototypeGet(groups, key)
    if (group === undefined) {
      group = { key: key, file: file, line: line, size: 0, count: 0 }
      MapPrototypeSet(groups, key, group)
    }
    group.size += sizes[i]
    group.count += counts[i]
  }
  return groups
}

function startTracing(nframe) {
  if (tracing) return
  if (!instrumentation().instrumented && !warnedUninstrumented) {
    warnedUninstrumented = true
    host.print('warn', 'tracemalloc: this run is not instrumented (heap inspection is off), so no allocation can be traced.')
  }
  tracing = true
  traces = []
  bookkeeping.tracesLength = 1
  pruneAt = MIN_PRUNE_AT
  peakTraced = 0
  traceAllocation = traceObject
}

function stopTracing() {
  tracing = false
  traceAllocation = null
  traces = null
  bookkeeping.tracesLength = 0
  peakTraced = 0
}

function snapshotTraces() {
  if (!tracing) throw new Error('the tracemalloc module must be tracing memory allocations to take a snapshot')
  const bySite = new MapCtor()
  scanTraces(bySite)
  const sites = []
  const counts = []
  const sizes = []
  const it = MapPrototypeEntries(bySite)
  for (let step = MapIteratorPrototypeNext(it); !step.done; step = MapIteratorPrototypeNext(it)) {
    ArrayPrototypePush(sites, step.value[0])
    ArrayPrototypePush(counts, step.value[1][0])
    ArrayPrototypePush(sizes, step.value[1][1])
  }
  return new Snapshot(sites, counts, sizes)
}

const tracemalloc = {
  start(nframe) { startTracing(nframe) },
  stop() { stopTracing() },
  isTracing() { return tracing },
  takeSnapshot() { return snapshotTraces() },
  getTracedMemory() {
    if (!tracing) return [0, 0]
    const current = scanTraces(null)
    return [current, peakTraced]
  },
  resetPeak() {
    if (!tracing) return
    peakTraced = 0
    scanTraces(null)
  },
  clearTraces() {
    if (!tracing) return
    traces = []
    bookkeeping.tracesLength = 1
    pruneAt = MIN_PRUNE_AT
    peakTraced = 0
  },
  // One WeakRef per entry, and the entry in the list.
  getTracemallocMemory() { return tracing ? traces.length * (host.weakRefSize + 8) : 0 },
}
defineApi(tracemalloc, 'Snapshot', Snapshot)
defineApi(tracemalloc, 'Statistic', Statistic)
defineApi(tracemalloc, 'StatisticDiff', StatisticDiff)
define(globalThis, 'tracemalloc', tracemalloc)
`
