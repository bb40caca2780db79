/**
 * Where the page finds Pyodide's files: copied from the installed package by vite.config.ts's
 * pyodideAssets plugin (served from node_modules in development), never fetched from a CDN.
 */
import { version } from 'pyodide/package.json'

/** The directory of Pyodide's files under the page's base; the version in its name keeps caches apart. */
export const PYODIDE_DIR = `pyodide-${version}/`

/** The Pyodide release, for results (RunResult.engine.build). */
export const PYODIDE_VERSION = version

/** The program's file name in a Python run: tracebacks, sites and markers name it. */
export const PYTHON_FILENAME = 'main.py'

/**
 * The full URL of that directory, as loadPyodide's indexURL wants it (with its trailing slash), from
 * the Python worker whose script is at `worker`. The directory sits beside the page. Vite's base is
 * absolute on the dev server ('/') and names that directory itself. The build's base is relative
 * ('./', so the site runs under any path) and is relative to the page, not to this worker: the build
 * puts every worker in assets/, one level below the page (vite.config.ts checks that it still does),
 * so the page's directory is the worker's parent.
 */
export function pyodideIndexURL(base: string = import.meta.env.BASE_URL, worker: string = self.location.href): string {
  const pageDir = base === './' || base === '' ? new URL('../', worker) : new URL(base, worker)
  return new URL(PYODIDE_DIR, pageDir).href
}
