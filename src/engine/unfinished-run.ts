/**
 * The result of a run the engine never finished, because a watchdog (the CLI's or the page's) ended
 * its thread: only what streamed before, the console and the samples. The first sample stands in for
 * the start totals and the last for the end's, which were never sent; what only the engine knew (its
 * detailed memory counts, timers, the heap) is zero or null.
 */
import { MAX_STACK_BYTES, QUICKJS_BUILD } from './defaults'
import type { ConsoleEntry, MemoryTotals, NativeMemoryReport, RunError, RunOptions, RunResult, Sample } from './types'

export interface Unfinished {
  options: RunOptions
  error: RunError
  elapsedMs: number
  console: ConsoleEntry[]
  samples: Sample[]
  /** Who ended the thread, for engine.disposeError: e.g. "the page terminated the worker". */
  endedBy: string
}

export function unfinishedResult({ options, error, elapsedMs, console, samples, endedBy }: Unfinished): RunResult & { heap: null } {
  const last = samples.at(-1)
  const steps = last?.step ?? 0
  return {
    ok: false,
    error,
    console: console.slice(0, options.maxConsoleEntries),
    consoleDropped: Math.max(0, console.length - options.maxConsoleEntries),
    steps,
    stepsRequested: steps > 0 ? options.steps : 0,
    hooks: { step: steps > 0, setup: false, teardown: false },
    samples,
    start: totalsFromSample(samples[0]),
    memory: totalsFromSample(last),
    time: last?.time ?? 0,
    timers: { fired: 0, pending: 0 },
    limits: { timeoutMs: options.timeoutMs, memoryBytes: options.memoryBytes, stackBytes: MAX_STACK_BYTES },
    wasmMemory: { startBytes: 0, peakBytes: 0 },
    engine: { build: QUICKJS_BUILD, disposeError: `not freed in place: ${endedBy}` },
    native: nativeFromSamples(samples),
    gc: { collections: [], calls: 0 },
    heap: null,
    unhandledRejections: 0,
    behaviour: null,
    durationMs: Math.round(elapsedMs),
  }
}

/** What the samples say of native memory; the engine's own counts were never sent. */
function nativeFromSamples(samples: Sample[]): NativeMemoryReport {
  const bytes = samples.at(-1)?.nativeBytes ?? 0
  return { bytes, blocks: 0, allocatedBytes: 0, freedBytes: 0, peakBytes: samples.reduce((peak, s) => Math.max(peak, s.nativeBytes), 0) }
}

/** Totals known only from a sample: the QuickJS detail the engine would have added is unknown, so zero. */
export function totalsFromSample(sample: Pick<Sample, "objects" | "bytes"> | undefined): MemoryTotals {
  const objects = sample?.objects ?? 0
  const bytes = sample?.bytes ?? 0
  return {
    objects,
    bytes,
    malloc_limit: 0,
    memory_used_size: bytes,
    malloc_count: 0,
    memory_used_count: 0,
    atom_count: 0,
    atom_size: 0,
    str_count: 0,
    str_size: 0,
    obj_count: objects,
    obj_size: 0,
    prop_count: 0,
    prop_size: 0,
    shape_count: 0,
    shape_size: 0,
    js_func_count: 0,
    js_func_size: 0,
    js_func_code_size: 0,
    js_func_pc2line_count: 0,
    js_func_pc2line_size: 0,
    c_func_count: 0,
    array_count: 0,
    fast_array_count: 0,
    fast_array_elements: 0,
    binary_object_count: 0,
    binary_object_size: 0,
  }
}
