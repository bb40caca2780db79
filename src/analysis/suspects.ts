import type { GroupKey } from '../heap/snapshot'
import { groupsBy, type HeapAnalysis } from './analyze'
import { compareStrings, type GroupBy, type GroupSample, type HeapGroup } from './groups'
import { pathPattern, renderPath } from './notation'
import { retainerPath, type RetainerPath } from './paths'

/**
 * When a group counts as a leak suspect. With counts `c[0..k-1]` at steps `s[0..k-1]` (samples sorted by
 * step, a group absent from a sample counting 0), a group is a suspect when all of these hold:
 * - there are at least `minSamples` samples (default 3: with two, any difference looks like a trend);
 * - the least-squares slope of count over step is positive;
 * - it grew by at least `minGrowth` objects overall: `c[k-1] - c[0] >= minGrowth` (default 2);
 * - it grew (`c[i+1] > c[i]`) in more than half of the consecutive pairs;
 * - it gave back little: the deepest fall below a previous maximum is at most `maxDrawdown` (default 0.25)
 *   times the overall growth. A sawtooth (a buffer that fills and is flushed) fails this, however its
 *   samples happen to fall;
 * - it has live members in the final snapshot.
 */
export interface LeakSuspectOptions {
  /** Whether the sample keys are groups by constructor or by line. Default `constructor`. */
  by?: GroupBy
  minSamples?: number
  minGrowth?: number
  maxDrawdown?: number
}

/** A group whose live count grows with the steps of the run. */
export interface LeakSuspect extends GroupKey {
  /** The group's identity, from `groupKeyId`. */
  key: string
  /** Live members in the final snapshot. */
  count: number
  /** The group's count in each sample, in step order. */
  counts: number[]
  /** Least-squares slope of the count over the step: objects added per step. */
  growthPerStep: number
  /** Retained bytes of the group in the final snapshot (see `HeapGroup.retainedBytes`). */
  retainedBytes: number
  /**
   * What suspects are ranked by: `growthPerStep × retainedBytes / count`, the bytes the group retains
   * in addition at each step if every new member retains what an average member does now.
   */
  retainedGrowthPerStep: number
  /**
   * The final snapshot's path to the member closest to the root among those held the way most members
   * are (see {@link suspectPath}), rendered (see `renderPath`).
   */
  retainerPath: string
  /** The same path with element positions and map keys as `*` (see `pathPattern`). */
  pattern: string
  /** The path as data. */
  path: RetainerPath
}

/** Suspects whose representative paths have the same pattern: most likely one leak, fixed in one place. */
export interface SuspectCluster {
  pattern: string
  /** In rank order. */
  suspects: LeakSuspect[]
}

export interface LeakReport {
  /** Ranked by `retainedGrowthPerStep` (descending), then `growthPerStep`, then key. */
  suspects: LeakSuspect[]
  /** Ordered by their best-ranked suspect. */
  clusters: SuspectCluster[]
}

/** The numbers a suspect is judged by, for one series of counts. */
export interface CountTrend {
  /** Least-squares slope of count over step; 0 when every sample has the same step. */
  slope: number
  /** `last - first`. */
  growth: number
  /** Consecutive pairs where the count went up, and how many pairs there are. */
  rises: number
  pairs: number
  /** The deepest fall below an earlier maximum. */
  drawdown: number
}

export function countTrend(steps: readonly number[], counts: readonly number[]): CountTrend {
  const k = Math.min(steps.length, counts.length)
  if (k === 0) return { slope: 0, growth: 0, rises: 0, pairs: 0, drawdown: 0 }
  let mx = 0
  let my = 0
  for (let i = 0; i < k; i++) {
    mx += steps[i]
    my += counts[i]
  }
  mx /= k
  my /= k
  let sxy = 0
  let sxx = 0
  let rises = 0
  let peak = counts[0]
  let drawdown = 0
  for (let i = 0; i < k; i++) {
    sxy += (steps[i] - mx) * (counts[i] - my)
    sxx += (steps[i] - mx) ** 2
    if (i > 0 && counts[i] > counts[i - 1]) rises++
    peak = Math.max(peak, counts[i])
    drawdown = Math.max(drawdown, peak - counts[i])
  }
  return { slope: sxx > 0 ? sxy / sxx : 0, growth: counts[k - 1] - counts[0], rises, pairs: k - 1, drawdown }
}

/** Whether a trend passes the thresholds of {@link LeakSuspectOptions} (all but the final-snapshot one). */
export function isGrowing(trend: CountTrend, options: LeakSuspectOptions = {}): boolean {
  const minGrowth = options.minGrowth ?? 2
  const maxDrawdown = options.maxDrawdown ?? 0.25
  return (
    trend.pairs + 1 >= (options.minSamples ?? 3) &&
    trend.slope > 0 &&
    trend.growth >= minGrowth &&
    trend.rises * 2 > trend.pairs &&
    trend.drawdown <= maxDrawdown * trend.growth
  )
}

/**
 * The leak suspects of a stepped run: the groups whose counts over `samples` grow (see
 * {@link LeakSuspectOptions}), described from `final`, the analysis of the last snapshot, and clustered
 * by path pattern.
 */
export function findLeakSuspects(
  samples: readonly GroupSample[],
  final: HeapAnalysis,
  options: LeakSuspectOptions = {},
): LeakReport {
  const sorted = [...samples].sort((a, b) => a.step - b.step)
  const steps = sorted.map((s) => s.step)
  const series = new Map<string, number[]>()
  sorted.forEach((sample, i) => {
    for (const g of sample.groups) {
      let counts = series.get(g.key)
      if (!counts) {
        counts = new Array<number>(sorted.length).fill(0)
        series.set(g.key, counts)
      }
      counts[i] += g.count
    }
  })

  const suspects: LeakSuspect[] = []
  for (const group of groupsBy(final, options.by ?? 'constructor')) {
    const counts = series.get(group.key)
    if (!counts || group.count === 0) continue
    const trend = countTrend(steps, counts)
    if (!isGrowing(trend, options)) continue
    const path = suspectPath(final, group)
    suspects.push({
      key: group.key,
      name: group.name,
      kind: group.kind,
      site: group.site,
      count: group.count,
      counts,
      growthPerStep: trend.slope,
      retainedBytes: group.retainedBytes,
      retainedGrowthPerStep: (trend.slope * group.retainedBytes) / group.count,
      retainerPath: renderPath(final.snapshot, path),
      pattern: pathPattern(final.snapshot, path),
      path,
    })
  }
  suspects.sort(
    (a, b) =>
      b.retainedGrowthPerStep - a.retainedGrowthPerStep ||
      b.growthPerStep - a.growthPerStep ||
      compareStrings(a.key, b.key),
  )
  return { suspects, clusters: clusterSuspects(suspects) }
}

/** How many members {@link suspectPath} reads the paths of, spread evenly over the group. */
export const PATH_SAMPLE = 1000

/**
 * The path that explains a growing group: the one most of its members are held by. The group's
 * representative (the member closest to the root) can be an odd one out: of 1,004 arrays, the one
 * closest to the root may be a list's own `childNodes`, while the 1,000 that grow are each held at
 * `cache.get(*).childNodes`. So the members' paths are read as patterns (positions and keys as `*`),
 * from up to {@link PATH_SAMPLE} of them, and the most common pattern wins (of equals, the one with the
 * member closest to the root); its path is that of its member closest to the root.
 */
export function suspectPath(final: Pick<HeapAnalysis, 'graph' | 'paths'>, group: HeapGroup): RetainerPath {
  const { graph, paths } = final
  const members = group.members
  const stride = Math.max(1, members.length / PATH_SAMPLE)
  const tally = new Map<string, { count: number; best: number }>()
  for (let i = 0; i < members.length; i += stride) {
    const id = members[Math.floor(i)]
    const path = retainerPath(graph, paths, id)
    if (!path) continue
    const pattern = pathPattern(graph.snapshot, path)
    let entry = tally.get(pattern)
    if (!entry) {
      entry = { count: 0, best: id }
      tally.set(pattern, entry)
    }
    entry.count++
    if (closer(paths, id, entry.best)) entry.best = id
  }
  let winner: { count: number; best: number } | null = null
  for (const entry of tally.values()) {
    if (!winner || entry.count > winner.count || (entry.count === winner.count && closer(paths, entry.best, winner.best))) winner = entry
  }
  const chosen = winner ? winner.best : group.representative
  const path = retainerPath(graph, paths, chosen)
  if (!path) throw new RangeError(`group ${group.key} has no reachable member`)
  return path
}

/** The representative's order: fewer edges from the root, then fewer detour edges, then the lower id. */
function closer(paths: HeapAnalysis['paths'], a: number, b: number): boolean {
  const { distance, detours } = paths
  return distance[a] < distance[b] || (distance[a] === distance[b] && (detours[a] < detours[b] || (detours[a] === detours[b] && a < b)))
}

/**
 * Clusters suspects by `pattern`: suspects whose representative paths are identical once element and set
 * positions and map keys are wildcards (memlab clusters similar traces). Keeps the suspects' order within a
 * cluster, and orders clusters by their first suspect.
 */
export function clusterSuspects(suspects: readonly LeakSuspect[]): SuspectCluster[] {
  const clusters = new Map<string, SuspectCluster>()
  for (const s of suspects) {
    let c = clusters.get(s.pattern)
    if (!c) {
      c = { pattern: s.pattern, suspects: [] }
      clusters.set(s.pattern, c)
    }
    c.suspects.push(s)
  }
  return [...clusters.values()]
}
