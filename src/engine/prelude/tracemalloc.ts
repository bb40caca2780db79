/**
 * The guest's `tracemalloc`: Python's module carried over, with camelCase names (`takeSnapshot`,
 * `getTracedMemory`, `compareTo`) and the same text (`main.js:4: size=703 KiB, count=10000, average=72 B`).
 * Plain JS evaluated inside QuickJS; the tracing is the engine's (quickjs/c/leaklab.c, patches/0003).
 *
 * What is traced: every object allocated while tracing at a line of the learner's file, each at that
 * line, as the engine records it for every object: literals, `new`, functions and classes, and what
 * built-ins (`map`, `JSON.parse`, `Object.create`), LeakLab's libraries and code built at run time
 * (`eval`, `new Function`) make for that line. Not traced: strings, anything allocated before
 * `start()`, and what LeakLab's own tools make (tracemalloc's snapshots, the console's temporaries).
 * Nothing is kept per traced object beyond what the engine keeps for every object (its line and an
 * allocation number), so tracing costs nothing per allocation, and `getTracemallocMemory()` is 0.
 *
 * Sizes are a heap walk's shallow sizes (src/heap/size-model.ts), taken when they are measured, so
 * an array counts its current elements at its own allocation line (Python charges each resize to the
 * line that grew it). `current` is the total over the traced objects still allocated, garbage cycles
 * the collector has not freed yet included, as in Python. `peak` is the highest `current` measured;
 * `current` is measured at `getTracedMemory()`, `takeSnapshot()` and `resetPeak()`, and by the engine
 * each time the allocations since `start()` have doubled (at least 1024 more), at its next poll of
 * interrupts: a peak between two of those is missed (a structure that grew and was then dropped shows
 * at least half of its size). Measuring runs none of the learner's code: the engine reads each
 * object's slots.
 *
 * Not carried over: tracebacks of more than one frame ('traceback' groups as 'lineno' does), filters
 * (only the learner's file is traced anyway), Snapshot.traces, dump() and load().
 */
export const TRACEMALLOC_SOURCE = String.raw`
const MathAbs = Math.abs
const MapPrototypeValues = uncurryThis(Map.prototype.values)
// The engine's site of an object: line << 12 | column.
const SITE_COLUMN_BITS = 12
let tracing = false

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
  // Fields: defined on the instance, so the assignments below run no setter of Object.prototype's.
  file
  line
  size
  count
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
  file
  line
  size
  sizeDiff
  count
  countDiff
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
    const list = arrayMap(valuesOf(groups), function (group) { return new Statistic(group.file, group.line, group.size, group.count) })
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
  const groups = new Map()
  for (let i = 0; i < sites.length; i++) {
    const file = host.siteFile
    const line = keyType === 'filename' ? 0 : sites[i] >>> SITE_COLUMN_BITS
    const key = file + ':' + line
    let group = MapPrototypeGet(groups, key)
    if (group === undefined) {
      group = { __proto__: null, key: key, file: file, line: line, size: 0, count: 0 }
      MapPrototypeSet(groups, key, group)
    }
    group.size += sizes[i]
    group.count += counts[i]
  }
  return groups
}

function startTracing(nframe) {
  if (tracing) return
  tracing = true
  host.trace(true)
}

function stopTracing() {
  tracing = false
  host.trace(false)
}

function snapshotTraces() {
  if (!tracing) throw new Error('the tracemalloc module must be tracing memory allocations to take a snapshot')
  // site, count, bytes per site, summed by the engine
  const sums = host.traceSnapshot()
  const sites = []
  const counts = []
  const sizes = []
  for (let i = 0; i + 2 < sums.length; i += 3) {
    ArrayPrototypePush(sites, sums[i])
    ArrayPrototypePush(counts, sums[i + 1])
    ArrayPrototypePush(sizes, sums[i + 2])
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
    return host.traceMemory(false)
  },
  resetPeak() {
    if (tracing) host.traceMemory(true)
  },
  clearTraces() {
    // Tracing starts again from here: what was allocated before is no longer traced.
    if (tracing) host.trace(true)
  },
  // The engine keeps an object's line and number whether tracing or not: tracing adds nothing.
  getTracemallocMemory() { return 0 },
}
defineApi(tracemalloc, 'Snapshot', Snapshot)
defineApi(tracemalloc, 'Statistic', Statistic)
defineApi(tracemalloc, 'StatisticDiff', StatisticDiff)
define(globalThis, 'tracemalloc', tracemalloc)
`
