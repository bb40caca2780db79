import { newQuickJSWASMModuleFromVariant, newVariant, type EmscriptenModuleLoaderOptions, type QuickJSWASMModule } from 'quickjs-emscripten-core'
import { MIB } from './defaults'
import { compiledWasm, RELEASE_BUILD, type EngineBuild } from './engine-build'

const PAGE = 64 * 1024
/** The build's own initial memory (16 MiB): a smaller initial size is rejected at instantiation. */
const INITIAL_PAGES = 256
/**
 * The hard cap sits this far above the memory budget, so the softer interrupt guard trips first,
 * and a heap walk's own tables (about 10 MiB for 100,000 objects) still fit near the budget.
 */
export const CAP_MARGIN_BYTES = 32 * MIB
const MAX_PAGES = 65536

/** The wasm memory a run's QuickJS lives in, and whether an allocation was refused at the cap. */
export interface CappedMemory {
  memory: WebAssembly.Memory
  /**
   * True when the latest attempt to grow the memory failed and none has succeeded since: an
   * allocation was refused, even if the memory stayed under the budget.
   */
  refused(): boolean
  /** Forget a refusal that was not the learner's (the heap walk's own tables). */
  forgive(): void
}

/**
 * Emscripten grows the heap by calling `grow` on the memory object it was given, and retries a
 * refused growth with smaller sizes before giving up, so only a refusal with no success after it
 * is a failed allocation.
 */
function capMemory(maximumPages: number): CappedMemory {
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: maximumPages })
  const grow = memory.grow.bind(memory)
  let refused = false
  memory.grow = (delta: number) => {
    try {
      const previous = grow(delta)
      refused = false
      return previous
    } catch (error) {
      refused = true
      throw error
    }
  }
  return { memory, refused: () => refused, forgive: () => (refused = false) }
}

/**
 * A QuickJS module of its own for one run, in a wasm memory capped just above the run's budget.
 * What the module itself prints (QuickJS's assertion text when a runtime cannot be freed, printed
 * by emscripten on stderr) is kept in `output` for the run's result, never printed; a debug build's
 * (LeakSanitizer's reports, for the tests) is printed as well.
 */
export async function loadModule(
  memoryBudgetBytes: number,
  build: EngineBuild = RELEASE_BUILD,
): Promise<{ module: QuickJSWASMModule; memory: CappedMemory; output: string[] }> {
  const budgetPages = Math.ceil((memoryBudgetBytes + CAP_MARGIN_BYTES) / PAGE)
  const memory = capMemory(Math.min(MAX_PAGES, INITIAL_PAGES + budgetPages))
  const wasm = await compiledWasm(build)
  const output: string[] = []
  const keep = (text: string) => {
    if (output.length < MAX_OUTPUT_LINES) output.push(text)
    if (build !== RELEASE_BUILD) console.warn(text)
  }
  // print and printErr are emscripten's Module options; quickjs-emscripten passes them through untyped.
  const emscriptenModule = { print: keep, printErr: keep } as unknown as EmscriptenModuleLoaderOptions
  const module = await newQuickJSWASMModuleFromVariant(newVariant(build.variant, { wasmMemory: memory.memory, wasmModule: wasm, emscriptenModule }))
  return { module, memory, output }
}

/** Emscripten prints a line or two when it aborts; more is never read. */
const MAX_OUTPUT_LINES = 20
