import { describe, expect, it } from 'vitest'
import type { GroupRow } from '../../src/analysis/view-types'
import { capRows, filterRows, firstDirection, kindWord, siteText, sortRows, tableRows, type SortKey } from '../../src/app/panels/heap-table'

const group = (name: string, line: number | null, count: number, shallowBytes = count * 72, retainedBytes = shallowBytes): GroupRow => ({
  key: JSON.stringify(['object', name, line === null ? '(no site)' : `main.js:${line}`]),
  name,
  kind: 'object',
  site: line === null ? null : `main.js:${line}:3`,
  line,
  count,
  shallowBytes,
  retainedBytes,
  path: '',
})

const holder = group('DataHolder', 14, 100_000)
const session = group('Session', 9, 600, 52_800, 91_200)
const log = group('LogEntry', 21, 50)
const proto = group('Object', null, 1)

describe('tableRows', () => {
  it('without a previous run, shows the groups as they are, with no differences', () => {
    const rows = tableRows([holder, session], null)
    expect(rows.map((r) => [r.key, r.status, r.countDelta, r.sizeDelta])).toEqual([
      [holder.key, null, null, null],
      [session.key, null, null, null],
    ])
  })

  it('matches rows by key and marks new and gone groups, as DevTools’ Comparison view does', () => {
    const before = [{ ...holder, count: 50_000, shallowBytes: 3_600_000 }, log]
    const rows = tableRows([holder, session], before)
    const byKey = Object.fromEntries(rows.map((r) => [r.group.name, r]))
    expect(byKey.DataHolder).toMatchObject({ status: 'kept', count: 100_000, countDelta: 50_000, sizeDelta: 3_600_000 })
    expect(byKey.Session).toMatchObject({ status: 'new', countDelta: 600, sizeDelta: 52_800 })
    // A gone group keeps its name and site from before; it has nothing now.
    expect(byKey.LogEntry).toMatchObject({ status: 'gone', count: 0, shallowBytes: 0, retainedBytes: 0, countDelta: -50, sizeDelta: -3_600 })
    expect(byKey.LogEntry.group.site).toBe('main.js:21:3')
    expect(rows).toHaveLength(3)
  })
})

describe('filterRows', () => {
  const rows = tableRows([holder, session, log, proto], null)
  it('keeps rows whose name or site contains the text, ignoring case and spaces around it', () => {
    expect(filterRows(rows, ' data ').map((r) => r.group.name)).toEqual(['DataHolder'])
    expect(filterRows(rows, 'main.js:2').map((r) => r.group.name)).toEqual(['LogEntry'])
    expect(filterRows(rows, 'ZZZ')).toEqual([])
    expect(filterRows(rows, '')).toHaveLength(4)
  })
})

describe('sortRows', () => {
  const rows = tableRows([holder, session, log, proto, group('Array', 10, 600, 4_864)], [{ ...holder, count: 1 }, { ...session, count: 900 }])
  const names = (key: SortKey, direction: 'ascending' | 'descending') => sortRows(rows, key, direction).map((r) => r.group.name)

  it('sorts by each column, either way', () => {
    expect(names('name', 'ascending')).toEqual(['Array', 'DataHolder', 'LogEntry', 'Object', 'Session'])
    expect(names('name', 'descending')).toEqual(['Session', 'Object', 'LogEntry', 'DataHolder', 'Array'])
    expect(names('count', 'descending')).toEqual(['DataHolder', 'Session', 'Array', 'LogEntry', 'Object'])
    expect(names('retained', 'descending')).toEqual(['DataHolder', 'Session', 'Array', 'LogEntry', 'Object'])
    expect(names('shallow', 'ascending')).toEqual(['Object', 'LogEntry', 'Array', 'Session', 'DataHolder'])
    expect(names('countDelta', 'descending')[0]).toBe('DataHolder')
    expect(names('countDelta', 'ascending')[0]).toBe('Session')
  })

  it('sorts sites by line number, with rows without a site last either way', () => {
    expect(names('site', 'ascending')).toEqual(['Session', 'Array', 'DataHolder', 'LogEntry', 'Object'])
    expect(names('site', 'descending')).toEqual(['LogEntry', 'DataHolder', 'Array', 'Session', 'Object'])
  })

  it('breaks ties by retained size, then by key, whatever the input order', () => {
    const a = group('A', 1, 5, 100, 100)
    const b = group('B', 2, 5, 100, 900)
    const c = group('C', 3, 5, 100, 100)
    for (const order of [[a, b, c], [c, b, a], [b, c, a]]) {
      expect(sortRows(tableRows(order, null), 'count', 'descending').map((r) => r.group.name)).toEqual(['B', 'A', 'C'])
    }
  })

  it('does not reorder its input', () => {
    const copy = [...rows]
    sortRows(rows, 'name', 'ascending')
    expect(rows).toEqual(copy)
  })
})

describe('small helpers', () => {
  it('sorts text A to Z and numbers biggest first when a column is first chosen', () => {
    expect(firstDirection('name')).toBe('ascending')
    expect(firstDirection('site')).toBe('ascending')
    expect(firstDirection('retained')).toBe('descending')
  })

  it('caps rows and says how many are left out', () => {
    expect(capRows([1, 2, 3, 4, 5], 3)).toEqual({ shown: [1, 2, 3], hidden: 2 })
    expect(capRows([1, 2], 3)).toEqual({ shown: [1, 2], hidden: 0 })
  })

  it('writes the site as a line when grouped by line', () => {
    expect(siteText(holder, 'line')).toBe('line 14')
    expect(siteText(holder, 'constructor')).toBe('main.js:14:3')
    expect(siteText(proto, 'line')).toBe('–')
    expect(siteText({ ...holder, otherLines: 1 }, 'constructor')).toBe('main.js:14:3 +1 line')
    expect(siteText({ ...holder, otherLines: 2 }, 'constructor')).toBe('main.js:14:3 +2 lines')
    expect(siteText({ ...holder, otherLines: 2 }, 'line')).toBe('line 14')
  })
})

it("a group's kind is said in the heap's words, and not at all when a Python type's name says it", () => {
  expect(kindWord('array', 'javascript')).toBe('array')
  expect(kindWord('map', 'javascript')).toBe('map')
  expect(kindWord('object', 'javascript')).toBeNull()
  expect(kindWord('array', 'python')).toBeNull()
  expect(kindWord('map', 'python')).toBeNull()
  expect(kindWord('bound-function', 'python')).toBe('bound method')
  expect(kindWord('class', 'python')).toBe('class')
  expect(kindWord('closure', 'python')).toBe('closure')
})
