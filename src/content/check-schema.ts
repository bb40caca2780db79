/**
 * A check: a condition on a run's result that decides whether an exercise is solved ("no suspect",
 * "at most 10 DataHolder objects alive"). Checks are data in scenario and lesson manifests, validated
 * here, and evaluated on the page's RunView by checks.ts, so the CLI, the tests and the page agree.
 */
import * as v from 'valibot'

const text = v.pipe(v.string(), v.trim(), v.minLength(1))
const count = v.pipe(v.number(), v.integer(), v.minValue(0))
const rate = v.pipe(v.number(), v.minValue(0))
/** Shown to the learner instead of the check's own sentence when it fails: why, in the lesson's words. */
const message = v.optional(text)

/** A group is named as the heap snapshot names it by constructor: `DataHolder`, `Array`, `(closure)`. */
const group = v.pipe(text, v.description('a group of live objects, by constructor name, as the heap snapshot names it'))

export const checkSchema = v.variant('kind', [
  v.strictObject({
    kind: v.literal('ok'),
    message,
  }),
  v.strictObject({
    kind: v.literal('no-suspects'),
    message,
  }),
  v.strictObject({
    kind: v.literal('suspect'),
    group,
    message,
  }),
  v.strictObject({
    kind: v.literal('growth'),
    group,
    below: rate,
    message,
  }),
  v.strictObject({
    kind: v.literal('objects-growth'),
    below: rate,
    message,
  }),
  v.pipe(
    v.strictObject({
      kind: v.literal('live'),
      group,
      atMost: v.optional(count),
      atLeast: v.optional(count),
      message,
    }),
    v.check((c) => c.atMost !== undefined || c.atLeast !== undefined, 'a "live" check needs atMost, atLeast or both'),
  ),
  v.strictObject({
    kind: v.literal('gc-collected'),
    atLeast: count,
    message,
  }),
  v.strictObject({
    kind: v.literal('native-bytes'),
    atMost: count,
    message,
  }),
  v.strictObject({
    kind: v.literal('pending-timers'),
    atMost: count,
    message,
  }),
  v.pipe(
    v.strictObject({
      kind: v.literal('console'),
      includes: v.optional(text),
      excludes: v.optional(text),
      message,
    }),
    v.check((c) => c.includes !== undefined || c.excludes !== undefined, 'a "console" check needs includes, excludes or both'),
  ),
])

/** All of them must hold. An empty list would pass anything, which no exercise means. */
export const checksSchema = v.pipe(v.array(checkSchema), v.minLength(1, 'at least one check is needed'))

export type Check = v.InferOutput<typeof checkSchema>
export type CheckKind = Check['kind']
