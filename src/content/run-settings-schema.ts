/**
 * How a program runs in the playground: the toolbar's steps, simulated time and heap walks. Share links carry
 * these, and scenarios and lesson steps set them, so one schema checks all three.
 */
import * as v from 'valibot'

export const SETTINGS_LIMITS = {
  steps: { min: 0, max: 10_000 },
  timeMs: { min: 0, max: 24 * 60 * 60 * 1000 },
  snapshots: { min: 0, max: 50 },
} as const

export const runSettingsSchema = v.object({
  steps: v.pipe(v.number(), v.integer(), v.minValue(SETTINGS_LIMITS.steps.min), v.maxValue(SETTINGS_LIMITS.steps.max)),
  /** Simulated time the run covers, in ms. */
  timeMs: v.pipe(v.number(), v.integer(), v.minValue(SETTINGS_LIMITS.timeMs.min), v.maxValue(SETTINGS_LIMITS.timeMs.max)),
  /** Heap walks spread over the steps, each kept for the time travel and the compare view; absent: the engine's default (5). */
  snapshots: v.optional(v.pipe(v.number(), v.integer(), v.minValue(SETTINGS_LIMITS.snapshots.min), v.maxValue(SETTINGS_LIMITS.snapshots.max))),
})

export type ContentRunSettings = v.InferOutput<typeof runSettingsSchema>
