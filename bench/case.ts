/**
 * A benchmark case: one thing to time. Later issues add cases by writing more of these; the runner
 * and the report only ever see this interface.
 */
export interface Case {
  /** Stable key, used in JSON output and ratio names. */
  id: string
  /** Short human name for the table. */
  label: string
  /** Exactly what the timed figure contains and what it leaves out. */
  includes: string
  /**
   * One timed execution, in ms. Throws when the workload did not really run (wrong object count,
   * child process failed…), so a broken case fails the benchmark instead of looking fast.
   */
  run(): Promise<number>
  /** What the last run saw (object growth, list length…), reported as a sanity check. */
  observed?(): Record<string, number>
  /** A table the last run produced (per item figures such as coverage per program), printed under the timings. */
  table?(): CaseTable | null
  /** The bound an issue set for this case's median time: the report says whether this run met it. */
  goal?: TimeGoal
}

/** An upper bound on a case's median, in ms, and who set it ('issue 15'). */
export interface TimeGoal {
  atMostMs: number
  source: string
}

/** Rows of text for the human report (and the same in --json), with notes under them. */
export interface CaseTable {
  title: string
  columns: string[]
  /** Indexes of the columns to right-align. */
  rightAligned: number[]
  rows: string[][]
  notes: string[]
}

/** A case that could not run here, and why; reported instead of silently missing. */
export interface Skipped {
  id: string
  label: string
  reason: string
}

/** A figure computed from two measured cases rather than timed on its own. */
export interface Derived {
  id: string
  label: string
  includes: string
  /** Per round, `minuend` − `subtrahend`: both were timed in that same round. */
  minuend: string
  subtrahend: string
}

/** A ratio of medians worth printing, `numerator / denominator`, with what it tells. */
export interface RatioSpec {
  numerator: string
  denominator: string
  meaning: string
  /** The bound an issue set for this ratio: the report says whether this run met it. */
  goal?: RatioGoal
}

export type RatioGoal = { atMost: number } | { atLeast: number }
