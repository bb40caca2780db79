/**
 * Node's EventEmitter (lib/events.js, Node 20), as a global and as `require('events')`, so that the
 * classic leak, listeners added and never removed, happens in the sandbox as it does in Node.
 *
 * The listeners live in ordinary objects on the emitter (`emitter._events.data[3]`), always as an
 * array (Node keeps a lone listener bare; one shape gives one kind of retainer path). A `once`
 * wrapper is a function with the listener on its own `listener` property, as in Node: the heap
 * walker cannot read a prelude closure's variables, so whatever a wrapper keeps alive must also be a
 * property. Plain JS evaluated inside QuickJS, after console (it writes its warning as Node does).
 */
export const EVENTS_SOURCE = String.raw`
{
function EventEmitter(opts) {
  ReflectApply(EventEmitter.init, this, [opts])
}
// Node's defaults live on the prototype, so an object made with Object.create(EventEmitter.prototype)
// works once its first listener creates _events.
EventEmitter.prototype._events = undefined
EventEmitter.prototype._eventsCount = 0
EventEmitter.prototype._maxListeners = undefined
EventEmitter.defaultMaxListeners = 10
EventEmitter.EventEmitter = EventEmitter
EventEmitter.init = function init() {
  if (this._events === undefined || this._events === ObjectGetPrototypeOf(this)._events) {
    this._events = ObjectCreate(null)
    this._eventsCount = 0
  }
  this._maxListeners = this._maxListeners || undefined
}

function invalidArgType(name, expected, value) {
  const error = new TypeError('The "' + name + '" argument must be of type ' + expected + '.' + describeReceived(value))
  setOwn(error, 'code', 'ERR_INVALID_ARG_TYPE')
  return error
}

function checkListener(listener) {
  if (typeof listener !== 'function') throw invalidArgType('listener', 'function', listener)
}

function maxListenersOf(emitter) {
  return emitter._maxListeners === undefined ? EventEmitter.defaultMaxListeners : emitter._maxListeners
}

function addListener(target, type, listener, prepend) {
  checkListener(listener)
  let events = target._events
  let existing
  if (events === undefined) {
    events = target._events = ObjectCreate(null)
    target._eventsCount = 0
  } else {
    if (events.newListener !== undefined) {
      target.emit('newListener', type, listener.listener ? listener.listener : listener)
      // A newListener handler may have replaced _events.
      events = target._events
    }
    existing = events[type]
  }
  if (existing === undefined) {
    events[type] = [listener]
    target._eventsCount++
    existing = events[type]
  } else if (prepend) {
    ArrayPrototypeUnshift(existing, listener)
  } else {
    ArrayPrototypePush(existing, listener)
  }
  const max = maxListenersOf(target)
  // Node marks the list itself, so the warning comes once per emitter and event.
  if (max > 0 && existing.length > max && !ObjectPrototypeHasOwnProperty(existing, 'warned')) {
    setOwn(existing, 'warned', true)
    write('warn', 'MaxListenersExceededWarning: Possible EventEmitter memory leak detected. ' + existing.length + ' ' +
      StringCtor(type) + ' listeners added to ' + inspect(target, { depth: -1 }) + '. MaxListeners is ' + max +
      '. Use emitter.setMaxListeners() to increase limit')
  }
  return target
}

function onceWrap(target, type, listener) {
  let fired = false
  const wrapper = function onceWrapper() {
    if (fired) return undefined
    target.removeListener(type, wrapper)
    fired = true
    return ReflectApply(listener, target, arguments)
  }
  // What the wrapper keeps alive is plain data the heap walk shows, and listeners() unwraps it.
  setOwn(wrapper, 'listener', listener)
  return wrapper
}

function unwrapListeners(list) {
  const copy = arraySlice(list)
  for (let i = 0; i < copy.length; i++) {
    if (typeof copy[i].listener === 'function') copy[i] = copy[i].listener
  }
  return copy
}

function unhandledError(er) {
  let shown
  try { shown = inspect(er) } catch (e) { shown = StringCtor(er) }
  const error = new Error('Unhandled error. (' + shown + ')')
  setOwn(error, 'code', 'ERR_UNHANDLED_ERROR')
  setOwn(error, 'context', er)
  return error
}

const emitterMethods = {
  setMaxListeners(n) {
    if (typeof n !== 'number') throw invalidArgType('setMaxListeners', 'number', n)
    if (n < 0 || NumberIsNaN(n)) {
      const error = new RangeError('The value of "setMaxListeners" is out of range. It must be >= 0. Received ' + inspect(n))
      setOwn(error, 'code', 'ERR_OUT_OF_RANGE')
      throw error
    }
    this._maxListeners = n
    return this
  },
  getMaxListeners() {
    return maxListenersOf(this)
  },
  emit(type, ...args) {
    let doError = type === 'error'
    const events = this._events
    if (events !== undefined) doError = doError && events.error === undefined
    else if (!doError) return false
    if (doError) {
      const er = args[0]
      if (isInstanceOfOwn(er, Error)) throw er
      throw unhandledError(er)
    }
    const handler = events[type]
    if (handler === undefined) return false
    // A copy: listeners added or removed by a listener take effect from the next emit, as in Node.
    const listeners = arraySlice(handler)
    for (let i = 0; i < listeners.length; i++) ReflectApply(listeners[i], this, args)
    return true
  },
  addListener(type, listener) {
    return addListener(this, type, listener, false)
  },
  prependListener(type, listener) {
    return addListener(this, type, listener, true)
  },
  once(type, listener) {
    checkListener(listener)
    return this.on(type, onceWrap(this, type, listener))
  },
  prependOnceListener(type, listener) {
    checkListener(listener)
    return this.prependListener(type, onceWrap(this, type, listener))
  },
  removeListener(type, listener) {
    checkListener(listener)
    const events = this._events
    if (events === undefined) return this
    const list = events[type]
    if (list === undefined) return this
    // From the end, as Node searches: the listener added last goes first.
    let position = -1
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i].listener === listener) {
        position = i
        break
      }
    }
    if (position < 0) return this
    arrayRemove(list, position, 1)
    if (list.length === 0) {
      if (--this._eventsCount === 0) this._events = ObjectCreate(null)
      else delete events[type]
    }
    if (events.removeListener !== undefined) this.emit('removeListener', type, listener)
    return this
  },
  removeAllListeners(type) {
    const events = this._events
    if (events === undefined) return this
    if (events.removeListener === undefined) {
      if (arguments.length === 0) {
        this._events = ObjectCreate(null)
        this._eventsCount = 0
      } else if (events[type] !== undefined) {
        if (--this._eventsCount === 0) this._events = ObjectCreate(null)
        else delete events[type]
      }
      return this
    }
    // Someone listens for removals: remove one by one, so each is announced.
    if (arguments.length === 0) {
      const keys = ReflectOwnKeys(events)
      for (let i = 0; i < keys.length; i++) if (keys[i] !== 'removeListener') this.removeAllListeners(keys[i])
      this.removeAllListeners('removeListener')
      this._events = ObjectCreate(null)
      this._eventsCount = 0
      return this
    }
    const list = events[type]
    if (list !== undefined) for (let i = list.length - 1; i >= 0; i--) this.removeListener(type, list[i])
    return this
  },
  listeners(type) {
    const list = this._events === undefined ? undefined : this._events[type]
    return list === undefined ? [] : unwrapListeners(list)
  },
  rawListeners(type) {
    const list = this._events === undefined ? undefined : this._events[type]
    return list === undefined ? [] : arraySlice(list)
  },
  listenerCount(type, listener) {
    const list = this._events === undefined ? undefined : this._events[type]
    if (list === undefined) return 0
    if (listener == null) return list.length
    let count = 0
    for (let i = 0; i < list.length; i++) if (list[i] === listener || list[i].listener === listener) count++
    return count
  },
  eventNames() {
    return this._eventsCount > 0 ? ReflectOwnKeys(this._events) : []
  },
}
const emitterMethodNames = ReflectOwnKeys(emitterMethods)
for (let i = 0; i < emitterMethodNames.length; i++) {
  define(EventEmitter.prototype, emitterMethodNames[i], emitterMethods[emitterMethodNames[i]])
}
// The same functions under their aliases, as in Node.
define(EventEmitter.prototype, 'on', EventEmitter.prototype.addListener)
define(EventEmitter.prototype, 'off', EventEmitter.prototype.removeListener)
define(globalThis, 'EventEmitter', EventEmitter)

/** Node's require, for the one module the sandbox has. */
define(globalThis, 'require', function require(id) {
  if (typeof id !== 'string') throw invalidArgType('id', 'string', id)
  if (id === '') {
    const error = new TypeError("The argument 'id' must be a non-empty string. Received ''")
    setOwn(error, 'code', 'ERR_INVALID_ARG_VALUE')
    throw error
  }
  if (id === 'events' || id === 'node:events') return EventEmitter
  const error = new Error("Cannot find module '" + id + "'")
  setOwn(error, 'code', 'MODULE_NOT_FOUND')
  setOwn(error, 'requireStack', [])
  throw error
})
}
`
