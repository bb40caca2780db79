/** The submission "Hand in" downloads: the exercise by id and hash, the learner's code (in the exercise's language), and what its run said. */
import type { ChecksOutcome } from '../../content/checks'
import type { ContentRunSettings } from '../../content/run-settings-schema'
import { exerciseLanguage, type Exercise } from '../../exercise/exercise'
import { SUBMISSION_FORMAT, SUBMISSION_VERSION, type Submission } from '../../exercise/submission'

export function makeSubmission(exercise: Exercise, hash: string, learner: string, code: string, settings: ContentRunSettings, result: ChecksOutcome, now = new Date()): Submission {
  return {
    format: SUBMISSION_FORMAT,
    version: SUBMISSION_VERSION,
    exercise: { id: exercise.id, title: exercise.title, hash },
    learner: learner.trim(),
    // Only Python is named: a JavaScript submission stays byte for byte what it was before Python.
    ...(exerciseLanguage(exercise) === 'python' ? { language: 'python' as const } : {}),
    code,
    settings: { steps: settings.steps, timeMs: settings.timeMs },
    result: { pass: result.pass, checks: result.outcomes.map((o) => ({ kind: o.check.kind, pass: o.pass, measured: o.measured })) },
    handedInAt: now.toISOString(),
  }
}

/** The learner's name is remembered in this browser, so a second hand-in does not ask for it again. */
export const LEARNER_KEY = 'leaklab:v1:learner-name'
