// A worker thread starts from JavaScript: register tsx (as bin/leaklab.js does), then load the
// TypeScript worker. The same file serves the CLI, the bench and vitest.
import { register } from 'tsx/esm/api'

register()
await import('./grade-worker.ts')
