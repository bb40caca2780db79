/**
 * A grading run's view judged by the exercise's checks: the one place the rules are applied, by the
 * CLI's grading workers and by the page's grading pool alike.
 */
import type { Check } from '../content/check-schema'
import { evaluateChecks, type CheckedRun } from '../content/checks'
import type { RunAnswer } from './grade-submission'

export function answerOf(checks: readonly Check[], view: CheckedRun): RunAnswer {
  const outcome = evaluateChecks(checks, view)
  return {
    kind: 'ran',
    pass: outcome.pass,
    unsure: outcome.unsure,
    error: view.error ? { kind: view.error.kind, message: view.error.message } : null,
    checks: outcome.outcomes.map((o) => ({ kind: o.check.kind, pass: o.pass, measured: o.measured, explains: o.explains })),
  }
}
