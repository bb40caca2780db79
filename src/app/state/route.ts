/**
 * What the address's fragment asks the page to open: the sample, a share link, a lesson, a scenario,
 * an assignment (a teacher's exercise), or the exercise author. Everything after '#', so nothing of it
 * is sent to a server.
 */
import { decodeAssignmentFragment } from '../../exercise/assignment-link'
import type { Exercise } from '../../exercise/exercise'
import { decodeShareFragment, type SharedState } from './share-link'

export type Route =
  | { kind: 'sample'; linkError: string | null }
  | { kind: 'shared'; state: SharedState; fragment: string }
  | { kind: 'lesson'; id: string }
  | { kind: 'scenario'; id: string }
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
  if (lesson) return { kind: 'lesson', id: lesson }
  const scenario = params.get('scenario')
  if (scenario) return { kind: 'scenario', id: scenario }
  const opened = decodeShareFragment(fragment)
  if (opened && 'state' in opened) return { kind: 'shared', state: opened.state, fragment }
  return { kind: 'sample', linkError: opened && 'error' in opened ? opened.error : null }
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
      return `${route.kind}:${route.id}`
  }
}

export function lessonHash(id: string): string {
  return `#lesson=${encodeURIComponent(id)}`
}

export function scenarioHash(id: string): string {
  return `#scenario=${encodeURIComponent(id)}`
}
