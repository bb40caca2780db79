/**
 * LeakLab's service worker, so a class on a poor network can use the site offline after one visit,
 * and so a host that cannot send headers still gets cross-origin isolation. vite-plugin-pwa builds it
 * (strategy injectManifest, see vite.config.ts) into sw.js beside index.html, with the list of files to
 * precache in place of self.__WB_MANIFEST; src/app/offline/register.ts registers it, production
 * builds only, scoped to the page's directory, so it works under any subpath.
 *
 * - Precached when it installs: the page, its scripts and styles, the JavaScript engine's worker and
 *   wasm, Monaco's workers, and the lessons and scenarios (they are in the page's chunks). After one
 *   visit the page opens and runs JavaScript with no network.
 * - Pyodide's files (about 13 MB), and Python's worker with it, are not precached but kept the first
 *   time Python loads, and served from that cache from then on (cache first: Pyodide's directory's
 *   name carries its version and the worker's name its content hash, so a kept file is never stale).
 *   A page that stays with JavaScript fetches nothing of Python. Precaching them would make every learner download 13 MB on the first
 *   visit, on the classroom's network, whether or not they ever open Python.
 * - Every document and worker script it serves gets COOP/COEP (isolation-headers.ts).
 * - A new version never takes over a page by itself: it installs beside the running one and waits
 *   until no tab uses the old one, or until the learner accepts the page's "new version" notice, which
 *   sends SKIP_WAITING (the message workbox-window's messageSkipWaiting() sends).
 */
import { clientsClaim } from 'workbox-core'
import { addPlugins, cleanupOutdatedCaches, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching'
import { registerRoute } from 'workbox-routing'
import { CacheFirst } from 'workbox-strategies'
import { PYODIDE_DIR } from '../worker/python-assets'
import { isolationHeadersPlugin } from './isolation-headers'

declare let self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> }

// Before precacheAndRoute: the precache's strategy serves the page and the workers' scripts.
addPlugins([isolationHeadersPlugin])
// The site is static, so a query string (added by a course platform's link, say) never changes a file.
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/./] })
cleanupOutdatedCaches()

// Caches belong to the origin, not to the scope: two copies of LeakLab on one host (two courses'
// subpaths) keep theirs apart by the scope in the name, so neither deletes the other's Pyodide.
const PYODIDE_CACHE_PREFIX = 'leaklab-pyodide '
const pyodideCache = `${PYODIDE_CACHE_PREFIX}${PYODIDE_DIR} ${self.registration.scope}`
// Beside index.html, as sw.js is (python-assets.ts).
const pyodideDir = new URL(PYODIDE_DIR, self.location.href).href
const assetsDir = new URL('assets/', self.location.href).href
/** Python's worker and the chunks only it imports: left out of the precache (vite.config.ts), as Pyodide is. */
const PYTHON_ASSET = /^(python-worker-|[^/]*pyodide)[^/]*$/

registerRoute(
  ({ url }) => url.href.startsWith(pyodideDir) || (url.href.startsWith(assetsDir) && PYTHON_ASSET.test(url.href.slice(assetsDir.length).split('?')[0])),
  // Only complete answers (status 200) are kept: Workbox's default for CacheFirst.
  new CacheFirst({ cacheName: pyodideCache, plugins: [isolationHeadersPlugin] }),
)

self.addEventListener('activate', (event) => {
  // Another Pyodide release's files (13 MB) go once this version is the one in use.
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(
        names
          .filter((name) => name.startsWith(PYODIDE_CACHE_PREFIX) && name.endsWith(` ${self.registration.scope}`) && name !== pyodideCache)
          .map((name) => caches.delete(name)),
      ),
    ),
  )
})

// The first install takes control of the page that registered it, so that page can reload once into
// isolation (register.ts) and its later requests (Python's files, the lazy chunks) are kept.
clientsClaim()

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting()
})
