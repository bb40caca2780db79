/**
 * Node's util.inspect in the guest, ported from Node 20's lib/internal/util/inspect.js so that
 * console.log prints what `node main.js` prints. Where V8 internals are out of reach from JS the
 * output says so rather than guessing: a promise's state is `<state unknown>` (unless the host
 * offers `host.promiseState`), Map and Set iterators show `<items unknown>` (reading them would
 * consume them). A proxy is never asked anything: as in Node, its target is inspected (showProxy:
 * its target and handler), both read from its slots (host.proxyParts).
 */
export const INSPECT_SOURCE = String.raw`
const inspectDefaultOptions = {
  __proto__: null,
  showHidden: false,
  depth: 2,
  colors: false,
  customInspect: true,
  showProxy: false,
  maxArrayLength: 100,
  maxStringLength: 10000,
  breakLength: 80,
  compact: 3,
  sorted: false,
  getters: false,
  numericSeparator: false,
}
// The host keeps 10,000 characters of a console line. Past twice that, inspect stops walking the
// value (Node would go on for minutes on a million-entry cache); what it printed up to there is
// what Node prints, so the visible part of a clipped line is unchanged.
const OUTPUT_BUDGET = 20000
// Object.keys on an array lists every index: past this length only symbol keys are looked for,
// so logging a 100,000-element array costs nothing near the array's own size.
const MAX_KEYED_LENGTH = 10000

function inspect(value, opts) {
  const ctx = {
    __proto__: null,
    seen: [],
    circular: undefined,
    indentationLvl: 0,
    currentDepth: 0,
    written: 0,
    userOptions: undefined,
    showHidden: inspectDefaultOptions.showHidden,
    depth: inspectDefaultOptions.depth,
    colors: false,
    customInspect: inspectDefaultOptions.customInspect,
    showProxy: inspectDefaultOptions.showProxy,
    maxArrayLength: inspectDefaultOptions.maxArrayLength,
    maxStringLength: inspectDefaultOptions.maxStringLength,
    breakLength: inspectDefaultOptions.breakLength,
    compact: inspectDefaultOptions.compact,
    sorted: inspectDefaultOptions.sorted,
    getters: inspectDefaultOptions.getters,
    numericSeparator: inspectDefaultOptions.numericSeparator,
  }
  if (arguments.length > 1) {
    if (arguments.length > 2) {
      if (arguments[2] !== undefined) ctx.depth = arguments[2]
      if (arguments.length > 3 && arguments[3] !== undefined) ctx.colors = arguments[3]
    }
    if (typeof opts === 'boolean') {
      ctx.showHidden = opts
    } else if (opts) {
      const optKeys = ObjectKeys(opts)
      for (let i = 0; i < optKeys.length; i++) {
        const key = optKeys[i]
        if (ObjectPrototypeHasOwnProperty(inspectDefaultOptions, key)) ctx[key] = opts[key]
        else if (ctx.userOptions === undefined) ctx.userOptions = opts
      }
    }
  }
  if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity
  if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity
  return formatValue(ctx, value, 0)
}
define(inspect, 'custom', customInspectSymbol)

// What a custom inspect function gets, as Node builds it: a literal's properties are its own, so no
// setter a program put on Object.prototype runs while it is made.
function getUserOptions(ctx) {
  return {
    stylize: function (str) { return str },
    showHidden: ctx.showHidden,
    depth: ctx.depth,
    colors: ctx.colors,
    customInspect: ctx.customInspect,
    showProxy: ctx.showProxy,
    maxArrayLength: ctx.maxArrayLength,
    maxStringLength: ctx.maxStringLength,
    breakLength: ctx.breakLength,
    compact: ctx.compact,
    sorted: ctx.sorted,
    getters: ctx.getters,
    numericSeparator: ctx.numericSeparator,
    ...ctx.userOptions,
  }
}

function isStackOverflowError(err) {
  return err !== null && typeof err === 'object' &&
    ((err.name === 'RangeError' && err.message === 'Maximum call stack size exceeded') ||
    (err.name === 'InternalError' && err.message === 'stack overflow'))
}

// Array.isArray throws for a revoked proxy (or one whose target is, and so on), and asks a live one
// nothing: it looks at the target.
function isRevokedProxy(proxy) {
  return !passesBrand(ArrayIsArray, proxy)
}

// Node's, with showProxy: Proxy [ target, handler ].
function formatProxy(ctx, parts, recurseTimes) {
  if (recurseTimes > ctx.depth && ctx.depth !== null) return 'Proxy [Array]'
  recurseTimes += 1
  ctx.indentationLvl += 2
  const res = [formatValue(ctx, parts[0], recurseTimes), formatValue(ctx, parts[1], recurseTimes)]
  ctx.indentationLvl -= 2
  return reduceToSingleString(ctx, res, '', ['Proxy [', ']'], kArrayExtrasType, recurseTimes)
}

function formatValue(ctx, value, recurseTimes, typedArray) {
  if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(value, ctx)
  if (value === null) return 'null'
  const context = value
  // Before anything else touches it: a proxy's traps are the program's code, and inspect runs none of
  // them. Node shows the target (here through any number of proxies), or with showProxy the target
  // and the handler.
  let parts = proxyParts(value)
  if (parts !== undefined) {
    if (isRevokedProxy(value)) return '<Revoked Proxy>'
    if (ctx.showProxy) return formatProxy(ctx, parts, recurseTimes)
    do {
      value = parts[0]
      parts = proxyParts(value)
    } while (parts !== undefined)
  }
  if (ctx.customInspect) {
    const maybeCustom = value[customInspectSymbol]
    if (typeof maybeCustom === 'function' && maybeCustom !== inspect &&
        !(value.constructor && value.constructor.prototype === value)) {
      const depth = ctx.depth === null ? null : ctx.depth - recurseTimes
      const ret = FunctionPrototypeCall(maybeCustom, context, depth, getUserOptions(ctx), inspect)
      if (ret !== context) {
        if (typeof ret !== 'string') return formatValue(ctx, ret, recurseTimes)
        return StringPrototypeReplaceAll(ret, '\n', '\n' + StringPrototypeRepeat(' ', ctx.indentationLvl))
      }
    }
  }
  if (ArrayPrototypeIncludes(ctx.seen, value)) {
    let index = 1
    if (ctx.circular === undefined) {
      ctx.circular = new MapCtor()
      MapPrototypeSet(ctx.circular, value, index)
    } else {
      index = MapPrototypeGet(ctx.circular, value)
      if (index === undefined) {
        index = MapPrototypeGetSize(ctx.circular) + 1
        MapPrototypeSet(ctx.circular, value, index)
      }
    }
    return '[Circular *' + index + ']'
  }
  return formatRaw(ctx, value, recurseTimes, typedArray)
}

// Node's special case for Object.prototype and Function.prototype, whose constructor property a
// program may have replaced.
const wellKnownObject = { __proto__: null, name: 'Object', constructor: ObjectCtor }
const wellKnownFunction = { __proto__: null, name: 'Function', constructor: FunctionCtor }
function wellKnownPrototype(obj) {
  if (obj === ObjectPrototype) return wellKnownObject
  if (obj === FunctionPrototype) return wellKnownFunction
  return undefined
}

// What V8's GetConstructorName reports for an object whose prototype chain names no constructor.
function internalGetConstructorName(value) {
  if (typeof value === 'function') return 'Function'
  if (ArrayIsArray(value)) return 'Array'
  const typed = TypedArrayPrototypeGetSymbolToStringTag(value)
  if (typed !== undefined) return typed
  if (isMap(value)) return 'Map'
  if (isSet(value)) return 'Set'
  if (isError(value)) return 'Error'
  if (isDate(value)) return 'Date'
  if (isRegExp(value)) return 'RegExp'
  return 'Object'
}

function getConstructorName(obj, ctx, recurseTimes, protoProps) {
  let firstProto
  const tmp = obj
  while (obj) {
    const known = wellKnownPrototype(obj)
    if (known !== undefined && FunctionPrototypeSymbolHasInstance(known.constructor, tmp)) {
      if (protoProps !== undefined && firstProto !== obj) {
        addPrototypeProperties(ctx, tmp, firstProto || tmp, recurseTimes, protoProps)
      }
      return known.name
    }
    const descriptor = ownDescriptor(obj, 'constructor')
    if (descriptor !== undefined && typeof descriptor.value === 'function' &&
        descriptor.value.name !== '' && isInstanceOfOwn(tmp, descriptor.value)) {
      if (protoProps !== undefined && (firstProto !== obj || !SetPrototypeHas(builtInObjects, descriptor.value.name))) {
        addPrototypeProperties(ctx, tmp, firstProto || tmp, recurseTimes, protoProps)
      }
      return StringCtor(descriptor.value.name)
    }
    obj = ObjectGetPrototypeOf(obj)
    if (firstProto === undefined) firstProto = obj
  }
  if (firstProto === null) return null
  const res = internalGetConstructorName(tmp)
  if (recurseTimes > ctx.depth && ctx.depth !== null) return res + ' <Complex prototype>'
  const protoConstr = getConstructorName(firstProto, ctx, recurseTimes + 1, protoProps)
  if (protoConstr === null) {
    const opts = getUserOptions(ctx)
    opts.customInspect = false
    opts.depth = -1
    return res + ' <' + inspect(firstProto, opts) + '>'
  }
  return res + ' <' + protoConstr + '>'
}

// With showHidden, Node lists the data properties a program put on its own prototypes.
function addPrototypeProperties(ctx, main, obj, recurseTimes, output) {
  let depth = 0
  let keys
  let keySet
  do {
    if (depth !== 0 || main === obj) {
      obj = ObjectGetPrototypeOf(obj)
      if (obj === null) return
      const descriptor = ownDescriptor(obj, 'constructor')
      if (descriptor !== undefined && typeof descriptor.value === 'function' &&
          SetPrototypeHas(builtInObjects, descriptor.value.name)) {
        return
      }
    }
    if (depth === 0) {
      keySet = new MapCtor()
    } else {
      for (let i = 0; i < keys.length; i++) MapPrototypeSet(keySet, keys[i], true)
    }
    keys = ReflectOwnKeys(obj)
    ArrayPrototypePush(ctx.seen, main)
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]
      if (key === 'constructor' || ObjectPrototypeHasOwnProperty(main, key) ||
          (depth !== 0 && MapPrototypeHas(keySet, key))) {
        continue
      }
      const desc = ownDescriptor(obj, key)
      if (typeof desc.value === 'function') continue
      ArrayPrototypePush(output, formatProperty(ctx, obj, recurseTimes, key, kObjectType, desc, main))
    }
    ArrayPrototypePop(ctx.seen)
  } while (++depth !== 3)
}

function getPrefix(constructor, tag, fallback, size) {
  if (size === undefined) size = ''
  if (constructor === null) {
    if (tag !== '' && fallback !== tag) return '[' + fallback + size + ': null prototype] [' + tag + '] '
    return '[' + fallback + size + ': null prototype] '
  }
  if (tag !== '' && constructor !== tag) return constructor + size + ' [' + tag + '] '
  return constructor + size + ' '
}

function getKeys(value, showHidden) {
  let keys
  const symbols = ObjectGetOwnPropertySymbols(value)
  if (showHidden) {
    keys = ObjectGetOwnPropertyNames(value)
    for (let i = 0; i < symbols.length; i++) ArrayPrototypePush(keys, symbols[i])
  } else {
    keys = ObjectKeys(value)
    for (let i = 0; i < symbols.length; i++) {
      if (ObjectPrototypePropertyIsEnumerable(value, symbols[i])) ArrayPrototypePush(keys, symbols[i])
    }
  }
  return keys
}

function isArrayIndexKey(key) {
  return RegExpPrototypeExec(numberRegExp, key) !== null && NumberCtor(key) < 4294967295
}

// Arrays and typed arrays list their indices first, in order, so the other keys follow the
// first key that is not an index.
function getOwnNonIndexProperties(value, showHidden) {
  let keys
  if (value.length > MAX_KEYED_LENGTH) {
    keys = showHidden && ArrayIsArray(value) ? ['length'] : []
  } else {
    const names = showHidden ? ObjectGetOwnPropertyNames(value) : ObjectKeys(value)
    let low = 0
    let high = names.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (isArrayIndexKey(names[mid])) low = mid + 1
      else high = mid
    }
    keys = arraySlice(names, low)
  }
  const symbols = ObjectGetOwnPropertySymbols(value)
  for (let i = 0; i < symbols.length; i++) {
    if (showHidden || ObjectPrototypePropertyIsEnumerable(value, symbols[i])) ArrayPrototypePush(keys, symbols[i])
  }
  return keys
}

function getCtxStyle(value, constructor, tag) {
  let fallback = ''
  if (constructor === null) {
    fallback = internalGetConstructorName(value)
    if (fallback === tag) fallback = 'Object'
  }
  return getPrefix(constructor, tag, fallback)
}

function getIteratorBraces(type, tag) {
  if (tag !== type + ' Iterator') {
    if (tag !== '') tag += '] ['
    tag += type + ' Iterator'
  }
  return ['[' + tag + '] {', '}']
}

// A promise's state is not readable from JavaScript. A host that can read it (quickjs-emscripten's
// getPromiseState) may offer host.promiseState(p) -> undefined for a non-promise, or
// ['pending'] | ['fulfilled', value] | ['rejected', reason].
function getPromiseDetails(value) {
  return typeof host.promiseState === 'function' ? host.promiseState(value) : undefined
}
function isPromise(value) {
  if (typeof host.promiseState === 'function') return host.promiseState(value) !== undefined
  return ObjectPrototypeIsPrototypeOf(PromisePrototype, value)
}

function isBoxedPrimitive(value) {
  return isNumberObject(value) || isStringObject(value) || isBooleanObject(value) ||
    isBigIntObject(value) || isSymbolObject(value)
}
`
