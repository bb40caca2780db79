import { describe, expect, it } from 'vitest'
import { compareGroups, compareSnapshots, groupKeyId, type GroupCount } from '../../src/analysis'
import { SnapshotBuilder } from './builder'

const key = (name: string) => groupKeyId({ kind: 'object', name, site: null })
const row = (name: string, count: number, shallowBytes: number): GroupCount => ({ key: key(name), count, shallowBytes })

describe('compare', () => {
  it('diffs every group of either side, sorted by |size diff| like tracemalloc', () => {
    const before = [row('DataHolder', 10, 320), row('Message', 5, 500), row('Gone', 2, 64), row('Same', 4, 40)]
    const after = [row('DataHolder', 20, 640), row('Message', 3, 300), row('Session', 1, 48), row('Same', 4, 40)]
    const diffs = compareGroups(before, after)
    expect(diffs.map((d) => [d.name, d.countBefore, d.countAfter, d.countDiff, d.sizeDiff, d.new, d.freed])).toEqual([
      ['DataHolder', 10, 20, 10, 320, 10, 0],
      ['Message', 5, 3, -2, -200, 0, 2],
      ['Gone', 2, 0, -2, -64, 0, 2],
      ['Session', 0, 1, 1, 48, 1, 0],
      ['Same', 4, 4, 0, 0, 0, 0],
    ])
    expect(diffs[0]).toMatchObject({ kind: 'object', site: null, sizeBefore: 320, sizeAfter: 640 })
  })

  it('breaks ties on size after, then count', () => {
    const diffs = compareGroups([row('A', 1, 10), row('B', 1, 10)], [row('A', 2, 20), row('B', 1, 20)])
    expect(diffs.map((d) => d.name)).toEqual(['A', 'B'])
  })

  it('compares the live objects of two snapshots', () => {
    const snap = (n: number, step: number) => {
      const b = new SnapshotBuilder()
      const list = b.node('array', 'Array', 16, ['leak.js', 1])
      b.root('list', list)
      for (let i = 0; i < n; i++) b.edge(list, b.node('object', 'DataHolder', 32, ['leak.js', 4]), 'element', String(i))
      b.node('object', 'DataHolder', 32, ['leak.js', 4]) // garbage: not counted
      return b.build(step)
    }
    const byLine = compareSnapshots(snap(2, 0), snap(5, 3), 'line')
    expect(byLine[0]).toMatchObject({ name: 'DataHolder', site: 'leak.js:4', countDiff: 3, sizeDiff: 96, new: 3 })
    expect(byLine[1]).toMatchObject({ name: 'Array', countDiff: 0, sizeDiff: 0 })
  })
})
