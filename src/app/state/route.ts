/**
 * What the address's fragment asks the page to open: the sample, a share link, a lesson, a scenario,
 * an assignment (a teacher's exercise), or the exercise author. Everything after '#', so nothing of it
 * is sent to a server.
 */
import { decodeAssignmentFragment } from '../../exercise/assignment-link'
import type { Exercise } from '../../exercise/exercise'
import { decodeShareFragment, LANGUAGES, type Language, type SharedState } from './share-link'

export type Route =
  | { kind: 'sample'; linkError: string | null }
  | { kind: 'shared'; state: SharedState; fragment: string }
  /**
   * `lang` asks for the lesson in another language than JavaScript; `languageError` says why it was not read.
   * `embed` (`&embed` on the link) asks for the exercise alone, sized for an iframe in a course page.
   */
  | { kind: 'lesson'; id: string; language: Language; languageError: string | null; embed?: true }
  | { kind: 'scenario'; id: string; language: Language; languageError: string | null; embed?: true }
  | { kind: 'assignment'; exercise: Exercise; fragment: string; embed?: true }
  | { kind: 'author' }
  /** The grading page, and one hand-in of its table opened read-only (`#grade&handin=3`). */
  | { kind: 'grade' }
  | { kind: 'hand-in'; index: number }

export function parseRoute(hash: string): Route {
  const fragment = hash.replace(/^#/, '')
  const params = new URLSearchParams(fragment)
  if (fragment === 'author') return { kind: 'author' }
  if (fragment === 'grade') return { kind: 'grade' }
  const handIn = /^grade&handin=(\d{1,6})$/.exec(fragment)
  if (handIn) return { kind: 'hand-in', index: Number(handIn[1]) }
  const assignment = decodeAssignmentFragment(fragment)
  if (assignment && 'exercise' in assignment) return { kind: 'assignment', exercise: assignment.exercise, fragment, ...embedOf(params) }
  if (assignment) return { kind: 'sample', linkError: assignment.error }
  const lesson = params.get('lesson')
  if (lesson) return { kind: 'lesson', id: lesson, ...languageOf(params), ...embedOf(params) }
  const scenario = params.get('scenario')
  if (scenario) return { kind: 'scenario', id: scenario, ...languageOf(params), ...embedOf(params) }
  const opened = decodeShareFragment(fragment)
  if (opened && 'state' in opened) return { kind: 'shared', state: opened.state, fragment }
  return { kind: 'sample', linkError: opened && 'error' in opened ? opened.error : null }
}

function languageOf(params: URLSearchParams): { language: Language; languageError: string | null } {
  const asked = params.get('lang')
  if (asked === null) return { language: 'javascript', languageError: null }
  const known = LANGUAGES.find((l) => l === asked.toLowerCase())
  if (known) return { language: known, languageError: null }
  return { language: 'javascript', languageError: `LeakLab has no language called “${asked.slice(0, 40)}” (it has ${LANGUAGES.join(' and ')}), so this opened in JavaScript.` }
}

/** `&embed`, `&embed=1` or `&embed=true` embed; `&embed=0` (or false, no, off) does not. Absent when not embedded. */
function embedOf(params: URLSearchParams): { embed?: true } {
  const asked = params.get('embed')
  return asked !== null && !/^(0|false|no|off)$/i.test(asked) ? { embed: true } : {}
}

/** Two routes open the same thing: the page keeps its state between them. */
export function routeKey(route: Route): string {
  switch (route.kind) {
    case 'sample':
      return 'sample'
    case 'shared':
      return `shared:${route.fragment}`
    case 'assignment':
      return `assignment:${route.fragment}`
    case 'author':
    case 'grade':
      return route.kind
    case 'hand-in':
      return `hand-in:${route.index}`
    default:
      return `${route.kind}:${route.id}:${route.language}${route.embed ? ':embed' : ''}`
  }
}

/** JavaScript, every lesson's own language, is left out: links made before Python stay the same. */
const langParam = (language: Language) => (language === 'javascript' ? '' : `&lang=${language}`)

export function lessonHash(id: string, language: Language = 'javascript'): string {
  return `#lesson=${encodeURIComponent(id)}${langParam(language)}`
}

export function scenarioHash(id: string, language: Language = 'javascript'): string {
  return `#scenario=${encodeURIComponent(id)}${langParam(language)}`
}
