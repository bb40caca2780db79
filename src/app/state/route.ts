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
  /** `lang` asks for the lesson in another language than JavaScript; `languageError` says why it was not read. */
  | { kind: 'lesson'; id: string; language: Language; languageError: string | null }
  | { kind: 'scenario'; id: string; language: Language; languageError: string | null }
  | { kind: 'assignment'; exercise: Exercise; fragment: string }
  | { kind: 'author' }

export function parseRoute(hash: string): Route {
  const fragment = hash.replace(/^#/, '')
  const params = new URLSearchParams(fragment)
  if (fragment === 'author') return { kind: 'author' }
  const assignment = decodeAssignmentFragment(fragment)
  if (assignment && 'exercise' in assignment) return { kind: 'assignment', exercise: assignment.exercise, fragment }
  if (assignment) return { kind: 'sample', linkError: assignment.error }
  const lesson = params.get('lesson')
  if (lesson) return { kind: 'lesson', id: lesson, ...languageOf(params) }
  const scenario = params.get('scenario')
  if (scenario) return { kind: 'scenario', id: scenario, ...languageOf(params) }
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
      return 'author'
    default:
      return `${route.kind}:${route.id}:${route.language}`
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
