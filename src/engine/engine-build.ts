/**
 * LeakLab's QuickJS: built from quickjs/ (the vendored QuickJS 2025-09-13, quickjs-emscripten's C
 * wrapper at 0.32.0, and LeakLab's C module), with the published TypeScript API unchanged on top. One
 * build runs everywhere: an ES module for browsers and workers that Node loads as well, since the
 * host always hands it the compiled wasm (emscripten's own loader is never used).
 */
import type { QuickJSSyncVariant } from 'quickjs-emscripten-core'
import { QUICKJS_BUILD } from './defaults'

export interface EngineBuild {
  /** Named in results (`engine.build`), for bug reports. */
  name: string
  variant: QuickJSSyncVariant
  /** Where the build's wasm is: a file in Node, an asset the bundler serves in the page. */
  wasmUrl: URL
}

const ffi = () => import('@jitl/quickjs-wasmfile-release-sync/ffi').then((m) => m.QuickJSFFI)

/** The release build (-Oz): what the page, the CLI and the tests run. */
export const RELEASE_BUILD: EngineBuild = {
  name: QUICKJS_BUILD,
  variant: {
    type: 'sync',
    importFFI: ffi,
    importModuleLoader: () => import('../../quickjs/dist/release/leaklab-quickjs.mjs').then((m) => m.default),
  },
  wasmUrl: new URL('../../quickjs/dist/release/leaklab-quickjs.wasm', import.meta.url),
}

const compiled = new WeakMap<EngineBuild, Promise<WebAssembly.Module>>()

/**
 * The build's wasm, compiled once per process and build object (a copy of a build compiles afresh,
 * which the benchmark's cold case uses) (a file read in Node, a fetch in a worker). Without
 * it each run compiles the wasm afresh, and once V8 has collected the previous instance also runs
 * unoptimised code again: 2-4x slower runs.
 */
export function compiledWasm(build: EngineBuild): Promise<WebAssembly.Module> {
  let module = compiled.get(build)
  if (!module) {
    module = readWasm(build.wasmUrl).then((bytes) => WebAssembly.compile(bytes))
    compiled.set(build, module)
    // A failed load is not kept, so the next run tries again.
    module.catch(() => compiled.delete(build))
  }
  return module
}

async function readWasm(url: URL): Promise<ArrayBuffer> {
  if (url.protocol === 'file:') {
    const fs = 'node:fs/promises'
    const { readFile } = (await import(/* @vite-ignore */ fs)) as typeof import('node:fs/promises')
    const bytes = await readFile(url)
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  }
  const response = await fetch(url)
  if (!response.ok) throw new Error(`Could not load the QuickJS engine (${response.status} ${url.href})`)
  // compileStreaming needs the server to say application/wasm; the bytes work from any server.
  return response.arrayBuffer()
}
