/** Numbers as the learner reads them, the same in the CLI and the page: grouped, in English. */
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })

export function formatCount(value: number): string {
  return integer.format(value)
}

export function formatSigned(value: number, digits = 0): string {
  const text = digits > 0 ? decimal.format(value) : integer.format(value)
  return value > 0 ? `+${text}` : text
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB']

/** Binary units, as tracemalloc and DevTools print sizes: `3.1 KiB`, `7.3 MiB`. */
export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes)
  let unit = 0
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024
    unit++
  }
  const text = unit === 0 ? String(value) : value.toFixed(1)
  return `${bytes < 0 ? '-' : ''}${text} ${BYTE_UNITS[unit]}`
}
