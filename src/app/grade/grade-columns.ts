/**
 * The grading table's columns: one per check, headed by a few words saying what the check asks (the
 * cells give what each run measured), and how rows sort by any column.
 */
import type { Check } from '../../content/check-schema'
import { formatBytes, formatCount } from '../../format/numbers'
import type { GradeResult } from '../../grade/grade-submission'

const rate = (perStep: number) => `${+perStep.toFixed(2)}`

/** What a check asks, in a table heading's few words. */
export function checkHeading(check: Check): string {
  switch (check.kind) {
    case 'ok':
      return 'Runs without error'
    case 'no-suspects':
      return 'No group grows'
    case 'suspect':
      return `${check.group} grows`
    case 'growth':
      return `${check.group} grows under ${rate(check.below)} a step`
    case 'objects-growth':
      return `Objects grow under ${rate(check.below)} a step`
    case 'live': {
      const range =
        check.atLeast !== undefined && check.atMost !== undefined
          ? `${formatCount(check.atLeast)} to ${formatCount(check.atMost)}`
          : check.atMost !== undefined
            ? `at most ${formatCount(check.atMost)}`
            : `at least ${formatCount(check.atLeast ?? 0)}`
      return `${range} ${check.group} alive`
    }
    case 'gc-collected':
      return `gc.collect() finds at least ${formatCount(check.atLeast)}`
    case 'native-bytes':
      return `Native memory at most ${formatBytes(check.atMost)}`
    case 'pending-timers':
      return `At most ${formatCount(check.atMost)} timers left`
    case 'behaviour':
      return 'Still does its job'
    case 'console':
      return check.includes !== undefined ? `Console prints “${check.includes}”` : `Console never prints “${check.excludes}”`
  }
}

/** A row of the table: a hand-in, its result once graded, and where it stands. */
export interface GradeRow {
  index: number
  file: string
  learner: string | null
  state: 'waiting' | 'running' | 'graded'
  result: GradeResult | null
  /** It was run (a readable submission in the exercise's language), so it can be opened and run again. */
  ran: boolean
}

/** A column rows sort by: the fixed ones, or check `n` (`check:n`). */
export type SortKey = 'learner' | 'result' | 'file' | 'reason' | 'notes' | `check:${number}`

export interface Sort {
  key: SortKey
  ascending: boolean
}

/** Failures first when ascending by result: what a teacher looks at first. */
const RESULT_ORDER = { error: 0, fail: 1, unsure: 2, pass: 3 } as const

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

function sortValue(row: GradeRow, key: SortKey): string | number {
  const r = row.result
  if (key === 'learner') return row.learner ?? ''
  if (key === 'file') return row.file
  // Rows not graded yet sort after every graded one.
  if (!r) return key === 'result' ? 9 : '\uffff'
  if (key === 'result') return RESULT_ORDER[r.result]
  if (key === 'reason') return r.reason ?? ''
  if (key === 'notes') return r.notes.length
  const check = r.checks[Number(key.slice('check:'.length))]
  return check ? (check.pass ? 1 : 0) : 2
}

/** The rows in `sort`'s order; rows that compare equal keep their hand-in order. */
export function sortRows(rows: readonly GradeRow[], sort: Sort): GradeRow[] {
  const sign = sort.ascending ? 1 : -1
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort.key)
    const y = sortValue(b, sort.key)
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y))
    return sign * order || a.index - b.index
  })
}
