import { fileURLToPath } from 'node:url'
/**
 * The seed workload, from the Python article LeakLab starts from: 100,000 small objects kept alive
 * in a list. The same program in each runtime, and the cases that time it.
 */
import { RELEASE_BUILD } from '../src/engine/engine-build'
import { runProgram } from '../src/engine/run'
import type { Case, Derived, RatioSpec, Skipped } from './case'
import { timeInChild } from './child'
import { collectCompiledWasm } from './gc'
import type { PythonProbe } from './machine'

export const SEED_COUNT = 100_000

/** Split into setup and loop so the in-process timers of Node and Python can wrap the loop only. */
const JS_SETUP = `class DataHolder { constructor(data) { this.data = data } }
const leakList = []`
const JS_LOOP = `for (let i = 0; i < ${SEED_COUNT}; i++) leakList.push(new DataHolder(i))`
export const JS_SEED = `${JS_SETUP}\n${JS_LOOP}\n`

export const PY_SETUP = `class DataHolder:
    def __init__(self, data):
        self.data = data
leak_list = []`
export const PY_LOOP = `for i in range(${SEED_COUNT}):
    leak_list.append(DataHolder(i))`

/** Beyond the 100,000 holders the program makes the array, the class and its prototype. */
const EXTRA_OBJECTS_ALLOWED = 1_000

/**
 * Whether the run gets the QuickJS wasm already compiled changes its cost by 2-4x (measured on the
 * 2-core dev VM, seed: ~75-95 ms against ~150-300 ms). The CLI and the worker compile it once per
 * process (CompiledWasm). The "uncompiled" cases leave compiling to emscripten each run; in this
 * process V8 still holds code for the same bytes, so they show the compile step, not a cold start:
 * engine-seed-first-run, in a fresh process, is the cold start.
 */
/**
 * Engine cases call the real entry point with default options, as the playground does. The timer
 * wraps the awaited call, so it also covers the disposal in runProgram's `finally`, which
 * `result.durationMs` does not.
 */
function engineCase(id: string, label: string, includes: string, source: string, expected: [number, number], cold: boolean, inspect = false): Case {
  let observed: Record<string, number> = {}
  return {
    id,
    label,
    includes,
    async run() {
      if (cold) await collectCompiledWasm()
      const started = performance.now()
      // A copy of the build has no compiled wasm yet: this run compiles it, as a first run does.
      const result = await runProgram(source, { inspect }, cold ? { build: { ...RELEASE_BUILD } } : {})
      const ms = performance.now() - started
      if (!result.ok) throw new Error(`runProgram failed: ${result.error?.name}: ${result.error?.message}`)
      const growth = result.memory.objects - result.start.objects
      observed = { objectGrowth: growth, heapSamples: result.samples.length }
      if (growth < expected[0] || growth > expected[1]) {
        throw new Error(`object count grew by ${growth}, expected ${expected[0]}…${expected[1]}: the workload did not run as written`)
      }
      return ms
    },
    observed: () => observed,
  }
}

const WARM = ' The QuickJS wasm comes compiled once per process (compiledWasm in engine-build.ts), as the CLI and the worker run it.'
const COLD = " Without the compiled wasm: a copy of the build, so the wasm is read and compiled again in the run (after a host GC, outside the clock). V8 still holds code for the same bytes in this process, so this is the compile step's cost; the cold start is engine-seed-first-run."

/** A child that prints `{"ms", "length", …}`; the list length proves the loop ran to the end. */
function childCase(id: string, label: string, includes: string, file: string, args: string[]): Case {
  let last: Record<string, number> = {}
  return {
    id,
    label,
    includes,
    async run() {
      const { ms, ...facts } = await timeInChild(file, args)
      if (facts.length !== SEED_COUNT) throw new Error(`the list holds ${facts.length} items, expected ${SEED_COUNT}`)
      last = facts
      return ms
    },
    observed: () => last,
  }
}

function pythonScript(tracemalloc: boolean): string {
  return [
    'import json, time',
    ...(tracemalloc ? ['import tracemalloc'] : []),
    PY_SETUP,
    ...(tracemalloc ? ['tracemalloc.start()'] : []),
    't0 = time.perf_counter()',
    PY_LOOP,
    't1 = time.perf_counter()',
    'facts = {"ms": (t1 - t0) * 1000, "length": len(leak_list)}',
    ...(tracemalloc ? ['facts["tracedPeakBytes"] = tracemalloc.get_traced_memory()[1]'] : []),
    'print(json.dumps(facts))',
  ].join('\n')
}

export interface SeedSuite {
  cases: Case[]
  skipped: Skipped[]
  derived: Derived[]
  ratios: RatioSpec[]
}

export function seedSuite(python: PythonProbe): SeedSuite {
  const seedIncludes =
    'runProgram(seed, { inspect: false }) end to end, timed around the await in this process: a fresh QuickJS wasm instance and memory, runtime and context, the prelude, compiling and running the whole program (class, array, loop), heap measurements (at the start, at each sample: see heapSamples, and at the end), building the result and disposing everything (freeing the 100,000 objects). Default RunOptions.'
  const emptyIncludes =
    "runProgram('', { inspect: false }) end to end: the engine's fixed cost per run with no learner code (wasm instance, runtime, prelude, heap measurements, result, disposal)."
  const seedObjects: [number, number] = [SEED_COUNT, SEED_COUNT + EXTRA_OBJECTS_ALLOWED]
  const noObjects: [number, number] = [-EXTRA_OBJECTS_ALLOWED, EXTRA_OBJECTS_ALLOWED]
  const cases: Case[] = [
    engineCase('engine-seed', 'QuickJS engine: seed', seedIncludes + WARM, JS_SEED, seedObjects, false),
    engineCase('engine-empty', 'QuickJS engine: empty program', emptyIncludes + WARM, '', noObjects, false),
    engineCase(
      'engine-seed-inspected',
      'QuickJS engine: seed, heap inspected',
      `As engine-seed, with the heap inspector on (the playground's and the CLI's default): the heap walked at the end into a snapshot of 100,000+ objects. The program runs as in engine-seed (not rewritten: the engine records each object's site as it is made in every run), so the difference is the walk and the snapshot.${WARM}`,
      JS_SEED,
      seedObjects,
      false,
      true,
    ),
    engineCase('engine-seed-uncompiled', 'QuickJS engine: seed, wasm not precompiled', `As engine-seed.${COLD}`, JS_SEED, seedObjects, true),
    engineCase('engine-empty-uncompiled', 'QuickJS engine: empty, wasm not precompiled', `As engine-empty.${COLD}`, '', noObjects, true),
    // A child process rather than node:vm: a vm context shares this process's isolate, heap, GC and
    // JIT state (full of the engine's garbage), while a fresh process gives the loop a clean isolate,
    // as Python gets. Timing inside the child leaves process start-up out.
    childCase(
      'engine-seed-first-run',
      'QuickJS engine: seed, first run in a process',
      "runProgram(seed) as the first run in a fresh child process (tsx), timed inside it: also reading and compiling the QuickJS wasm and V8 starting from baseline code, which every CLI call and the page's first Run pay. Process start-up and loading the modules are not included.",
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./first-run-child.ts', import.meta.url)), `${JS_SEED}console.log(leakList.length)`],
    ),
    childCase(
      'node-seed',
      'Node: seed loop',
      `The loop only, timed by process.hrtime.bigint() inside a fresh \`node -e\` child (${process.execPath}, the harness's own Node); the class and array are made before the clock starts. One cold run per process: V8's JIT warm-up and GC during the loop are included, process start-up is not.`,
      process.execPath,
      [
        '-e',
        `${JS_SETUP}\nconst t0 = process.hrtime.bigint()\n${JS_LOOP}\nconst t1 = process.hrtime.bigint()\nconsole.log(JSON.stringify({ ms: Number(t1 - t0) / 1e6, length: leakList.length }))`,
      ],
    ),
  ]
  const skipped: Skipped[] = []
  const pythonCases: [string, string, boolean, string][] = [
    ['python-seed', 'CPython: seed loop', false, 'The loop only, timed by time.perf_counter() inside a fresh `python3 -c` child; interpreter start-up, imports and the class definition are outside the clock.'],
    ['python-tracemalloc', 'CPython + tracemalloc: seed loop', true, 'As python-seed, with tracemalloc.start() (1 frame) called just before the clock starts, so tracing every allocation is included.'],
  ]
  for (const [id, label, tracemalloc, includes] of pythonCases) {
    if ('missing' in python) skipped.push({ id, label, reason: python.missing })
    else cases.push(childCase(id, label, `${includes} Interpreter: ${python.executable} (${python.version}).`, python.executable, ['-c', pythonScript(tracemalloc)]))
  }

  return {
    cases,
    skipped,
    derived: [
      {
        id: 'engine-seed-own',
        label: 'QuickJS engine: seed minus empty',
        includes: "engine-seed − engine-empty, paired within each round: the seed program's own cost in the engine (compiling and running it, measuring its heap, freeing its objects), without the per-run fixed cost.",
        minuend: 'engine-seed',
        subtrahend: 'engine-empty',
      },
    ],
    ratios: [
      // Every figure against Node, the fastest and the reference.
      ...[...cases.map((c) => c.id), 'engine-seed-own']
        .filter((id) => id !== 'node-seed')
        .map((id) => ({ numerator: id, denominator: 'node-seed', meaning: `${id} vs the loop in Node` })),
      { numerator: 'engine-seed', denominator: 'python-seed', meaning: 'engine end to end vs the loop in CPython' },
      { numerator: 'engine-seed-own', denominator: 'python-seed', meaning: "the program's own cost in the engine vs the loop in CPython" },
      { numerator: 'engine-seed', denominator: 'python-tracemalloc', meaning: 'engine end to end vs the loop in CPython with tracemalloc' },
      { numerator: 'engine-seed-own', denominator: 'python-tracemalloc', meaning: "the program's own cost in the engine vs CPython with tracemalloc" },
      { numerator: 'python-tracemalloc', denominator: 'python-seed', meaning: "tracemalloc's slowdown of CPython" },
      { numerator: 'engine-seed-inspected', denominator: 'engine-seed', meaning: 'heap inspection (a final walk and snapshot) vs the run alone, seed' },
      { numerator: 'engine-seed-first-run', denominator: 'engine-seed', meaning: 'first run in a process vs later runs with the wasm compiled once, seed' },
      { numerator: 'engine-seed-uncompiled', denominator: 'engine-seed', meaning: 'engine without vs with the precompiled wasm, seed' },
      { numerator: 'engine-empty-uncompiled', denominator: 'engine-empty', meaning: 'engine without vs with the precompiled wasm, empty program' },
    ],
  }
}
