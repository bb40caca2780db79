/**
 * Cross-origin isolation from the service worker, for hosts that cannot send headers (GitHub Pages):
 * the Workbox maintainers' recipe (GoogleChrome/workbox issue 2963). The page, its frames and its
 * workers get COOP and COEP on every response this worker serves them, so from the first load it
 * controls on, the page may share memory with the Python worker (its interrupt buffer). A host that
 * sends the headers itself gets the same values again, which changes nothing.
 */
import type { WorkboxPlugin } from 'workbox-core'

/** The same values as vite.config.ts's ISOLATION_HEADERS, which the dev server and `_headers` send. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
}

/** The requests whose response decides isolation: documents and the scripts that start workers. */
const DESTINATIONS = new Set<RequestDestination>(['document', 'iframe', 'frame', 'worker', 'sharedworker'])

export function needsIsolationHeaders(request: Request): boolean {
  return request.mode === 'navigate' || DESTINATIONS.has(request.destination)
}

/** A copy of `response` with the two headers; an opaque or error response is left as it is. */
export function withIsolationHeaders(response: Response): Response {
  // An opaque response has no readable headers or body, and status 0 cannot be given to new Response().
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response
  const headers = new Headers(response.headers)
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

/** A Workbox plugin that adds the headers to what a strategy answers, for the requests that need them. */
export const isolationHeadersPlugin: WorkboxPlugin = {
  async handlerWillRespond({ request, response }) {
    return needsIsolationHeaders(request) ? withIsolationHeaders(response) : response
  },
}
