/**
 * How the host reads guest values without running the program's code: no getter, no Proxy trap, no
 * accessor a program put on Object.prototype, no toString or valueOf. quickjs-emscripten's `dump`,
 * `getProp`, `getNumber` and `getString` all may (dump copies name/message/stack from the value and
 * its prototypes, getProp runs getters and traps, getNumber and getString convert objects), so
 * the host reads primitives by their type and properties through own descriptors only.
 */
import type { QuickJSContext, QuickJSHandle, Scope } from 'quickjs-emscripten-core'
import type { EngineNative } from './engine-native'

/**
 * LeakLab's own reader, compiled and called before the program runs: it holds the built-ins as they
 * were then, whatever the program replaces later. `dataProperty(value, key, ownOnly)` is the value of
 * the first `key` on value's prototype chain (or on value alone) when that is a data property, and
 * undefined when it is an accessor, when the chain reaches a Proxy (asked nothing: `isProxy` reads
 * the engine's slots) or when there is none. Reading a descriptor's `value` is an own data property
 * of the descriptor, so it never reaches Object.prototype either. `isError` is Error.isError, which
 * reads the engine's class of the object (a proxy is never one).
 */
const READER_SOURCE = `(function (isProxy) {
'use strict';
const getOwn = Object.getOwnPropertyDescriptor
const getProto = Object.getPrototypeOf
const hasOwn = Object.hasOwn
const isError = Error.isError
function dataProperty(value, key, ownOnly) {
  let o = value
  for (let depth = 0; depth < 10000; depth++) {
    if (o === null || (typeof o !== 'object' && typeof o !== 'function') || isProxy(o)) return undefined
    const d = getOwn(o, key)
    if (d !== undefined) return hasOwn(d, 'value') ? d.value : undefined
    if (ownOnly) return undefined
    o = getProto(o)
  }
  return undefined
}
return [dataProperty, function (value) { return isError(value) }]
})`

const READER_FILENAME = 'leaklab:host-reads'

export class HostReads {
  private readonly reader: QuickJSHandle
  private readonly errorTest: QuickJSHandle

  constructor(
    private readonly ctx: QuickJSContext,
    private readonly native: EngineNative,
    scope: Scope,
  ) {
    const isProxy = scope.manage(
      ctx.newFunction('isProxy', (value) => {
        const out = ctx.newArray()
        const proxy = native.proxyParts(value, out) >= 0
        out.dispose()
        return proxy ? ctx.true : ctx.false
      }),
    )
    const made = ctx.unwrapResult(ctx.evalCode(READER_SOURCE, READER_FILENAME)).consume((make) =>
      ctx.unwrapResult(ctx.callFunction(make, ctx.undefined, isProxy)),
    )
    // Read before the program runs: nothing of its own is on the way yet.
    this.reader = scope.manage(ctx.getProp(made, 0))
    this.errorTest = scope.manage(ctx.getProp(made, 1))
    made.dispose()
  }

  /** The reader's functions: what they make is LeakLab's (the host marks them as tools). */
  get tools(): QuickJSHandle[] {
    return [this.reader, this.errorTest]
  }

  /** Whether a value is an Error object of the engine's (any class, a subclass too), asking it nothing. */
  isError(handle: QuickJSHandle): boolean {
    const { ctx } = this
    try {
      const result = ctx.callFunction(this.errorTest, ctx.undefined, handle)
      if (result.error) {
        result.error.dispose()
        return false
      }
      const error = this.isTrue(result.value)
      result.value.dispose()
      return error
    } catch {
      return false // the host could not even call it: no memory left
    }
  }

  /** True only for the boolean true (quickjs-emscripten's dump of a boolean reads Object.prototype). */
  isTrue(handle: QuickJSHandle): boolean {
    return this.ctx.typeof(handle) === 'boolean' && this.ctx.sameValue(handle, this.ctx.true)
  }

  /** A number argument as a number; NaN for an object, whose conversion would run its valueOf. */
  number(handle: QuickJSHandle): number {
    const type = this.ctx.typeof(handle)
    return type === 'object' || type === 'function' || type === 'symbol' ? NaN : this.ctx.getNumber(handle)
  }

  /** A string argument as a string; '' for anything else (converting an object runs its toString). */
  string(handle: QuickJSHandle): string {
    return this.ctx.typeof(handle) === 'string' ? this.ctx.getString(handle) : ''
  }

  /**
   * The data property `key` of an object (own only, or the first along its prototype chain), as a new
   * handle, or null: an accessor, a proxy on the way, no such property, or the reader failed (no
   * memory left, or the run's time ran out: the host checks its interrupt flag after).
   */
  dataProperty(object: QuickJSHandle, key: string, ownOnly: boolean): QuickJSHandle | null {
    const { ctx } = this
    const type = ctx.typeof(object)
    if ((type !== 'object' && type !== 'function') || ctx.sameValue(object, ctx.null)) return null
    try {
      const result = ctx.newString(key).consume((k) => ctx.callFunction(this.reader, ctx.undefined, object, k, ownOnly ? ctx.true : ctx.false))
      if (result.error) {
        result.error.dispose()
        return null
      }
      if (ctx.typeof(result.value) === 'undefined') {
        result.value.dispose()
        return null
      }
      return result.value
    } catch {
      return null // the host could not even call it: no memory left
    }
  }

  /** A data property that holds a string, or undefined. */
  dataString(object: QuickJSHandle, key: string, ownOnly: boolean): string | undefined {
    const value = this.dataProperty(object, key, ownOnly)
    if (!value) return undefined
    const text = this.ctx.typeof(value) === 'string' ? this.ctx.getString(value) : undefined
    value.dispose()
    return text
  }

  /**
   * The global binding `name` the program declared, when it holds a function: a top-level let, const
   * or class, else an own data property of the global object (var, function), read by the engine
   * (leaklab_global_binding). Never the global object's prototype chain, where a program may have put
   * a Proxy, and never a getter. The caller owns the handle.
   */
  globalFunction(name: string): QuickJSHandle | null {
    const { ctx } = this
    const out = ctx.newArray()
    try {
      if (this.native.globalBinding(name, out) !== 1) return null
      // An own element of the host's own array: no getter on the way.
      const value = ctx.getProp(out, 0)
      if (ctx.typeof(value) === 'function') return value
      value.dispose()
      return null
    } finally {
      out.dispose()
    }
  }

  /**
   * A proxy's innermost target (what Node's inspect shows for a proxy, asking it nothing), or the
   * value itself, as a new handle.
   */
  unwrapProxy(handle: QuickJSHandle): QuickJSHandle {
    const { ctx } = this
    let current: QuickJSHandle = handle.dup()
    for (let depth = 0; depth < 10000; depth++) {
      const out = ctx.newArray()
      if (this.native.proxyParts(current, out) < 0) {
        out.dispose()
        break
      }
      current.dispose()
      // An own element of the host's own array: no getter on the way.
      current = ctx.getProp(out, 0)
      out.dispose()
    }
    return current
  }

  /** A value as text without running any of the program's code (when the guest's inspect cannot). */
  plainText(handle: QuickJSHandle): string {
    const { ctx } = this
    try {
      switch (ctx.typeof(handle)) {
        case 'string':
          return ctx.getString(handle)
        case 'number': {
          const n = ctx.getNumber(handle)
          return Object.is(n, -0) ? '-0' : String(n)
        }
        case 'bigint':
          return `${ctx.getString(handle)}n`
        case 'boolean':
          return this.isTrue(handle) ? 'true' : 'false'
        case 'undefined':
          return 'undefined'
        case 'symbol':
          return String(ctx.getSymbol(handle))
        case 'function':
          return '[Function]'
        default:
          return ctx.sameValue(handle, ctx.null) ? 'null' : '(a value that cannot be shown)'
      }
    } catch {
      return '(a value that cannot be shown)'
    }
  }
}
