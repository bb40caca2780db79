/** The guest's `console`, printing through the host. Provisional. */
export const CONSOLE_SOURCE = String.raw`
const console = {}
;['log', 'info', 'warn', 'error', 'debug'].forEach(function (level) {
  define(console, level, function () { host.print(level, formatArgs(Array.prototype.slice.call(arguments))) })
})
define(globalThis, 'console', console)
`
