const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 }

/**
 * Parse a duration such as `60s`, `1.5m`, `250ms` or `2h` into milliseconds. A bare number is
 * milliseconds. Returns null for anything else, so callers can say what was wrong.
 */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/.exec(text)
  if (!match) return null
  const value = Number(match[1]) * UNITS[match[2] ?? 'ms']
  return Number.isFinite(value) ? Math.round(value) : null
}

/** `60000` → `60 s`, `1500` → `1.5 s`, `250` → `250 ms`: how the CLI and UI show simulated time. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`
  if (ms < 60_000) return `${+(ms / 1000).toFixed(2)} s`
  return `${+(ms / 60_000).toFixed(2)} min`
}
