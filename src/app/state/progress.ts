/**
 * A learner's progress through lessons and scenarios, kept in the same local storage as their code:
 * where they are, what they passed, how many hints they have seen. Unreadable records start over
 * rather than break the page.
 */
import * as v from 'valibot'
import type { KeyValueStore } from './autosave'

const PREFIX = 'leaklab:v1:progress:'

const progressSchema = v.object({
  step: v.pipe(v.number(), v.integer(), v.minValue(0)),
  passed: v.array(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** Hints shown so far, per step index. */
  hints: v.record(v.string(), v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** Runs that failed the checkpoint, per step index: hints are offered after failures. */
  failures: v.record(v.string(), v.pipe(v.number(), v.integer(), v.minValue(0))),
})

export type Progress = v.InferOutput<typeof progressSchema>

export const NO_PROGRESS: Progress = { step: 0, passed: [], hints: {}, failures: {} }

export class ProgressStore {
  constructor(private readonly store: KeyValueStore | null) {}

  load(key: string): Progress {
    try {
      const text = this.store?.getItem(PREFIX + key)
      if (!text) return NO_PROGRESS
      const parsed = v.safeParse(progressSchema, JSON.parse(text))
      return parsed.success ? parsed.output : NO_PROGRESS
    } catch {
      return NO_PROGRESS
    }
  }

  save(key: string, progress: Progress): boolean {
    try {
      this.store?.setItem(PREFIX + key, JSON.stringify(progress))
      return this.store !== null
    } catch {
      return false
    }
  }

  clear(key: string): void {
    try {
      this.store?.removeItem(PREFIX + key)
    } catch {
      // Nothing kept, nothing lost.
    }
  }
}
