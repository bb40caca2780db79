/**
 * The heap inspector's cases, for the targets of its benchmark issue:
 * 1. the cost of recording allocation sites: the engine records every object's site as it is made
 *    (quickjs/patches/0003, 0004), in every run, so it is measured engine against engine, LeakLab's
 *    build against the stock one (site-cost-cases.ts); here only an inspected run that never walks
 *    against one with the inspector off, which now do the same engine work;
 * 2. a snapshot plus statistics by line, the guest's tracemalloc and the host inspector, against
 *    CPython's `take_snapshot()` + `statistics('lineno')`;
 * 3. the full snapshot (walk, retained sizes, a retainer path per group) at 100,000 and 1,000,000 objects.
 * Each LeakLab figure is timed from the host (the guest's clock is virtual): either a whole run, with the
 * inspector's share derived against an inspected run that never walks the heap, paired within each
 * round, or an interval between two host callbacks in one run. Figures are never asserted, only reported.
 */
import { analyzeSnapshot, countGroups, groupPath, parseGroupKeyId, renderPath } from '../src/analysis'
import { MIB } from '../src/engine/defaults'

/** The 1,000,000-object walk takes several seconds, more on a loaded machine: it gets a minute rather than the default. */
import { CAP_MARGIN_BYTES } from '../src/engine/quickjs'
import { runProgram } from '../src/engine/run'
import type { RunOptions, RunResult } from '../src/engine/types'
import type { HeapSnapshot } from '../src/heap/snapshot'
import type { Case, Derived, RatioSpec, Skipped } from './case'
import { timeInChild } from './child'
import type { PythonProbe } from './machine'
import { JS_SEED, PY_LOOP, PY_SETUP, SEED_COUNT, type SeedSuite } from './seed-cases'

export const LARGE_COUNT = 1_000_000

/**
 * The 1,000,000-object run needs more than the default 64 MiB budget. Measured once the engine
 * recorded sites itself (Node 20, LeakLab's QuickJS 2025-09-13 with patches 0003/0004; no rewriting
 * of the program any more, whose WeakMap of sites took the growth to about 156 MiB and the walk's peak
 * to about 429 MiB): the program grows the wasm memory by about 84 MiB (16 → 100 MiB), inspected or
 * not, and the final walk's tables take it to a peak of about 248 MiB. The walk's memory is not
 * charged to the budget, but the hard cap (budget + CAP_MARGIN_BYTES + the 16 MiB the memory starts
 * with) still holds it: a 192 MiB budget still fit (peak 235 MiB under its 240 MiB cap). 512 MiB
 * leaves room for the walker to change. Every run reports its peak.
 */
export const LARGE_MEMORY_BYTES = 512 * MIB

/** Beyond the holders, the program makes the array, the class and its prototype (as in seed-cases.ts). */
const EXTRA_OBJECTS_ALLOWED = 1_000

export const WARM = ' The QuickJS wasm comes compiled once per process (compiledWasm in engine-build.ts), as in engine-seed.'

/** The seed program's lines, read off JS_SEED itself so the two cannot drift apart. */
function seedLines(): { setup: string[]; loop: string } {
  const lines = JS_SEED.trimEnd().split('\n')
  const loops = lines.filter((line) => line.startsWith('for '))
  if (loops.length !== 1) throw new Error(`JS_SEED no longer has one loop line:\n${JS_SEED}`)
  return { setup: lines.filter((line) => line !== loops[0]), loop: loops[0] }
}

/** The seed program with `count` holders instead of SEED_COUNT. */
export function seedSource(count: number): string {
  const bound = `i < ${SEED_COUNT};`
  if (!JS_SEED.includes(bound)) throw new Error(`JS_SEED has no "${bound}" to scale:\n${JS_SEED}`)
  return JS_SEED.replace(bound, `i < ${count};`)
}

/** The line (1-based) of the seed loop in `source`: where the holders are allocated. */
export function loopLine(source: string): number {
  const lines = source.split('\n')
  const at = lines.findIndex((line) => line.startsWith('for '))
  if (at < 0 || lines.findIndex((line, i) => i > at && line.startsWith('for ')) >= 0) throw new Error(`no single loop line in:\n${source}`)
  return at + 1
}

export async function timedRun(source: string, options: Partial<RunOptions>, onSample?: () => void): Promise<{ ms: number; result: RunResult }> {
  const started = performance.now()
  const result = await runProgram(source, options, { onSample })
  const ms = performance.now() - started
  if (!result.ok) throw new Error(`runProgram failed: ${result.error?.kind} ${result.error?.name}: ${result.error?.message}`)
  return { ms, result }
}

export function checkGrowth(result: RunResult, count: number): number {
  const growth = result.memory.objects - result.start.objects
  if (growth < count || growth > count + EXTRA_OBJECTS_ALLOWED) {
    throw new Error(`object count grew by ${growth}, expected ${count}…${count + EXTRA_OBJECTS_ALLOWED}: the workload did not run as written`)
  }
  return growth
}

/** The run was inspected and the heap never walked, as `snapshots: 0` promises. */
function checkUnwalked(result: RunResult): void {
  if (!result.heap) throw new Error('the run was not inspected (result.heap is null)')
  if (result.heap.error) throw new Error(`the inspector reported: ${result.heap.error}`)
  if (result.heap.snapshot || result.heap.growth.length > 0) throw new Error('the heap was walked, though snapshots was 0')
}

/** The final snapshot, or a failure that names why the walk gave none. */
export function finalSnapshot(result: RunResult, ms: number): HeapSnapshot {
  const snapshot = result.heap?.snapshot
  if (snapshot) return snapshot
  const reason = result.heap ? (result.heap.error ?? 'no snapshot and no reason given') : 'the run was not inspected'
  const peak = `peak wasm memory ${(result.wasmMemory.peakBytes / MIB).toFixed(1)} MiB`
  const hint = /time budget/.test(reason)
    ? ` (the whole run took ${Math.round(ms)} ms, ${peak})`
    : /out of memory/.test(reason)
      ? ` (the walk's tables hit the wasm memory cap, memoryBytes ${result.limits.memoryBytes / MIB} MiB + ${CAP_MARGIN_BYTES / MIB} MiB; ${peak})`
      : ` (${peak})`
  throw new Error(`the final heap walk gave no snapshot: ${reason}${hint}`)
}

/**
 * An inspected run that never walks the heap (`inspect: true, snapshots: 0`): the baseline the walk is
 * derived against. The engine records every object's site in every run, so apart from the walk it does
 * what a run with the inspector off does.
 */
function unwalkedCase(id: string, label: string, includes: string, count: number, options: Partial<RunOptions>): Case {
  const source = seedSource(count)
  let observed: Record<string, number> = {}
  return {
    id,
    label,
    includes,
    async run() {
      const { ms, result } = await timedRun(source, { ...options, inspect: true, snapshots: 0 })
      checkUnwalked(result)
      observed = {
        objectGrowth: checkGrowth(result, count),
        heapSamples: result.samples.length,
        wasmPeakBytes: result.wasmMemory.peakBytes,
      }
      return ms
    },
    observed: () => observed,
  }
}

/**
 * runProgram with the inspector's defaults (one walk at the end: the seed has no step()), then host
 * analysis of the snapshot inside the same clock. `analyse` returns facts about what it computed.
 */
function walkedCase(
  id: string,
  label: string,
  includes: string,
  count: number,
  options: Partial<RunOptions>,
  analyse: (snapshot: HeapSnapshot, site: string) => Record<string, number>,
): Case {
  const source = seedSource(count)
  const site = `main.js:${loopLine(source)}`
  let observed: Record<string, number> = {}
  return {
    id,
    label,
    includes,
    async run() {
      const started = performance.now()
      const { ms: runMs, result } = await timedRun(source, { ...options, inspect: true })
      const snapshot = finalSnapshot(result, runMs)
      const analysisStarted = performance.now()
      const facts = analyse(snapshot, site)
      const ended = performance.now()
      if (result.heap!.growth.length > 0) throw new Error(`${result.heap!.growth.length} growth walks ran; the seed has no step(), so only the final walk should`)
      observed = {
        objectGrowth: checkGrowth(result, count),
        nodes: snapshot.nodes.length,
        edges: snapshot.edges.length,
        wasmPeakBytes: result.wasmMemory.peakBytes,
        analysisMs: Math.round((ended - analysisStarted) * 10) / 10,
        ...facts,
      }
      return ended - started
    },
    observed: () => observed,
  }
}

/** Counts and shallow bytes by allocation line, largest first: what printing statistics by line needs. */
function statisticsByLine(snapshot: HeapSnapshot, site: string): Record<string, number> {
  const groups = countGroups(snapshot, 'line').sort((a, b) => b.shallowBytes - a.shallowBytes || b.count - a.count)
  const holders = groups.find((g) => {
    const key = parseGroupKeyId(g.key)
    return key.name === 'DataHolder' && key.kind === 'object' && key.site === site
  })
  if (!holders || holders.count !== SEED_COUNT) {
    throw new Error(`the DataHolder group at ${site} counts ${holders?.count ?? 'nothing'}, expected ${SEED_COUNT}`)
  }
  return { groups: groups.length, holders: holders.count, holdersShallowBytes: holders.shallowBytes }
}

/** analyzeSnapshot (retained sizes by dominators, shortest paths) and a rendered retainer path per group by line. */
export function fullAnalysis(count: number) {
  return (snapshot: HeapSnapshot, site: string): Record<string, number> => {
    const analysis = analyzeSnapshot(snapshot)
    const rows = analysis.byLine.map((group) => ({ group, path: renderPath(snapshot, groupPath(analysis, group)) }))
    const holders = rows.find(({ group }) => group.name === 'DataHolder' && group.kind === 'object' && group.site === site)
    if (!holders || holders.group.count !== count) {
      throw new Error(`the DataHolder group at ${site} counts ${holders?.group.count ?? 'nothing'}, expected ${count}`)
    }
    if (!(holders.group.retainedBytes >= holders.group.shallowBytes && holders.group.shallowBytes > 0)) {
      throw new Error(`the DataHolder group retains ${holders.group.retainedBytes} B for ${holders.group.shallowBytes} B shallow`)
    }
    if (!holders.path.startsWith('leakList')) throw new Error(`the DataHolder group's retainer path is ${JSON.stringify(holders.path)}, not through leakList`)
    const leakList = rows.find(({ path }) => path === 'leakList')
    return {
      groups: rows.length,
      retainerPaths: rows.length,
      holders: holders.group.count,
      holdersRetainedBytes: holders.group.retainedBytes,
      ...(leakList ? { leakListRetainedBytes: leakList.group.retainedBytes } : {}),
    }
  }
}

/**
 * The guest's own tracemalloc, timed from the host. onSample fires after each step's sample, so in a
 * 2-step run the interval around step 1 holds the snapshot and the interval around step 0 (an empty
 * step) holds the same per-step host work without it.
 */
function guestTracemallocCase(): Case {
  const { setup, loop } = seedLines()
  const source = [
    ...setup,
    'tracemalloc.start()',
    loop,
    'let stats = null',
    "function step(i) { if (i === 1) { const snap = tracemalloc.takeSnapshot(); stats = snap.statistics('lineno') } }",
    'function teardown() { console.log(JSON.stringify(stats.map((s) => [s.line, s.count]))) }',
    '',
  ].join('\n')
  const line = loopLine(source)
  let observed: Record<string, number> = {}
  return {
    id: 'guest-tracemalloc-stats',
    label: 'guest tracemalloc: takeSnapshot + statistics',
    includes:
      "The guest's tracemalloc, like for like with python-tracemalloc-stats: the seed program with tracemalloc.start() just before the loop, then `const snap = tracemalloc.takeSnapshot(); stats = snap.statistics('lineno')` in step(1) of runProgram(…, { inspect: true, snapshots: 0, steps: 2 }) (inspected, though the engine records sites and traces the same either way; the host never walks the heap). The guest's Date and performance follow the virtual clock, so the host times it: RunHooks.onSample fires after each step's sample, and the figure is the interval around step 1 minus the interval around step 0, an empty step, in the same run. The host's per-step work (calling step, draining jobs, measuring QuickJS's memory over 100,000+ objects) is in both and cancels out; what is left is takeSnapshot (leaklab_trace_snapshot in the engine: one pass over the engine's object list, sizing each object traced since start() and summing by the site recorded in it; then the sums copied into the guest) and statistics (grouping by line, sorting, one Statistic per line). Both intervals are in observed. The loop line's statistic must count 100,000 objects (printed by teardown, outside both intervals)." +
      WARM,
    async run() {
      const marks: number[] = []
      const { ms: wholeRunMs, result } = await timedRun(source, { inspect: true, snapshots: 0, steps: 2 }, () => marks.push(performance.now()))
      checkUnwalked(result)
      if (marks.length !== 3) throw new Error(`expected 3 samples (after the script, step 0 and step 1), got ${marks.length}`)
      const printed = JSON.parse(result.console.at(-1)?.text ?? 'null') as [number, number][] | null
      const traced = printed?.find(([l]) => l === line)?.[1]
      if (traced !== SEED_COUNT) throw new Error(`statistics('lineno') counts ${traced ?? 'nothing'} at line ${line}, expected ${SEED_COUNT}: ${result.console.at(-1)?.text}`)
      const emptyStepMs = marks[1] - marks[0]
      const stepWithSnapshotMs = marks[2] - marks[1]
      observed = {
        tracedAtLoopLine: traced,
        statistics: printed!.length,
        stepWithSnapshotMs: Math.round(stepWithSnapshotMs * 100) / 100,
        emptyStepMs: Math.round(emptyStepMs * 100) / 100,
        wholeRunMs: Math.round(wholeRunMs),
      }
      return stepWithSnapshotMs - emptyStepMs
    },
    observed: () => observed,
  }
}

function pythonStatsScript(): string {
  return [
    'import json, time, tracemalloc',
    PY_SETUP,
    'tracemalloc.start()',
    PY_LOOP,
    't0 = time.perf_counter()',
    'snapshot = tracemalloc.take_snapshot()',
    't1 = time.perf_counter()',
    "stats = snapshot.statistics('lineno')",
    't2 = time.perf_counter()',
    'print(json.dumps({"ms": (t2 - t0) * 1000, "takeSnapshotMs": round((t1 - t0) * 1000, 2), "statisticsMs": round((t2 - t1) * 1000, 2),',
    '  "length": len(leak_list), "traces": len(snapshot.traces), "statistics": len(stats), "topCount": stats[0].count}))',
  ].join('\n')
}

function pythonStatsCase(executable: string, version: string): Case {
  let observed: Record<string, number> = {}
  return {
    id: 'python-tracemalloc-stats',
    label: 'CPython: take_snapshot + statistics',
    includes: `In a fresh \`python3 -c\` child: the seed program with tracemalloc.start() (1 frame) just before the loop, then \`snapshot = tracemalloc.take_snapshot(); stats = snapshot.statistics('lineno')\` only, timed by time.perf_counter() inside the child (both parts are in observed). Interpreter start-up, the class and the traced loop are outside the clock. The list must hold 100,000 items and the top line count at least 100,000 traces. Interpreter: ${executable} (${version}).`,
    async run() {
      const { ms, ...facts } = await timeInChild(executable, ['-c', pythonStatsScript()])
      if (facts.length !== SEED_COUNT) throw new Error(`the list holds ${facts.length} items, expected ${SEED_COUNT}`)
      if (!(facts.topCount >= SEED_COUNT)) throw new Error(`the top statistic counts ${facts.topCount} traces, expected at least ${SEED_COUNT}`)
      observed = facts
      return ms
    },
    observed: () => observed,
  }
}

export function inspectorSuite(python: PythonProbe): SeedSuite {
  const walkIncludes = (what: string) =>
    `runProgram(seed${what}, { inspect: true${what ? `, memoryBytes: ${LARGE_MEMORY_BYTES / MIB} MiB` : ''} }) end to end, timed as engine-seed is: the program run (the engine recording each object's site as it is made, as in every run), then, as it defines no step(), exactly one heap walk, at the end (checked), recording every reachable object with its site and estimated size, and its references, in the engine (not charged to the run's budget)`
  const largeBudget = `memoryBytes ${LARGE_MEMORY_BYTES / MIB} MiB instead of the default 64 MiB, for this benchmark only: 1,000,000 holders grow the wasm memory by about 84 MiB, and the walk's tables took it to a peak of about 248 MiB when this text was revised (wasmPeakBytes in observed; the hard cap is the budget + ${CAP_MARGIN_BYTES / MIB} MiB + the initial 16 MiB: a 192 MiB budget still fit). timeoutMs is the default 5 s (the program itself took about 1.3 s of it here)`

  const cases: Case[] = [
    unwalkedCase(
      'engine-seed-unwalked',
      'QuickJS engine: seed, inspected, no walk',
      `runProgram(seed, { inspect: true, snapshots: 0 }) end to end, timed as engine-seed is: the heap inspector on but the heap never walked (checked: no snapshot, no growth walk). The program is not rewritten: the engine records each object's site and allocation number in the object as it is made, in this run as in engine-seed's (inspect: false), so the engine's work is the same; only the host's differs (a HeapInspector made, and its report, with nothing walked). The cost of recording sites is evalcode-seed-leaklab against evalcode-seed-stock. Otherwise as engine-seed: heap measurements at each sample, the result, disposal.${WARM}`,
      SEED_COUNT,
      {},
    ),
    guestTracemallocCase(),
    walkedCase(
      'inspector-seed-by-line',
      'inspector: seed run + walk + counts by line',
      `${walkIncludes('')}, then countGroups(snapshot, 'line') (src/analysis: a breadth-first pass, counts and shallow bytes per allocation line) sorted by size: what printing statistics by line needs, as CPython's statistics('lineno') gives count and size per line. The walk records references too, which counts by line do not need, but runProgram has no count-only final walk. The DataHolder group at the loop line must count 100,000.${WARM}`,
      SEED_COUNT,
      {},
      statisticsByLine,
    ),
    walkedCase(
      'inspector-full-100k',
      'inspector: seed run + walk + retained sizes + paths',
      `${walkIncludes('')}, then analyzeSnapshot(snapshot) (graph, shortest paths, dominators, retained sizes, groups by constructor and by line) and renderPath(groupPath(…)) for every group by line: the full snapshot with retained sizes and a retainer path per group. The DataHolder group must count 100,000, retain at least its shallow size, and be reached through leakList.${WARM}`,
      SEED_COUNT,
      {},
      fullAnalysis(SEED_COUNT),
    ),
    unwalkedCase(
      'engine-unwalked-1m',
      'QuickJS engine: 1M holders, inspected, no walk',
      `As engine-seed-unwalked with 1,000,000 holders instead of 100,000; ${largeBudget}.${WARM}`,
      LARGE_COUNT,
      { memoryBytes: LARGE_MEMORY_BYTES },
    ),
    walkedCase(
      'inspector-full-1m',
      'inspector: 1M holders run + walk + retained sizes + paths',
      `As inspector-full-100k with 1,000,000 holders: ${walkIncludes(' ×10')}. ${largeBudget}. A walk that runs past its budget fails this case with the inspector's reason. Slow: it follows --runs like every case (leave it out with --skip '*-1m').${WARM}`,
      LARGE_COUNT,
      { memoryBytes: LARGE_MEMORY_BYTES },
      fullAnalysis(LARGE_COUNT),
    ),
  ]

  const skipped: Skipped[] = []
  if ('missing' in python) skipped.push({ id: 'python-tracemalloc-stats', label: 'CPython: take_snapshot + statistics', reason: python.missing })
  else cases.push(pythonStatsCase(python.executable, python.version))

  const derived: Derived[] = [
    {
      id: 'inspector-seed-by-line-own',
      label: 'inspector: walk + counts by line, seed',
      includes:
        'inspector-seed-by-line − engine-seed-unwalked, paired within each round: what printing statistics by line adds to an inspected run that never walks, the final walk (and freeing its larger memory) plus countGroups by line.',
      minuend: 'inspector-seed-by-line',
      subtrahend: 'engine-seed-unwalked',
    },
    {
      id: 'inspector-full-100k-own',
      label: 'inspector: walk + retained sizes + paths, 100k',
      includes:
        'inspector-full-100k − engine-seed-unwalked, paired within each round: the final walk plus analyzeSnapshot and a retainer path per group by line, at 100,000 holders.',
      minuend: 'inspector-full-100k',
      subtrahend: 'engine-seed-unwalked',
    },
    {
      id: 'inspector-full-1m-own',
      label: 'inspector: walk + retained sizes + paths, 1M',
      includes:
        'inspector-full-1m − engine-unwalked-1m, paired within each round: the final walk plus analyzeSnapshot and a retainer path per group by line, at 1,000,000 holders (same memory budget on both sides).',
      minuend: 'inspector-full-1m',
      subtrahend: 'engine-unwalked-1m',
    },
  ]

  const ratios: RatioSpec[] = [
    // Target 1 (recording sites ≤ 1.5×) is site-cost-cases.ts's, engine against engine. This one is
    // no longer that target: both runs do the same engine work, so it shows the host's side only.
    { numerator: 'engine-seed-unwalked', denominator: 'engine-seed', meaning: 'inspector on but never walking vs off, seed, end to end: the same engine work, so about 1×' },
    // Target 2: CPython's snapshot + statistics over each LeakLab figure, so "≥ 3×" reads directly.
    { numerator: 'python-tracemalloc-stats', denominator: 'guest-tracemalloc-stats', meaning: "CPython's take_snapshot + statistics('lineno') / the guest's, seed (target ≥ 3×)", goal: { atLeast: 3 } },
    { numerator: 'python-tracemalloc-stats', denominator: 'inspector-seed-by-line-own', meaning: "CPython's take_snapshot + statistics('lineno') / the host's walk + counts by line, seed (target ≥ 3×)", goal: { atLeast: 3 } },
    { numerator: 'python-tracemalloc-stats', denominator: 'inspector-full-100k-own', meaning: "CPython's take_snapshot + statistics('lineno') / the host's full analysis (retained sizes, paths), seed" },
    // Target 3: how the full snapshot scales from 100,000 to 1,000,000 objects (10× is linear).
    { numerator: 'inspector-full-1m-own', denominator: 'inspector-full-100k-own', meaning: 'full snapshot with retained sizes and paths, 1M vs 100k holders (10× is linear)' },
    { numerator: 'inspector-full-1m', denominator: 'inspector-full-100k', meaning: 'the same, whole runs' },
  ]

  return { cases, skipped, derived, ratios }
}
