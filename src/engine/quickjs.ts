import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSSyncVariant,
  type QuickJSWASMModule,
} from 'quickjs-emscripten-core'
import ngRelease from '@jitl/quickjs-ng-wasmfile-release-sync'
import { MIB } from './defaults'

const PAGE = 64 * 1024
/** The ng build's own initial memory (16 MiB): a smaller initial size is rejected at instantiation. */
const INITIAL_PAGES = 256
/** The hard cap sits this far above the memory budget, so the softer interrupt guard trips first. */
const CAP_MARGIN_BYTES = 16 * MIB
const MAX_PAGES = 65536

/**
 * quickjs-ng rather than bellard's QuickJS: it frees a WeakMap entry as soon as its key dies
 * (bellard waits for the next GC) and reports a hard memory cap as "out of memory", both of which
 * lessons rely on (quickjs-facts.md).
 */
export const DEFAULT_VARIANT: QuickJSSyncVariant = ngRelease

/** A QuickJS module of its own for one run, in a wasm memory capped just above the run's budget. */
export async function loadModule(
  memoryBudgetBytes: number,
  variant: QuickJSSyncVariant = DEFAULT_VARIANT,
): Promise<{ module: QuickJSWASMModule; memory: WebAssembly.Memory }> {
  const budgetPages = Math.ceil((memoryBudgetBytes + CAP_MARGIN_BYTES) / PAGE)
  const memory = new WebAssembly.Memory({
    initial: INITIAL_PAGES,
    maximum: Math.min(MAX_PAGES, INITIAL_PAGES + budgetPages),
  })
  const module = await newQuickJSWASMModuleFromVariant(newVariant(variant, { wasmMemory: memory }))
  return { module, memory }
}
