import type { RunOptions } from './types'

export const MIB = 1024 * 1024

/**
 * 256 KiB is the largest stack at which QuickJS reports a catchable "stack overflow" instead of
 * corrupting the host (quickjs-facts.md); the browser test checks it in Chromium's worker too.
 */
export const MAX_STACK_BYTES = 256 * 1024

/** How many samples a stepped run aims for when `sampleEvery` is not given. */
export const TARGET_SAMPLES = 100

export const DEFAULT_OPTIONS: RunOptions = {
  steps: 100,
  sampleEvery: 1,
  timeMs: 60_000,
  timeoutMs: 5_000,
  memoryBytes: 64 * MIB,
  filename: 'main.js',
  maxConsoleEntries: 5_000,
}

/** Fill in defaults; `sampleEvery` defaults to spreading about TARGET_SAMPLES samples over the steps. */
export function resolveOptions(partial: Partial<RunOptions> = {}): RunOptions {
  const steps = partial.steps ?? DEFAULT_OPTIONS.steps
  const sampleEvery = partial.sampleEvery ?? Math.max(1, Math.ceil(steps / TARGET_SAMPLES))
  return { ...DEFAULT_OPTIONS, ...partial, steps, sampleEvery }
}
