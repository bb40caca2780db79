/**
 * Grading one submission against a scenario, without Node: the submission's text checked, its code
 * run again by an injected runner (a worker in `leaklab grade`), and the outcome written as one
 * result a teacher can read. Nothing the submission says about its own result is trusted; what it
 * says is only compared with what the run measured.
 */
import * as v from 'valibot'
import type { Check } from '../content/check-schema'
import { schemaErrors } from '../content/content-error'
import type { ContentRunSettings } from '../content/run-settings-schema'
import type { ContentLanguage } from '../content/scenario-schema'
import { formatDuration } from '../engine/duration'
import { formatCount } from '../format/numbers'
import { SUBMISSION_FORMAT, SUBMISSION_VERSION, submissionSchema, type Submission } from '../exercise/submission'

/** What every submission is graded against: one scenario in one language, as a scenario folder gives it. */
export interface GradeTarget {
  id: string
  title: string
  /** Python: the scenario's Python variant, its settings and checks. */
  language: ContentLanguage
  /** exerciseHash(exerciseFromScenario(scenario, language)): what a submission for this very exercise names. */
  hash: string
  /** The scenario's run settings: its checks are calibrated for them, so every run uses them. */
  settings: ContentRunSettings
  checks: readonly Check[]
}

/** One program to run and judge: what a runner (a worker) is given. */
export interface GradeJob {
  code: string
  /** Which runtime runs it: QuickJS, or CPython in a worker thread of its own. */
  language: ContentLanguage
  settings: ContentRunSettings
  checks: readonly Check[]
}

export const LANGUAGE_NAMES: Record<ContentLanguage, string> = { javascript: 'JavaScript', python: 'Python' }

/** One check as the run measured it: the parts of a CheckOutcome a report needs. */
export interface CheckSummary {
  kind: string
  pass: boolean
  measured: string
  explains: string | null
}

/** What running a job gave: the checks' outcomes, or why there are none (the worker crashed or was stopped). */
export type RunAnswer =
  | { kind: 'ran'; pass: boolean; unsure: string | null; error: { kind: string; message: string } | null; checks: CheckSummary[] }
  | { kind: 'crashed'; message: string }

export type GradeRunner = (job: GradeJob) => Promise<RunAnswer>

/**
 * pass or fail: run and judged. unsure: every check passed, but the heap walk could not account for
 * part of the heap, where a leak could hide, so it is not passed (the reason says what). error: it
 * could not be graded.
 */
export type GradeStatus = 'pass' | 'fail' | 'unsure' | 'error'

export interface GradeResult {
  /** The path as given on the command line. */
  file: string
  /** As the submission gives it; null when the file could not be read as an object with a learner. */
  learner: string | null
  /** pass, fail or unsure when the code was run and judged; error when the submission could not be graded. */
  result: GradeStatus
  /** The submission names this exercise (its id and hash); null when it could not be read. */
  hashMatches: boolean | null
  /** It was handed in with the scenario's run settings; null when it could not be read. */
  settingsMatch: boolean | null
  /** The measured sentence of the first failing check, or of the first check when all passed. */
  figure: string | null
  /** The author's words for the first failing check, why the run measured nothing, or why it could not be graded. */
  reason: string | null
  handedInAt: string | null
  /** What the submission said its own result was: for the record, never used to grade. */
  claimedPass: boolean | null
  /** The settings it was handed in with (it was graded with the scenario's). */
  settings: ContentRunSettings | null
  /** Flags for the teacher: a different exercise, different settings, a claimed result the run contradicts. */
  notes: string[]
  /** Every check as measured; empty when the code was not run. */
  checks: CheckSummary[]
}

export type ReadSubmission = { ok: true; submission: Submission } | { ok: false; reason: string; learner: string | null }

/** The flag a submission for another (or a changed) exercise gets, in the table and the notes. */
export const DIFFERENT_EXERCISE = '⚠ different exercise'
export const DIFFERENT_SETTINGS = '⚠ different settings'

const MAX_ISSUES = 3

/** A submission file's text, checked: the submission, or why it cannot be graded. */
export function readSubmission(text: string): ReadSubmission {
  let data: unknown
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    return { ok: false, reason: `is not valid JSON: ${(error as Error).message}`, learner: null }
  }
  const learner = bestEffortLearner(data)
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ok: false, reason: 'is not a LeakLab submission: it holds JSON, but not an object', learner }
  const record = data as Record<string, unknown>
  if (record.format !== SUBMISSION_FORMAT) return { ok: false, reason: `is not a LeakLab submission: its "format" is not "${SUBMISSION_FORMAT}"`, learner }
  if (record.version !== SUBMISSION_VERSION) {
    return { ok: false, reason: `is a submission of format version ${JSON.stringify(record.version) ?? 'none'}; this LeakLab reads version ${SUBMISSION_VERSION}`, learner }
  }
  const parsed = v.safeParse(submissionSchema, data)
  if (!parsed.success) {
    const issues = schemaErrors('', parsed.issues).map((e, i) => `${e.field ?? 'the submission'}: ${issueMessage(parsed.issues[i], e.message)}`)
    const more = issues.length > MAX_ISSUES ? ` (and ${issues.length - MAX_ISSUES} more)` : ''
    return { ok: false, reason: `is not a valid submission: ${issues.slice(0, MAX_ISSUES).join('; ')}${more}`, learner }
  }
  return { ok: true, submission: parsed.output }
}

/** A strict object's issues in plain words: a field that is missing, or one a submission does not have. */
function issueMessage(issue: v.BaseIssue<unknown>, message: string): string {
  if (issue.type === 'strict_object' && issue.received === 'undefined') return 'is missing'
  if (issue.type === 'strict_object' && issue.expected === 'never') return 'is not a field of a submission'
  return message
}

/** The learner's name from a submission that is otherwise broken, so the teacher knows whose it is. */
function bestEffortLearner(data: unknown): string | null {
  if (data === null || typeof data !== 'object' || !('learner' in data)) return null
  const learner = (data as { learner: unknown }).learner
  return typeof learner === 'string' && learner.trim() !== '' ? learner.trim().slice(0, 200) : null
}

/** The result of a file that could not be graded, for whatever reason. */
export function notGraded(file: string, reason: string, learner: string | null = null): GradeResult {
  return {
    file,
    learner,
    result: 'error',
    hashMatches: null,
    settingsMatch: null,
    figure: null,
    reason: `could not be graded: ${reason}`,
    handedInAt: null,
    claimedPass: null,
    settings: null,
    notes: [],
    checks: [],
  }
}

export function describeSettings(settings: ContentRunSettings): string {
  return `${formatCount(settings.steps)} ${settings.steps === 1 ? 'step' : 'steps'}, ${formatDuration(settings.timeMs)}`
}

/** The job a submission makes: its code, with the scenario's settings and checks (never its own settings). */
export function jobFor(submission: Submission, target: GradeTarget): GradeJob {
  return { code: submission.code, language: target.language, settings: target.settings, checks: target.checks }
}

const languageOf = (submission: Submission): ContentLanguage => submission.language ?? 'javascript'

/**
 * A submission in another language than the target is not run: Python run as JavaScript (or the
 * other way round) would only fail on its syntax, which says nothing about the learner's fix.
 */
export function wrongLanguage(file: string, submission: Submission, target: GradeTarget): GradeResult | null {
  const language = languageOf(submission)
  if (language === target.language) return null
  const reason = `it is ${LANGUAGE_NAMES[language]} code, and the exercise it is graded against is in ${LANGUAGE_NAMES[target.language]}, so it was not run`
  // Judged as a run that never happened: "could not be graded", with what the submission says about itself.
  return judge(file, submission, target, { kind: 'crashed', message: reason })
}

/** The flag for a submission whose id or hash is not the target's: which of the three ways it differs. */
function differentExercise(submission: Submission, target: GradeTarget): string {
  const language = languageOf(submission)
  if (submission.exercise.id !== target.id) return `${DIFFERENT_EXERCISE}: handed in for "${submission.exercise.id}", graded against "${target.id}"`
  if (language !== target.language) return `${DIFFERENT_EXERCISE}: handed in for "${target.id}" in ${LANGUAGE_NAMES[language]}, graded against its ${LANGUAGE_NAMES[target.language]} exercise`
  return `${DIFFERENT_EXERCISE}: "${target.id}" as it was when handed out differs from this scenario (hash ${submission.exercise.hash.slice(0, 8)}…, expected ${target.hash.slice(0, 8)}…)`
}

/** A read submission and what its run gave, as one result. */
export function judge(file: string, submission: Submission, target: GradeTarget, answer: RunAnswer): GradeResult {
  const hashMatches = submission.exercise.id === target.id && submission.exercise.hash === target.hash
  const settingsMatch = submission.settings.steps === target.settings.steps && submission.settings.timeMs === target.settings.timeMs
  const notes: string[] = []
  if (!hashMatches) notes.push(differentExercise(submission, target))
  if (!settingsMatch) notes.push(`${DIFFERENT_SETTINGS}: handed in with ${describeSettings(submission.settings)}, graded with the scenario's ${describeSettings(target.settings)}`)
  const common = {
    file,
    learner: submission.learner,
    hashMatches,
    settingsMatch,
    handedInAt: submission.handedInAt,
    claimedPass: submission.result.pass,
    settings: submission.settings,
  }
  if (answer.kind === 'crashed') return { ...notGraded(file, answer.message, submission.learner), ...common, notes }
  if (answer.pass !== submission.result.pass) notes.push(`claimed ${submission.result.pass ? 'pass' : 'fail'}`)
  if (answer.unsure !== null) {
    return { ...common, result: 'unsure', figure: answer.checks[0]?.measured ?? null, reason: answer.unsure, notes, checks: answer.checks }
  }
  const failing = answer.checks.find((c) => !c.pass)
  const shown = failing ?? answer.checks[0]
  let reason: string | null = null
  if (!answer.pass) {
    reason = answer.error
      ? `the program did not run to the end (${answer.error.kind} error), so nothing could be measured`
      : (failing?.explains ?? null)
  }
  return {
    ...common,
    result: answer.pass ? 'pass' : 'fail',
    figure: shown?.measured ?? (answer.pass ? 'the exercise has no checks' : null),
    reason,
    notes,
    checks: answer.checks,
  }
}

/** Grade one file's text: read it, run it through `runner`, judge what came back. */
export async function gradeText(file: string, text: string, target: GradeTarget, runner: GradeRunner): Promise<GradeResult> {
  const read = readSubmission(text)
  if (!read.ok) return notGraded(file, read.reason, read.learner)
  return wrongLanguage(file, read.submission, target) ?? judge(file, read.submission, target, await runner(jobFor(read.submission, target)))
}
