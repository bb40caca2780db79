/**
 * The playground in headless Chromium: from navigation to the first run's result on the default
 * sample, as a learner meets it (the app built, served by `vite preview`, the browser's cache off).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, preview, type PreviewServer } from 'vite'
import { launchChromium, type Chromium } from '../test/browser/chromium'
import { measureBundle, type BundleSizes } from './bundle-sizes'
import type { Case } from './case'
import { READY_MARK, RESULT_MARK } from '../src/app/marks'

const root = fileURLToPath(new URL('..', import.meta.url))


export interface PageSuite {
  cases: Case[]
  sizes: BundleSizes
  stop(): Promise<void>
}

/** Builds the app, serves it and starts Chromium; stop() undoes all three. */
export async function startPageSuite(): Promise<PageSuite> {
  const outDir = await mkdtemp(join(tmpdir(), 'leaklab-bench-dist-'))
  let server: PreviewServer | null = null
  let browser: Chromium | null = null
  const stop = async () => {
    await browser?.close()
    await server?.close()
    await rm(outDir, { recursive: true, force: true })
  }
  try {
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
    const sizes = await measureBundle(outDir)
    server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } })
    const address = server.httpServer.address() as AddressInfo
    browser = await launchChromium()
    return { cases: [firstResultCase(browser, `http://127.0.0.1:${address.port}/`)], sizes, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

export const PAGE_CASE = 'page-first-result'

function firstResultCase(browser: Chromium, url: string): Case {
  let observed: Record<string, number> = {}
  return {
    id: PAGE_CASE,
    label: 'playground: navigation to the first result',
    includes: `In headless Chromium (/usr/bin/chromium, a fresh tab, HTTP cache disabled over CDP, the page served by vite preview from the production build on localhost): from navigation start to the '${RESULT_MARK}' performance mark the page sets when the first run's result is on screen (chart, suspects, heap table). Between, the bench clicks Run as soon as the page marks '${READY_MARK}' (editor and engine worker ready): loading the HTML, JS, CSS and wasm, starting Monaco and the worker, running the default sample with its steps, walking and analysing the heap, and drawing the panels. Playwright's polling for the ready mark adds a few ms. observed: readyMs, the ready mark.`,
    async run() {
      const page = await browser.context.newPage()
      try {
        const cdp = await browser.context.newCDPSession(page)
        await cdp.send('Network.enable')
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
        await page.goto(url, { waitUntil: 'commit' })
        await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, READY_MARK, { polling: 'raf', timeout: 30_000 })
        await page.getByRole('button', { name: 'Run', exact: true }).click()
        await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, RESULT_MARK, { polling: 'raf', timeout: 60_000 })
        const marks = await page.evaluate(([ready, result]) => [performance.getEntriesByName(ready)[0].startTime, performance.getEntriesByName(result)[0].startTime], [READY_MARK, RESULT_MARK])
        const suspects = await page.getByRole('region', { name: 'Leak suspects' }).getByRole('button').count()
        if (suspects < 1) throw new Error('the first run showed no leak suspect: the default sample did not run as written')
        observed = { readyMs: Math.round(marks[0]), suspects }
        return marks[1]
      } finally {
        await page.close()
      }
    },
    observed: () => observed,
  }
}
