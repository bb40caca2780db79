/**
 * The playground in headless Chromium: from navigation to the first run's result on the default
 * sample, as a learner meets it (the app built, served by `vite preview`, the browser's cache off).
 * Python's first result in the same built page, on a first and a later visit, is python-page-cases.ts's.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, preview, type PreviewServer } from 'vite'
import type { Page } from 'playwright-core'
import { launchChromium, type Chromium } from '../test/browser/chromium'
import { measureBundle, type BundleSizes } from './bundle-sizes'
import type { Case, RatioSpec } from './case'
import { READY_MARK, RESULT_MARK } from '../src/app/marks'
import { ENGINE_LOADED_MARK, ENGINE_WARM_MARK } from '../src/worker/protocol'
import { PYTHON_PAGE_CASES, PYTHON_PAGE_RATIOS, pythonPageCases, type PythonPageCases } from './python-page-cases'

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
  let python: PythonPageCases | null = null
  const stop = async () => {
    await python?.stop()
    await browser?.close()
    await server?.close()
    await rm(outDir, { recursive: true, force: true })
  }
  try {
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
    const sizes = await measureBundle(outDir)
    server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } })
    const address = server.httpServer.address() as AddressInfo
    // No service worker: a first visit has none, and once one had installed (the first run's), it would
    // serve every later run's tab from its precache, past the HTTP cache this suite turns off.
    browser = await launchChromium({ serviceWorkers: 'block' })
    const url = `http://127.0.0.1:${address.port}/`
    // Python's cases start a Chromium of their own per visit, on a profile each (python-page-cases.ts).
    python = pythonPageCases(url)
    return { cases: [firstResultCase(browser, url), settledRunCase(browser, url), ...python.cases], sizes, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

export const PAGE_CASE = 'page-first-result'
export const SETTLED_PAGE_CASE = 'page-settled-run'
/** Every case the page suite times: the suite is built and served unless --skip leaves out them all. */
export const PAGE_CASES = [PAGE_CASE, SETTLED_PAGE_CASE, ...PYTHON_PAGE_CASES]

/** The page's first result against engine runs of the seed in Node, timed in the same series. */
export const PAGE_RATIOS: RatioSpec[] = [
  { numerator: PAGE_CASE, denominator: 'engine-seed', meaning: 'the page from navigation to its first result vs one engine run of the seed in Node' },
  {
    numerator: PAGE_CASE,
    denominator: 'engine-seed-inspected',
    meaning: 'the page from navigation to its first result vs one engine run of the seed with its heap inspected, in Node (goal ≤ 1.3×, issue 14)',
    goal: { atMost: 1.3 },
  },
  { numerator: PAGE_CASE, denominator: 'engine-seed-first-run', meaning: "the page's first result vs the first run of the seed in a fresh Node process (both compile the wasm)" },
  {
    numerator: SETTLED_PAGE_CASE,
    denominator: 'engine-seed-inspected',
    meaning: "a learner's first Run once the page has settled (click to result on screen) vs one engine run of the seed with its heap inspected, in Node",
  },
  ...PYTHON_PAGE_RATIOS,
]

/**
 * A fresh tab with the HTTP cache off (every file loaded as on a first visit) that records when the
 * first click reaches the page (not when Playwright sends it: a busy main thread delays it).
 */
async function coldPage(browser: Chromium): Promise<Page> {
  const page = await browser.context.newPage()
  try {
    const cdp = await browser.context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    await page.addInitScript(() => {
      addEventListener('click', () => ((window as { leaklabClickMs?: number }).leaklabClickMs ??= performance.now()), { capture: true })
    })
    return page
  } catch (error) {
    await page.close()
    throw error
  }
}

function firstResultCase(browser: Chromium, url: string): Case {
  let observed: Record<string, number> = {}
  return {
    id: PAGE_CASE,
    label: 'playground: navigation to the first result',
    includes: `In headless Chromium (/usr/bin/chromium, a fresh tab, HTTP cache disabled over CDP, the page served by vite preview from the production build on localhost): from navigation start to the '${RESULT_MARK}' performance mark the page sets when the first run's result is on screen (chart, suspects, heap table). Between, the bench clicks Run as soon as the page marks '${READY_MARK}' (the page is mounted and Run works; Monaco's code is usually still loading then, and is evaluated on the page's thread during the run, which delays a click or the result that arrives meanwhile): loading the HTML, JS, CSS and wasm, starting Monaco and the worker, running the default sample with its steps, walking and analysing the heap, and drawing the panels. Playwright's polling for the ready mark adds a few ms. observed (page times, ms): readyMs, the ready mark; clickMs, when the click on Run reached the page; engineLoadedMs and engineWarmMs, when the engine worker, warming up as it starts, had loaded the engine and compiled its wasm, and then run and analysed a small warm-up program (engine-worker.ts) (the worker's '${ENGINE_LOADED_MARK}' and '${ENGINE_WARM_MARK}' marks; -1 when not reached, as when Run came first); resultMs, the result mark.`,
    async run() {
      const page = await coldPage(browser)
      try {
        await page.goto(url, { waitUntil: 'commit' })
        await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, READY_MARK, { polling: 'raf', timeout: 30_000 })
        await page.getByRole('button', { name: 'Run', exact: true }).click()
        await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, RESULT_MARK, { polling: 'raf', timeout: 60_000 })
        const marks = await page.evaluate(([ready, result]) => ({
          origin: performance.timeOrigin,
          ready: performance.getEntriesByName(ready)[0].startTime,
          result: performance.getEntriesByName(result)[0].startTime,
          click: (window as { leaklabClickMs?: number }).leaklabClickMs ?? -1,
        }), [READY_MARK, RESULT_MARK])
        const suspects = await page.getByRole('region', { name: 'Leak suspects' }).getByRole('button').count()
        if (suspects < 1) throw new Error('the first run showed no leak suspect: the default sample did not run as written')
        const engine = await engineMarks(page, marks.origin)
        observed = { readyMs: Math.round(marks.ready), clickMs: Math.round(marks.click), ...engine, resultMs: Math.round(marks.result), suspects }
        return marks.result
      } finally {
        await page.close()
      }
    },
    observed: () => observed,
  }
}

/** The engine worker's warm-up marks, moved onto the page's timeline (whose origin is `pageOrigin`); -1 when not set. */
async function engineMarks(page: Page, pageOrigin: number): Promise<{ engineLoadedMs: number; engineWarmMs: number }> {
  const worker = page.workers().find((w) => /engine-worker/.test(w.url()))
  if (!worker) return { engineLoadedMs: -1, engineWarmMs: -1 }
  const [origin, loaded, warm] = await worker.evaluate(
    (names) => [performance.timeOrigin, ...names.map((name) => performance.getEntriesByName(name)[0]?.startTime ?? -1)],
    [ENGINE_LOADED_MARK, ENGINE_WARM_MARK],
  )
  const onPage = (t: number) => (t < 0 ? -1 : Math.round(origin + t - pageOrigin))
  return { engineLoadedMs: onPage(loaded), engineWarmMs: onPage(warm) }
}

/**
 * The first Run as a learner usually makes it: after reading the page for a moment, so the page is
 * built, the editor up and the engine worker warmed up. Timed from the click reaching the page to the
 * result on screen.
 */
function settledRunCase(browser: Chromium, url: string): Case {
  let observed: Record<string, number> = {}
  return {
    id: SETTLED_PAGE_CASE,
    label: 'playground: first Run on a settled page',
    includes: `In headless Chromium as ${PAGE_CASE}, but the bench waits before clicking Run until the page has settled: the editor drawn (Monaco's .view-lines), the engine worker's '${ENGINE_WARM_MARK}' mark set (its warm-up run over) and 500 ms more. Timed from the click reaching the page to the '${RESULT_MARK}' mark: sending the sample to the worker, running it with its steps, walking and analysing the heap, sending the view back and drawing the panels. observed (page times, ms): clickMs, resultMs.`,
    async run() {
      const page = await coldPage(browser)
      try {
        await page.goto(url)
        await page.locator('.monaco-editor .view-lines').waitFor({ timeout: 30_000 })
        const started = performance.now()
        for (;;) {
          const worker = page.workers().find((w) => /engine-worker/.test(w.url()))
          const warm = worker ? await worker.evaluate((name) => performance.getEntriesByName(name).length > 0, ENGINE_WARM_MARK) : false
          if (warm) break
          if (performance.now() - started > 30_000) throw new Error("the engine worker did not warm up within 30 s")
          await page.waitForTimeout(50)
        }
        await page.waitForTimeout(500)
        await page.getByRole('button', { name: 'Run', exact: true }).click()
        await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, RESULT_MARK, { polling: 'raf', timeout: 60_000 })
        const marks = await page.evaluate((result) => ({
          result: performance.getEntriesByName(result)[0].startTime,
          click: (window as { leaklabClickMs?: number }).leaklabClickMs ?? -1,
        }), RESULT_MARK)
        if (marks.click < 0) throw new Error('the click on Run never reached the page')
        const suspects = await page.getByRole('region', { name: 'Leak suspects' }).getByRole('button').count()
        if (suspects < 1) throw new Error('the run showed no leak suspect: the default sample did not run as written')
        observed = { clickMs: Math.round(marks.click), resultMs: Math.round(marks.result), suspects }
        return marks.result - marks.click
      } finally {
        await page.close()
      }
    },
    observed: () => observed,
  }
}
