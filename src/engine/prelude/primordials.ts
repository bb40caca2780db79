/**
 * The built-ins the guest's inspect and console rely on, captured before the learner's code runs
 * (as Node's primordials are): a lesson that patches `Array.prototype.push` to count calls, or
 * replaces `Object.keys`, must not break or recurse into console.log. Also the type checks Node
 * gets from V8 internals, rebuilt from brand-checking built-in methods.
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
const ArrayPrototypeSlice = uncurryThis(Array.prototype.slice)
const ArrayPrototypeSplice = uncurryThis(Array.prototype.splice)
const ArrayPrototypeUnshift = uncurryThis(Array.prototype.unshift)
const ArrayPrototypeIncludes = uncurryThis(Array.prototype.includes)
const ArrayPrototypeIndexOf = uncurryThis(Array.prototype.indexOf)
const ArrayPrototypeSort = uncurryThis(Array.prototype.sort)
const ArrayPrototypeFilter = uncurryThis(Array.prototype.filter)
const ArrayPrototypeMap = uncurryThis(Array.prototype.map)
const StringPrototypeSlice = uncurryThis(String.prototype.slice)
const StringPrototypeIndexOf = uncurryThis(String.prototype.indexOf)
const StringPrototypeIncludes = uncurryThis(String.prototype.includes)
const StringPrototypeStartsWith = uncurryThis(String.prototype.startsWith)
const StringPrototypeEndsWith = uncurryThis(String.prototype.endsWith)
const StringPrototypeRepeat = uncurryThis(String.prototype.repeat)
const StringPrototypeCharCodeAt = uncurryThis(String.prototype.charCodeAt)
const StringPrototypeCodePointAt = uncurryThis(String.prototype.codePointAt)
const StringPrototypePadStart = uncurryThis(String.prototype.padStart)
const StringPrototypePadEnd = uncurryThis(String.prototype.padEnd)
const StringPrototypeSplit = uncurryThis(String.prototype.split)
const StringPrototypeNormalize = uncurryThis(String.prototype.normalize)
const StringPrototypeReplaceAll = uncurryThis(String.prototype.replaceAll)
const RegExpPrototypeExec = uncurryThis(RegExp.prototype.exec)
const RegExpPrototypeToString = uncurryThis(RegExp.prototype.toString)
const RegExpPrototypeSymbolReplace = uncurryThis(RegExp.prototype[Symbol.replace])
const RegExpPrototypeSymbolSplit = uncurryThis(RegExp.prototype[Symbol.split])
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

// Node computes this once at startup too, so later globals made by the program do not count.
const builtInObjects = new Set(ArrayPrototypeFilter(ObjectGetOwnPropertyNames(globalThis), function (e) {
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
function isInstanceof(object, proto) {
  try {
    return object instanceof proto
  } catch (err) {
    return false
  }
}
`
