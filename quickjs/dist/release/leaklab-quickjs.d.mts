// Types of the emscripten module build.sh writes: a factory, as in quickjs-emscripten's variants.
import type { EmscriptenModuleLoader, QuickJSEmscriptenModule } from '@jitl/quickjs-ffi-types'
declare const QuickJSRaw: EmscriptenModuleLoader<QuickJSEmscriptenModule>
export default QuickJSRaw
