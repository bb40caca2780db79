/**
 * Function.prototype.toString for LeakLab's own functions: they read as built-ins do, native code,
 * so the prelude's source never shows in the learner's console. The learner's functions keep
 * QuickJS's own text, which is their source as written (the program runs unrewritten).
 *
 * The replacement is a method (no prototype, not a constructor), named toString with length 0, like
 * the built-in. Plain JS evaluated inside QuickJS, after primordials.
 */
export const FUNCTION_SOURCE_SOURCE = String.raw`
const functionInfoGetter = function (name) {
  const d = ObjectGetOwnPropertyDescriptor(FunctionPrototype, name)
  return d !== undefined && typeof d.get === 'function' ? uncurryThis(d.get) : null
}
const FunctionPrototypeGetFileName = functionInfoGetter('fileName')

if (FunctionPrototypeGetFileName !== null) {
  const PRELUDE_FILE = FunctionPrototypeGetFileName(functionInfoGetter)
  define(FunctionPrototype, 'toString', {
    toString() {
      // The built-in first: it checks the receiver and throws as it would.
      const text = FunctionPrototypeToString(this)
      return FunctionPrototypeGetFileName(this) === PRELUDE_FILE ? nativeFunctionText(this) : text
    },
  }.toString)
}

/** What QuickJS prints for a function without source: its kind, its name and native code. */
function nativeFunctionText(fn) {
  const async = isAsyncFunction(fn)
  const generator = isGeneratorFunction(fn)
  const name = fn.name
  return (async ? 'async function ' : 'function ') + (generator ? '*' : '') + (name === undefined ? '' : name) + '() {\n    [native code]\n}'
}
`
