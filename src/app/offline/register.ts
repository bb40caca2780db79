/**
 * Registers LeakLab's service worker (src/service-worker/sw.ts, built as sw.js beside index.html) in
 * built sites: offline use after one visit, and cross-origin isolation on hosts that cannot send
 * headers. Not on the dev server (the worker and its precache list exist only in a build) nor in
 * vitest.
 *
 * - Scope: the page's directory, so the site works under any subpath.
 * - After the page's `load`, so the worker's precache download does not compete with the page's own.
 * - The first visit is not isolated: the worker controls a page only from its next load. When it takes
 *   control of this one, the page reloads once into isolation, unless that cannot help or would
 *   disturb (mayReloadForIsolation).
 * - A new version waits (sw.ts) and this page says so, with a Reload button (UpdateNotice.svelte).
 */
export const SERVICE_WORKER_FILE = 'sw.js'

declare global {
  interface ImportMetaEnv {
    /** True in builds, false on the dev server and in vitest (vite.config.ts, offline()). */
    readonly LEAKLAB_SERVICE_WORKER: boolean
  }
}

/** Set in the tab before the reload into isolation: never a second one, whatever the browser does. */
export const ISOLATION_RELOAD_KEY = 'leaklab-isolation-reload'

export interface PageState {
  /** `crossOriginIsolated`: already isolated (the host sends the headers), nothing to gain. */
  isolated: boolean
  /** Not in a frame: an embedded page is isolated only if the page around it is and allows it, so a reload cannot help. */
  topLevel: boolean
  /** The learner has clicked, typed or dropped a file on this page: a reload would take away their place and results (the code is saved). */
  touched: boolean
  /** This tab has reloaded for isolation before: a browser that ignores the worker's headers must not loop. */
  reloadedBefore: boolean
}

/** Whether the page, now controlled by the service worker, reloads once to become isolated. */
export function mayReloadForIsolation(page: PageState): boolean {
  return !page.isolated && page.topLevel && !page.touched && !page.reloadedBefore
}

function reloadedBefore(): boolean {
  try {
    return sessionStorage.getItem(ISOLATION_RELOAD_KEY) !== null
  } catch {
    // Storage refused: no way to remember a reload, so none.
    return true
  }
}

function topLevel(): boolean {
  try {
    return window.top === window
  } catch {
    return false
  }
}

export function registerServiceWorker(): void {
  if (!import.meta.env.LEAKLAB_SERVICE_WORKER || !('serviceWorker' in navigator)) return
  const controlledAtStart = navigator.serviceWorker.controller !== null
  let touched = false
  const touch = (): void => {
    touched = true
  }
  // A file dropped from the desktop (hand-ins on the grading page) comes with no click on the page.
  for (const event of ['pointerdown', 'keydown', 'drop'] as const) addEventListener(event, touch, { capture: true, once: true })

  const start = (): void => {
    startServiceWorker(controlledAtStart, () => touched).catch((error: unknown) => {
      // The page works without it: only offline use and isolation on header-less hosts are lost.
      console.warn(`LeakLab will not work offline: its service worker could not be registered (${error instanceof Error ? error.message : String(error)}).`)
    })
  }
  if (document.readyState === 'complete') start()
  else addEventListener('load', start, { once: true })
}

async function startServiceWorker(controlledAtStart: boolean, touched: () => boolean): Promise<void> {
  const { Workbox } = await import('workbox-window')
  const url = new URL(SERVICE_WORKER_FILE, document.baseURI).href
  const scope = new URL('./', document.baseURI).href
  const workbox = new Workbox(url, { scope, type: 'classic' })
  let registration: ServiceWorkerRegistration | undefined
  let updateAccepted = false

  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (updateAccepted) {
      location.reload()
      return
    }
    // A page that had a controller at its start got a new version from another tab: it keeps running.
    if (controlledAtStart) return
    const page = { isolated: globalThis.crossOriginIsolated === true, topLevel: topLevel(), touched: touched(), reloadedBefore: reloadedBefore() }
    if (!mayReloadForIsolation(page)) return
    sessionStorage.setItem(ISOLATION_RELOAD_KEY, String(Date.now()))
    location.reload()
  })

  workbox.addEventListener('waiting', () => {
    void showUpdateNotice(() => {
      if (!registration?.waiting) {
        // Another tab has already let it take over: this page only needs to load again.
        location.reload()
        return
      }
      updateAccepted = true
      workbox.messageSkipWaiting()
    })
  })

  registration = await workbox.register()
}

let noticeShown = false

async function showUpdateNotice(onReload: () => void): Promise<void> {
  if (noticeShown) return
  noticeShown = true
  const [{ mount, unmount }, { default: UpdateNotice }] = await Promise.all([import('svelte'), import('./UpdateNotice.svelte')])
  const target = document.createElement('div')
  document.body.append(target)
  const notice = mount(UpdateNotice, {
    target,
    props: {
      onReload,
      onLater: () => {
        void unmount(notice)
        target.remove()
      },
    },
  })
}
