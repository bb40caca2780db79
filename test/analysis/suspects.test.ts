import { describe, expect, it } from 'vitest'
import {
  analyzeSnapshot,
  countTrend,
  findLeakSuspects,
  groupKeyId,
  isGrowing,
  sampleGroups,
  type GroupSample,
} from '../../src/analysis'
import type { HeapSnapshot } from '../../src/heap/snapshot'
import { SnapshotBuilder } from './builder'

/**
 * The heap of a program after `step` steps:
 * - `leakList` (a top-level let) gains a DataHolder each step, each holding a 1 KiB ArrayBuffer: a leak;
 * - a pending interval's `tick` caches users in a Map bounded to 10 entries: flat once full;
 * - `globalThis.queue` holds `step % 60` Messages: a buffer flushed every 60 steps (a sawtooth);
 * - `globalThis.handlers` gains a Listener and a Handler every two steps: two groups, one array.
 */
function programAt(step: number): HeapSnapshot {
  const b = new SnapshotBuilder()
  const global = b.node('object', 'globalThis', 64)
  b.root('globalThis', global)

  const list = b.node('array', 'Array', 16, ['leak.js', 1])
  b.root('leakList', list)
  for (let i = 0; i < step; i++) {
    const holder = b.node('object', 'DataHolder', 32, ['leak.js', 5])
    const buf = b.node('arraybuffer', 'ArrayBuffer', 1024, ['leak.js', 6])
    b.edge(list, holder, 'element', String(i)).edge(holder, buf, 'property', 'payload')
  }

  const tick = b.node('closure', 'tick', 40, ['leak.js', 10])
  const cache = b.node('map', 'Map', 48, ['leak.js', 9])
  b.root('setInterval#1', tick).edge(tick, cache, 'closure', 'cache')
  for (let i = Math.max(0, step - 10); i < step; i++) {
    b.edge(cache, b.node('object', 'User', 24, ['leak.js', 12]), 'map-value', `"u${i}"`)
  }

  const queue = b.node('array', 'Array', 16, ['leak.js', 20])
  b.edge(global, queue, 'property', 'queue')
  for (let i = 0; i < step % 60; i++) {
    b.edge(queue, b.node('object', 'Message', 40, ['leak.js', 22]), 'element', String(i))
  }

  const handlers = b.node('array', 'Array', 16, ['leak.js', 30])
  b.edge(global, handlers, 'property', 'handlers')
  for (let i = 0; i < step; i++) {
    const h =
      i % 2 === 0 ? b.node('object', 'Listener', 48, ['leak.js', 31]) : b.node('object', 'Handler', 64, ['leak.js', 32])
    b.edge(handlers, h, 'element', String(i))
  }
  return b.build(step)
}

const STEPS = [0, 20, 40, 60, 80, 100]

describe('leak suspects', () => {
  const samples: GroupSample[] = STEPS.map((s) => sampleGroups(programAt(s)))
  const final = analyzeSnapshot(programAt(100))
  const report = findLeakSuspects(samples, final)

  it('finds the growing groups, ranked by retained growth per step', () => {
    expect(report.suspects.map((s) => s.name)).toEqual(['DataHolder', 'ArrayBuffer', 'Handler', 'Listener'])
    const [holder, buf, handler] = report.suspects
    expect(holder).toMatchObject({
      key: groupKeyId({ kind: 'object', name: 'DataHolder', site: null }),
      kind: 'object',
      site: null,
      count: 100,
      counts: [0, 20, 40, 60, 80, 100],
      retainedBytes: 100 * (32 + 1024),
      retainerPath: 'leakList[0]',
      pattern: 'leakList[*]',
    })
    expect(holder.growthPerStep).toBeCloseTo(1)
    expect(holder.retainedGrowthPerStep).toBeCloseTo(1056)
    expect(holder.path.nodes).toHaveLength(3)
    expect(holder.path.edges.map((e) => e.label)).toEqual(['leakList', '0'])
    expect(buf.retainerPath).toBe('leakList[0].payload')
    expect(handler.growthPerStep).toBeCloseTo(0.5)
    expect(handler.retainerPath).toBe('globalThis.handlers[1]')
  })

  it('does not suspect a bounded cache or a sawtooth', () => {
    const names = report.suspects.map((s) => s.name)
    expect(names).not.toContain('User')
    expect(names).not.toContain('Message')
    const messages = samples.map((s) => s.groups.find((g) => g.key.includes('"Message"'))?.count ?? 0)
    expect(messages).toEqual([0, 20, 40, 0, 20, 40])
    const trend = countTrend(STEPS, messages)
    // It rises in 4 of 5 intervals, its slope is positive and it ends at its peak; only the fall gives it away.
    expect(trend).toMatchObject({ growth: 40, rises: 4, pairs: 5, drawdown: 40 })
    expect(trend.slope).toBeGreaterThan(0)
    expect(isGrowing(trend)).toBe(false)
  })

  it('clusters the groups held by the same array', () => {
    expect(report.clusters.map((c) => [c.pattern, c.suspects.map((s) => s.name)])).toEqual([
      ['leakList[*]', ['DataHolder']],
      ['leakList[*].payload', ['ArrayBuffer']],
      ['globalThis.handlers[*]', ['Handler', 'Listener']],
    ])
  })

  it('works on groups by line too', () => {
    const byLine = findLeakSuspects(
      STEPS.map((s) => sampleGroups(programAt(s), 'line')),
      final,
      { by: 'line' },
    )
    expect(byLine.suspects.map((s) => `${s.name} ${s.site}`)).toEqual([
      'DataHolder leak.js:5',
      'ArrayBuffer leak.js:6',
      'Handler leak.js:32',
      'Listener leak.js:31',
    ])
  })

  it('needs enough samples and enough growth', () => {
    expect(findLeakSuspects(samples.slice(0, 2), final).suspects).toEqual([])
    expect(isGrowing(countTrend([0, 1, 2, 3], [5, 5, 6, 6]))).toBe(false) // grew once in three
    expect(isGrowing(countTrend([0, 1, 2, 3], [5, 6, 7, 7]))).toBe(true)
    expect(isGrowing(countTrend([0, 1, 2, 3], [5, 6, 7, 7]), { minGrowth: 3 })).toBe(false)
    expect(isGrowing(countTrend([0, 10, 20, 30, 40], [0, 10, 9, 20, 30]))).toBe(true) // a little churn
    expect(countTrend([3, 3, 3], [1, 2, 3]).slope).toBe(0)
  })

  it('takes samples in any order', () => {
    const shuffled = [samples[3], samples[0], samples[5], samples[1], samples[4], samples[2]]
    expect(findLeakSuspects(shuffled, final)).toEqual(report)
  })
})

describe("a suspect's path", () => {
  /**
   * A results list drawn again each step: `results.childNodes` holds the 10 items on the page, and
   * `itemById` (a Map never cleared) holds every item ever drawn, each with its own `childNodes` array.
   * The Array closest to the root is the list's own; the ones that grow are the items'.
   */
  function resultsAt(step: number): HeapSnapshot {
    const b = new SnapshotBuilder()
    const list = b.node('object', 'HTMLUListElement', 64)
    b.root('results', list)
    const onPage = b.node('array', 'Array', 16)
    b.edge(list, onPage, 'property', 'childNodes')
    const byId = b.node('map', 'Map', 48, ['search.js', 6])
    b.root('itemById', byId)
    for (let i = 0; i < step * 10; i++) {
      const item = b.node('object', 'HTMLLIElement', 64)
      const children = b.node('array', 'Array', 16)
      b.edge(byId, item, 'map-value', `"q${i}"`).edge(item, children, 'property', 'childNodes')
      if (i >= step * 10 - 10) b.edge(onPage, item, 'element', String(i % 10))
    }
    return b.build(step)
  }

  it('is the way most of its members are held, not the odd one out closest to the root', () => {
    const samples = STEPS.map((s) => sampleGroups(resultsAt(s)))
    const final = analyzeSnapshot(resultsAt(100))
    const arrays = findLeakSuspects(samples, final).suspects.find((s) => s.name === 'Array')!
    expect(arrays.count).toBe(1001)
    expect(arrays.retainerPath).toBe('itemById.get("q0").childNodes')
  })
})
