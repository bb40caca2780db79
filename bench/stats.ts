export interface Summary {
  medianMs: number
  minMs: number
  maxMs: number
  runs: number
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export function summarize(values: readonly number[]): Summary {
  return { medianMs: median(values), minMs: Math.min(...values), maxMs: Math.max(...values), runs: values.length }
}
