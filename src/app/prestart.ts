/**
 * Imported first by the page's entry (src/main.ts), so it runs before the app's own modules: the
 * runtime the page opens on starts loading while the page is still being built.
 * - JavaScript: the engine worker starts, fetches and compiles the QuickJS wasm.
 * - Python: its interpreter's worker starts (a dynamic import of its client waited for the app, Monaco
 *   and the mount: about 350 ms later; the client is a few kilobytes, Pyodide loads in the worker
 *   only). The JavaScript engine then starts when the learner switches to it, not now: on two cores,
 *   its compile and warm-up ran against Python's load.
 */
import { prestartEngineWorker } from '../worker/engine-client'
import { preparePython } from '../worker/python-client'
import { browserStore } from './state/autosave'
import { openingLanguage } from './state/opening-language'
import { parseRoute } from './state/route'

if (openingLanguage(parseRoute(location.hash), browserStore()) === 'python') preparePython()
else prestartEngineWorker()
