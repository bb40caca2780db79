/**
 * The exercise author's form, as data: a draft kept in the browser as it is typed, turned into an
 * Exercise (what the assignment link carries) and a scenario folder (what a course repository keeps),
 * with the problems that stop either, in the form's own words. The exercise is in the editor's
 * language; a Python one has no verifier and no scenario folder (the reasons below).
 */
import * as v from 'valibot'
import { checksSchema, pythonExerciseChecksSchema } from '../../content/check-schema'
import type { ContentRunSettings } from '../../content/run-settings-schema'
import { exerciseSchema, slugify, type Exercise } from '../../exercise/exercise'
import type { Category, ContentLanguage } from '../../content/scenario-schema'

export interface AuthorDraft {
  title: string
  category: Category
  difficulty: 'beginner' | 'intermediate' | 'advanced'
  /** Instructions, in Markdown: the scenario's summary. */
  summary: string
  /** The check as JSON text: an array of checks (see scenarios/README.md). */
  check: string
  /**
   * The behaviour check's verifier, JavaScript run after the run in the program's scope, that throws
   * when the program no longer does its job; blank: none.
   */
  verify: string
  /** One hint per line, from a nudge to nearly the answer. */
  hints: string
  /** The reference fix: never in the link. */
  fix: string
  /** Shown once the check passes, in the folder only: it usually gives the fix away. */
  explanation: string
  /** A name the leaky run's top suspect's path must contain, for `leaklab validate --prove`. */
  culprit: string
}

export const EMPTY_DRAFT: AuthorDraft = {
  title: '',
  category: 'lingering-references',
  difficulty: 'beginner',
  summary: '',
  check: '[\n  { "kind": "no-suspects" }\n]',
  verify: '',
  hints: '',
  fix: '',
  explanation: '',
  culprit: '',
}

/** The draft from storage, or a fresh one: a damaged record must not break the form. */
export function readDraft(text: string | null): AuthorDraft {
  if (!text) return { ...EMPTY_DRAFT }
  try {
    const data = JSON.parse(text) as Partial<Record<keyof AuthorDraft, unknown>>
    const draft = { ...EMPTY_DRAFT }
    for (const key of Object.keys(EMPTY_DRAFT) as (keyof AuthorDraft)[]) {
      if (typeof data?.[key] === 'string') (draft as Record<string, string>)[key] = data[key] as string
    }
    return draft
  } catch {
    return { ...EMPTY_DRAFT }
  }
}

const FIELD_LABELS: Record<string, string> = {
  id: 'Title',
  title: 'Title',
  category: 'Category',
  difficulty: 'Difficulty',
  summary: 'Instructions',
  run: 'Steps and time',
  check: 'Check',
  hints: 'Hints',
  starter: 'Leaky code (the editor)',
}

/** Why the Verifier box is off for Python: its verifier is run by the JavaScript engine. */
export const NO_PYTHON_VERIFIER = 'A verifier is JavaScript-only for now: in Python, check that the program still does its job with a "console" check on what it prints.'

/** Why a Python exercise has no folder: a scenario folder needs leaky.js and fixed.js, and holds Python only beside them. */
export const NO_PYTHON_FOLDER = 'A scenario folder needs the program in JavaScript (leaky.js, fixed.js), with Python only beside it as a "pythonVariant": download the exercise instead, which leaklab grade --exercise grades.'

export type Built = { ok: true; exercise: Exercise } | { ok: false; problems: string[] }

/**
 * The exercise a draft makes with the editor's code, language and the toolbar's settings, or what is
 * wrong. In Python the Verifier box is ignored (the form turns it off, NO_PYTHON_VERIFIER) and the
 * checks are those a Python run can judge, refused with the schema's reasons.
 */
export function buildExercise(draft: AuthorDraft, starter: string, run: ContentRunSettings, language: ContentLanguage = 'javascript'): Built {
  const problems: string[] = []
  let check: unknown
  try {
    check = JSON.parse(draft.check)
  } catch (error) {
    problems.push(`Check: not valid JSON (${error instanceof Error ? error.message : String(error)}).`)
  }
  if (problems.length === 0 && language === 'javascript' && draft.verify.trim() !== '') {
    // The verifier has a box of its own: JavaScript in a JSON string would be unreadable.
    if (Array.isArray(check) && check.some((c) => (c as { kind?: unknown } | null)?.kind === 'behaviour')) {
      problems.push('Check: it has a "behaviour" check, and the Verifier box has one too: keep the verifier in its box.')
    } else if (Array.isArray(check)) check = [...check, { kind: 'behaviour', verify: draft.verify }]
  }
  if (problems.length === 0) {
    const checked = v.safeParse(language === 'python' ? pythonExerciseChecksSchema : checksSchema, check)
    if (!checked.success) {
      for (const issue of checked.issues.slice(0, 3)) {
        const where = v.getDotPath(issue)
        problems.push(`Check${where ? ` (${where})` : ''}: ${issue.message}`)
      }
    }
  }
  if (starter.trim() === '') problems.push('Leaky code (the editor): write the program that leaks.')
  if (draft.fix.trim() === '') problems.push('Reference fix: write the fixed program; it stays out of the link.')
  const candidate = {
    id: slugify(draft.title),
    // Only Python is named: a JavaScript exercise is the one links carried before Python.
    ...(language === 'python' ? { language } : {}),
    title: draft.title,
    category: draft.category,
    difficulty: draft.difficulty,
    summary: draft.summary,
    run: { steps: run.steps, timeMs: run.timeMs },
    check,
    hints: draft.hints.split('\n').map((h) => h.trim()).filter((h) => h !== ''),
    starter,
  }
  const parsed = v.safeParse(exerciseSchema, candidate)
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const field = String(issue.path?.[0]?.key ?? '')
      if (field === 'check') continue // said above, with its JSON position
      const message = field === 'hints' && candidate.hints.length === 0 ? 'write at least one, one per line' : issue.message
      problems.push(`${FIELD_LABELS[field] ?? field}: ${message}`)
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: [...new Set(problems)] }
  return { ok: true, exercise: parsed.output }
}

/**
 * The culprit a leaky run suggests: the root of its top suspect's path (`leakList` of `leakList[0]`;
 * `globalThis.cache` of `globalThis.cache.get("a")`), which `validate --prove` looks for.
 */
export function suggestCulprit(path: string | undefined): string {
  if (!path) return ''
  const root = /^[^.[\s→]+/.exec(path)?.[0] ?? ''
  if (root !== 'globalThis') return root
  const next = /^globalThis(\.[\p{ID_Start}$_][\p{ID_Continue}$]*|\.<[^>]+>)/u.exec(path)
  return next ? next[0] : root
}
