import { describe, expect, it } from 'vitest'
import type { SuspectRow } from '../../src/analysis/view-types'
import { noSuspectsReason, suspectBlocks } from '../../src/app/panels/suspects'

const suspect = (name: string, cluster: number | null): SuspectRow => ({
  key: name,
  name,
  kind: 'object',
  site: null,
  line: null,
  count: 10,
  shallowBytes: 720,
  retainedBytes: 720,
  path: '',
  growthPerStep: 1,
  cluster,
})

describe('suspectBlocks', () => {
  const clusters = [
    { pattern: 'leakList[*]', keys: ['DataHolder', 'Marker'] },
    { pattern: 'cache.get(*)', keys: ['Session'] },
  ]

  it('gathers a cluster’s members where its first member stands, keeping the order otherwise', () => {
    const blocks = suspectBlocks([suspect('DataHolder', 0), suspect('Session', 1), suspect('Loose', null), suspect('Marker', 0)], clusters)
    expect(blocks.map((b) => [b.pattern, b.suspects.map((s) => s.name)])).toEqual([
      ['leakList[*]', ['DataHolder', 'Marker']],
      // A cluster of one is shown as a lone suspect: the grouping would say nothing.
      [null, ['Session']],
      [null, ['Loose']],
    ])
  })

  it('has no blocks without suspects', () => {
    expect(suspectBlocks([], [])).toEqual([])
  })
})

describe('noSuspectsReason', () => {
  const walks = [0, 50, 100].map((step) => ({ step, time: 0, counts: {} }))

  it('says growth could not be measured without step()', () => {
    expect(noSuspectsReason({ step: false }, 0, [])).toMatch(/^No leak suspects: the program has no step\(\) function, so growth could not be measured/)
  })

  it('says too few steps or walks ran to measure growth', () => {
    expect(noSuspectsReason({ step: true }, 1, walks)).toBe('No leak suspects: only one step ran, too few to measure growth.')
    expect(noSuspectsReason({ step: true }, 0, walks)).toBe('No leak suspects: no step ran, too few to measure growth.')
    expect(noSuspectsReason({ step: true }, 100, walks.slice(0, 1))).toMatch(/walked fewer than two times/)
  })

  it('says nothing grew when growth was measured', () => {
    expect(noSuspectsReason({ step: true }, 100, walks)).toBe('No leak suspects: no group grew with the steps.')
  })
})
