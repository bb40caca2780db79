import type { HeapReport } from '../engine/types'
import { analyzeSnapshot } from './analyze'
import { NO_SITE } from './groups'
import { findLeakSuspects, type SuspectCluster } from './suspects'

/** A group of live objects at the end of the run, as `leaklab run --json` reports it. */
export interface GroupSummary {
  name: string
  kind: string
  /** `file:line` where the group's objects were allocated, or null. */
  site: string | null
  count: number
  shallowBytes: number
  retainedBytes: number
}

/** A group that grew with the steps, with the path that keeps it alive. */
export interface SuspectSummary extends GroupSummary {
  growthPerStep: number
  /** One readable string from a root to a member (notation: see renderPath in notation.ts). */
  retainerPath: string
}

export interface HeapSummary {
  /** By allocation line, most retained bytes first. */
  groups: GroupSummary[]
  /** Most retained growth per step first. */
  suspects: SuspectSummary[]
  /** Suspects that share a retainer path pattern: likely one leak, fixed in one place. */
  clusters: { pattern: string; suspects: string[] }[]
}

/** Groups and leak suspects from a run's heap report: the analysis behind `groups` and `suspects`. */
export function summarizeHeap(heap: HeapReport): HeapSummary {
  if (!heap.snapshot) return { groups: [], suspects: [], clusters: [] }
  const analysis = analyzeSnapshot(heap.snapshot)
  const site = (key: string | null) => (key === NO_SITE ? null : key)
  const groups = analysis.byLine.map((g) => ({
    name: g.name,
    kind: g.kind,
    site: site(g.site),
    count: g.count,
    shallowBytes: g.shallowBytes,
    retainedBytes: g.retainedBytes,
  }))
  const report = findLeakSuspects(heap.growth, analysis, { by: 'line' })
  const suspects = report.suspects.map((s) => ({
    name: s.name,
    kind: s.kind,
    site: site(s.site),
    count: s.count,
    shallowBytes: groups.find((g) => g.name === s.name && g.kind === s.kind && g.site === site(s.site))?.shallowBytes ?? 0,
    retainedBytes: s.retainedBytes,
    growthPerStep: s.growthPerStep,
    retainerPath: s.retainerPath,
  }))
  const clusters = report.clusters.map((c: SuspectCluster) => ({ pattern: c.pattern, suspects: c.suspects.map((s) => s.key) }))
  return { groups, suspects, clusters }
}
