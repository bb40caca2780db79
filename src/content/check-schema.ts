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

/** The most JavaScript a verifier may hold: it checks a program, it is not one. */
export const MAX_VERIFY = 20_000

/** The manifest's form of a behaviour check's verifier: a .js file in the folder, read when the folder is loaded. */
export const VERIFY_FILE = /^[\w.-]+\.js$/

/** A behaviour check, with its verifier in `verify` as the form's schema wants it (a file name or its source). */
function behaviourCheck<T extends v.GenericSchema<unknown, string>>(verify: T) {
  return v.strictObject({
    kind: v.literal('behaviour'),
    verify,
    message,
  })
}

const runChecks = [
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
] as const

/**
 * A check as exercises, links and the run use it: a behaviour check holds its verifier's source, the
 * JavaScript run after the run (RunOptions.verify) that throws when the program no longer does its job.
 */
export const checkSchema = v.variant('kind', [
  ...runChecks,
  behaviourCheck(v.pipe(v.string(), v.trim(), v.minLength(1, 'a verifier needs some code'), v.maxLength(MAX_VERIFY))),
])

/** A check as a manifest writes it: a behaviour check names its verifier's file (`"verify": "verify.js"`). */
export const manifestCheckSchema = v.variant('kind', [
  ...runChecks,
  behaviourCheck(v.pipe(v.string(), v.regex(VERIFY_FILE, "must name a .js file in the folder, such as \"verify.js\""))),
])

/** All of them must hold. An empty list would pass anything, which no exercise means. */
function listOf<T extends typeof checkSchema | typeof manifestCheckSchema>(check: T) {
  return v.pipe(
    v.array(check),
    v.minLength(1, 'at least one check is needed'),
    // A run carries one verifier: two would be one, written twice.
    v.check((list) => list.filter((c) => c.kind === 'behaviour').length <= 1, 'at most one "behaviour" check: put everything it verifies in one verifier'),
  )
}

export const checksSchema = listOf(checkSchema)
export const manifestChecksSchema = listOf(manifestCheckSchema)

/**
 * The kinds a Python program's run cannot judge yet, and why: a verifier is JavaScript run by the
 * JavaScript engine after the run (a Python one would have to be run by the driver), and the Python
 * runtime does not report the program's gc.collect() calls. A Python variant judges its program's
 * job with a `console` check on what it prints instead.
 */
export const PYTHON_UNSUPPORTED: Partial<Record<CheckKind, string>> = {
  behaviour: 'a "behaviour" check is JavaScript-only for now (its verifier is run by the JavaScript engine): check what the Python program prints with a "console" check instead',
  'gc-collected': 'a "gc-collected" check cannot judge a Python run (the Python runtime does not report gc.collect() calls): check what the program prints with a "console" check instead',
}

/** Checks for a Python run: every kind but those above, each refused with its reason. */
function pythonListOf<T extends typeof checkSchema | typeof manifestCheckSchema>(check: T) {
  return v.pipe(
    v.array(
      v.pipe(
        check,
        v.check((c) => PYTHON_UNSUPPORTED[c.kind] === undefined, (issue) => PYTHON_UNSUPPORTED[(issue.input as ManifestCheck).kind] ?? 'is not supported for Python'),
      ),
    ),
    v.minLength(1, 'at least one check is needed'),
  )
}

/** A Python variant's checks (a scenario's `pythonVariant.check`, a lesson step's `python.checkpoint`). */
export const pythonChecksSchema = pythonListOf(manifestCheckSchema)
/**
 * A Python exercise's checks, as links carry them: a behaviour check would hold its verifier's source
 * rather than a file name, and is refused for the same reason rather than for its `verify`.
 */
export const pythonExerciseChecksSchema = pythonListOf(checkSchema)

export type Check = v.InferOutput<typeof checkSchema>
export type ManifestCheck = v.InferOutput<typeof manifestCheckSchema>
export type CheckKind = Check['kind']

/** The verifier a run must be given for these checks to be judged, or null when none asks for one. */
export function verifierOf(checks: readonly Check[] | null | undefined): string | null {
  const behaviour = checks?.find((c) => c.kind === 'behaviour')
  return behaviour?.kind === 'behaviour' ? behaviour.verify : null
}
