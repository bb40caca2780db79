/**
 * Assignment links: a whole exercise in the URL's fragment (`#assignment=…`), packed like a share
 * link. Whoever opens one runs a stranger's exercise, so decoding validates every field and answers
 * with a message a learner understands, never an exception; the page renders its text sanitized and
 * runs its code only in the sandbox.
 */
import * as v from 'valibot'
import { packJson, unpackJson } from '../format/packed-json'
import { exerciseSchema, MAX_CODE, type Exercise } from './exercise'

export const ASSIGNMENT_KEY = 'assignment'
const FORMAT = 1

const payloadSchema = v.strictObject({ v: v.literal(FORMAT), exercise: exerciseSchema })

/** The fragment for an exercise, without the leading '#'. */
export function encodeAssignmentFragment(exercise: Exercise): string {
  return `${ASSIGNMENT_KEY}=${packJson({ v: FORMAT, exercise })}`
}

export type DecodedAssignment = { exercise: Exercise } | { error: string } | null

/** The exercise a fragment carries: null when it is no assignment link, `{ error }` when it cannot be used. */
export function decodeAssignmentFragment(fragment: string): DecodedAssignment {
  const packed = new URLSearchParams(fragment.replace(/^#/, '')).get(ASSIGNMENT_KEY)
  if (packed === null) return null
  const unpacked = unpackJson(packed, MAX_CODE * 3)
  if ('problem' in unpacked) {
    return {
      error: unpacked.problem === 'too-large'
        ? 'This assignment link holds more than an exercise can be, so it was not opened.'
        : 'This assignment link is damaged or incomplete (it may have been cut off when it was copied), so it cannot be opened. Ask your teacher for the link again.',
    }
  }
  const data = unpacked.data
  const parsed = v.safeParse(payloadSchema, data)
  if (parsed.success) return { exercise: parsed.output.exercise }
  const version = (data as { v?: unknown } | null)?.v
  if (typeof version === 'number' && version !== FORMAT) {
    return { error: `This assignment link was made by a different version of LeakLab (format ${version}), so it cannot be opened here.` }
  }
  const where = v.getDotPath(parsed.issues[0])
  return { error: `This assignment link has been changed or damaged${where ? ` (its "${where}" is not valid: ${parsed.issues[0].message})` : ''}, so it was not opened. Ask your teacher for the link again.` }
}
