/**
 * What the address's fragment asks the page to open: the sample, a share link, a lesson or a
 * scenario. Everything after '#', so nothing of it is sent to a server.
 */
import { decodeShareFragment, type SharedState } from './share-link'

export type Route =
  | { kind: 'sample'; linkError: string | null }
  | { kind: 'shared'; state: SharedState; fragment: string }
  | { kind: 'lesson'; id: string }
  | { kind: 'scenario'; id: string }

export function parseRoute(hash: string): Route {
  const fragment = hash.replace(/^#/, '')
  const params = new URLSearchParams(fragment)
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
