import { describe, expect, it } from 'vitest'
import { coverageShortfall } from '../../src/analysis'
import { evaluateChecks } from '../../src/content/checks'
import { runContentInNode } from '../../src/content/node/run-content'

const full = { engineObjects: 120, reached: 100, unreachable: 20, namedEdges: 500, edges: 500, withSite: 90, heldByHost: 0, heldByLeakLab: 0 }

describe('coverage: what the walk could not account for', () => {
  it('is nothing when every live object is reached or known garbage and 99% of references are named', () => {
    expect(coverageShortfall(full)).toBeNull()
    expect(coverageShortfall({ ...full, namedEdges: 495 })).toBeNull()
    expect(coverageShortfall(null)).toBeNull()
  })

  it('names objects placed nowhere and references without a name, with their counts', () => {
    expect(coverageShortfall({ ...full, reached: 97 })).toBe("LeakLab is not sure of this heap: 3 of the engine's 120 live objects were reached from no root, yet are not garbage.")
    expect(coverageShortfall({ ...full, namedEdges: 480 })).toBe('LeakLab is not sure of this heap: 20 of 500 references have no name.')
  })

  it('turns passing checks into no verdict, and leaves failing ones failing', async () => {
    const view = await runContentInNode('function step(i) {}', { steps: 3, timeMs: 1000 }, null)
    expect(view.heap?.unsure).toBeNull()
    expect(evaluateChecks([{ kind: 'no-suspects' }], view)).toMatchObject({ pass: true, unsure: null })
    const shaky = { ...view, heap: { ...view.heap!, unsure: 'LeakLab is not sure of this heap: 1 of 2 references have no name.' } }
    expect(evaluateChecks([{ kind: 'no-suspects' }], shaky)).toMatchObject({ pass: false, unsure: shaky.heap.unsure })
    expect(evaluateChecks([{ kind: 'live', group: 'Nothing', atLeast: 1 }], shaky)).toMatchObject({ pass: false, unsure: null })
  })
})
