import { TestQuickJSWASMModule, type QuickJSWASMModule } from 'quickjs-emscripten-core'
import debugVariant from '@jitl/quickjs-wasmfile-debug-sync'
import { runProgram } from '../../src/engine/run'
import type { RunOptions, RunResult } from '../../src/engine/types'

const ASAN_MEMORY_BYTES = 512 * 1024 * 1024

/**
 * Run on the LeakSanitizer build of quickjs-ng and assert, after the engine disposed everything,
 * that no runtime, context or wasm allocation is left: a leaked handle fails the test.
 */
export async function runWithLeakCheck(source: string, options: Partial<RunOptions> = {}): Promise<RunResult> {
  let tracked: TestQuickJSWASMModule | undefined
  // AddressSanitizer's allocator quarantines freed blocks, so this build needs far more memory.
  const result = await runProgram(source, { memoryBytes: ASAN_MEMORY_BYTES, ...options }, {
    variant: debugVariant,
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
