/**
 * A scenario's manifest (`scenarios/NN-slug/manifest.json`): one leak, its fix, and the check that
 * tells them apart. Beside it in the folder: `leaky.js`, `fixed.js`, `explanation.md`, and for the
 * seed article's scenarios the Python original the manifest names.
 */
import * as v from 'valibot'
import { checksSchema } from './check-schema'
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
  /** What "fixed" means: every check holds on a run of the learner's code. `leaky.js` must fail them, `fixed.js` pass. */
  check: checksSchema,
  /** A name the top suspect's retainer path in `leaky.js` must contain (`leakList`): the culprit the graph shows. */
  culprit: text,
  /** Revealed one at a time, after each failed check: from a nudge to nearly the answer. */
  hints: v.pipe(v.array(text), v.minLength(1, 'at least one hint is needed')),
  /** For the seed article's scenarios: the Python original, a file in the folder (`original.py`). */
  python: v.optional(v.pipe(v.string(), v.regex(/^[\w.-]+\.py$/, 'must name a .py file in the folder'))),
})

export type ScenarioManifest = v.InferOutput<typeof scenarioManifestSchema>

/** A scenario with its files read: what the page, the CLI and the tests use. */
export interface Scenario extends ScenarioManifest {
  /** The folder's name, `NN-slug`. */
  folder: string
  leaky: string
  fixed: string
  explanation: string
  pythonSource: string | null
}
