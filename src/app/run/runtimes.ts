/**
 * The page's runtimes, one per language, each an EngineClient speaking the same typed protocol: the
 * run session asks for a language's client and never learns which engine answers. JavaScript's worker
 * starts with the page; Python's module and interpreter load on first use only, so a page that stays
 * with JavaScript never fetches them.
 */
import { EngineClient, EngineCrashError, RunCancelledError } from '../../worker/engine-client'
import type { PythonLoadState } from '../../worker/python-client'
import type { Language } from '../state/share-link'

/** Where a runtime's engine stands, for the page to say so ("Loading Python…"): Python's client's own states. */
export type LoadState = PythonLoadState

export interface Runtime {
  /** The client, loading the runtime first if need be. Rejects with EngineCrashError when it cannot load. */
  client(): Promise<EngineClient>
  /** The client if it has been made: stopping a runtime never loads it. */
  readonly made: EngineClient | null
  dispose(): void
}

/** JavaScript: the QuickJS worker, started at once so the first Run does not wait for its code. */
export function javascriptRuntime(): Runtime {
  const client = new EngineClient()
  return { client: () => Promise.resolve(client), made: client, dispose: () => client.dispose() }
}

/**
 * Python: its client module is imported on first use; `onLoad` hears the interpreter's load state
 * (the module's own watcher, and 'loading' at once, while the module itself is still on its way).
 */
export function pythonRuntime(onLoad: (state: LoadState) => void): Runtime {
  let made: EngineClient | null = null
  let loading: Promise<EngineClient> | null = null
  let unwatch: (() => void) | null = null
  let disposed = false
  return {
    get made() {
      return made
    },
    client() {
      if (!loading && !made) onLoad('loading')
      loading ??= import('../../worker/python-client').then(
        ({ createPythonClient, watchPythonLoad }) => {
          if (disposed) throw new RunCancelledError('disposed')
          unwatch = watchPythonLoad(onLoad)
          made = createPythonClient()
          return made
        },
        (error: unknown) => {
          // The next Run tries again: the page's own files may come back (a deploy, the network).
          loading = null
          onLoad('failed')
          throw new EngineCrashError(`Python could not be loaded: ${error instanceof Error ? error.message : String(error)}`)
        },
      )
      return loading
    },
    dispose() {
      disposed = true
      unwatch?.()
      made?.dispose()
    },
  }
}

export type Runtimes = Record<Language, Runtime>
