/**
 * An exercise: a scenario as a learner receives it, without its reference fix or its explanation
 * (which usually shows the fix, and anyone can unpack a link). An assignment link
 * carries one, a scenario folder makes one, and a submission names one by id and content hash, so
 * the grader can tell whether a learner worked on the exercise it grades against.
 */
import * as v from 'valibot'
import { checksSchema, pythonExerciseChecksSchema } from '../content/check-schema'
import { runSettingsSchema } from '../content/run-settings-schema'
import { CATEGORIES, DIFFICULTIES, slugSchema, type Category, type ContentLanguage, type Scenario } from '../content/scenario-schema'

/** The most code an exercise or a submission may hold: the playground's own limit for a shared program. */
export const MAX_CODE = 200_000
const MAX_TEXT = 20_000

const line = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max))

const entries = {
  id: slugSchema,
  title: line(200),
  category: v.picklist(Object.keys(CATEGORIES) as Category[]),
  difficulty: v.picklist(DIFFICULTIES),
  /** The instructions, in Markdown: a scenario's summary. */
  summary: line(MAX_TEXT),
  run: v.strictObject(runSettingsSchema.entries),
  hints: v.pipe(v.array(line(2_000)), v.minLength(1, 'at least one hint is needed'), v.maxLength(20)),
  /** The code the learner starts from: a scenario's leaky.js (or, in Python, its pythonVariant's leaky.py). */
  starter: v.pipe(v.string(), v.maxLength(MAX_CODE)),
}

/**
 * `language` absent is JavaScript, as every exercise was before Python: links made then still open,
 * and hash as they did. A Python exercise's checks are those a Python run can judge.
 */
export const exerciseSchema = v.variant('language', [
  v.strictObject({ ...entries, language: v.optional(v.literal('javascript')), check: checksSchema }),
  v.strictObject({ ...entries, language: v.literal('python'), check: pythonExerciseChecksSchema }),
])

export type Exercise = v.InferOutput<typeof exerciseSchema>

/** `A list that only grows!` → `a-list-that-only-grows`: an id from a title, a file name from a name. */
export function slugify(text: string, fallback = 'exercise'): string {
  return text.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '') || fallback
}

/** The language an exercise is played in. */
export function exerciseLanguage(exercise: Pick<Exercise, 'language'>): ContentLanguage {
  return exercise.language ?? 'javascript'
}

/**
 * A scenario as an exercise in `language`: in Python, its pythonVariant's starter, checks, hints and
 * settings. The id stays the scenario's: a submission names the language through the exercise's hash,
 * and grading says which language it graded. Null when the scenario has no Python variant.
 */
export function exerciseFromScenario(scenario: Scenario, language?: 'javascript'): Exercise
export function exerciseFromScenario(scenario: Scenario, language: ContentLanguage): Exercise | null
export function exerciseFromScenario(scenario: Scenario, language: ContentLanguage = 'javascript'): Exercise | null {
  const { id, title, category, difficulty, summary } = scenario
  if (language === 'javascript') {
    const { run, check, hints } = scenario
    return { id, title, category, difficulty, summary, run: { steps: run.steps, timeMs: run.timeMs }, check, hints, starter: scenario.leaky }
  }
  const python = scenario.pythonVariant
  if (!python) return null
  const { run, check, hints } = python
  return { id, title, category, difficulty, summary, language, run: { steps: run.steps, timeMs: run.timeMs }, check, hints, starter: python.leaky }
}

/**
 * The fields in a fixed order: the same exercise always hashes the same, however it was built. The
 * language is appended only for Python, so a JavaScript exercise hashes as it did before there was one.
 */
function canonical(exercise: Exercise): string {
  const { id, title, category, difficulty, summary, run, check, hints, starter } = exercise
  const fields = [id, title, category, difficulty, summary, [run.steps, run.timeMs], check.map(sortedKeys), hints, starter]
  return JSON.stringify(exerciseLanguage(exercise) === 'python' ? [...fields, 'python'] : fields)
}

function sortedKeys(value: object): unknown {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** SHA-256 of the exercise's canonical form, hex: WebCrypto, the same in the page and in Node. */
export async function exerciseHash(exercise: Exercise): Promise<string> {
  const bytes = new TextEncoder().encode(canonical(exercise))
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes)
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}
