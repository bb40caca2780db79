/**
 * A scenario's manifest (`scenarios/NN-slug/manifest.json`): one leak, its fix, and the check that
 * tells them apart. Beside it in the folder: `leaky.js`, `fixed.js`, `explanation.md`, and for the
 * seed article's scenarios the Python original the manifest names, and a runnable Python variant
 * (`leaky.py`, `fixed.py`) with checks of its own.
 */
import * as v from 'valibot'
import { manifestChecksSchema, pythonChecksSchema, VERIFY_FILE, type Check } from './check-schema'
import { runSettingsSchema } from './run-settings-schema'

const text = v.pipe(v.string(), v.trim(), v.minLength(1))

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
export const slugSchema = v.pipe(v.string(), v.regex(SLUG, 'must be lowercase words joined by hyphens, such as "growing-list"'))

/** The causes the library is organised by: the seed article's three, then the JavaScript classics. */
export const CATEGORIES = {
  'lingering-references': 'Lingering references',
  cycles: 'Reference cycles and the collector',
  'native-memory': 'Memory outside the JavaScript heap',
  globals: 'Accidental globals',
  timers: 'Timers',
  listeners: 'Listeners',
  dom: 'DOM nodes',
  closures: 'Closures',
  caches: 'Caches',
  promises: 'Promises and callbacks',
  observers: 'Observers',
} as const

export type Category = keyof typeof CATEGORIES

export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const

/** What a tried fix does, and so what its proof demands of the checks. */
export const ATTEMPT_KINDS = {
  /** Wrong: the memory is still kept, elsewhere. A check other than behaviour must fail. */
  'moves-leak': 'moves the leak',
  /** Wrong: the memory is freed, but the program no longer does its job. Only the behaviour check may fail. */
  'breaks-program': 'breaks the program',
  /** Right, another way than fixed.js: every check passes. */
  correct: 'a correct fix',
} as const

export type AttemptKind = keyof typeof ATTEMPT_KINDS

const attemptSchema = v.strictObject({
  /** A .js file in the folder: the whole program with this fix. */
  file: v.pipe(v.string(), v.regex(VERIFY_FILE, 'must name a .js file in the folder')),
  kind: v.picklist(Object.keys(ATTEMPT_KINDS) as AttemptKind[]),
  /** Why it fails, or why it is right too: one or two sentences for the learner. */
  why: text,
})

const pythonFile = v.pipe(v.string(), v.regex(/^[\w.-]+\.py$/, 'must name a .py file in the folder'))

/**
 * The scenario in Python, run by CPython (`runPythonProgram`): the same leak and fix, written as a
 * Python programmer would, with the checks, culprit and hints in Python's terms (`leak_list`,
 * `leak_list.clear()`). Its checks may not include `behaviour` or `gc-collected` (check-schema.ts,
 * PYTHON_UNSUPPORTED): the program's job is judged by a `console` check on what it prints.
 */
export const pythonVariantSchema = v.strictObject({
  /** The program that leaks, a .py file in the folder (`leaky.py`): what the learner starts from. */
  leaky: pythonFile,
  /** The same program, fixed (`fixed.py`): it must differ from `leaky`. */
  fixed: pythonFile,
  /** What "fixed" means for the Python program: `leaky` must fail them, `fixed` pass. */
  check: pythonChecksSchema,
  /** A name the top suspect's retainer path in `leaky` must contain, in Python notation (`leak_list`). */
  culprit: text,
  /** The hints for the Python program, revealed as the scenario's are. */
  hints: v.pipe(v.array(text), v.minLength(1, 'at least one hint is needed')),
  /** The toolbar's settings for the Python program; absent: the scenario's `run`. */
  run: v.optional(v.strictObject(runSettingsSchema.entries)),
})

export const scenarioManifestSchema = v.strictObject({
  /** Unique across the library, and the folder's name after its number: `01-growing-list` has id `growing-list`. */
  id: slugSchema,
  title: text,
  category: v.picklist(Object.keys(CATEGORIES) as Category[]),
  difficulty: v.picklist(DIFFICULTIES),
  /** One or two sentences for the library's list. */
  summary: text,
  /** The toolbar's settings when the scenario is opened. */
  run: v.strictObject(runSettingsSchema.entries),
  /**
   * What "fixed" means: every check holds on a run of the learner's code. `leaky.js` must fail them,
   * `fixed.js` pass. A behaviour check names its verifier's file here; the loaded scenario holds its source.
   */
  check: manifestChecksSchema,
  /** A name the top suspect's retainer path in `leaky.js` must contain (`leakList`): the culprit the graph shows. */
  culprit: text,
  /** Revealed one at a time, after each failed check: from a nudge to nearly the answer. */
  hints: v.pipe(v.array(text), v.minLength(1, 'at least one hint is needed')),
  /** For the seed article's scenarios: the Python original, a file in the folder (`original.py`). */
  python: v.optional(pythonFile),
  /** The scenario as a runnable Python program, with its own checks: see pythonVariantSchema. */
  pythonVariant: v.optional(pythonVariantSchema),
  /**
   * Fixes a learner might try, proven by `validate --prove`: wrong ones that move the leak or break the
   * program, and correct ones other than fixed.js. The explanation can show them ("why didn't this work?").
   */
  attempts: v.optional(v.array(attemptSchema), []),
})

export type ScenarioManifest = v.InferOutput<typeof scenarioManifestSchema>

/** A tried fix with its program read. */
export interface Attempt {
  file: string
  kind: AttemptKind
  why: string
  code: string
}

/** The languages a scenario or lesson can be played in: JavaScript always, Python when it has a Python variant. */
export type ContentLanguage = 'javascript' | 'python'

/** A scenario's Python variant with its programs read. */
export interface ScenarioPythonVariant {
  /** The programs' text: `leaky` is what the learner starts from. */
  leaky: string
  fixed: string
  /** Their files' names in the folder, for messages: `leaky.py`, `fixed.py`. */
  files: { leaky: string; fixed: string }
  check: Check[]
  culprit: string
  hints: string[]
  /** The toolbar's settings for the Python program: its own `run`, else the scenario's. */
  run: ScenarioManifest['run']
}

/** A scenario with its files read: what the page, the CLI and the tests use. */
export interface Scenario extends Omit<ScenarioManifest, 'check' | 'attempts' | 'pythonVariant'> {
  /** The checks, a behaviour check's verifier read from its file. */
  check: Check[]
  attempts: Attempt[]
  /** The folder's name, `NN-slug`. */
  folder: string
  leaky: string
  fixed: string
  explanation: string
  pythonSource: string | null
  /** The scenario in Python, runnable and proven, or null when it has none. */
  pythonVariant: ScenarioPythonVariant | null
}
