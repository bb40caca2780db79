/** The compare view's rows as pure functions: filtered by text, sorted by a column. */
import type { CompareRow } from '../../analysis/view-types'

export type CompareSortKey = 'name' | 'added' | 'freed' | 'net'

/** Rows whose name, site or path holds `query` (case-insensitive), sorted by `key`; ties by most added, then key. */
export function compareRows(rows: readonly CompareRow[], query: string, key: CompareSortKey, descending: boolean): CompareRow[] {
  const q = query.trim().toLowerCase()
  const kept = q ? rows.filter((r) => [r.name, r.site ?? '', r.retainerPath ?? ''].some((t) => t.toLowerCase().includes(q))) : [...rows]
  const value = (r: CompareRow): number | string =>
    key === 'name' ? r.name : key === 'added' ? r.added : key === 'freed' ? r.freed : r.addedBytes - r.freedBytes
  const sign = descending ? -1 : 1
  return kept.sort((a, b) => {
    const va = value(a)
    const vb = value(b)
    const primary = typeof va === 'string' ? compareStrings(va, vb as string) : va - (vb as number)
    return sign * primary || b.added - a.added || compareStrings(a.key, b.key)
  })
}

/** Code-unit order, the same in every locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
