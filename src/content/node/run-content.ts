/** Running content's programs in Node exactly as the playground runs them: inspected, then viewed. */
import { toRunView } from '../../analysis/run-view'
import { runProgram } from '../../engine/run'
import type { RunOptions, RunResult } from '../../engine/types'
import type { ContentRunner } from '../prove'
import type { ContentRunSettings } from '../run-settings-schema'
import type { ContentLanguage } from '../scenario-schema'

export const CONTENT_FILENAME = 'main.js'
/** The learner's file in Python, as run-python.ts names it (PYTHON_FILENAME), kept here so this module loads no Python. */
export const PYTHON_CONTENT_FILENAME = 'main.py'

/** The learner's file name in a language: `main.js` or `main.py`. */
export function contentFilename(language: ContentLanguage = 'javascript'): string {
  return language === 'python' ? PYTHON_CONTENT_FILENAME : CONTENT_FILENAME
}

/**
 * The options content's programs run with, wherever they run (here, or in the CLI's worker). A Python
 * program is given no verifier: the behaviour check is JavaScript's (check-schema.ts, PYTHON_UNSUPPORTED).
 */
export function contentRunOptions(settings: ContentRunSettings, verify: string | null, language: ContentLanguage = 'javascript'): Partial<RunOptions> {
  return { steps: settings.steps, timeMs: settings.timeMs, filename: contentFilename(language), inspect: true, verify: language === 'python' ? null : verify }
}

/** A Python program run by CPython (Pyodide), in the worker thread of its own that runPythonProgram starts, with its hard stop. */
export async function runPythonContent(code: string, settings: ContentRunSettings): Promise<RunResult> {
  const { runPythonProgram } = await import('../../python/run-python')
  return runPythonProgram(code, contentRunOptions(settings, null, 'python'))
}

export const runContentInNode: ContentRunner = async (code, settings, verify, language = 'javascript') => {
  const result = language === 'python' ? await runPythonContent(code, settings) : await runProgram(code, contentRunOptions(settings, verify))
  return toRunView(result, { runId: 0, filename: contentFilename(language) }).view
}
