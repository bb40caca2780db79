import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSSyncVariant,
  type QuickJSWASMModule,
} from 'quickjs-emscripten-core'
import bellardRelease from '@jitl/quickjs-wasmfile-release-sync'
import { MIB } from './defaults'

const PAGE = 64 * 1024
/** The build's own initial memory (16 MiB): a smaller initial size is rejected at instantiation. */
const INITIAL_PAGES = 256
/**
 * The hard cap sits this far above the memory budget, so the softer interrupt guard trips first,
 * and a heap walk's own tables (about 25 MiB for 100,000 objects) still fit near the budget.
 */
export const CAP_MARGIN_BYTES = 32 * MIB
const MAX_PAGES = 65536

/**
 * Bellard's QuickJS (2025-09-13) rather than quickjs-ng, measured: ng attributes an error inside a
 * function to the function's first line (`o.missing.field` on line 4 reported as 3:1), bellard to
 * the exact line and column (4:19) — and errors at the learner's line are what the editor marks.
 * ng's one advantage for lessons, freeing a WeakMap entry as soon as its key dies, does not reach
 * the heap inspector, which counts what is reachable rather than what is not yet collected.
 */
export const DEFAULT_VARIANT: QuickJSSyncVariant = bellardRelease

/** The wasm memory a run's QuickJS lives in, and whether an allocation was refused at the cap. */
export interface CappedMemory {
  memory: WebAssembly.Memory
  /**
   * True when the latest attempt to grow the memory failed and none has succeeded since: an
   * allocation was refused, even if the memory stayed under the budget.
   */
  refused(): boolean
  /** Forget a refusal that was not the learner's (the heap walker's own tables). */
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
 * The variant's wasm, compiled once per process by the platform (a file read in Node, a fetch in a
 * worker). Without one, each run compiles the wasm afresh, and once V8 has collected the previous
 * instance it also runs unoptimised code again: 2-4x slower runs (npm run bench shows both).
 */
export type CompiledWasm = () => Promise<WebAssembly.Module>

/** A QuickJS module of its own for one run, in a wasm memory capped just above the run's budget. */
export async function loadModule(
  memoryBudgetBytes: number,
  variant: QuickJSSyncVariant = DEFAULT_VARIANT,
  wasm?: CompiledWasm,
): Promise<{ module: QuickJSWASMModule; memory: CappedMemory }> {
  const budgetPages = Math.ceil((memoryBudgetBytes + CAP_MARGIN_BYTES) / PAGE)
  const memory = capMemory(Math.min(MAX_PAGES, INITIAL_PAGES + budgetPages))
  const module = await newQuickJSWASMModuleFromVariant(
    newVariant(variant, { wasmMemory: memory.memory, ...(wasm ? { wasmModule: wasm } : {}) }),
  )
  return { module, memory }
}
