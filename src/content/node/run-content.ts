/** Running content's programs in Node exactly as the playground runs them: inspected, then viewed. */
import { toRunView } from '../../analysis/run-view'
import { runProgram } from '../../engine/run'
import type { ContentRunner } from '../prove'

const FILENAME = 'main.js'

export const runContentInNode: ContentRunner = async (code, settings) => {
  const result = await runProgram(code, { steps: settings.steps, timeMs: settings.timeMs, filename: FILENAME, inspect: true })
  return toRunView(result, { runId: 0, filename: FILENAME }).view
}
