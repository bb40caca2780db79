const BARS = '▁▂▃▄▅▆▇█'

/**
 * A one-line chart of `values`, at most `width` characters: each character is the largest value of
 * the samples it stands for, so a spike is never averaged away.
 */
export function sparkline(values: number[], width = 60): string {
  if (values.length === 0) return ''
  const buckets: number[] = []
  const per = Math.max(1, values.length / width)
  for (let start = 0; start < values.length; start += per) {
    buckets.push(Math.max(...values.slice(Math.floor(start), Math.max(Math.floor(start) + 1, Math.floor(start + per)))))
  }
  const min = Math.min(...buckets)
  const max = Math.max(...buckets)
  // A wobble of a few objects on a large heap is flat, not a cliff: span at least 5% of the top.
  const span = Math.max(max - min, Math.abs(max) * 0.05)
  return buckets.map((v) => BARS[span === 0 ? 0 : Math.round(((v - min) / span) * (BARS.length - 1))]).join('')
}
