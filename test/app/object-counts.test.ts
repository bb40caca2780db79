import { describe, expect, it } from 'vitest'
import type { GroupRow, GrowthPoint } from '../../src/analysis/view-types'
import { chartSummary, countChart, formatTick, groupLabel, lastIndexes, topGroups } from '../../src/app/panels/object-counts'
import type { Sample } from '../../src/engine/types'

const sample = (step: number, objects: number, time = step * 600): Sample => ({ step, time, objects, bytes: 0, nativeBytes: 0 })
const key = (name: string, line: number) => JSON.stringify(['object', name, `main.js:${line}`])
const row = (name: string, line: number): GroupRow => ({
  key: key(name, line),
  name,
  kind: 'object',
  site: `main.js:${line}:5`,
  line,
  count: 0,
  shallowBytes: 0,
  retainedBytes: 0,
  path: '',
})

describe('countChart', () => {
  it('has nothing to draw with fewer than two samples', () => {
    expect(countChart([], [], [])).toBeNull()
    expect(countChart([sample(0, 470)], [], [])).toBeNull()
  })

  it('puts the total at every sample and each group at its walks, on one step axis', () => {
    const samples = [0, 1, 2, 3, 4].map((s) => sample(s, 470 + 100 * s))
    // Walks at 0, 2 and 5: step 5 has a walk but no sample, so the axis gains it and the total has a gap.
    const growth: GrowthPoint[] = [0, 2, 5].map((step) => ({ step, time: step * 600, counts: { [key('DataHolder', 14)]: step * 100 } }))
    const chart = countChart(samples, growth, [row('DataHolder', 14)])!
    expect(chart.axis).toBe('step')
    expect(chart.x).toEqual([0, 1, 2, 3, 4, 5])
    expect(chart.total.values).toEqual([470, 570, 670, 770, 870, null])
    expect(chart.groups).toEqual([{ key: key('DataHolder', 14), label: 'DataHolder (line 14)', values: [0, null, 200, null, null, 500] }])
  })

  it('counts a group missing from a walk as 0', () => {
    const growth: GrowthPoint[] = [
      { step: 0, time: 0, counts: {} },
      { step: 1, time: 600, counts: { [key('Session', 3)]: 6 } },
    ]
    const chart = countChart([sample(0, 1), sample(1, 2)], growth, [])!
    expect(chart.groups[0].values).toEqual([0, 6])
  })

  it("draws the total less the garbage where a walk counted it (Python's cycles waiting for the collector), and says so", () => {
    const samples = [0, 1, 2, 3, 4].map((s) => ({ ...sample(s, 1000 + 42 * s), ...(s % 2 === 0 ? { unreachable: 42 * s } : {}) }))
    const chart = countChart(samples, [], [])!
    expect(chart.reachable).toEqual({ key: 'reachable', label: 'reachable (garbage left out)', values: [1000, null, 1000, null, 1000] })
    expect(chartSummary(chart, samples)).toBe('Total objects grew from 1,000 to 1,168 over 4 steps. Of the 1,168 at step 4, 168 were garbage waiting for the collector.')
    // Walks that found no garbage (and JavaScript, which never counts it) add no line and no words.
    const clean = countChart(samples.map((s) => ({ ...s, unreachable: s.unreachable === undefined ? undefined : 0 })), [], [])!
    expect(clean.reachable).toBeNull()
    expect(chartSummary(clean, samples.map(({ unreachable: _, ...s }) => s))).toBe('Total objects grew from 1,000 to 1,168 over 4 steps.')
  })

  it('draws the run it is compared with (the previous, or a pinned one) on the same axis, and says how it went', () => {
    const leak = [0, 1, 2, 3, 4].map((s) => sample(s, 470 + 100 * s))
    const fixed = [0, 1, 2, 3].map((s) => sample(s, 470))
    const chart = countChart(fixed, [], [], undefined, { samples: leak, label: 'previous run' })!
    expect(chart.x).toEqual([0, 1, 2, 3, 4])
    expect(chart.before).toEqual({ key: 'before', label: 'previous run', values: [470, 570, 670, 770, 870] })
    expect(chart.total.values).toEqual([470, 470, 470, 470, null])
    expect(chartSummary(chart, fixed)).toBe('Total objects stayed at 470 over 3 steps. The previous run grew from 470 to 870.')
    // A run measured by time is not drawn against one measured by step.
    const timed = [0, 1, 2].map((i) => ({ step: 0, time: i * 1500, objects: 10 + i, bytes: 0, nativeBytes: 0 }))
    expect(countChart(timed, [], [], undefined, { samples: leak, label: 'previous run' })!.before).toBeNull()
    expect(countChart(fixed, [], [])!.before).toBeNull()
  })

  it('plots a program without step() over simulated time, in seconds', () => {
    const samples = [0, 1, 2].map((i) => ({ step: 0, time: i * 1500, objects: 10 + i, bytes: 0, nativeBytes: 0 }))
    const chart = countChart(samples, [], [])!
    expect(chart.axis).toBe('time')
    expect(chart.x).toEqual([0, 1.5, 3])
    expect(chart.groups).toEqual([])
  })
})

describe('topGroups', () => {
  it('takes the groups with most objects at the last walk, at most five, leaving out single objects', () => {
    const counts = { a: 10, b: 500, c: 1, d: 0, e: 40, f: 41, g: 7, h: 8 }
    expect(topGroups([{ step: 0, time: 0, counts: { c: 1000 } }, { step: 5, time: 0, counts }])).toEqual(['b', 'f', 'e', 'a', 'h'])
    expect(topGroups([{ step: 5, time: 0, counts }], 2)).toEqual(['b', 'f'])
    expect(topGroups([])).toEqual([])
    // A program's few arrays, maps and functions are single objects: no line for them.
    expect(topGroups([{ step: 5, time: 0, counts: { leakList: 1, cache: 1, holders: 2 } }])).toEqual(['holders'])
  })

  it('breaks ties by key, so the colours do not swap between runs', () => {
    expect(topGroups([{ step: 1, time: 0, counts: { z: 5, y: 5, x: 5 } }])).toEqual(['x', 'y', 'z'])
  })
})

describe('groupLabel', () => {
  it('names a group by its row, or by its key when the row is gone', () => {
    expect(groupLabel(key('DataHolder', 14), row('DataHolder', 14))).toBe('DataHolder (line 14)')
    expect(groupLabel(key('Session', 3), undefined)).toBe('Session')
    expect(groupLabel('not json', undefined)).toBe('not json')
  })
})

describe('chartSummary', () => {
  it('tells how the total moved, over steps or over time, and the largest groups', () => {
    const samples = [sample(0, 471), sample(50, 50_000), sample(100, 100_475)]
    const growth: GrowthPoint[] = [0, 100].map((step) => ({ step, time: 0, counts: { [key('DataHolder', 14)]: step * 1000 } }))
    expect(chartSummary(countChart(samples, growth, [row('DataHolder', 14)]), samples)).toBe(
      'Total objects grew from 471 to 100,475 over 100 steps. Largest groups at the last heap walk: DataHolder (line 14): 100,000.',
    )
    const falling = [sample(0, 900), sample(0, 500, 2500)]
    expect(chartSummary(countChart(falling, [], []), falling)).toBe('Total objects fell from 900 to 500 over 2.5 s of simulated time.')
    const flat = [sample(0, 7), sample(3, 7)]
    expect(chartSummary(countChart(flat, [], []), flat)).toBe('Total objects stayed at 7 over 3 steps.')
    expect(chartSummary(null, [sample(0, 12)])).toBe('One sample: 12 objects.')
    expect(chartSummary(null, [])).toBe('No samples yet.')
  })
})

describe('lastIndexes', () => {
  it('finds each column’s last measurement, -1 for none', () => {
    expect(lastIndexes([[0, 1, 2], [5, null, 7], [1, 2, null], [null, null, null]])).toEqual([2, 2, 1, -1])
  })
})

it('formats ticks compactly', () => {
  expect([0, 950, 50_000, 1_250_000].map(formatTick)).toEqual(['0', '950', '50K', '1.3M'])
})
