/**
 * How content's programs are run, wherever they run (the CLI, its grading workers, the page's grading
 * pool): the same options everywhere, so a hand-in graded in the page measures what `leaklab grade`
 * measures. Plain data only: the page imports this without the engine.
 */
import type { RunOptions } from '../engine/types'
import type { ContentRunSettings } from './run-settings-schema'
import type { ContentLanguage } from './scenario-schema'

export const CONTENT_FILENAME = 'main.js'
/** The learner's file in Python, as run-python.ts names it (PYTHON_FILENAME), kept here so this module loads no Python. */
export const PYTHON_CONTENT_FILENAME = 'main.py'

/** The learner's file name in a language: `main.js` or `main.py`. */
export function contentFilename(language: ContentLanguage = 'javascript'): string {
  return language === 'python' ? PYTHON_CONTENT_FILENAME : CONTENT_FILENAME
}

/**
 * The options content's programs run with. A Python program is given no verifier: the behaviour
 * check is JavaScript's (check-schema.ts, PYTHON_UNSUPPORTED).
 */
export function contentRunOptions(settings: ContentRunSettings, verify: string | null, language: ContentLanguage = 'javascript'): Partial<RunOptions> {
  return { steps: settings.steps, timeMs: settings.timeMs, filename: contentFilename(language), inspect: true, verify: language === 'python' ? null : verify }
}
