/**
 * Imported first by the page's entry (src/main.ts), so it runs before the app's own modules: the
 * engine worker starts, fetches and compiles the QuickJS wasm while the page is still being built.
 */
import { prestartEngineWorker } from './engine-client'

prestartEngineWorker()
