/**
 * LeakLab hosted for a class (README, "Host LeakLab for your class"): the built site copied under a
 * subpath of a plain static host (static-server.ts: no COOP/COEP, no rewrites, 404 outside the
 * subpath), in Chromium. Every URL resolves beside the page; the service worker makes the page
 * cross-origin isolated from the reload after it takes control (once, and never under a learner who
 * has started); a scenario, a lesson checkpoint, an assignment link and Python work there; after that
 * the page opens and runs JavaScript and Python with no network; a new version waits for the learner.
 * Screenshots: test/artifacts/hosting-*.png.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import axe from 'axe-core'
import type { Locator, Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ISOLATION_RELOAD_KEY, SERVICE_WORKER_FILE } from '../../src/app/offline/register'
import { findContent } from '../../src/content/node/read-content'
import { parseScenario } from '../../src/content/parse-content'
import type { Scenario } from '../../src/content/scenario-schema'
import { encodeAssignmentFragment } from '../../src/exercise/assignment-link'
import { exerciseFromScenario } from '../../src/exercise/exercise'
import { PYODIDE_DIR } from '../../src/worker/python-assets'
import { launchChromium, screenshot, type Chromium } from './chromium'
import { waitForOutcome } from './leaklab-page'
import { editorText, setCode, waitForEditor } from './monaco'
import { serveStatic, type StaticServer } from './static-server'

const root = fileURLToPath(new URL('../..', import.meta.url))
const SUBPATH = '/courses/leaklab/'
const JS_SAMPLE = await readFile(new URL('../../src/samples/default.js', import.meta.url), 'utf8')
const PY_SAMPLE = await readFile(new URL('../../src/samples/default.py', import.meta.url), 'utf8')
/** The first Python run loads CPython (13 MB, a cold start and a snapshot) on two busy cores. */
const PYTHON_RUN = { timeout: 90_000 }

let outDir = ''
let site: StaticServer

beforeAll(async () => {
  // Its own build, copied nowhere else: what `npm run build` gives a teacher, with the default config.
  outDir = await mkdtemp(join(tmpdir(), 'leaklab-hosting-dist-'))
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  site = await serveStatic(outDir, SUBPATH)
})

afterAll(async () => {
  await site?.close()
  if (outDir) await rm(outDir, { recursive: true, force: true })
})

async function scenario(folder: string): Promise<Scenario> {
  const { folders } = await findContent([`scenarios/${folder}`], root)
  const parsed = parseScenario(folders[0])
  if (!parsed.ok) throw new Error(`${folder} does not parse`)
  return parsed.value
}

/** A tab that fails the test on any error the page reports, and counts its loads (a reload is one more). */
interface Tab {
  page: Page
  loads(): number
}

async function newTab(browser: Chromium, errors: string[]): Promise<Tab> {
  const page = await browser.context.newPage()
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  let loads = 0
  page.on('load', () => loads++)
  return { page, loads: () => loads }
}

/** `crossOriginIsolated`, or false while the page is between two loads. */
function isolated(page: Page): Promise<boolean> {
  return page.evaluate(() => crossOriginIsolated).catch(() => false)
}

function controller(page: Page): Promise<string | null> {
  return page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null).catch(() => null)
}

async function ready(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'LeakLab' }).waitFor()
  await waitForEditor(page)
}

async function run(page: Page, timeout = 30_000): Promise<Record<string, string>> {
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  return waitForOutcome(page, /^ok/, { timeout })
}

async function verdict(guide: Locator): Promise<string> {
  const status = guide.getByRole('status')
  await expect.poll(async () => (await status.innerText()).replace(/\s+/g, ' ').trim(), { timeout: 15_000 }).toMatch(/^(✓ Checkpoint passed|Not yet)/)
  return (await status.innerText()).replace(/\s+/g, ' ').trim()
}

function languageField(page: Page): Locator {
  return page.getByRole('combobox', { name: 'Language' })
}

/** Requests that left the site's directory, or that it could not answer. */
function strayRequests(): string[] {
  return site.requests.filter((r) => !r.path.startsWith(SUBPATH) || r.status >= 400).map((r) => `${r.status} ${r.method} ${r.path}`)
}

test('the build is relative: index.html names its files beside it, and the service worker precaches the app but not Pyodide', async () => {
  const html = await readFile(join(outDir, 'index.html'), 'utf8')
  const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])
  expect(urls.length).toBeGreaterThan(2)
  expect(urls.filter((url) => !url.startsWith('./'))).toEqual([])
  const sw = await readFile(join(outDir, SERVICE_WORKER_FILE), 'utf8')
  const precached = [...sw.matchAll(/"url":"([^"]+)"|url:"([^"]+)"/g)].map((m) => m[1] ?? m[2])
  expect(precached).toContain('index.html')
  expect(precached.some((url) => /^assets\/engine-worker-[\w-]+\.js$/.test(url))).toBe(true)
  expect(precached.some((url) => /^assets\/leaklab-quickjs-[\w-]+\.wasm$/.test(url))).toBe(true)
  expect(precached.some((url) => /^assets\/ts\.worker-[\w-]+\.js$/.test(url))).toBe(true)
  expect(precached.filter((url) => /pyodide|python-worker/.test(url) || url.startsWith('/'))).toEqual([])
})

test('under a subpath of a plain static host: one reload into isolation, then a scenario, a lesson, an assignment link and Python; offline after, JavaScript and Python still run', { timeout: 300_000 }, async () => {
  const browser = await launchChromium()
  const errors: string[] = []
  try {
    const interval = await scenario('05-forgotten-interval')
    const first = await newTab(browser, errors)
    await first.page.goto(`${site.url}#scenario=${interval.id}`)
    // The first visit: the page works without isolation, the service worker installs, takes control,
    // and the untouched page reloads once, now with the worker's COOP/COEP.
    await expect.poll(() => isolated(first.page), { timeout: 60_000 }).toBe(true)
    expect(await controller(first.page)).toBe(`${site.url}${SERVICE_WORKER_FILE}`)
    await expect.poll(() => first.loads()).toBe(2)
    expect(await first.page.evaluate((key) => sessionStorage.getItem(key), ISOLATION_RELOAD_KEY)).not.toBeNull()

    // A scenario runs, and its check judges the leaky code.
    await ready(first.page)
    const scenarioGuide = first.page.getByRole('region', { name: interval.title })
    await expect.poll(() => editorText(first.page)).toContain(interval.leaky.split('\n')[0])
    await run(first.page)
    expect(await verdict(scenarioGuide)).toMatch(/^Not yet\./)
    await screenshot(first.page, 'hosting-scenario')
    expect(first.loads()).toBe(2)
    await first.page.close()

    // A lesson, in a new tab: controlled and isolated from its first load, so no reload.
    const lesson = await newTab(browser, errors)
    await lesson.page.goto(`${site.url}#lesson=seed-article`)
    await ready(lesson.page)
    expect(await isolated(lesson.page)).toBe(true)
    const lessonGuide = lesson.page.getByRole('region', { name: 'Memory leaks, from Python to JavaScript' })
    await expect.poll(() => lessonGuide.getByRole('heading', { level: 3 }).innerText()).toBe('A list that only grows')
    await run(lesson.page)
    expect(await verdict(lessonGuide)).toBe('✓ Checkpoint passed: go on to the next step.')
    await screenshot(lesson.page, 'hosting-lesson')
    expect(lesson.loads()).toBe(1)
    await lesson.page.close()

    // An assignment link, as a teacher makes one: the student's code fails, the fix passes.
    const growingList = await scenario('01-growing-list')
    const exercise = exerciseFromScenario(growingList)
    const assignment = await newTab(browser, errors)
    await assignment.page.goto(`${site.url}#${encodeAssignmentFragment(exercise)}`)
    await ready(assignment.page)
    const assignmentGuide = assignment.page.getByRole('region', { name: exercise.title })
    await expect.poll(() => editorText(assignment.page)).toContain(exercise.starter.split('\n')[0])
    await run(assignment.page)
    expect(await verdict(assignmentGuide)).toMatch(/^Not yet/)
    await setCode(assignment.page, growingList.fixed)
    await run(assignment.page)
    expect(await verdict(assignmentGuide)).toMatch(/^✓ Checkpoint passed/)
    expect(await assignmentGuide.getByRole('button', { name: 'Hand in' }).isDisabled()).toBe(false)
    await screenshot(assignment.page, 'hosting-assignment')
    await assignment.page.close()

    // Python: Pyodide's files come from beside the page, and are kept the first time.
    const python = await newTab(browser, errors)
    await python.page.goto(site.url)
    await ready(python.page)
    await languageField(python.page).selectOption('python')
    await expect.poll(() => editorText(python.page)).toBe(PY_SAMPLE)
    await run(python.page, PYTHON_RUN.timeout)
    expect(site.requests.some((r) => r.path === `${SUBPATH}${PYODIDE_DIR}pyodide.asm.wasm` && r.status === 200)).toBe(true)
    const cacheNames = await python.page.evaluate(() => caches.keys())
    expect(cacheNames.filter((name) => name.startsWith(`leaklab-pyodide ${PYODIDE_DIR}`))).toHaveLength(1)
    // Isolated, so the interrupt buffer stops a program at its line rather than ending the worker.
    expect(await isolated(python.page)).toBe(true)

    expect(strayRequests()).toEqual([])

    // No network: the page opens (on Python, the saved choice) and runs both languages.
    // The page's requests fail at once; the server also drops every connection, so a file the
    // service worker does not hold cannot arrive through it.
    const served = site.requests.length
    site.reachable = false
    await browser.context.setOffline(true)
    await python.page.reload()
    await ready(python.page)
    await expect.poll(() => editorText(python.page)).toBe(PY_SAMPLE)
    await run(python.page, PYTHON_RUN.timeout)
    await languageField(python.page).selectOption('javascript')
    await expect.poll(() => editorText(python.page)).toBe(JS_SAMPLE)
    const fields = await run(python.page)
    expect(fields.Steps).toMatch(/^100 of 100/)
    await screenshot(python.page, 'hosting-offline')
    // Nothing was asked of the network but the browser's own check for a new sw.js, which failed.
    expect(site.requests.slice(served).filter((r) => r.path !== `${SUBPATH}${SERVICE_WORKER_FILE}`)).toEqual([])
    site.reachable = true
    await browser.context.setOffline(false)
    await python.page.close()
  } finally {
    await browser.close()
  }
  expect(errors).toEqual([])
})

test('a learner who starts at once is not reloaded under them; the next visit is isolated', { timeout: 120_000 }, async () => {
  const browser = await launchChromium()
  const errors: string[] = []
  try {
    const first = await newTab(browser, errors)
    // The entry has run by DOMContentLoaded; the worker is registered only after `load`.
    await first.page.goto(site.url, { waitUntil: 'domcontentloaded' })
    await first.page.keyboard.press('Shift')
    await ready(first.page)
    expect(await isolated(first.page)).toBe(false)
    // The first load works without isolation.
    await run(first.page)
    await expect.poll(() => controller(first.page), { timeout: 60_000 }).toBe(`${site.url}${SERVICE_WORKER_FILE}`)
    await first.page.waitForTimeout(2_000)
    expect(first.loads()).toBe(1)
    expect(await isolated(first.page)).toBe(false)

    const next = await newTab(browser, errors)
    await next.page.goto(site.url)
    await ready(next.page)
    expect(await isolated(next.page)).toBe(true)
    expect(next.loads()).toBe(1)
  } finally {
    await browser.close()
  }
  expect(errors).toEqual([])
})

test('a new version waits: the page says so and reloads only when the learner asks', { timeout: 120_000 }, async () => {
  const browser = await launchChromium()
  const errors: string[] = []
  try {
    const tab = await newTab(browser, errors)
    await tab.page.goto(site.url)
    await expect.poll(() => isolated(tab.page), { timeout: 60_000 }).toBe(true)
    await ready(tab.page)
    const loads = tab.loads()

    // The teacher copies a new build: its sw.js differs.
    site.rewrite(SERVICE_WORKER_FILE, (original) => Buffer.concat([original, Buffer.from('\n// the next version\n')]))
    await tab.page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update()
    })
    const notice = tab.page.getByRole('status', { name: 'New version' })
    await expect.poll(() => notice.count(), { timeout: 30_000 }).toBe(1)
    expect(await notice.innerText()).toMatch(/A new version of LeakLab is ready\./)
    await tab.page.waitForTimeout(1_000)
    expect(tab.loads()).toBe(loads)
    await screenshot(tab.page, 'hosting-update-notice')
    // The notice passes axe-core in both colour schemes.
    await tab.page.addScriptTag({ content: axe.source })
    for (const colorScheme of ['light', 'dark'] as const) {
      await tab.page.emulateMedia({ colorScheme })
      const violations = await tab.page.evaluate(async () => {
        const engine = (window as unknown as { axe: typeof axe }).axe
        const notice = document.querySelector('[aria-label="New version"]')!
        const { violations } = await engine.run(notice, { resultTypes: ['violations'] })
        return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)
      })
      expect(violations, colorScheme).toEqual([])
    }
    await screenshot(tab.page, 'hosting-update-notice-dark')

    await notice.getByRole('button', { name: 'Reload' }).click()
    await expect.poll(() => tab.loads(), { timeout: 20_000 }).toBe(loads + 1)
    await ready(tab.page)
    expect(await tab.page.getByRole('status', { name: 'New version' }).count()).toBe(0)
    expect(await tab.page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull()
    expect(await isolated(tab.page)).toBe(true)
  } finally {
    site.rewrite(SERVICE_WORKER_FILE, null)
    await browser.close()
  }
  expect(errors).toEqual([])
})

test('embedded in a course platform\'s page (another origin, not isolated): never reloaded, runs without isolation', { timeout: 120_000 }, async () => {
  const platformDir = await mkdtemp(join(tmpdir(), 'leaklab-hosting-platform-'))
  const platform = await serveStatic(platformDir, '/course/')
  const browser = await launchChromium()
  const errors: string[] = []
  try {
    await writeFile(
      join(platformDir, 'index.html'),
      `<!doctype html><title>Week 3</title><link rel="icon" href="data:,"><h1>Week 3: memory leaks</h1>
<iframe title="LeakLab" src="${site.url}#scenario=growing-list" allow="cross-origin-isolated" width="1180" height="1400"></iframe>`,
    )
    const tab = await newTab(browser, errors)
    let frameLoads = 0
    tab.page.on('framenavigated', (frame) => {
      if (frame !== tab.page.mainFrame()) frameLoads++
    })
    await tab.page.goto(platform.url)
    const frame = tab.page.frames().find((f) => f.url().startsWith(site.url))
    if (!frame) throw new Error('the LeakLab frame did not load')
    await frame.getByRole('heading', { name: 'LeakLab' }).waitFor()
    await frame.locator('.monaco-editor .view-line').first().waitFor({ timeout: 20_000 })
    // The worker installs and takes control of the frame, which stays as it is: a reload could not
    // make it isolated, since the page around it is not.
    await expect.poll(() => frame.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null), { timeout: 60_000 }).toBe(`${site.url}${SERVICE_WORKER_FILE}`)
    await tab.page.waitForTimeout(2_000)
    expect(frameLoads).toBe(1)
    expect(await frame.evaluate(() => crossOriginIsolated)).toBe(false)
    await frame.getByRole('button', { name: 'Run', exact: true }).click()
    await expect.poll(() => frame.getByRole('region', { name: 'A list that only grows' }).getByRole('status').innerText(), { timeout: 30_000 }).toMatch(/^Not yet/)
    await screenshot(tab.page, 'hosting-embedded')
    expect(frameLoads).toBe(1)
  } finally {
    await browser.close()
    await platform.close()
    await rm(platformDir, { recursive: true, force: true })
  }
  expect(errors).toEqual([])
})
