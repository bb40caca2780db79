/** Running content's programs in Node exactly as the playground runs them: inspected, then viewed. */
import { toRunView } from '../../analysis/run-view'
import { runProgram } from '../../engine/run'
import type { RunOptions } from '../../engine/types'
import type { ContentRunner } from '../prove'
import type { ContentRunSettings } from '../run-settings-schema'

export const CONTENT_FILENAME = 'main.js'

/** The options content's programs run with, wherever they run (here, or in the CLI's worker). */
export function contentRunOptions(settings: ContentRunSettings, verify: string | null): Partial<RunOptions> {
  return { steps: settings.steps, timeMs: settings.timeMs, filename: CONTENT_FILENAME, inspect: true, verify }
}

export const runContentInNode: ContentRunner = async (code, settings, verify) => {
  const result = await runProgram(code, contentRunOptions(settings, verify))
  return toRunView(result, { runId: 0, filename: CONTENT_FILENAME }).view
}
