/**
 * The exercise the page grades against, chosen one of three ways (a scenario of the library, a
 * pasted assignment link, a scenario folder's `.zip` or an exercise file from the author form), or
 * found from the hand-ins themselves when they name a scenario of the library.
 */
import { formatContentError } from '../../content/content-error'
import { MANIFEST, parseScenario } from '../../content/parse-content'
import type { ContentLanguage, Scenario } from '../../content/scenario-schema'
import { decodeAssignmentFragment } from '../../exercise/assignment-link'
import { exerciseFromScenario, type Exercise } from '../../exercise/exercise'
import { readExercise } from '../../exercise/exercise-file'
import { MAX_SUBMISSION_BYTES } from '../../exercise/submission'
import type { HandInText } from '../../grade/grade-plan'
import { readSubmission } from '../../grade/grade-submission'
import type { PickedFile } from './read-hand-ins'
import { looksLikeZip, readZip } from './zip-entries'

/** An exercise, or why the teacher's choice gave none, in sentences. */
export type FoundExercise = { ok: true; exercise: Exercise; scenario: Scenario | null } | { ok: false; errors: string[] }

/** A scenario in a language, or why not (no Python variant). */
export function scenarioExercise(scenario: Scenario, language: ContentLanguage): FoundExercise {
  const exercise = exerciseFromScenario(scenario, language)
  return exercise
    ? { ok: true, exercise, scenario }
    : { ok: false, errors: [`“${scenario.title}” has no Python variant, so it cannot be graded in Python.`] }
}

/** An assignment link as pasted: the whole address, or only what follows its `#`. */
export function exerciseFromLink(pasted: string): FoundExercise {
  const text = pasted.trim()
  if (text === '') return { ok: false, errors: ['Paste an assignment link first.'] }
  const fragment = text.includes('#') ? text.slice(text.indexOf('#') + 1) : text
  const decoded = decodeAssignmentFragment(fragment)
  if (decoded === null) return { ok: false, errors: ['This is not an assignment link: it has no “#assignment=” part. Paste the link the author form made (Share the exercise).'] }
  // The message is written for a learner; the teacher is told the same, with the link's words.
  if ('error' in decoded) return { ok: false, errors: [decoded.error.replace(/ Ask your teacher for the link again\.$/, '')] }
  return { ok: true, exercise: decoded.exercise, scenario: null }
}

/** A scenario folder at most: a few programs and a manifest. */
const MAX_FOLDER_ZIP = 5 * 2 ** 20

const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * A file from the author form: a scenario folder's `.zip` (read as `leaklab grade --scenario` reads
 * the folder), or an exercise file (`ID.exercise.json`, as `--exercise` reads it). A scenario is
 * graded in JavaScript; its Python variant is chosen with `language`.
 */
export async function exerciseFromFile(file: PickedFile, language: ContentLanguage = 'javascript'): Promise<FoundExercise> {
  if (file.size > MAX_FOLDER_ZIP) return { ok: false, errors: [`“${file.name}” is larger than a scenario folder or an exercise file can be (${MAX_FOLDER_ZIP / 2 ** 20} MB), so it was not read.`] }
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await file.arrayBuffer())
  } catch (error) {
    return { ok: false, errors: [`“${file.name}” cannot be read (${error instanceof Error ? error.message : String(error)}).`] }
  }
  if (looksLikeZip(bytes)) return folderZip(file.name, bytes, language)
  let text: string
  try {
    text = decoder.decode(bytes)
  } catch {
    return { ok: false, errors: [`“${file.name}” is neither a zip file nor UTF-8 text: choose the scenario folder's .zip or the exercise file the author form gave.`] }
  }
  const read = readExercise(text)
  return read.ok ? { ok: true, exercise: read.exercise, scenario: null } : { ok: false, errors: read.errors.map((e) => `“${file.name}”: ${e}`) }
}

function folderZip(name: string, bytes: Uint8Array, language: ContentLanguage): FoundExercise {
  const zip = readZip(bytes, { entries: 100, entryBytes: MAX_SUBMISSION_BYTES, totalBytes: 10 * 2 ** 20 }, () => true)
  if (!zip.ok) return { ok: false, errors: [`“${name}” ${zip.reason}.`] }
  const manifests = zip.entries.filter((e) => e.path === MANIFEST || e.path.endsWith(`/${MANIFEST}`))
  if (manifests.length !== 1) {
    return { ok: false, errors: [`“${name}” holds ${manifests.length === 0 ? 'no manifest.json' : `${manifests.length} manifest.json files`}: it must hold one scenario folder, as the author form's “Scenario folder (.zip)” gives it.`] }
  }
  const dir = manifests[0].path.slice(0, -MANIFEST.length)
  // A zip of the folder's files themselves is named for the folder.
  const path = dir === '' ? name.replace(/\.zip$/i, '') : dir.replace(/\/$/, '')
  const files: Record<string, string> = {}
  for (const entry of zip.entries) {
    const rest = entry.path.slice(dir.length)
    if (!entry.path.startsWith(dir) || rest.includes('/')) continue
    try {
      files[rest] = decoder.decode(entry.bytes)
    } catch {
      return { ok: false, errors: [`“${name}”: ${entry.path} is not UTF-8 text.`] }
    }
  }
  const parsed = parseScenario({ path, files })
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => `“${name}”: ${formatContentError(e)}`) }
  return scenarioExercise(parsed.value, language)
}

/** A scenario of the library the hand-ins name, with how many name it. */
export interface NamedScenario {
  scenario: Scenario
  language: ContentLanguage
  handIns: number
  /** Hand-ins that name another exercise, or none that could be read. */
  others: number
}

/**
 * The scenario of the library most of the readable hand-ins name (its id, in their language), or null
 * when none names one. Ties go to the scenario first in the library.
 */
export function scenarioNamedBy(handIns: readonly HandInText[], scenarios: readonly Scenario[]): NamedScenario | null {
  const counts = new Map<string, number>()
  for (const handIn of handIns) {
    if ('unreadable' in handIn) continue
    const read = readSubmission(handIn.text)
    if (!read.ok) continue
    const key = `${read.submission.language ?? 'javascript'}:${read.submission.exercise.id}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  let best: NamedScenario | null = null
  for (const scenario of scenarios) {
    for (const language of ['javascript', 'python'] as const) {
      const n = counts.get(`${language}:${scenario.id}`) ?? 0
      if (n === 0 || (language === 'python' && !scenario.pythonVariant)) continue
      if (!best || n > best.handIns) best = { scenario, language, handIns: n, others: 0 }
    }
  }
  if (best) best.others = handIns.length - best.handIns
  return best
}
