/** `leaklab validate --prove`'s runner: content's programs run as the playground runs them, in the guarded worker. */
import { toRunView } from '../analysis/run-view'
import { CONTENT_FILENAME, contentRunOptions } from '../content/node/run-content'
import type { ProveRunner } from '../content/node/validate'
import { resolveOptions } from '../engine/defaults'
import type { GuestWorker } from './guarded-run'

/**
 * Each program on `worker`, one at a time. One that LeakLab had to stop (a hang the engine did not
 * end, a crashed worker) comes back as a failed view with `stoppedBy`, and the next program runs on
 * a fresh worker.
 */
export function proveInWorker(worker: GuestWorker): ProveRunner {
  return async (code, settings, verify) => {
    const answer = await worker.run({ kind: 'view', source: code, options: resolveOptions(contentRunOptions(settings, verify)) })
    if (answer.ok) return answer.reply.view
    const { view } = toRunView(answer.result, { runId: 0, filename: CONTENT_FILENAME })
    return { ...view, stoppedBy: answer.result.error?.message ?? 'its worker was stopped' }
  }
}
