/**
 * A submission: what "Hand in" downloads and `leaklab grade` reads. It names the exercise by id and
 * content hash, and carries the learner's code and settings and what their last run said. The grader
 * trusts none of the result: it runs the code again.
 */
import * as v from 'valibot'
import { runSettingsSchema } from '../content/run-settings-schema'
import { slugSchema } from '../content/scenario-schema'
import { MAX_CODE, slugify } from './exercise'

export const SUBMISSION_FORMAT = 'leaklab-submission'
export const SUBMISSION_VERSION = 1
/** A submission file larger than this is refused unread: code, settings and a summary fit in far less. */
export const MAX_SUBMISSION_BYTES = 1_000_000

export const submissionSchema = v.strictObject({
  format: v.literal(SUBMISSION_FORMAT),
  version: v.literal(SUBMISSION_VERSION),
  exercise: v.strictObject({
    id: slugSchema,
    title: v.string(),
    /** exerciseHash() of the exercise the learner had: a different one means a changed or another exercise. */
    hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex')),
  }),
  /** As typed; the grader prints it, nothing more. */
  learner: v.pipe(v.string(), v.trim(), v.minLength(1, 'the learner\'s name is empty'), v.maxLength(200)),
  /** The code's language: absent is JavaScript, so a JavaScript submission reads as it always did. */
  language: v.optional(v.picklist(['javascript', 'python'])),
  code: v.pipe(v.string(), v.maxLength(MAX_CODE)),
  settings: v.strictObject(runSettingsSchema.entries),
  /** What the learner's last run said, as the page judged it: for the record only. */
  result: v.strictObject({
    pass: v.boolean(),
    checks: v.array(v.strictObject({ kind: v.string(), pass: v.boolean(), measured: v.string() })),
  }),
  /** ISO 8601, from the learner's clock. */
  handedInAt: v.pipe(v.string(), v.isoTimestamp()),
})

export type Submission = v.InferOutput<typeof submissionSchema>

/** The file name a submission downloads as: the exercise and the learner, safe on every file system. */
export function submissionFileName(submission: Pick<Submission, 'exercise' | 'learner'>): string {
  return `${submission.exercise.id}--${slugify(submission.learner, 'learner')}.leaklab.json`
}
