import v8 from 'node:v8'
import vm from 'node:vm'

// `npm run bench` cannot pass --expose-gc to node through tsx, so turn it on at run time.
v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

/**
 * A full collection before each sample, outside the clock, so no sample pays to collect the
 * garbage of the samples before it (the engine leaves a whole wasm memory behind per run).
 */
export function collectGarbage(): void {
  gc()
}

/**
 * Collect until dead wasm instances have released their compiled code. V8 frees a module's code
 * in a task after the collection that finds its last instance dead, so one gc() is not enough:
 * it takes a turn of the event loop and a second collection (measured: gc(); gc() leaves the code
 * warm, gc(); setImmediate; gc() frees it).
 */
export async function collectCompiledWasm(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    gc()
    await new Promise((resolve) => setImmediate(resolve))
  }
  gc()
}
