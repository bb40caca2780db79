/**
 * The runtime's pending jobs (promise reactions, FinalizationRegistry callbacks), run one at a time.
 *
 * quickjs-emscripten's `executePendingJobs` returns, from one C function, either the number of jobs it
 * ran or the value a job threw, and takes any number for a count: a finalizer that throws 42 looked
 * like "42 jobs ran", and its error was lost. Run one job at a time, the count of a job that ran is
 * exactly 1 (an int), so anything else is the thrown value. What stays ambiguous is a job that throws
 * the number 1 itself; telling it apart needs the job's status from C (JS_ExecutePendingJob's return
 * value, which quickjs-emscripten's QTS_ExecutePendingJob does not hand back).
 */
import type { QuickJSContext, QuickJSHandle, Scope } from 'quickjs-emscripten-core'

/** quickjs-emscripten's FFI and emscripten module, as the context holds them (protected there). */
interface JobInternals {
  ffi: {
    QTS_ExecutePendingJob(rt: number, maxJobs: number, lastJobContext: number): number
    QTS_FreeValuePointerRuntime(rt: number, value: number): void
  }
  module: { HEAPU8: Uint8Array; _malloc(bytes: number): number; _free(pointer: number): void }
  rt: { value: number }
}

export class PendingJobs {
  private readonly inner: JobInternals
  private readonly one: QuickJSHandle

  constructor(
    private readonly ctx: QuickJSContext,
    scope: Scope,
  ) {
    this.inner = ctx as unknown as JobInternals
    this.one = scope.manage(ctx.newNumber(1))
  }

  /** Run the next job: 'idle' when none was pending, 'ran', or the value it threw (the caller owns it). */
  runOne(): 'idle' | 'ran' | QuickJSHandle {
    const { ffi, module, rt } = this.inner
    const out = module._malloc(4)
    try {
      // The job's context is written here when a job ran (or threw); it stays 0 when none was pending.
      new DataView(module.HEAPU8.buffer).setUint32(out, 0, true)
      const pointer = ffi.QTS_ExecutePendingJob(rt.value, 1, out)
      // Read after the job: the wasm memory may have grown (and its buffer changed) while it ran.
      if (new DataView(module.HEAPU8.buffer).getUint32(out, true) === 0) {
        ffi.QTS_FreeValuePointerRuntime(rt.value, pointer)
        return 'idle'
      }
      const value = this.ctx.getMemory(rt.value as never).heapValueHandle(pointer as never)
      if (this.ctx.sameValue(value, this.one)) {
        value.dispose()
        return 'ran'
      }
      return value
    } finally {
      module._free(out)
    }
  }
}
