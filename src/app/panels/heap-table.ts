/**
 * The heap table's rows as pure functions: the comparison with the previous run (DevTools'
 * Comparison view: rows matched by key, `new` and `gone` rows), filtering, sorting and the row cap.
 */
import type { GroupBy, GroupRow } from '../../analysis/view-types'

export type SortKey = 'name' | 'site' | 'count' | 'shallow' | 'retained' | 'countDelta' | 'sizeDelta'
export type SortDirection = 'ascending' | 'descending'

/** Rows drawn at once: more make the page slow and are unreadable anyway; the filter narrows them. */
export const ROW_CAP = 200

export interface TableRow {
  key: string
  /** The group now, or, for a `gone` row, as it was in the previous run. */
  group: GroupRow
  /** Now: 0 for a `gone` row. */
  count: number
  shallowBytes: number
  retainedBytes: number
  /** null without a previous run; `kept` when the group is in both. */
  status: 'kept' | 'new' | 'gone' | null
  /** Against the previous run (null without one): live count, and shallow bytes as DevTools' Size Delta. */
  countDelta: number | null
  sizeDelta: number | null
}

/** The rows of `current`, compared with `previous` when there is one (its rows grouped the same way). */
export function tableRows(current: readonly GroupRow[], previous: readonly GroupRow[] | null): TableRow[] {
  if (!previous) {
    return current.map((g) => ({ key: g.key, group: g, count: g.count, shallowBytes: g.shallowBytes, retainedBytes: g.retainedBytes, status: null, countDelta: null, sizeDelta: null }))
  }
  const before = new Map(previous.map((g) => [g.key, g]))
  const rows: TableRow[] = current.map((g) => {
    const old = before.get(g.key)
    return {
      key: g.key,
      group: g,
      count: g.count,
      shallowBytes: g.shallowBytes,
      retainedBytes: g.retainedBytes,
      status: old ? 'kept' : 'new',
      countDelta: g.count - (old?.count ?? 0),
      sizeDelta: g.shallowBytes - (old?.shallowBytes ?? 0),
    }
  })
  const now = new Set(current.map((g) => g.key))
  for (const g of previous) {
    if (now.has(g.key)) continue
    rows.push({ key: g.key, group: g, count: 0, shallowBytes: 0, retainedBytes: 0, status: 'gone', countDelta: -g.count, sizeDelta: -g.shallowBytes })
  }
  return rows
}

/** Rows whose name or site contains `query`, ignoring case; an empty query keeps every row. */
export function filterRows(rows: readonly TableRow[], query: string): TableRow[] {
  const q = query.trim().toLowerCase()
  if (!q) return [...rows]
  return rows.filter((r) => r.group.name.toLowerCase().includes(q) || (r.group.site ?? '').toLowerCase().includes(q))
}

/** A column's first direction when chosen: numbers biggest first, text A to Z. */
export function firstDirection(key: SortKey): SortDirection {
  return key === 'name' || key === 'site' ? 'ascending' : 'descending'
}

/**
 * Rows sorted by one column. Ties fall back to retained bytes (biggest first), then to the key, so
 * the order never depends on the input's. Rows without a site sort last whichever the direction.
 */
export function sortRows(rows: readonly TableRow[], key: SortKey, direction: SortDirection): TableRow[] {
  const sign = direction === 'ascending' ? 1 : -1
  return [...rows].sort((a, b) => {
    if (key === 'site') {
      const missing = Number(a.group.site === null) - Number(b.group.site === null)
      if (missing !== 0) return missing
    }
    return sign * compareBy(key, a, b) || b.retainedBytes - a.retainedBytes || compareText(a.key, b.key)
  })
}

function compareBy(key: SortKey, a: TableRow, b: TableRow): number {
  switch (key) {
    case 'name':
      return compareText(a.group.name.toLowerCase(), b.group.name.toLowerCase()) || compareText(a.group.name, b.group.name)
    case 'site':
      // By file, then by line as a number: line 9 comes before line 10.
      return compareText(siteFile(a.group.site), siteFile(b.group.site)) || (a.group.line ?? 0) - (b.group.line ?? 0) || compareText(a.group.site ?? '', b.group.site ?? '')
    case 'count':
      return a.count - b.count
    case 'shallow':
      return a.shallowBytes - b.shallowBytes
    case 'retained':
      return a.retainedBytes - b.retainedBytes
    case 'countDelta':
      return (a.countDelta ?? 0) - (b.countDelta ?? 0)
    case 'sizeDelta':
      return (a.sizeDelta ?? 0) - (b.sizeDelta ?? 0)
  }
}

function siteFile(site: string | null): string {
  return site?.split(':')[0] ?? ''
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The first `cap` rows and how many are left out. */
export function capRows<T>(rows: readonly T[], cap = ROW_CAP): { shown: T[]; hidden: number } {
  return { shown: rows.slice(0, cap), hidden: Math.max(0, rows.length - cap) }
}

/**
 * The site column: `line 15` for a group by line, else the recorded site (`main.js:2:1 +2 lines` when
 * the group's members were made at other lines too), else a dash.
 */
export function siteText(group: GroupRow, by: GroupBy): string {
  if (by === 'line' && group.line !== null) return `line ${group.line}`
  const others = group.otherLines ?? 0
  const more = others > 0 ? ` +${others} ${others === 1 ? 'line' : 'lines'}` : ''
  return (group.site ?? '–') + more
}

/**
 * The word beside a group's name saying what kind of thing it is, in the heap's notation, or null when
 * the name says it already: a Python group is named by its type (`list`, `dict`), so `array` or `map`
 * beside it would only be JavaScript's word for the same thing.
 */
export function kindWord(kind: string, notation: 'javascript' | 'python'): string | null {
  if (kind === 'object') return null
  if (notation === 'javascript') return kind
  switch (kind) {
    case 'array':
    case 'map':
    case 'set':
    case 'string':
    case 'weakref':
      return null
    case 'bound-function':
      return 'bound method'
    case 'frame':
      return 'paused call'
    default:
      return kind
  }
}
