import { TestQuickJSWASMModule, type QuickJSWASMModule } from 'quickjs-emscripten-core'
import type { EngineBuild } from '../../src/engine/engine-build'
import { runProgram } from '../../src/engine/run'
import type { RunOptions, RunResult } from '../../src/engine/types'

const ASAN_MEMORY_BYTES = 512 * 1024 * 1024

/** LeakLab's QuickJS built -O0 with LeakSanitizer (quickjs/build.sh), with the published debug FFI. */
export const DEBUG_BUILD: EngineBuild = {
  name: 'QuickJS 2025-09-13 (LeakLab build of quickjs-emscripten 0.32.0, debug)',
  variant: {
    type: 'sync',
    importFFI: () => import('@jitl/quickjs-wasmfile-debug-sync/ffi').then((m) => m.QuickJSFFI),
    importModuleLoader: () => import('../../quickjs/dist/debug/leaklab-quickjs.mjs').then((m) => m.default),
  },
  wasmUrl: new URL('../../quickjs/dist/debug/leaklab-quickjs.wasm', import.meta.url),
}

/**
 * Run on LeakLab's LeakSanitizer build and assert, after the engine disposed everything,
 * that no runtime, context or wasm allocation is left: a leaked handle fails the test.
 */
export async function runWithLeakCheck(source: string, options: Partial<RunOptions> = {}): Promise<RunResult> {
  let tracked: TestQuickJSWASMModule | undefined
  // AddressSanitizer's allocator quarantines freed blocks, so this build needs far more memory.
  const result = await runProgram(source, { memoryBytes: ASAN_MEMORY_BYTES, ...options }, {
    build: DEBUG_BUILD,
    onModule: (module) => {
      tracked = new TestQuickJSWASMModule(module)
      return tracked as unknown as QuickJSWASMModule
    },
  })
  tracked!.assertNoMemoryAllocated()
  return result
}

/** The console's text, one entry a line. */
export const output = (result: RunResult) => result.console.map((entry) => entry.text)
