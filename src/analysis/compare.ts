import type { GroupKey, HeapSnapshot } from '../heap/snapshot'
import { compareStrings, countGroups, parseGroupKeyId, type GroupBy, type GroupCount } from './groups'

/**
 * How one group changed between two snapshots (tracemalloc's `StatisticDiff`, DevTools' Comparison view).
 *
 * Object identity does not survive from one snapshot to the next (ids are per snapshot), so the
 * allocations and frees between them cannot be counted, only their balance. `new` and `freed` are that
 * balance split by sign: `new = max(0, countDiff)` is the fewest objects of the group that must have been
 * allocated since `before`, `freed = max(0, -countDiff)` the fewest that must have been freed. The true
 * numbers may both be higher by the same amount (objects made and dropped in between, or one replaced by
 * another); at most one of the two is non-zero.
 */
export interface GroupDiff extends GroupKey {
  /** The group's identity, from `groupKeyId`. */
  key: string
  countBefore: number
  countAfter: number
  /** `countAfter - countBefore`. */
  countDiff: number
  /** Shallow bytes before and after. */
  sizeBefore: number
  sizeAfter: number
  /** `sizeAfter - sizeBefore`, shallow bytes. */
  sizeDiff: number
  /** `max(0, countDiff)`: at least this many were allocated in between (see above). */
  new: number
  /** `max(0, -countDiff)`: at least this many were freed in between (see above). */
  freed: number
}

/**
 * Compares two sets of group counts keyed alike (both by constructor or both by line). Every key of
 * either side appears once; a side without a key counts 0 for it. Sorted as tracemalloc's `compare_to`:
 * by |sizeDiff|, then sizeAfter, then |countDiff|, then countAfter (all descending), then key.
 */
export function compareGroups(before: readonly GroupCount[], after: readonly GroupCount[]): GroupDiff[] {
  const rows = new Map<string, GroupDiff>()
  const row = (key: string): GroupDiff => {
    let r = rows.get(key)
    if (!r) {
      r = {
        ...parseGroupKeyId(key),
        key,
        countBefore: 0,
        countAfter: 0,
        countDiff: 0,
        sizeBefore: 0,
        sizeAfter: 0,
        sizeDiff: 0,
        new: 0,
        freed: 0,
      }
      rows.set(key, r)
    }
    return r
  }
  for (const g of before) {
    const r = row(g.key)
    r.countBefore += g.count
    r.sizeBefore += g.shallowBytes
  }
  for (const g of after) {
    const r = row(g.key)
    r.countAfter += g.count
    r.sizeAfter += g.shallowBytes
  }
  const diffs = [...rows.values()]
  for (const r of diffs) {
    r.countDiff = r.countAfter - r.countBefore
    r.sizeDiff = r.sizeAfter - r.sizeBefore
    r.new = Math.max(0, r.countDiff)
    r.freed = Math.max(0, -r.countDiff)
  }
  return diffs.sort(
    (a, b) =>
      Math.abs(b.sizeDiff) - Math.abs(a.sizeDiff) ||
      b.sizeAfter - a.sizeAfter ||
      Math.abs(b.countDiff) - Math.abs(a.countDiff) ||
      b.countAfter - a.countAfter ||
      compareStrings(a.key, b.key),
  )
}

/** {@link compareGroups} on the live objects of two snapshots. */
export function compareSnapshots(
  before: HeapSnapshot,
  after: HeapSnapshot,
  by: GroupBy = 'constructor',
): GroupDiff[] {
  return compareGroups(countGroups(before, by), countGroups(after, by))
}
