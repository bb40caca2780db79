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

/** The full URL of that directory, as loadPyodide's indexURL wants it (with its trailing slash). */
export function pyodideIndexURL(base: string = import.meta.env.BASE_URL, at: string = self.location.href): string {
  return new URL(`${base}${PYODIDE_DIR}`, at).href
}
