import wasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url'
import type { CompiledWasm } from '../engine/quickjs'

let compiled: Promise<WebAssembly.Module> | undefined

/** The default QuickJS build's wasm, fetched and compiled once per worker. */
export const compiledWasmForWorker: CompiledWasm = () => {
  compiled ??= (async () => {
    const response = await fetch(wasmUrl)
    if (!response.ok) throw new Error(`Could not load the QuickJS engine (${response.status} ${wasmUrl})`)
    // compileStreaming needs the server to say application/wasm; the bytes work from any server.
    return WebAssembly.compile(await response.arrayBuffer())
  })()
  // A failed load is not cached, so the next run tries again.
  compiled.catch(() => (compiled = undefined))
  return compiled
}
