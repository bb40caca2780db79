/**
 * The engine walk's figures against V8's own heap snapshot, side by side in one series:
 * (a) the walk and snapshot at 100,000 objects against `v8.writeHeapSnapshot()` of the same workload
 *     in Node (goal ≤ 0.2×);
 * (b) the full graph (walk, retained sizes, a retainer path per group) against the same (goal ≤ 0.6×);
 * plus the heap coverage over a corpus of modern programs (bench/coverage-case.ts). The cost of
 * recording allocation sites (goal ≤ 1.5×) is site-cost-cases.ts's, LeakLab's engine against the stock
 * one; the 1,000,000-object case is inspector-cases.ts's.
 *
 * The LeakLab side is timed directly, not as a difference of two runs: for the length of one run the
 * bench wraps the inspector's final walk (HeapInspector's `finish`, src/engine/heap-inspector.ts: the
 * walk in the engine, building the HeapSnapshot, heap-capture.ts, and keeping the walk packed,
 * kept-snapshots.ts), EngineNative's `walk` (the C walk and copying its tables out) and
 * KeptSnapshotsBuilder's `add` (the packing) with a clock, and restores them after. Nothing in src/ changes.
 */
import { tmpdir } from 'node:os'
import { EngineNative } from '../src/engine/engine-native'
import { HeapInspector } from '../src/engine/heap-inspector'
import type { RunResult } from '../src/engine/types'
import { KeptSnapshotsBuilder } from '../src/heap/kept-snapshots'
import type { HeapSnapshot } from '../src/heap/snapshot'
import type { Case, RatioSpec } from './case'
import { timeInChild } from './child'
import { coverageCase } from './coverage-case'
import { checkGrowth, finalSnapshot, fullAnalysis, loopLine, seedSource, timedRun, WARM } from './inspector-cases'
import { JS_SEED, SEED_COUNT, type SeedSuite } from './seed-cases'

export const V8_SNAPSHOT_CASE = 'v8-heap-snapshot-100k'

/**
 * Replace `target[name]` (a method on a prototype) by a wrapper that reports each call's duration;
 * returns the function that puts the original back. Fails loudly when the method is gone, so a rename
 * in src/ breaks the case instead of timing nothing.
 */
export function clockMethod(target: object, where: string, name: string, onCall: (ms: number) => void): () => void {
  const holder = target as Record<string, unknown>
  const original = holder[name]
  if (typeof original !== 'function') throw new Error(`${where}.prototype.${name} is not a method any more: bench/snapshot-cases.ts times the walk through it`)
  holder[name] = function clocked(this: unknown, ...args: unknown[]) {
    const started = performance.now()
    try {
      return (original as (...a: unknown[]) => unknown).apply(this, args)
    } finally {
      onCall(performance.now() - started)
    }
  }
  return () => {
    holder[name] = original
  }
}

/**
 * One inspected run of the seed, with its final walk (HeapInspector.finish: the seed has no step(), so
 * it is the only walk), the engine walk inside it and the packing of the kept walk timed.
 */
async function clockedSeedRun(source: string): Promise<{ runMs: number; captureMs: number; engineWalkMs: number; keptAddMs: number; result: RunResult; snapshot: HeapSnapshot }> {
  const captures: number[] = []
  const walks: number[] = []
  const adds: number[] = []
  const restore = [
    clockMethod(HeapInspector.prototype, 'HeapInspector', 'finish', (ms) => captures.push(ms)),
    clockMethod(EngineNative.prototype, 'EngineNative', 'walk', (ms) => walks.push(ms)),
    clockMethod(KeptSnapshotsBuilder.prototype, 'KeptSnapshotsBuilder', 'add', (ms) => adds.push(ms)),
  ]
  let run
  try {
    run = await timedRun(source, { inspect: true })
  } finally {
    for (const put of restore) put()
  }
  const snapshot = finalSnapshot(run.result, run.ms)
  if (captures.length !== 1 || walks.length !== 1 || adds.length !== 1) {
    throw new Error(`expected exactly one final walk, one engine walk and one kept walk (the seed has no step()), got ${captures.length}, ${walks.length} and ${adds.length}`)
  }
  return { runMs: run.ms, captureMs: captures[0], engineWalkMs: walks[0], keptAddMs: adds[0], result: run.result, snapshot }
}

const round1 = (x: number) => Math.round(x * 10) / 10

/** (a) The walk and snapshot alone, or (b) with the analysis after it: the figure is capture (+ analysis). */
function capturedCase(id: string, label: string, includes: string, withAnalysis: boolean): Case {
  const source = seedSource(SEED_COUNT)
  const site = `main.js:${loopLine(source)}`
  const analyse = fullAnalysis(SEED_COUNT)
  let observed: Record<string, number> = {}
  return {
    id,
    label,
    includes,
    async run() {
      const { runMs, captureMs, engineWalkMs, keptAddMs, result, snapshot } = await clockedSeedRun(source)
      if (result.heap!.growth.length > 0) throw new Error(`${result.heap!.growth.length} growth walks ran; the seed has no step(), so only the final walk should`)
      const coverage = result.heap!.coverage
      let analysisMs = 0
      let facts: Record<string, number> = {}
      if (withAnalysis) {
        const started = performance.now()
        facts = analyse(snapshot, site)
        analysisMs = performance.now() - started
      }
      observed = {
        objectGrowth: checkGrowth(result, SEED_COUNT),
        nodes: snapshot.nodes.length,
        edges: snapshot.edges.length,
        ...(coverage ? { engineObjects: coverage.engineObjects, namedEdges: coverage.namedEdges, engineEdges: coverage.edges } : {}),
        engineWalkMs: round1(engineWalkMs),
        keptAddMs: round1(keptAddMs),
        captureMs: round1(captureMs),
        ...(withAnalysis ? { analysisMs: round1(analysisMs) } : {}),
        wholeRunMs: Math.round(runMs),
        ...facts,
      }
      return captureMs + analysisMs
    },
    observed: () => observed,
  }
}

function v8SnapshotScript(): string {
  return [
    "const v8 = require('node:v8'), fs = require('node:fs'), path = require('node:path')",
    JS_SEED,
    `const dir = fs.mkdtempSync(path.join(${JSON.stringify(tmpdir())}, 'leaklab-bench-'))`,
    "const file = path.join(dir, 'seed.heapsnapshot')",
    'let facts',
    'try {',
    '  const t0 = process.hrtime.bigint()',
    '  v8.writeHeapSnapshot(file)',
    '  const t1 = process.hrtime.bigint()',
    // The header names the node and edge counts: read it, not the whole 15 MB file.
    "  const fd = fs.openSync(file, 'r'), head = Buffer.alloc(65536), read = fs.readSync(fd, head, 0, head.length, 0)",
    '  fs.closeSync(fd)',
    "  const text = head.toString('utf8', 0, read)",
    '  facts = { ms: Number(t1 - t0) / 1e6, length: leakList.length, fileBytes: fs.statSync(file).size,',
    '    nodeCount: Number(/"node_count":(\\d+)/.exec(text)?.[1]), edgeCount: Number(/"edge_count":(\\d+)/.exec(text)?.[1]) }',
    '} finally {',
    '  fs.rmSync(dir, { recursive: true, force: true })',
    '}',
    'console.log(JSON.stringify(facts))',
  ].join('\n')
}

function v8SnapshotCase(): Case {
  let observed: Record<string, number> = {}
  return {
    id: V8_SNAPSHOT_CASE,
    label: 'Node: seed + v8.writeHeapSnapshot()',
    includes: `In a fresh \`node -e\` child (${process.execPath}, the harness's own Node): the seed program (100,000 DataHolder objects pushed onto a list) run first, outside the clock, then v8.writeHeapSnapshot(file) alone timed by process.hrtime.bigint(): V8's full GC before the snapshot, its walk of the whole isolate (Node's own objects too: see nodeCount) and serializing the snapshot to a file in a fresh directory under ${tmpdir()} (the file is deleted after, outside the clock). Process start-up and the workload are not included. The list must hold 100,000 items and the snapshot at least 100,000 nodes. V8 computes no retained sizes or paths: DevTools does that when it loads the file.`,
    async run() {
      const { ms, ...facts } = await timeInChild(process.execPath, ['-e', v8SnapshotScript()])
      if (facts.length !== SEED_COUNT) throw new Error(`the list holds ${facts.length} items, expected ${SEED_COUNT}`)
      if (!(facts.nodeCount >= SEED_COUNT)) throw new Error(`the heap snapshot has ${facts.nodeCount} nodes, expected at least ${SEED_COUNT}`)
      observed = facts
      return ms
    },
    observed: () => observed,
  }
}

export function snapshotSuite(): SeedSuite {
  const clocked =
    "clocked inside one runProgram(seed, { inspect: true }) (default options otherwise: the program run, the engine recording each object's site as it is made, and, as it defines no step(), one heap walk at the end): for that run the bench wraps HeapInspector's finish (src/engine/heap-inspector.ts) with a clock, which holds the final walk in the engine (leaklab_walk over every live object and reference, EngineNative.walk copying its tables out), building the HeapSnapshot (heap-capture.ts: a node per object with its site and estimated size, an edge per reference) and keeping the walk packed (KeptSnapshotsBuilder.add, kept-snapshots.ts: every run keeps its walks since issue 18 item 1), and nothing of the run around it. The engine walk alone (engineWalkMs), the packing alone (keptAddMs) and the whole run (wholeRunMs) are in observed; exactly one final walk, engine walk and packing are checked."
  const cases: Case[] = [
    capturedCase(
      'inspector-walk-100k',
      'inspector: walk + snapshot, seed (clocked inside the run)',
      `The walk and snapshot at 100,000 objects, ${clocked} The figure is captureMs.${WARM}`,
      false,
    ),
    capturedCase(
      'inspector-graph-100k',
      'inspector: walk + snapshot + retained sizes + paths, seed',
      `The full graph at 100,000 objects: the walk and snapshot as in inspector-walk-100k, ${clocked} Then analyzeSnapshot(snapshot) (graph, shortest paths, dominators, retained sizes, groups) and renderPath(groupPath(…)) for every group by line, timed right after the run: the same analysis as inspector-full-100k, without the run around it. The figure is captureMs + analysisMs (both in observed). The DataHolder group must count 100,000 and be reached through leakList.${WARM}`,
      true,
    ),
    v8SnapshotCase(),
    coverageCase(),
  ]
  const ratios: RatioSpec[] = [
    { numerator: 'inspector-walk-100k', denominator: V8_SNAPSHOT_CASE, meaning: "the engine walk + snapshot vs V8's writeHeapSnapshot, seed (goal ≤ 0.2×)", goal: { atMost: 0.2 } },
    { numerator: 'inspector-graph-100k', denominator: V8_SNAPSHOT_CASE, meaning: "walk + snapshot + retained sizes + paths vs V8's writeHeapSnapshot, seed (goal ≤ 0.6×)", goal: { atMost: 0.6 } },
    { numerator: 'inspector-full-100k-own', denominator: V8_SNAPSHOT_CASE, meaning: 'the same from two whole runs (inspector-full-100k − engine-seed-unwalked: also freeing the walk\'s memory), a cross-check' },
  ]
  return { cases, skipped: [], derived: [], ratios }
}
