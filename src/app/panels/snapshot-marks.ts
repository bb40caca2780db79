/** How the chart's marks and the compare view name a kept snapshot. */
import type { SnapshotMark } from '../../analysis/view-types'

/**
 * The accessible name of a mark: its label, "Snapshot at step 25", or "Snapshot at the end" (no
 * "run" in it: every test and screen-reader user finds the Run button by that word).
 */
export function markName(mark: SnapshotMark): string {
  if (mark.label !== null) return mark.label
  return mark.taken === 'end' ? 'Snapshot at the end' : `Snapshot at step ${mark.step}`
}

/** What a mark's button shows: short, as marks sit side by side. */
export function markText(mark: SnapshotMark, isEnd: boolean): string {
  if (mark.label !== null) return mark.label
  if (mark.taken === 'end') return 'end'
  return isEnd ? `${mark.step} (end)` : String(mark.step)
}

/** When a mark was taken, as a heading or a hover says it: its label in quotes, or "at step 25". */
export function markWhen(mark: SnapshotMark): string {
  return mark.label !== null ? `“${mark.label}”` : `at step ${mark.step}`
}
