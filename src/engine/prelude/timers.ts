/**
 * Guest side of the virtual event loop. The host owns the timer list (so pending timers are host
 * roots) and the simulated clock; the guest only wraps callbacks and validates arguments.
 * Plain JS in a string: it is evaluated inside QuickJS, never on the host.
 */
export const TIMERS_SOURCE = String.raw`
function checkCallback(name, callback) {
  if (typeof callback !== 'function') {
    throw new TypeError('The "callback" argument of ' + name + ' must be of type function. Received ' + inspect(callback))
  }
}
// The built-ins as they were before the program ran (a program may replace Number or
// Function.prototype.apply): see primordials.ts.
function bindArgs(callback, args) {
  if (args.length === 0) return callback
  return function () { return ReflectApply(callback, undefined, args) }
}
define(globalThis, 'setTimeout', function setTimeout(callback, delay, ...args) {
  checkCallback('setTimeout', callback)
  return host.setTimer(bindArgs(callback, args), NumberCtor(delay) || 0, false)
})
define(globalThis, 'setInterval', function setInterval(callback, delay, ...args) {
  checkCallback('setInterval', callback)
  return host.setTimer(bindArgs(callback, args), NumberCtor(delay) || 0, true)
})
define(globalThis, 'clearTimeout', function clearTimeout(id) { if (typeof id === 'number') host.clearTimer(id) })
define(globalThis, 'clearInterval', function clearInterval(id) { if (typeof id === 'number') host.clearTimer(id) })
if (typeof globalThis.queueMicrotask !== 'function') {
  // await queues the job on the built-in promise machinery itself: no lookup of Promise, its
  // resolve, then or Symbol.species, all of which a program may replace.
  const runAsMicrotask = async function (callback) {
    await undefined
    callback()
  }
  define(globalThis, 'queueMicrotask', function queueMicrotask(callback) {
    checkCallback('queueMicrotask', callback)
    runAsMicrotask(callback)
  })
}
const performance = {}
define(performance, 'now', function now() { return host.now() })
define(performance, 'timeOrigin', host.epoch)
define(globalThis, 'performance', performance)
// Date.now follows the simulated clock too, so "expire after 5 s" caches behave as they would.
define(Date, 'now', function now() { return host.epoch + host.now() })
`
