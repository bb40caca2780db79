import type { HeapReport } from '../engine/types'
import { analyzeSnapshot, type HeapAnalysis } from './analyze'
import { parseGroupKeyId, siteOrNull } from './groups'
import { heapView } from './heap-view'
import { renderPath } from './notation'
import { findReference } from './reference-path'
import type { GroupRow } from './view-types'
import { stillHeldBy, whatIf } from './what-if'

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
  /** What the heap would be without the references `--ignore` named (a what-if: the program is unchanged). */
  ignored?: IgnoredSummary
}

/** `leaklab run --ignore PATH`: what would be freed if the references the paths end with were gone. */
export interface IgnoredSummary {
  /** The paths as given, each naming the reference it ends with. */
  paths: string[]
  freedObjects: number
  freedBytes: number
  /** By allocation line, most objects first. */
  groups: { name: string; kind: string; site: string | null; freed: number; freedBytes: number }[]
  /** Each leak suspect's route without those references, or null when it would be freed in full. */
  suspects: { name: string; site: string | null; stillHeldBy: string | null }[]
}

/**
 * Groups and leak suspects from a run's heap report: the analysis behind `groups` and `suspects`, read
 * off the page's view of the same heap so the CLI and the page never disagree.
 */
export function summarizeHeap(heap: HeapReport, ignore: readonly string[] = []): HeapSummary {
  if (!heap.snapshot) return { groups: [], suspects: [], clusters: [] }
  const analysis = analyzeSnapshot(heap.snapshot)
  const view = heapView(heap, analysis)
  const summary = (row: GroupRow): GroupSummary => ({
    name: row.name,
    kind: row.kind,
    site: lineSite(row.key),
    count: row.count,
    shallowBytes: row.shallowBytes,
    retainedBytes: row.retainedBytes,
  })
  const summaryOf: HeapSummary = {
    groups: view.byLine.map(summary),
    suspects: view.suspects.map((s) => ({ ...summary(s), growthPerStep: s.growthPerStep, retainerPath: s.path })),
    clusters: view.clusters.map((c) => ({ pattern: c.pattern, suspects: c.keys })),
  }
  if (ignore.length > 0) summaryOf.ignored = ignoredSummary(analysis, ignore, view.suspects)
  return summaryOf
}

/** Throws ReferenceNotFoundError (reference-path.ts) for a path that names no reference of this heap. */
function ignoredSummary(analysis: HeapAnalysis, paths: readonly string[], suspects: readonly GroupRow[]): IgnoredSummary {
  const result = whatIf(
    analysis,
    paths.map((path) => findReference(analysis, path)),
  )
  const byLine = new Map(analysis.byLine.map((g) => [g.key, g]))
  return {
    paths: [...paths],
    freedObjects: result.freedObjects,
    freedBytes: result.freedBytes,
    groups: result.groups.map((g) => ({ name: g.name, kind: g.kind, site: siteOrNull(g.site), freed: g.freed, freedBytes: g.freedBytes })),
    suspects: suspects.map((s) => {
      const group = byLine.get(s.key)
      const path = group ? stillHeldBy(result, group.representative) : null
      return { name: s.name, site: lineSite(s.key), stillHeldBy: path ? renderPath(result.analysis.snapshot, path) : null }
    }),
  }
}

/** `file:line` of a group by line, without the column a row's site adds; null when it has none. */
function lineSite(key: string): string | null {
  const { site } = parseGroupKeyId(key)
  return siteOrNull(site)
}
