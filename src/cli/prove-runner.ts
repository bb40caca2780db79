/** `leaklab validate --prove`'s runner: content's programs run as the playground runs them, in the guarded worker. */
import { toRunView } from '../analysis/run-view'
import { contentFilename, contentRunOptions } from '../content/content-run-options'
import { runPythonContent } from '../content/node/run-content'
import type { ProveRunner } from '../content/node/validate'
import { resolveOptions } from '../engine/defaults'
import type { GuestWorker } from './guarded-run'

/**
 * Each program on `worker`, one at a time. One that LeakLab had to stop (a hang the engine did not
 * end, a crashed worker) comes back as a failed view with `stoppedBy`, and the next program runs on
 * a fresh worker.
 *
 * A Python program does not use `worker`: runPythonProgram starts a worker thread of its own for each
 * program, with its own hard stop. A run it had to end that way (or whose runtime failed) is made by
 * unfinishedResult, which says so in `engine.disposeError`: that is its `stoppedBy`.
 */
export function proveInWorker(worker: GuestWorker): ProveRunner {
  return async (code, settings, verify, language = 'javascript') => {
    if (language === 'python') {
      const result = await runPythonContent(code, settings)
      const { view } = toRunView(result, { runId: 0, filename: contentFilename('python') })
      const stopped = result.engine.disposeError !== null
      return stopped ? { ...view, stoppedBy: result.error?.message ?? result.engine.disposeError } : view
    }
    const answer = await worker.run({ kind: 'view', source: code, options: resolveOptions(contentRunOptions(settings, verify)) })
    if (answer.ok) return answer.reply.view
    const { view } = toRunView(answer.result, { runId: 0, filename: contentFilename('javascript') })
    return { ...view, stoppedBy: answer.result.error?.message ?? 'its worker was stopped' }
  }
}
