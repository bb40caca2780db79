/**
 * The driver's result as a RunResult, with what the host knows added (limits, timing, the build) and
 * the JavaScript-only parts empty: one conversion for the CLI's worker threads and the page's worker.
 */
import type { RunOptions, RunResult } from '../engine/types'
import { totalsFromSample } from '../engine/unfinished-run'
import type { DriverResult } from './python-runtime'

/** The name results give the Python runtime, for bug reports. */
export function pythonBuild(pyodideVersion: string): string {
  return `CPython 3.14 (Pyodide ${pyodideVersion})`
}

export function toRunResult(result: DriverResult, options: RunOptions, elapsedMs: number, build: string): RunResult {
  const heap = result.heap ? { ...result.heap, growth: result.growth } : null
  return {
    ok: result.ok,
    error: result.error,
    console: result.console,
    consoleDropped: result.consoleDropped,
    steps: result.steps,
    stepsRequested: result.stepsRequested,
    hooks: result.hooks,
    samples: result.samples,
    start: totalsFromSample(result.start),
    memory: totalsFromSample(result.memory),
    time: result.time,
    timers: { fired: 0, pending: 0 },
    limits: { timeoutMs: options.timeoutMs, memoryBytes: options.memoryBytes, stackBytes: 0 },
    wasmMemory: { startBytes: 0, peakBytes: 0 },
    engine: { build, disposeError: null },
    native: result.native,
    gc: { collections: [], calls: 0 },
    heap,
    unhandledRejections: 0,
    behaviour: null,
    durationMs: Math.round(elapsedMs),
  }
}
