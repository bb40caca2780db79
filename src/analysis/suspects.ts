import type { GroupKey } from '../heap/snapshot'
import { groupPath, groupsBy, type HeapAnalysis } from './analyze'
import { compareStrings, type GroupBy, type GroupSample } from './groups'
import { pathPattern, renderPath } from './notation'
import type { RetainerPath } from './paths'

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
  /** The final snapshot's path to the group's representative, rendered (see `renderPath`). */
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
    const path = groupPath(final, group)
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
