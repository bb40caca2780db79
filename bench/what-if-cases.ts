/**
 * Issue 18's what-if at 100,000 objects: the seed's final heap analysed again without one reference,
 * the list's first element (`leakList[0]`), so that all but one object stay alive and the whole heap
 * is analysed again (the dearest case: a what-if that frees much leaves less to analyse), against the
 * walk and snapshot of that heap (inspector-walk-100k, snapshot-cases.ts), side by side in one run.
 * Goal: one what-if recompute ≤ 1× that walk.
 */
import { analyzeSnapshot } from '../src/analysis/analyze'
import { findReference } from '../src/analysis/reference-path'
import { whatIf } from '../src/analysis/what-if'
import type { Case, RatioSpec } from './case'
import { finalSnapshot, seedSource, timedRun, WARM } from './inspector-cases'
import { SEED_COUNT, type SeedSuite } from './seed-cases'

export const WHAT_IF_CASE = 'whatif-100k'

function whatIfCase(): Case {
  const source = seedSource(SEED_COUNT)
  let observed: Record<string, number> = {}
  return {
    id: WHAT_IF_CASE,
    label: 'what-if: the heap again without one reference, seed',
    includes: `The seed run with inspect: true (outside the clock), its final snapshot analysed (analyzeSnapshot, outside the clock), and the reference named by the path "leakList[0]" found (findReference, outside the clock); then whatIf(analysis, [that reference]) alone is timed: a copy of the edge list without it, the heap analysed again (graph, shortest paths, dominators and retained sizes, over the 99,999 holders still alive too; a grouping is made only when a graph is drawn from it, so not here) and what would be freed counted by group. Exactly one DataHolder must come out freed.${WARM}`,
    async run() {
      const run = await timedRun(source, { inspect: true })
      const snapshot = finalSnapshot(run.result, run.ms)
      const analysis = analyzeSnapshot(snapshot)
      const edge = findReference(analysis, 'leakList[0]')
      const started = performance.now()
      const result = whatIf(analysis, [edge])
      const ms = performance.now() - started
      const holders = result.groups.find((g) => g.name === 'DataHolder')?.freed ?? 0
      if (holders !== 1) throw new Error(`the what-if freed ${holders} DataHolder objects, expected 1: leakList[0] alone held the first`)
      observed = { nodes: snapshot.nodes.length, edges: snapshot.edges.length, freedObjects: result.freedObjects }
      return ms
    },
    observed: () => observed,
  }
}

export function whatIfSuite(): SeedSuite {
  const ratios: RatioSpec[] = [
    { numerator: WHAT_IF_CASE, denominator: 'inspector-walk-100k', meaning: 'one what-if recompute vs the walk + snapshot of the same heap, seed (goal ≤ 1×, issue 18)', goal: { atMost: 1 } },
  ]
  return { cases: [whatIfCase()], skipped: [], derived: [], ratios }
}
