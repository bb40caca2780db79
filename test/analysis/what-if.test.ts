import { describe, expect, it } from 'vitest'
import { analyzeSnapshot, pathTo } from '../../src/analysis/analyze'
import { renderPath } from '../../src/analysis/notation'
import { findReference, ReferenceNotFoundError } from '../../src/analysis/reference-path'
import { stillHeldBy, survivors, whatIf } from '../../src/analysis/what-if'
import { SnapshotBuilder } from './builder'

/**
 * A list of three widgets kept by `leakList`, and, when `twice`, also by a listener's closure on an
 * event bus: the leak's second reference.
 */
function widgets(twice: boolean) {
  const b = new SnapshotBuilder()
  const list = b.node('array', 'Array', 40, ['main.js', 3])
  const items = [1, 2, 3].map(() => b.node('object', 'Widget', 100, ['main.js', 5]))
  b.root('leakList', list)
  items.forEach((w, i) => b.edge(list, w, 'element', String(i)))
  let bus = -1
  if (twice) {
    bus = b.node('object', 'Bus', 32, ['main.js', 1])
    const events = b.node('object', 'Object', 24, ['main.js', 1])
    const tick = b.node('closure', 'tick', 64, ['main.js', 8])
    b.root('bus', bus)
    b.edge(bus, events, 'property', '_events')
    b.edge(events, tick, 'property', 'tick')
    b.edge(tick, list, 'closure', 'widgets')
  }
  const snapshot = b.build()
  const edgeFromRoot = snapshot.edges.findIndex((e) => e.from === 0 && e.label === 'leakList')
  return { analysis: analyzeSnapshot(snapshot), list, items, bus, edgeFromRoot, snapshot }
}

const WIDGET = '["object","Widget","main.js:5"]'

describe('whatIf', () => {
  it('ignoring the only retainer frees the group, and says what and how much', () => {
    const { analysis, edgeFromRoot } = widgets(false)
    const result = whatIf(analysis, [edgeFromRoot])
    expect(result.freedObjects).toBe(4)
    expect(result.freedBytes).toBe(40 + 3 * 100)
    expect(result.groups).toEqual([
      { key: WIDGET, name: 'Widget', kind: 'object', site: 'main.js:5', freed: 3, freedBytes: 300 },
      { key: '["array","Array","main.js:3"]', name: 'Array', kind: 'array', site: 'main.js:3', freed: 1, freedBytes: 40 },
    ])
    expect(survivors(result, WIDGET)).toBe(0)
    // The heap itself is as it was: a what-if changes nothing of the analysis it started from.
    expect(analysis.byLine.find((g) => g.key === WIDGET)?.count).toBe(3)
  })

  it('ignoring one of two retainers frees nothing, and the path moves to the other', () => {
    const { analysis, edgeFromRoot, items, snapshot } = widgets(true)
    expect(renderPath(snapshot, pathTo(analysis, items[0])!)).toBe('leakList[0]')
    const result = whatIf(analysis, [edgeFromRoot])
    expect(result.freedObjects).toBe(0)
    expect(result.groups).toEqual([])
    expect(survivors(result, WIDGET)).toBe(3)
    const held = stillHeldBy(result, items[0])!
    expect(renderPath(result.analysis.snapshot, held)).toBe('bus._events.tick → (closure tick).widgets[0]')
    // Both references gone: now the widgets go, with the list and nothing else.
    const busEdge = snapshot.edges.findIndex((e) => e.label === 'widgets')
    const both = whatIf(analysis, [edgeFromRoot, busEdge])
    expect(both.freedObjects).toBe(4)
    expect(stillHeldBy(both, items[0])).toBeNull()
    expect(both.ignored).toEqual([edgeFromRoot, busEdge].sort((a, b) => a - b))
    // The edges of the analysis without them map back to the original's.
    expect([...both.originalEdge].every((e) => e !== edgeFromRoot && e !== busEdge)).toBe(true)
    expect(both.originalEdge).toHaveLength(snapshot.edges.length - 2)
  })

  it('refuses a reference the heap does not have', () => {
    const { analysis } = widgets(false)
    expect(() => whatIf(analysis, [99])).toThrow('there is no reference 99 in this heap (it has 4)')
    expect(() => whatIf(analysis, [-1])).toThrow(RangeError)
    expect(whatIf(analysis, []).freedObjects).toBe(0)
  })
})

describe('findReference', () => {
  it('follows a retainer path as the notation writes it, and returns its last reference', () => {
    const { analysis, snapshot, edgeFromRoot } = widgets(true)
    expect(findReference(analysis, 'leakList')).toBe(edgeFromRoot)
    const closure = findReference(analysis, 'bus._events.tick → (closure tick).widgets')
    expect(snapshot.edges[closure]).toMatchObject({ kind: 'closure', label: 'widgets' })
    expect(snapshot.edges[findReference(analysis, 'leakList[2]')]).toMatchObject({ kind: 'element', label: '2' })
    // Ignoring what it names is the what-if above: the closure's reference as well as the root's frees the widgets.
    expect(whatIf(analysis, [edgeFromRoot, closure]).freedObjects).toBe(4)
  })

  it('says how far a path went when it names no reference', () => {
    const { analysis } = widgets(true)
    expect(() => findReference(analysis, 'bus._events.tock')).toThrow('the heap has “bus._events”, but no reference “.tock” from there')
    expect(() => findReference(analysis, 'nothing.here')).toThrow('no root of this heap is called “nothing.here” or starts it')
    expect(() => findReference(analysis, '  ')).toThrow(ReferenceNotFoundError)
  })
})
