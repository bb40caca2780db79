// A worker thread starts from JavaScript: register tsx (as bin/leaklab.js does), then load the
// TypeScript worker.
import { register } from 'tsx/esm/api'

register()
await import('./python-worker.ts')
