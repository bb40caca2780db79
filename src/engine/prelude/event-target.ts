/**
 * The DOM's events for the guest: EventTarget, Event, CustomEvent, DOMException, AbortController and
 * AbortSignal, and `window`, which is globalThis (its prototype becomes Window.prototype, an
 * EventTarget, as in a browser), so that `window.leaked = []` makes a global.
 *
 * A target's listeners live in an ordinary array on the target, under an internal slot the program
 * cannot see (sites.ts's internalSlot), as a browser keeps them outside JavaScript: retainer
 * paths read `target.<event listeners>[0].listener`, each an EventListener record `{ type, listener,
 * capture, once, passive }`, counted by that name, as DevTools shows a detached node's EventListener.
 * window's are on globalThis, in an array made with the first listener, after the environment was
 * marked, so the walk shows it from the root: `globalThis.<event listeners>[0].listener`.
 *
 * A listener that throws stops the dispatch and fails the run at its line (a browser would report it
 * and go on): the learner sees where. Part of DOM_SOURCE (dom.ts), in its scope: dom.ts supplies
 * eventParent(), the next target on an event's path.
 */
export const EVENT_TARGET_SOURCE = String.raw`
const internalToken = {}
const LISTENERS = internalSlot('event listeners')
const ABORT_ALGORITHMS = '_abortAlgorithms'
const NONE = 0
const CAPTURING_PHASE = 1
const AT_TARGET = 2
const BUBBLING_PHASE = 3

/** A read-only own property, as the DOM's attributes are read-only; the model itself redefines it. */
function setReadOnly(object, key, value) {
  defineValue(object, key, value, false, true, true)
}
function setHidden(object, key, value) {
  defineValue(object, key, value, true, false, true)
}
function ownValue(object, key) {
  const d = ownDescriptor(object, key)
  return d === undefined ? undefined : d.value
}
function illegalConstructor() {
  return new TypeError('Illegal constructor')
}
function failed(method, on, message) {
  return "Failed to execute '" + method + "' on '" + on + "': " + message
}

class DOMException extends Error {
  constructor(message, name) {
    super(message === undefined ? '' : StringCtor(message))
    setHidden(this, 'name', name === undefined ? 'Error' : StringCtor(name))
  }
}

let eventState
class Event {
  // Flags no reference hangs on: private, so they neither show in the console nor cost a walk edge.
  #stop = false
  #stopImmediate = false
  #passive = false
  #dispatching = false
  static {
    eventState = {
      isEvent: function (value) { return isObjectLike(value) && #stop in value },
      stopped: function (event) { return event.#stop },
      stoppedImmediately: function (event) { return event.#stopImmediate },
      setPassive: function (event, passive) { event.#passive = passive },
      setDispatching: function (event, dispatching, method) {
        if (dispatching && event.#dispatching) throw new DOMException(failed(method, 'EventTarget', 'The event is already being dispatched.'), 'InvalidStateError')
        event.#dispatching = dispatching
        if (!dispatching) event.#stop = event.#stopImmediate = false
      },
    }
  }
  constructor(type, eventInitDict) {
    if (arguments.length === 0) throw new TypeError("Failed to construct 'Event': 1 argument required, but only 0 present.")
    // The init dictionary's own members (and its own prototypes'), never Object.prototype's.
    const init = eventInitDict == null ? null : eventInitDict
    setReadOnly(this, 'type', StringCtor(type))
    setReadOnly(this, 'bubbles', !!optionOf(init, 'bubbles'))
    setReadOnly(this, 'cancelable', !!optionOf(init, 'cancelable'))
    setReadOnly(this, 'composed', !!optionOf(init, 'composed'))
    setReadOnly(this, 'defaultPrevented', false)
    setReadOnly(this, 'target', null)
    setReadOnly(this, 'currentTarget', null)
    setReadOnly(this, 'eventPhase', NONE)
    setReadOnly(this, 'isTrusted', false)
    setReadOnly(this, 'timeStamp', host.now())
  }
  preventDefault() {
    if (this.cancelable && !this.#passive) setReadOnly(this, 'defaultPrevented', true)
  }
  stopPropagation() {
    this.#stop = true
  }
  stopImmediatePropagation() {
    this.#stop = this.#stopImmediate = true
  }
}
for (const [name, value] of [['NONE', NONE], ['CAPTURING_PHASE', CAPTURING_PHASE], ['AT_TARGET', AT_TARGET], ['BUBBLING_PHASE', BUBBLING_PHASE]]) {
  defineValue(Event, name, value, false, true, false)
}

class CustomEvent extends Event {
  constructor(type, eventInitDict) {
    super(type, eventInitDict)
    const detail = eventInitDict == null ? undefined : optionOf(eventInitDict, 'detail')
    setReadOnly(this, 'detail', detail === undefined ? null : detail)
  }
}

/** The target a method was called on: a bare addEventListener(...) is window's, as in a browser. */
function targetOf(value, method) {
  const target = value == null ? globalThis : value
  if (!ObjectPrototypeIsPrototypeOf(EventTarget.prototype, target)) throw new TypeError(failed(method, 'EventTarget', 'Illegal invocation'))
  return target
}

/** One addEventListener, as the target holds it: named, so the inspector counts "EventListener ×100". */
class EventListener {
  // Fields: defined on the instance, so the assignments below run no setter of Object.prototype's.
  type
  listener
  capture
  once
  passive
  constructor(type, listener, flags) {
    this.type = type
    this.listener = listener
    this.capture = flags.capture
    this.once = flags.once
    this.passive = flags.passive
  }
}

function listenersOf(target, create) {
  let list = ownValue(target, LISTENERS)
  if (list === undefined && create) {
    list = []
    setHidden(target, LISTENERS, list)
  }
  return list
}

/** capture, once, passive and signal from addEventListener's third argument (a boolean is capture). */
function listenerOptions(options, method) {
  if (!isObjectLike(options)) return { __proto__: null, capture: !!options, once: false, passive: false, signal: undefined }
  const signal = optionOf(options, 'signal')
  if (signal !== undefined && !ObjectPrototypeIsPrototypeOf(AbortSignal.prototype, signal)) {
    throw new TypeError(failed(method, 'EventTarget', "Failed to read the 'signal' property from 'AddEventListenerOptions': Failed to convert value to 'AbortSignal'."))
  }
  return { __proto__: null, capture: !!optionOf(options, 'capture'), once: !!optionOf(options, 'once'), passive: !!optionOf(options, 'passive'), signal: signal }
}

function findListener(list, type, callback, capture) {
  for (let i = 0; i < list.length; i++) {
    const record = list[i]
    if (record.type === type && record.listener === callback && record.capture === capture) return i
  }
  return -1
}

function removeListener(target, type, callback, capture) {
  const list = listenersOf(target, false)
  if (list === undefined) return
  const at = findListener(list, type, callback, capture)
  if (at < 0) return
  // A dispatch under way holds a copy of the list: the flag tells it to skip this one.
  setOwn(list[at], 'removed', true)
  arrayRemove(list, at, 1)
  // The last one gone, the target holds no list: a node that had listeners weighs what one that never had does.
  if (list.length === 0) delete target[LISTENERS]
}

class EventTarget {
  addEventListener(type, callback, options) {
    const target = targetOf(this, 'addEventListener')
    if (arguments.length < 2) throw new TypeError(failed('addEventListener', 'EventTarget', '2 arguments required, but only ' + arguments.length + ' present.'))
    if (callback === null) return
    if (!isObjectLike(callback)) throw new TypeError(failed('addEventListener', 'EventTarget', "parameter 2 is not of type 'Object'."))
    const flags = listenerOptions(options, 'addEventListener')
    if (flags.signal !== undefined && flags.signal.aborted) return
    type = StringCtor(type)
    const list = listenersOf(target, true)
    if (findListener(list, type, callback, flags.capture) >= 0) return
    ArrayPrototypePush(list, new EventListener(type, callback, flags))
    if (flags.signal !== undefined) {
      let algorithms = ownValue(flags.signal, ABORT_ALGORITHMS)
      if (algorithms === undefined) setHidden(flags.signal, ABORT_ALGORITHMS, algorithms = [])
      ArrayPrototypePush(algorithms, { target: target, type: type, listener: callback, capture: flags.capture })
    }
  }
  removeEventListener(type, callback, options) {
    const target = targetOf(this, 'removeEventListener')
    if (arguments.length < 2) throw new TypeError(failed('removeEventListener', 'EventTarget', '2 arguments required, but only ' + arguments.length + ' present.'))
    if (!isObjectLike(callback)) return
    removeListener(target, StringCtor(type), callback, isObjectLike(options) ? !!optionOf(options, 'capture') : !!options)
  }
  dispatchEvent(event) {
    const target = targetOf(this, 'dispatchEvent')
    if (!eventState.isEvent(event)) throw new TypeError(failed('dispatchEvent', 'EventTarget', "parameter 1 is not of type 'Event'."))
    return dispatch(target, event, 'dispatchEvent')
  }
}

function dispatch(target, event, method) {
  eventState.setDispatching(event, true, method)
  try {
    setReadOnly(event, 'target', target)
    const path = [target]
    for (let node = eventParent(target); node !== null; node = eventParent(node)) ArrayPrototypePush(path, node)
    for (let i = path.length - 1; i > 0 && !eventState.stopped(event); i--) invoke(path[i], event, CAPTURING_PHASE, true)
    if (!eventState.stopped(event)) invoke(target, event, AT_TARGET, true)
    if (!eventState.stopped(event)) invoke(target, event, AT_TARGET, false)
    if (event.bubbles) for (let i = 1; i < path.length && !eventState.stopped(event); i++) invoke(path[i], event, BUBBLING_PHASE, false)
  } finally {
    setReadOnly(event, 'eventPhase', NONE)
    setReadOnly(event, 'currentTarget', null)
    eventState.setDispatching(event, false, method)
  }
  return !event.defaultPrevented
}

/** Call node's listeners of one side (capture or not), then, on the bubbling side, its on<type> property. */
function invoke(node, event, phase, capture) {
  setReadOnly(event, 'currentTarget', node)
  setReadOnly(event, 'eventPhase', phase)
  const type = event.type
  const list = listenersOf(node, false)
  if (list !== undefined) {
    const records = arraySlice(list)
    for (let i = 0; i < records.length; i++) {
      const record = records[i]
      if (record.type !== type || record.capture !== capture || ObjectPrototypeHasOwnProperty(record, 'removed')) continue
      if (record.once) removeListener(node, type, record.listener, record.capture)
      eventState.setPassive(event, record.passive)
      try {
        callListener(record.listener, node, event)
      } finally {
        eventState.setPassive(event, false)
      }
      if (eventState.stoppedImmediately(event)) return
    }
  }
  if (!capture) {
    const handler = ownValue(node, 'on' + type)
    if (typeof handler === 'function' && ReflectApply(handler, node, [event]) === false) event.preventDefault()
  }
}

function callListener(callback, node, event) {
  if (typeof callback === 'function') return ReflectApply(callback, node, [event])
  const handleEvent = callback.handleEvent
  if (typeof handleEvent !== 'function') throw new TypeError("The 'handleEvent' property of the event listener is not a function.")
  return ReflectApply(handleEvent, callback, [event])
}

class AbortSignal extends EventTarget {
  constructor(token) {
    super()
    if (token !== internalToken) throw illegalConstructor()
    setReadOnly(this, 'aborted', false)
    setReadOnly(this, 'reason', undefined)
  }
  throwIfAborted() {
    if (this.aborted) throw this.reason
  }
  static abort(reason) {
    const signal = new AbortSignal(internalToken)
    signalAbort(signal, reason)
    return signal
  }
}

function signalAbort(signal, reason) {
  if (signal.aborted) return
  setReadOnly(signal, 'aborted', true)
  setReadOnly(signal, 'reason', reason === undefined ? new DOMException('signal is aborted without reason', 'AbortError') : reason)
  const algorithms = ownValue(signal, ABORT_ALGORITHMS)
  // Once aborted, the signal holds none of the listeners it removed.
  delete signal[ABORT_ALGORITHMS]
  if (algorithms !== undefined) {
    for (let i = 0; i < algorithms.length; i++) {
      const a = algorithms[i]
      removeListener(a.target, a.type, a.listener, a.capture)
    }
  }
  dispatch(signal, new Event('abort'), 'abort')
}

class AbortController {
  constructor() {
    setReadOnly(this, 'signal', new AbortSignal(internalToken))
  }
  abort(reason) {
    signalAbort(this.signal, reason)
  }
}

class Window extends EventTarget {
  constructor() {
    throw illegalConstructor()
  }
}
ObjectSetPrototypeOf(globalThis, Window.prototype)
for (const [name, value] of [['DOMException', DOMException], ['Event', Event], ['CustomEvent', CustomEvent], ['EventTarget', EventTarget],
  ['AbortSignal', AbortSignal], ['AbortController', AbortController], ['Window', Window], ['window', globalThis]]) {
  define(globalThis, name, value)
}
`
