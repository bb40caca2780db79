/**
 * The object-count chart's data, as pure functions: which series to draw, aligned on one x axis the
 * way uPlot wants them, and the sentence a screen reader gets instead of the canvas.
 */
import type { GroupRow, GrowthPoint } from '../../analysis/view-types'
import type { Sample } from '../../engine/types'
import { formatCount } from '../../format/numbers'

/** Groups drawn besides the total: more lines than this are hard to tell apart. */
export const MAX_GROUP_SERIES = 5

export interface CountSeries {
  /** GroupRow.key, or `total`. */
  key: string
  label: string
  /** One value per x; null where this series has no measurement (uPlot spans the gap). */
  values: (number | null)[]
}

export interface CountChart {
  /**
   * `step` when the program has step(): samples are taken after steps. A program without step() is
   * sampled as simulated time passes, every sample at step 0, so its x axis is time (in seconds).
   */
  axis: 'step' | 'time'
  x: number[]
  total: CountSeries
  /**
   * The total less the garbage (cycles the collector has not freed yet), where a heap walk counted it:
   * Python's total includes them (JavaScript's never does). Null when no walk found any.
   */
  reachable: CountSeries | null
  /** The run this one is drawn against (the previous, or a pinned one), faint: its total at its samples. Null without one. */
  before: CountSeries | null
  groups: CountSeries[]
}

/** A run to draw the current one against: its samples and what to call it ("previous run", "baseline"). */
export interface ChartComparison {
  samples: readonly Sample[]
  label: string
}

/** The chart for these measurements, or null when fewer than two samples leave nothing to draw. */
export function countChart(
  samples: readonly Sample[],
  growth: readonly GrowthPoint[],
  groups: readonly GroupRow[],
  maxGroups = MAX_GROUP_SERIES,
  comparison: ChartComparison | null = null,
): CountChart | null {
  if (samples.length < 2) return null
  const axis = samples.some((s) => s.step !== samples[0].step) ? 'step' : 'time'
  const xOf = (p: { step: number; time: number }): number => (axis === 'step' ? p.step : p.time / 1000)
  // Another run is drawn on the same axis only when it was measured the same way (by step, or by time).
  const earlier = comparison && comparison.samples.length >= 2 && comparison.samples.some((s) => s.step !== comparison.samples[0].step) === (axis === 'step') ? comparison : null

  const top = topGroups(growth, maxGroups)
  const x = [...new Set([...samples.map(xOf), ...(top.length ? growth.map(xOf) : []), ...(earlier ? earlier.samples.map(xOf) : [])])].sort((a, b) => a - b)
  const index = new Map(x.map((value, i) => [value, i]))

  const total: CountSeries = { key: 'total', label: 'all objects', values: x.map(() => null) }
  // A later measurement at the same x wins: it is the newer one.
  for (const s of samples) total.values[index.get(xOf(s))!] = s.objects
  let before: CountSeries | null = null
  if (earlier) {
    before = { key: 'before', label: earlier.label, values: x.map(() => null) }
    for (const s of earlier.samples) before.values[index.get(xOf(s))!] = s.objects
  }
  let reachable: CountSeries | null = null
  if (samples.some((s) => (s.unreachable ?? 0) > 0)) {
    reachable = { key: 'reachable', label: 'reachable (garbage left out)', values: x.map(() => null) }
    for (const s of samples) if (s.unreachable !== undefined) reachable.values[index.get(xOf(s))!] = s.objects - s.unreachable
  }
  const names = new Map(groups.map((g) => [g.key, g]))
  const series = top.map((key) => {
    const values: (number | null)[] = x.map(() => null)
    for (const point of growth) values[index.get(xOf(point))!] = point.counts[key] ?? 0
    return { key, label: groupLabel(key, names.get(key)), values }
  })
  return { axis, x, total, reachable, before, groups: series }
}

/**
 * Up to `max` group keys with the most live objects at the last walk (ties by key, for a stable
 * order). Groups of a single object are left out: a flat line at 1 says nothing about growth and
 * would only crowd the legend (every program has a few: its arrays, maps and functions).
 */
export function topGroups(growth: readonly GrowthPoint[], max = MAX_GROUP_SERIES): string[] {
  const last = growth.at(-1)
  if (!last || max <= 0) return []
  return Object.entries(last.counts)
    .filter(([, count]) => count > 1)
    .sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .slice(0, max)
    .map(([key]) => key)
}

/**
 * `DataHolder (line 15)`. A group gone by the end of the run is missing from `groups`: its name is
 * read from the key (`["kind","name","site"]`, src/analysis/groups.ts), or the key is shown as is.
 */
export function groupLabel(key: string, group: GroupRow | undefined): string {
  if (group) return group.line !== null ? `${group.name} (line ${group.line})` : group.name
  try {
    const parsed: unknown = JSON.parse(key)
    if (Array.isArray(parsed) && typeof parsed[1] === 'string') return parsed[1]
  } catch {
    // Not a key this build makes: fall through to the raw text.
  }
  return key
}

/** The chart in one or two sentences, for screen readers (and as the canvas's description). */
export function chartSummary(chart: CountChart | null, samples: readonly Sample[]): string {
  if (!chart) return samples.length === 1 ? `One sample: ${formatCount(samples[0].objects)} objects.` : 'No samples yet.'
  const first = samples[0].objects
  const last = samples[samples.length - 1].objects
  const span =
    chart.axis === 'step'
      ? `over ${formatCount(samples[samples.length - 1].step - samples[0].step)} steps`
      : `over ${formatSeconds((samples[samples.length - 1].time - samples[0].time) / 1000)} of simulated time`
  const change =
    last > first ? `grew from ${formatCount(first)} to ${formatCount(last)}` : last < first ? `fell from ${formatCount(first)} to ${formatCount(last)}` : `stayed at ${formatCount(first)}`
  let text = `Total objects ${change} ${span}.`
  if (chart.before) {
    const values = chart.before.values.filter((v): v is number => v !== null)
    const from = values[0]
    const to = values[values.length - 1]
    text += ` The ${chart.before.label} ${to > from ? `grew from ${formatCount(from)} to ${formatCount(to)}` : to < from ? `fell from ${formatCount(from)} to ${formatCount(to)}` : `stayed at ${formatCount(from)}`}.`
  }
  const waiting = samples.findLast((s) => (s.unreachable ?? 0) > 0)
  if (waiting) text += ` Of the ${formatCount(waiting.objects)} at ${chart.axis === 'step' ? `step ${formatCount(waiting.step)}` : 'the last heap walk'}, ${formatCount(waiting.unreachable!)} were garbage waiting for the collector.`
  const lastCounts = chart.groups.map((g) => `${g.label}: ${formatCount(g.values.findLast((v) => v !== null) ?? 0)}`)
  if (lastCounts.length) text += ` Largest groups at the last heap walk: ${lastCounts.join(', ')}.`
  return text
}

/**
 * For each column of the chart's data (x first, then each series), the index of its last
 * measurement: what the legend shows while the pointer is not over the chart, instead of blanks.
 * -1 for a column with none.
 */
export function lastIndexes(columns: readonly ArrayLike<number | null | undefined>[]): number[] {
  return columns.map((values) => {
    for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null && values[i] !== undefined) return i
    return -1
  })
}

function formatSeconds(seconds: number): string {
  return `${Number(seconds.toFixed(1))} s`
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })

/** Axis ticks: `100K` rather than `100,000`, so the y axis stays narrow. */
export function formatTick(value: number): string {
  return compact.format(value)
}
