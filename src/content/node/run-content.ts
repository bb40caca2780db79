/** Running content's programs in Node exactly as the playground runs them: inspected, then viewed. */
import { toRunView } from '../../analysis/run-view'
import { runProgram } from '../../engine/run'
import type { RunResult } from '../../engine/types'
import { contentFilename, contentRunOptions } from '../content-run-options'
import type { ContentRunner } from '../prove'
import type { ContentRunSettings } from '../run-settings-schema'

/** A Python program run by CPython (Pyodide), in the worker thread of its own that runPythonProgram starts, with its hard stop. */
export async function runPythonContent(code: string, settings: ContentRunSettings): Promise<RunResult> {
  const { runPythonProgram } = await import('../../python/run-python')
  return runPythonProgram(code, contentRunOptions(settings, null, 'python'))
}

export const runContentInNode: ContentRunner = async (code, settings, verify, language = 'javascript') => {
  const result = language === 'python' ? await runPythonContent(code, settings) : await runProgram(code, contentRunOptions(settings, verify))
  return toRunView(result, { runId: 0, filename: contentFilename(language) }).view
}
