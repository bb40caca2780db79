import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { CompiledWasm } from '../quickjs'

let compiled: Promise<WebAssembly.Module> | undefined

/** The default QuickJS build's wasm, read and compiled once per Node process (CLI, bench, tests). */
export const compiledWasmForNode: CompiledWasm = () => {
  compiled ??= readFile(createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm')).then(
    (bytes) => WebAssembly.compile(bytes),
  )
  return compiled
}
