/**
 * The runtime's pending jobs (promise reactions, FinalizationRegistry callbacks), run one at a time
 * through LeakLab's C module. quickjs-emscripten's `executePendingJobs` returns, from one C function,
 * either the number of jobs it ran or the value a job threw, and takes any number for a count: a
 * finalizer that threw 42 looked like "42 jobs ran", and its error was lost. leaklab_execute_pending_job
 * returns the job's status apart from what it threw.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core'
import type { EngineNative } from './engine-native'

export class PendingJobs {
  constructor(
    private readonly ctx: QuickJSContext,
    private readonly native: EngineNative,
  ) {}

  /** Run the next job: 'idle' when none was pending, 'ran', or the value it threw (the caller owns it). */
  runOne(): 'idle' | 'ran' | QuickJSHandle {
    const { ctx } = this
    const out = ctx.newArray()
    try {
      const status = this.native.executePendingJob(out)
      if (status === 0) return 'idle'
      if (status > 0) return 'ran'
      // An own element of the host's own array: no getter on the way.
      return ctx.getProp(out, 0)
    } finally {
      out.dispose()
    }
  }
}
