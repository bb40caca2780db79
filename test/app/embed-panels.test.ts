import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import type { CheckKind } from '../../src/content/check-schema'
import { embedPanels, EMBED_PANELS } from '../../src/app/embed/embed-panels'

const shown = (kinds: CheckKind[] | null, code?: string, text?: string) => [...embedPanels(kinds && kinds.map((kind) => ({ kind })), code, text)]

test('a check of leak suspects shows the suspects and the graph their paths are drawn in', () => {
  expect(shown(['no-suspects'])).toEqual(['suspects', 'graph'])
  expect(shown(['suspect'])).toEqual(['suspects', 'graph'])
  expect(shown(['growth'])).toEqual(['suspects', 'graph'])
})

test('a count of live objects shows the heap table, which counts them by constructor, and the graph of why', () => {
  expect(shown(['live'])).toEqual(['graph', 'heap'])
})

test('the growth of all objects shows the chart that draws it', () => {
  expect(shown(['objects-growth'])).toEqual(['counts'])
})

test('checks read from the Result panel, the Console or a hidden verifier add no panel', () => {
  expect(shown(['ok', 'native-bytes', 'pending-timers', 'console', 'gc-collected', 'behaviour'])).toEqual([])
  expect(shown(null)).toEqual([])
  expect(shown([])).toEqual([])
})

test('a scenario as most are (no suspects, a live count, a verifier): suspects, graph and heap, in the page order', () => {
  expect(shown(['behaviour', 'live', 'no-suspects'])).toEqual(['suspects', 'graph', 'heap'])
  expect(shown(['objects-growth', 'live', 'suspect'])).toEqual([...EMBED_PANELS])
})

test('a program that takes its own snapshots shows the chart, where they are chosen and compared', () => {
  expect(shown(['live'], "leaklab.snapshot('baseline')\nopen()")).toEqual(['counts', 'graph', 'heap'])
  expect(shown(['live'], 'import leaklab\nleaklab.snapshot ("after open")')).toEqual(['counts', 'graph', 'heap'])
  expect(shown(['live'], '// no snapshot here: leaklab.snapshots')).toEqual(['graph', 'heap'])
})

test('a panel the step\'s text sends the learner to is shown, whatever the checks read', () => {
  expect(shown(['suspect'], '', '**Run it.** The *Object counts* chart climbs by 100 a step')).toEqual(['suspects', 'counts', 'graph'])
  expect(shown(['console'], '', 'Open the *Heap snapshot* and the reference graph.')).toEqual(['graph', 'heap'])
  expect(shown(null, '', 'Choose A and B, then Compare.')).toEqual(['counts'])
  expect(shown(['console'], '', 'Read the *Leak suspects*.')).toEqual(['suspects'])
  expect(shown(['console'], '', 'tracemalloc compares two snapshots by line')).toEqual([])
})

test('every check kind the schema knows has its panels decided', () => {
  const schema = readFileSync(new URL('../../src/content/check-schema.ts', import.meta.url), 'utf8')
  const kinds = [...schema.matchAll(/kind: v\.literal\('([\w-]+)'\)/g)].map((m) => m[1] as CheckKind)
  expect(kinds.length).toBeGreaterThan(10)
  for (const kind of kinds) expect(() => shown([kind]), kind).not.toThrow()
})
