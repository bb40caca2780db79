/**
 * The page's runtimes, one per language, each an EngineClient speaking the same typed protocol: the
 * run session asks for a language's client and never learns which engine answers. Each runtime loads
 * when the page opens on its language or the learner chooses it, so a page that stays with JavaScript
 * never fetches Pyodide.
 */
import { EngineClient, RunCancelledError } from '../../worker/engine-client'
import { createPythonClient, watchPythonLoad, type PythonLoadState } from '../../worker/python-client'
import type { Language } from '../state/share-link'

/** Where a runtime's engine stands, for the page to say so ("Loading Python…"): Python's client's own states. */
export type LoadState = PythonLoadState

export interface Runtime {
  /** The client, loading the runtime first if need be. Rejects with EngineCrashError when it cannot load. */
  client(): Promise<EngineClient>
  /** Start loading the runtime now (the learner chose its language), so the first Run finds it ready. */
  prepare(): void
  /** The client if it has been made: stopping a runtime never loads it. */
  readonly made: EngineClient | null
  dispose(): void
}

/**
 * JavaScript: the QuickJS client. Its worker is the one the page's entry started (src/app/prestart.ts),
 * or starts when JavaScript is chosen or run.
 */
export function javascriptRuntime(): Runtime {
  const client = new EngineClient({ startLater: true })
  return { client: () => Promise.resolve(client), prepare: () => client.warm(), made: client, dispose: () => client.dispose() }
}

/**
 * Python: its client is made on first use, and its interpreter loads then (or earlier: the page's
 * entry starts it when the page opens on Python, src/app/prestart.ts); `onLoad` hears the
 * interpreter's load state. Pyodide itself loads in the client's workers only.
 */
export function pythonRuntime(onLoad: (state: LoadState) => void): Runtime {
  let made: EngineClient | null = null
  let unwatch: (() => void) | null = null
  let disposed = false
  const client = (): Promise<EngineClient> => {
    if (disposed) return Promise.reject(new RunCancelledError('disposed'))
    if (!made) {
      unwatch = watchPythonLoad(onLoad)
      made = createPythonClient()
    }
    return Promise.resolve(made)
  }
  return {
    get made() {
      return made
    },
    client,
    prepare() {
      void client().catch(() => {})
    },
    dispose() {
      disposed = true
      unwatch?.()
      made?.dispose()
    },
  }
}

export type Runtimes = Record<Language, Runtime>
