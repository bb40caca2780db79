/**
 * The built-ins the guest's environment relies on, captured before the learner's code runs (as
 * Node's primordials are): a lesson that patches `Array.prototype.push` to count calls, or
 * replaces `Object.keys`, must not break or recurse into console.log. With them, what keeps the
 * environment from reading through anything a program can change: arrays copied without
 * Symbol.species, regexps run by the built-in exec, descriptors and internal bags with a null
 * prototype, options read from the object passed but never from Object.prototype. Also the type
 * checks Node gets from V8 internals, rebuilt from brand-checking built-in methods.
 */
export const PRIMORDIALS_SOURCE = String.raw`
const uncurryThis = Function.prototype.bind.bind(Function.prototype.call)
const getterOf = function (proto, name) { return uncurryThis(Object.getOwnPropertyDescriptor(proto, name).get) }
const StringCtor = String
const NumberCtor = Number
const ArrayCtor = Array
const MapCtor = Map
const ErrorCtor = Error
const RegExpCtor = RegExp
const ObjectCtor = Object
const FunctionCtor = Function
const ObjectKeys = Object.keys
const ObjectGetOwnPropertyNames = Object.getOwnPropertyNames
const ObjectGetOwnPropertySymbols = Object.getOwnPropertySymbols
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor
const ObjectGetPrototypeOf = Object.getPrototypeOf
const ObjectIs = Object.is
const ObjectCreate = Object.create
const ObjectDefineProperty = Object.defineProperty
const ObjectSetPrototypeOf = Object.setPrototypeOf
const ObjectPrototype = Object.prototype
const ObjectPrototypeHasOwnProperty = uncurryThis(Object.prototype.hasOwnProperty)
const ObjectPrototypePropertyIsEnumerable = uncurryThis(Object.prototype.propertyIsEnumerable)
const ObjectPrototypeToString = uncurryThis(Object.prototype.toString)
const ObjectPrototypeIsPrototypeOf = uncurryThis(Object.prototype.isPrototypeOf)
const ReflectOwnKeys = Reflect.ownKeys
const ReflectApply = Reflect.apply
const ArrayIsArray = Array.isArray
const ArrayPrototypePush = uncurryThis(Array.prototype.push)
const ArrayPrototypePop = uncurryThis(Array.prototype.pop)
const ArrayPrototypeJoin = uncurryThis(Array.prototype.join)
const ArrayPrototypeUnshift = uncurryThis(Array.prototype.unshift)
const ArrayPrototypeIncludes = uncurryThis(Array.prototype.includes)
const ArrayPrototypeIndexOf = uncurryThis(Array.prototype.indexOf)
const ArrayPrototypeSort = uncurryThis(Array.prototype.sort)
const ArrayPrototypeCopyWithin = uncurryThis(Array.prototype.copyWithin)
const ArrayPrototypeToSpliced = uncurryThis(Array.prototype.toSpliced)
const StringPrototypeSlice = uncurryThis(String.prototype.slice)
const StringPrototypeIndexOf = uncurryThis(String.prototype.indexOf)
const StringPrototypeIncludes = uncurryThis(String.prototype.includes)
const StringPrototypeStartsWith = uncurryThis(String.prototype.startsWith)
const StringPrototypeEndsWith = uncurryThis(String.prototype.endsWith)
const StringPrototypeRepeat = uncurryThis(String.prototype.repeat)
const StringPrototypeCharCodeAt = uncurryThis(String.prototype.charCodeAt)
const StringPrototypeCodePointAt = uncurryThis(String.prototype.codePointAt)
const StringPrototypePadStart = uncurryThis(String.prototype.padStart)
const StringPrototypeTrim = uncurryThis(String.prototype.trim)
const StringPrototypePadEnd = uncurryThis(String.prototype.padEnd)
const StringPrototypeSplit = uncurryThis(String.prototype.split)
const StringPrototypeNormalize = uncurryThis(String.prototype.normalize)
const StringPrototypeReplaceAll = uncurryThis(String.prototype.replaceAll)
const RegExpPrototypeExec = uncurryThis(RegExp.prototype.exec)
const RegExpPrototypeToString = uncurryThis(RegExp.prototype.toString)
const RegExpPrototypeGetSource = getterOf(RegExp.prototype, 'source')
const RegExpPrototype = RegExp.prototype
const NumberPrototypeToString = uncurryThis(Number.prototype.toString)
const NumberPrototypeToFixed = uncurryThis(Number.prototype.toFixed)
const NumberPrototypeValueOf = uncurryThis(Number.prototype.valueOf)
const NumberParseInt = Number.parseInt
const NumberParseFloat = Number.parseFloat
const NumberIsNaN = Number.isNaN
const NumberIsFinite = Number.isFinite
const StringPrototypeValueOf = uncurryThis(String.prototype.valueOf)
const BooleanPrototypeValueOf = uncurryThis(Boolean.prototype.valueOf)
const BigIntPrototypeValueOf = uncurryThis(BigInt.prototype.valueOf)
const SymbolPrototypeValueOf = uncurryThis(Symbol.prototype.valueOf)
const SymbolPrototypeToString = uncurryThis(Symbol.prototype.toString)
const SymbolIterator = Symbol.iterator
const SymbolToStringTag = Symbol.toStringTag
const SymbolToPrimitive = Symbol.toPrimitive
const DatePrototypeGetTime = uncurryThis(Date.prototype.getTime)
const DatePrototypeToISOString = uncurryThis(Date.prototype.toISOString)
const DatePrototypeToString = uncurryThis(Date.prototype.toString)
const ErrorPrototypeToString = uncurryThis(Error.prototype.toString)
const FunctionPrototype = Function.prototype
const FunctionPrototypeToString = uncurryThis(Function.prototype.toString)
const FunctionPrototypeCall = uncurryThis(Function.prototype.call)
const FunctionPrototypeSymbolHasInstance = uncurryThis(Function.prototype[Symbol.hasInstance])
const MapPrototypeGetSize = getterOf(Map.prototype, 'size')
const MapPrototypeGet = uncurryThis(Map.prototype.get)
const MapPrototypeSet = uncurryThis(Map.prototype.set)
const MapPrototypeHas = uncurryThis(Map.prototype.has)
const MapPrototypeDelete = uncurryThis(Map.prototype.delete)
const MapPrototypeEntries = uncurryThis(Map.prototype.entries)
const SetPrototypeGetSize = getterOf(Set.prototype, 'size')
const SetPrototypeValues = uncurryThis(Set.prototype.values)
const MapIteratorPrototype = Object.getPrototypeOf(new Map().entries())
const SetIteratorPrototype = Object.getPrototypeOf(new Set().values())
const MapIteratorPrototypeNext = uncurryThis(MapIteratorPrototype.next)
const SetIteratorPrototypeNext = uncurryThis(SetIteratorPrototype.next)
const WeakMapPrototypeHas = uncurryThis(WeakMap.prototype.has)
const WeakSetPrototypeHas = uncurryThis(WeakSet.prototype.has)
const ArrayBufferPrototypeGetByteLength = getterOf(ArrayBuffer.prototype, 'byteLength')
const SharedArrayBufferPrototypeGetByteLength = typeof SharedArrayBuffer === 'function' ? getterOf(SharedArrayBuffer.prototype, 'byteLength') : null
const ArrayBufferIsView = ArrayBuffer.isView
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype)
const TypedArrayPrototypeGetSymbolToStringTag = getterOf(TypedArrayPrototype, Symbol.toStringTag)
const TypedArrayPrototypeGetLength = getterOf(TypedArrayPrototype, 'length')
const Uint8ArrayCtor = Uint8Array
const PromisePrototype = Promise.prototype
const AsyncFunctionPrototype = Object.getPrototypeOf(async function () {})
const GeneratorFunctionPrototype = Object.getPrototypeOf(function* () {})
const AsyncGeneratorFunctionPrototype = Object.getPrototypeOf(async function* () {})
const JSONStringify = JSON.stringify
const MathMin = Math.min
const MathMax = Math.max
const MathFloor = Math.floor
const MathRound = Math.round
const MathSqrt = Math.sqrt
const MathTrunc = Math.trunc
const MathCeil = Math.ceil
const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom')

// Array.prototype's map, filter, slice and splice make their result through the array's
// constructor[Symbol.species], which a program may define. These make theirs with toSpliced, which
// makes a plain array (no species) of its own elements (no setter an index of Array.prototype has).
function arraySlice(array, start, end) {
  const length = array.length
  const from = start === undefined ? 0 : start < 0 ? MathMax(length + start, 0) : MathMin(start, length)
  const to = end === undefined ? length : end < 0 ? MathMax(length + end, 0) : MathMin(end, length)
  if (to <= from) return []
  return ArrayPrototypeToSpliced(to < length ? ArrayPrototypeToSpliced(array, to) : array, 0, from)
}
function arrayMap(array, fn) {
  const out = ArrayPrototypeToSpliced(array, 0, 0)
  for (let i = 0; i < out.length; i++) out[i] = fn(out[i], i)
  return out
}
function arrayFilter(array, fn) {
  const out = ArrayPrototypeToSpliced(array, 0, 0)
  let kept = 0
  for (let i = 0; i < out.length; i++) {
    const value = out[i]
    if (fn(value, i)) out[kept++] = value
  }
  out.length = kept
  return out
}
/** splice(array, start, count) in place, without the array of removed elements splice makes. */
function arrayRemove(array, start, count) {
  const length = array.length
  if (start < 0 || start >= length || count <= 0) return
  if (count > length - start) count = length - start
  ArrayPrototypeCopyWithin(array, start, start + count, length)
  array.length = length - count
}
/** splice(array, start, 0, item) in place. */
function arrayInsert(array, start, item) {
  const length = array.length
  ArrayPrototypePush(array, item)
  if (start >= length) return
  ArrayPrototypeCopyWithin(array, start + 1, start, length)
  array[start] = item
}

// RegExp.prototype[Symbol.replace] and [Symbol.split] call a regexp's exec and flags through its
// properties, and split makes its splitter through constructor[Symbol.species]: a program may
// replace each. These run the built-in exec on the environment's own regexps.
/** str with each match of re (global, never matching '') replaced by replacer(match). */
function regExpReplace(re, str, replacer) {
  re.lastIndex = 0
  let out = ''
  let last = 0
  for (let match = RegExpPrototypeExec(re, str); match !== null; match = RegExpPrototypeExec(re, str)) {
    out += StringPrototypeSlice(str, last, match.index) + replacer(match[0])
    last = match.index + match[0].length
  }
  return out + StringPrototypeSlice(str, last)
}
/** The matches of re (global, never matching ''). */
function regExpMatches(re, str) {
  re.lastIndex = 0
  const out = []
  for (let match = RegExpPrototypeExec(re, str); match !== null; match = RegExpPrototypeExec(re, str)) ArrayPrototypePush(out, match[0])
  return out
}

// What the environment makes never inherits from Object.prototype where that would be read: a
// program's accessors there (get, set, value, enumerable, capture, depth...) must not answer for
// the environment's own descriptors, option bags and results.
function defineValue(target, key, value, writable, enumerable, configurable) {
  ObjectDefineProperty(target, key, { __proto__: null, value: value, writable: writable, enumerable: enumerable, configurable: configurable })
}
/** An own data property, as assigning it would make one, but without running a setter a prototype has. */
function setOwn(target, key, value) {
  defineValue(target, key, value, true, true, true)
}
/** Object.getOwnPropertyDescriptor, as an object whose absent fields (get on a data property) read undefined. */
function ownDescriptor(object, key) {
  const descriptor = ObjectGetOwnPropertyDescriptor(object, key)
  if (descriptor !== undefined) ObjectSetPrototypeOf(descriptor, null)
  return descriptor
}
/**
 * A property of an options object a program passed (an options bag, an event's init dictionary),
 * read as a property read would, getters included, but never from Object.prototype: what a program
 * put there is not an option it passed.
 */
function optionOf(options, key) {
  for (let o = options; o !== null && o !== undefined && o !== ObjectPrototype; o = ObjectGetPrototypeOf(o)) {
    if (ObjectPrototypeHasOwnProperty(o, key)) return options[key]
  }
  return undefined
}

// Node computes this once at startup too, so later globals made by the program do not count.
const builtInObjects = new Set(arrayFilter(ObjectGetOwnPropertyNames(globalThis), function (e) {
  return RegExpPrototypeExec(/^[A-Z][a-zA-Z0-9]+$/, e) !== null
}))
const SetPrototypeHas = uncurryThis(Set.prototype.has)

function passesBrand(check, value) {
  try {
    check(value)
    return true
  } catch (err) {
    return false
  }
}

// V8 answers these from internal slots. Brand checks throw, which QuickJS makes costly, so callers
// only run them when the object's tag or prototype leaves the type in doubt (see typeHint in inspect).
function isMap(value) { return passesBrand(MapPrototypeGetSize, value) }
function isSet(value) { return passesBrand(SetPrototypeGetSize, value) }
function isWeakMap(value) { return passesBrand(function (v) { WeakMapPrototypeHas(v, ObjectPrototype) }, value) }
function isWeakSet(value) { return passesBrand(function (v) { WeakSetPrototypeHas(v, ObjectPrototype) }, value) }
function isDate(value) { return passesBrand(DatePrototypeGetTime, value) }
function isRegExp(value) { return value !== RegExpPrototype && passesBrand(RegExpPrototypeGetSource, value) }
function isArrayBuffer(value) { return passesBrand(ArrayBufferPrototypeGetByteLength, value) }
function isSharedArrayBuffer(value) { return SharedArrayBufferPrototypeGetByteLength !== null && passesBrand(SharedArrayBufferPrototypeGetByteLength, value) }
function isTypedArray(value) { return TypedArrayPrototypeGetSymbolToStringTag(value) !== undefined }
function isDataView(value) { return ArrayBufferIsView(value) && !isTypedArray(value) }
function isNumberObject(value) { return passesBrand(NumberPrototypeValueOf, value) }
function isStringObject(value) { return passesBrand(StringPrototypeValueOf, value) }
function isBooleanObject(value) { return passesBrand(BooleanPrototypeValueOf, value) }
function isBigIntObject(value) { return passesBrand(BigIntPrototypeValueOf, value) }
function isSymbolObject(value) { return passesBrand(SymbolPrototypeValueOf, value) }
function isMapIterator(value) { return ObjectGetPrototypeOf(value) === MapIteratorPrototype }
function isSetIterator(value) { return ObjectGetPrototypeOf(value) === SetIteratorPrototype }
function isAsyncFunction(value) {
  const proto = ObjectGetPrototypeOf(value)
  return proto === AsyncFunctionPrototype || proto === AsyncGeneratorFunctionPrototype
}
function isGeneratorFunction(value) {
  const proto = ObjectGetPrototypeOf(value)
  return proto === GeneratorFunctionPrototype || proto === AsyncGeneratorFunctionPrototype
}
// instanceof by the prototype chain alone (OrdinaryHasInstance): without the Symbol.hasInstance a
// program may have given a constructor (Error's, or a class's own), which would run its code.
function isInstanceOfOwn(object, constructor) {
  try {
    return FunctionPrototypeSymbolHasInstance(constructor, object)
  } catch (err) {
    return false
  }
}
`
