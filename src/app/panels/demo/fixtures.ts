/**
 * The panel demo's data. fixtures.json holds real runs of ./programs.ts through the engine and the
 * worker's analysis (make-fixtures.ts); the rest are cases no small program produces, made by hand.
 */
import type { GraphView, GroupRow, HeapView, RunView } from '../../../analysis/view-types'
import type { Sample } from '../../../engine/types'
import data from './fixtures.json'

export interface DemoRun {
  samples: Sample[]
  hooks: RunView['hooks']
  steps: number
  heap: HeapView
}

interface Fixtures {
  seed: DemoRun & { graphs: { dataHolder: GraphView; dataHolderExpanded: GraphView; sessions: GraphView; focused: GraphView } }
  previous: HeapView
  timer: DemoRun
  bus: DemoRun & { graphs: { buffers: GraphView; closure: GraphView } }
}

// JSON's strings are not the view types' unions; make-fixtures.ts wrote them from those types.
const fixtures = data as unknown as Fixtures

/** The seed leak, 100 steps: leakList of DataHolders, a cache a timer fills, a marker per step. */
export const SEED = fixtures.seed
/** The same file before the cache and timer were added, 50 steps: for the heap table's comparison. */
export const PREVIOUS = fixtures.previous
/** A program without step(): samples over simulated time, no suspects. */
export const TIMER_ONLY = fixtures.timer
/** Listeners that are never removed: closures, a Map keyed by objects, bound functions. */
export const BUS = fixtures.bus

/** Thousands of groups (an object literal on each line of a generated file), to see the row cap. */
export const MANY_GROUPS: HeapView = {
  ...SEED.heap,
  byLine: Array.from({ length: 3_000 }, (_, i): GroupRow => {
    const count = 1 + (i % 17)
    return {
      key: JSON.stringify(['object', i % 3 ? 'Object' : 'Record', `main.js:${i + 1}`]),
      name: i % 3 ? 'Object' : 'Record',
      kind: 'object',
      site: `main.js:${i + 1}:11`,
      line: i + 1,
      count,
      shallowBytes: 72 * count,
      retainedBytes: 72 * count + (i % 5) * 64,
      path: `rows[${i}]`,
    }
  }),
  suspects: [],
  clusters: [],
}

/** The graph as the worker cuts it past its node limit. */
export const TRUNCATED: GraphView = { ...fixtures.bus.graphs.closure, truncated: true }
