/** Node-style value inspection in the guest (util.inspect / util.format). Provisional. */
export const INSPECT_SOURCE = String.raw`
function inspect(value) {
  if (typeof value === 'string') return "'" + value + "'"
  if (typeof value === 'function') return '[Function: ' + (value.name || '(anonymous)') + ']'
  if (value === null || typeof value !== 'object') return String(value)
  try { return JSON.stringify(value) } catch (e) { return '[object]' }
}
function formatArgs(args) {
  return args.map(function (a) { return typeof a === 'string' ? a : inspect(a) }).join(' ')
}
`
