// First: the runtime the page opens on starts loading (src/app/prestart.ts). The app's own code is a
// chunk of its own, fetched meanwhile: in one chunk with it, the runtime's worker waited for all of
// the app to arrive and be parsed (about 150 ms more as the page opens).
import './app/prestart'
import './app/global.css'
import { registerServiceWorker } from './app/offline/register'

const target = document.getElementById('app')
if (!target) throw new Error('index.html has no #app element to mount LeakLab in')

import('./app/mount').then(
  ({ mountApp }) => mountApp(target),
  (error: unknown) => {
    const message = document.createElement('p')
    message.setAttribute('role', 'alert')
    message.textContent = `LeakLab could not load its code (${error instanceof Error ? error.message : String(error)}). Reload the page to try again.`
    target.replaceChildren(message)
  },
)

// Offline use and cross-origin isolation on any static host (built sites only).
registerServiceWorker()
