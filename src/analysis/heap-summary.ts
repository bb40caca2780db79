import type { HeapReport } from '../engine/types'
import { analyzeSnapshot } from './analyze'
import { NO_SITE, parseGroupKeyId } from './groups'
import { heapView } from './heap-view'
import type { GroupRow } from './view-types'

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

/**
 * Groups and leak suspects from a run's heap report: the analysis behind `groups` and `suspects`, read
 * off the page's view of the same heap so the CLI and the page never disagree.
 */
export function summarizeHeap(heap: HeapReport): HeapSummary {
  if (!heap.snapshot) return { groups: [], suspects: [], clusters: [] }
  const view = heapView(heap, analyzeSnapshot(heap.snapshot))
  const summary = (row: GroupRow): GroupSummary => ({
    name: row.name,
    kind: row.kind,
    site: lineSite(row.key),
    count: row.count,
    shallowBytes: row.shallowBytes,
    retainedBytes: row.retainedBytes,
  })
  return {
    groups: view.byLine.map(summary),
    suspects: view.suspects.map((s) => ({ ...summary(s), growthPerStep: s.growthPerStep, retainerPath: s.path })),
    clusters: view.clusters.map((c) => ({ pattern: c.pattern, suspects: c.keys })),
  }
}

/** `file:line` of a group by line, without the column a row's site adds; null when it has none. */
function lineSite(key: string): string | null {
  const { site } = parseGroupKeyId(key)
  return site === NO_SITE ? null : site
}
