// A worker thread starts from JavaScript: register tsx (as bin/leaklab.js does), then load the
// TypeScript worker and serve. Tests start their own entry, which passes test hooks to serve().
import { register } from 'tsx/esm/api'

register()
const { serve } = await import('./guest-worker.ts')
await serve()
