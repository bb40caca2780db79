/**
 * The Python track's figures (issue 15): the seed workload and tracemalloc's statistics in Pyodide
 * against the same code in native CPython, the Python heap walk and analysis at 100,000 objects
 * against the JavaScript inspector's, and Python's cold and warm start in Node.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { Worker } from 'node:worker_threads'
import { loadPyodide, type PyodideAPI } from 'pyodide'
import { toRunView } from '../src/analysis/run-view'
import { interpreterSnapshot, PYTHON_FILENAME, runPythonProgram } from '../src/python/run-python'
import type { Case, Derived, RatioSpec } from './case'
import { PY_LOOP, PY_SETUP, SEED_COUNT, type SeedSuite } from './seed-cases'

let pyodide: Promise<PyodideAPI> | null = null
/** One Pyodide in this process for the in-interpreter timings (the run's own workers are not used). */
function benchPyodide(): Promise<PyodideAPI> {
  pyodide ??= loadPyodide({ indexURL: `${dirname(createRequire(import.meta.url).resolve('pyodide/package.json'))}/`, stdout: () => {}, stderr: () => {} })
  return pyodide
}

/** Run `script` in a fresh namespace of the bench's Pyodide; it leaves its figures in `facts` (JSON). */
async function inPyodide(script: string): Promise<Record<string, number>> {
  const py = await benchPyodide()
  const namespace = py.globals.get('dict')()
  try {
    py.runPython(script, { globals: namespace })
    return JSON.parse(namespace.get('facts') as string) as Record<string, number>
  } finally {
    py.runPython('import tracemalloc\ntracemalloc.stop()')
    namespace.destroy()
  }
}

function pyodideCase(id: string, label: string, includes: string, script: string, check: (facts: Record<string, number>) => void): Case {
  let observed: Record<string, number> = {}
  return {
    id,
    label,
    includes,
    async run() {
      const { ms, ...facts } = await inPyodide(script)
      check(facts)
      observed = facts
      return ms
    },
    observed: () => observed,
  }
}

const SEED_SCRIPT = ['import json, time', PY_SETUP, 't0 = time.perf_counter()', PY_LOOP, 't1 = time.perf_counter()', 'facts = json.dumps({"ms": (t1 - t0) * 1000, "length": len(leak_list)})'].join('\n')
const STATS_SCRIPT = [
  'import json, time, tracemalloc',
  PY_SETUP,
  'tracemalloc.start()',
  PY_LOOP,
  't0 = time.perf_counter()',
  'snapshot = tracemalloc.take_snapshot()',
  "stats = snapshot.statistics('lineno')",
  't1 = time.perf_counter()',
  'facts = json.dumps({"ms": (t1 - t0) * 1000, "length": len(leak_list), "topCount": stats[0].count})',
].join('\n')

const SEED_PROGRAM = `${PY_SETUP}\n${PY_LOOP}\n`
const LARGE_MEMORY = 256 * 1024 * 1024

function runCase(id: string, label: string, includes: string, inspect: boolean): Case {
  let observed: Record<string, number> = {}
  return {
    id,
    label,
    includes,
    async run() {
      await interpreterSnapshot()
      const started = performance.now()
      const result = await runPythonProgram(SEED_PROGRAM, { inspect, snapshots: inspect ? 1 : 0, timeoutMs: 60_000, walkTimeoutMs: 60_000, memoryBytes: LARGE_MEMORY })
      const view = inspect ? toRunView(result, { runId: 0, filename: PYTHON_FILENAME }).view : null
      const ms = performance.now() - started
      if (!result.ok) throw new Error(`the Python run failed: ${result.error?.name}: ${result.error?.message}`)
      const holders = view?.heap?.byConstructor.find((g) => g.name === 'DataHolder')?.count ?? 0
      if (inspect && holders !== SEED_COUNT) throw new Error(`the walk found ${holders} DataHolder objects, expected ${SEED_COUNT}`)
      observed = { holders, nodes: result.heap?.snapshot?.nodes.length ?? 0 }
      return ms
    },
    observed: () => observed,
  }
}

function startCase(id: string, label: string, includes: string, cold: boolean): Case {
  const entry = new URL('../src/python/python-worker-entry.mjs', import.meta.url)
  const text = (name: string) => readFileSync(new URL(`../src/python/${name}`, import.meta.url), 'utf8')
  return {
    id,
    label,
    includes,
    async run() {
      const start = { indexURL: `${dirname(createRequire(import.meta.url).resolve('pyodide/package.json'))}/`, driver: text('driver.py'), imagelib: text('imagelib.py'), snapshot: cold ? null : await interpreterSnapshot() }
      const started = performance.now()
      const worker = new Worker(entry, { workerData: cold ? { makeSnapshot: true, start } : { start, source: 'pass', options: { steps: 0, sampleEvery: 1, timeMs: 0, timeoutMs: 5000, walkTimeoutMs: 5000, memoryBytes: 64 << 20, filename: 'main.py', maxConsoleEntries: 10, inspect: false, snapshots: 0, verify: null }, interrupt: null } })
      try {
        await new Promise<void>((resolve, reject) => {
          worker.on('message', (m: { type: string; message?: string }) => {
            if (m.type === (cold ? 'snapshot' : 'done')) resolve()
            else if (m.type === 'failed') reject(new Error(m.message))
          })
          worker.once('error', reject)
        })
        return performance.now() - started
      } finally {
        await worker.terminate()
      }
    },
  }
}

export function pythonSuite(): SeedSuite {
  const cases: Case[] = [
    pyodideCase('pyodide-seed', 'Pyodide: seed loop', 'The seed loop only (100,000 DataHolder appended), timed by time.perf_counter() inside Pyodide (CPython 3.14 in wasm, loaded once in the bench process); loading and the class definition are outside the clock. The same script as python-seed.', SEED_SCRIPT, (f) => {
      if (f.length !== SEED_COUNT) throw new Error(`the list holds ${f.length} items`)
    }),
    pyodideCase('pyodide-tracemalloc-stats', 'Pyodide: take_snapshot + statistics', "As python-tracemalloc-stats, in Pyodide: the seed with tracemalloc.start() before the loop, then take_snapshot() and statistics('lineno') only, timed inside the interpreter.", STATS_SCRIPT, (f) => {
      if (!(f.topCount >= SEED_COUNT)) throw new Error(`the top statistic counts ${f.topCount}`)
    }),
    runCase('python-seed-unwalked', 'Python run: seed, no walk', 'runPythonProgram(seed, { inspect: false }) end to end: a worker thread started from the interpreter snapshot (made before the clock), the program (under tracemalloc, as every run), the result; no walk. Memory budget 256 MiB.', false),
    runCase('python-seed-walked', 'Python run: seed + walk + analysis', 'As python-seed-unwalked with the final heap walk (sites, names, sizes, references of 100,000 holders and their ints) and toRunView (groups, suspects, retained sizes, paths). The DataHolder group must count 100,000.', true),
    startCase('python-cold-start', 'Python: cold start in Node', 'A fresh worker thread that loads Pyodide from the installed package (no snapshot), imports the driver and makes the memory snapshot: what the first run of a process pays.', true),
    startCase('python-warm-start', 'Python: warm start in Node', "A fresh worker thread started from the interpreter's memory snapshot, running `pass` to its result: what every run after the first pays.", false),
  ]
  const derived: Derived[] = [
    {
      id: 'python-walk-100k-own',
      label: 'Python walk + analysis, 100k holders',
      includes: 'python-seed-walked − python-seed-unwalked, paired within each round: the final walk in the driver and the analysis at 100,000 holders.',
      minuend: 'python-seed-walked',
      subtrahend: 'python-seed-unwalked',
    },
  ]
  const ratios: RatioSpec[] = [
    { numerator: 'pyodide-seed', denominator: 'python-seed', meaning: 'the seed loop in Pyodide vs native CPython' },
    { numerator: 'pyodide-tracemalloc-stats', denominator: 'python-tracemalloc-stats', meaning: "take_snapshot + statistics('lineno') in Pyodide vs native CPython" },
    { numerator: 'python-walk-100k-own', denominator: 'inspector-full-100k-own', meaning: "the Python walk + analysis vs the JavaScript inspector's, 100,000 holders" },
    { numerator: 'python-warm-start', denominator: 'python-cold-start', meaning: 'a warm start (from the snapshot) vs a cold one' },
  ]
  return { cases, skipped: [], derived, ratios }
}
