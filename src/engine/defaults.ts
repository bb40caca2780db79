import type { RunOptions } from './types'

export const MIB = 1024 * 1024

/** The QuickJS build runs load by default (engine-build.ts's RELEASE_BUILD), named in results for bug reports. */
export const QUICKJS_BUILD = 'QuickJS 2025-09-13 (LeakLab build of quickjs-emscripten 0.32.0, release)'

/**
 * The interpreter's stack. Above about 128 KiB, deep recursion through natives (`map`, `call`,
 * `JSON`, `toString`) in Chromium's worker exhausts the host's own stack before QuickJS notices,
 * which corrupts the runtime; measured in Chromium 156 (test/browser checks it) and Node 20.
 */
export const MAX_STACK_BYTES = 128 * 1024

/** What the page's watchdog allows for a heap walk and its analysis (a 1,000,000-object graph takes seconds). */
export const WALK_BUDGET_MS = 10_000

/** How many samples a stepped run aims for when `sampleEvery` is not given. */
export const TARGET_SAMPLES = 100

export const DEFAULT_OPTIONS: RunOptions = {
  steps: 100,
  sampleEvery: 1,
  timeMs: 60_000,
  timeoutMs: 5_000,
  walkTimeoutMs: WALK_BUDGET_MS,
  memoryBytes: 64 * MIB,
  filename: 'main.js',
  maxConsoleEntries: 5_000,
  inspect: true,
  snapshots: 5,
  verify: null,
}

/** Fill in defaults; `sampleEvery` defaults to spreading about TARGET_SAMPLES samples over the steps. */
export function resolveOptions(partial: Partial<RunOptions> = {}): RunOptions {
  const steps = partial.steps ?? DEFAULT_OPTIONS.steps
  const sampleEvery = partial.sampleEvery ?? Math.max(1, Math.ceil(steps / TARGET_SAMPLES))
  return { ...DEFAULT_OPTIONS, ...partial, steps, sampleEvery }
}
