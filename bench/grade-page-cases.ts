/**
 * The grading page (`#grade`) on the same 200 hand-ins as grade-cases.ts's `leaklab grade` (scenario
 * 01, half fixed.js, half leaky.js), in headless Chromium against the built site: timed from the click
 * on Grade reaching the page to the summary line, beside the CLI on one worker in the same series
 * (page time / CLI time).
 *
 * The suite builds the site, serves it with `vite preview` and starts a Chromium of its own: the site's
 * service worker, installed here by a first visit, must not serve page-cases.ts's first visits from its
 * precache. That first visit (outside every clock) is also what keeps the precache's download out of the
 * measured runs: each run opens a new tab the service worker already controls.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { preview, type PreviewServer } from 'vite'
import { poolSize } from '../src/app/grade/page-pool'
import { ENGINE_WARM_MARK } from '../src/worker/protocol'
import { launchChromium, type Chromium } from '../test/browser/chromium'
import type { Case, RatioSpec } from './case'
import { COURSE_HAND_INS, expectedResult, GRADE_ONE_WORKER_CASE, GRADE_PAGE_CASE, GRADE_SUBMISSIONS, gradeSubmissions, learnerName, recordThroughput, throughputTableFor } from './grade-cases'

export { GRADE_PAGE_CASE }
/** Every case this suite times: the site is built and served unless --skip or --only leaves them all out. */
export const GRADE_PAGE_CASES = [GRADE_PAGE_CASE]

const root = fileURLToPath(new URL('..', import.meta.url))

export interface GradePageSuite {
  cases: Case[]
  ratios: RatioSpec[]
  stop(): Promise<void>
}

/** Builds the site, serves it, starts Chromium and visits the page once (the service worker installed); stop() undoes it all. */
export async function startGradePageSuite(): Promise<GradePageSuite> {
  const outDir = await mkdtemp(join(tmpdir(), 'leaklab-bench-grade-dist-'))
  let server: PreviewServer | null = null
  let browser: Chromium | null = null
  const stop = async () => {
    await browser?.close()
    await server?.close()
    await rm(outDir, { recursive: true, force: true })
  }
  try {
    const { files } = await gradeSubmissions()
    await buildSite(outDir)
    server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } })
    const url = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/`
    browser = await launchChromium()
    const cores = await firstVisit(browser, url)
    const lanes = poolSize(cores, GRADE_SUBMISSIONS)
    return {
      cases: [gradePageCase(browser, url, files, lanes)],
      ratios: [
        {
          numerator: GRADE_PAGE_CASE,
          denominator: GRADE_ONE_WORKER_CASE,
          meaning: `grading the same 200 submissions in the page (Chromium, ${lanes} engine ${lanes === 1 ? 'worker' : 'workers'}) vs \`leaklab grade\` on 1 worker: page time / CLI time`,
        },
      ],
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/**
 * The site's production build, in a child process whose output goes to stderr: the service worker's
 * own build (vite-plugin-pwa's) logs at "info" to stdout whatever logLevel says, part of it from the
 * bundler's native code, which no redirect of process.stdout in this process catches; and the bench's
 * stdout is the report's (--json).
 */
async function buildSite(outDir: string): Promise<void> {
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js')
  const child = spawn(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 2, 2] })
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null]
  if (code !== 0) throw new Error(`the site's build failed (vite build ${signal ? `ended by ${signal}` : `exited with ${code}`}; its output is above)`)
}

/**
 * A teacher's first visit, outside every clock: the page registers its service worker after load,
 * which precaches the site (the app, the engine and its wasm, Monaco) and takes the page over. Once it
 * is active and in control, every later tab of this browser is served by it from the start.
 * Returns the browser's navigator.hardwareConcurrency, which sizes the page's pool.
 */
async function firstVisit(browser: Chromium, url: string): Promise<number> {
  const page = await browser.context.newPage()
  try {
    await page.goto(`${url}#grade`)
    await page.getByRole('heading', { name: 'Grade hand-ins' }).waitFor({ timeout: 60_000 })
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 })
    return await page.evaluate(() => navigator.hardwareConcurrency)
  } finally {
    await page.close()
  }
}

/** What the page records of one grading, on its own clock (performance.now(), ms). */
interface GradeMarks {
  click: number
  summary: number
  /** When each row got its result, in order. */
  settled: number[]
}

/** Wait until the engine worker the page started as it opened has run its warm-up (engine-worker.ts). */
async function engineWarm(page: Page): Promise<void> {
  const started = performance.now()
  for (;;) {
    const worker = page.workers().find((w) => /engine-worker/.test(w.url()))
    const warm = worker ? await worker.evaluate((name) => performance.getEntriesByName(name).length > 0, ENGINE_WARM_MARK) : false
    if (warm) return
    if (performance.now() - started > 30_000) throw new Error('the engine worker the page starts did not warm up within 30 s')
    await page.waitForTimeout(50)
  }
}

function gradePageCase(browser: Chromium, url: string, files: string[], lanes: number): Case {
  let observed: Record<string, number> = {}
  return {
    id: GRADE_PAGE_CASE,
    label: `the grading page: 200 submissions in Chromium, ${lanes} engine ${lanes === 1 ? 'worker' : 'workers'}`,
    includes: `In headless Chromium (/usr/bin/chromium, the production build served by vite preview on localhost, a new tab each run in a browser whose service worker was installed by a first visit before the series, so no precache download overlaps a run): the page opened on #grade, the same ${GRADE_SUBMISSIONS} submission files as the CLI's cases given to the hand-ins' file input, and, outside the clock, the bench waits until the service worker is ready and controls the tab, the engine worker the page starts as it opens has run its warm-up, the ${GRADE_SUBMISSIONS} hand-ins are read, the exercise chosen from them (scenario 01 from the page's library), and 500 ms more. Timed on the page's clock from the click on "Grade ${GRADE_SUBMISSIONS} hand-ins" reaching the page to the summary line being in the page: checking each hand-in against the exercise, running each one's code in the page's pool of engine workers (one per core but one, at least one: navigator.hardwareConcurrency - 1; the first lane takes the already warm worker, any further lane starts one of its own inside the clock) with the scenario's 100 steps and its heap inspector, judging it by the scenario's checks, and drawing its row. Every row's Result must be the expected one (half pass, half fail) and the summary line exactly that, else the case fails; so do errors the page reports. observed: lanes, hardwareConcurrency, submissionsPerSecond (and per lane, and secondsFor${COURSE_HAND_INS}, from when each row got its result) from this case's last run; the report's throughput is from its median.`,
    async run() {
      const page = await browser.context.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text())
      })
      try {
        await page.goto(`${url}#grade`)
        await page.getByRole('heading', { name: 'Grade hand-ins' }).waitFor({ timeout: 30_000 })
        const controlled = await page.evaluate(() => navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller !== null))
        if (!controlled) throw new Error('the service worker does not control the tab: the first visit did not install it, so this run may download its precache')
        await engineWarm(page)

        await page.getByRole('group', { name: /Drop the learners' hand-in files/ }).locator('input[type=file]').setInputFiles(files)
        const count = page.getByTestId('hand-in-count')
        await count.waitFor({ timeout: 60_000 })
        const countText = (await count.innerText()).replace(/\s+/g, ' ').trim()
        if (!countText.startsWith(`${GRADE_SUBMISSIONS} hand-ins to grade. `)) throw new Error(`the page read the files as: ${countText}`)
        const chosen = page.getByTestId('chosen-exercise')
        await chosen.waitFor({ timeout: 30_000 })
        const chosenText = (await chosen.innerText()).replace(/\s+/g, ' ')
        if (!/\(growing-list\) in JavaScript: 100 steps/.test(chosenText)) throw new Error(`the page chose another exercise: ${chosenText}`)
        const grade = page.getByRole('button', { name: `Grade ${GRADE_SUBMISSIONS} hand-ins`, exact: true })
        await page.waitForFunction((button) => !(button as HTMLButtonElement).disabled, await grade.elementHandle(), { timeout: 30_000 })

        // The page's own clock: when the click reaches it, when each row gets its result, when the summary is in.
        // No named functions in here: tsx's helper for their names (__name) does not exist in the page.
        await page.evaluate(() => {
          const marks = { click: -1, summary: -1, settled: [] as number[] }
          ;(window as unknown as { leaklabGrade: typeof marks }).leaklabGrade = marks
          const settledRows = new WeakSet<Element>()
          document.addEventListener('click', () => {
            if (marks.click < 0) marks.click = performance.now()
          }, { capture: true })
          new MutationObserver((records, observer) => {
            const now = performance.now()
            for (const record of records) {
              const row = record.target as Element
              const result = row.getAttribute('data-result')
              if (row.tagName === 'TR' && (result === 'pass' || result === 'fail' || result === 'error') && !settledRows.has(row)) {
                settledRows.add(row)
                marks.settled.push(now)
              }
            }
            if (document.querySelector('[data-testid="grade-summary"]')) {
              marks.summary = now
              observer.disconnect()
            }
          }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-result'] })
        })
        await page.waitForTimeout(500)
        await grade.click()
        await page.waitForFunction(() => (window as unknown as { leaklabGrade: GradeMarks }).leaklabGrade.summary >= 0, undefined, { polling: 250, timeout: 20 * 60_000 })

        const marks = await page.evaluate(() => (window as unknown as { leaklabGrade: GradeMarks }).leaklabGrade)
        const summary = (await page.getByTestId('grade-summary').innerText()).replace(/\s+/g, ' ').trim()
        const rows = await page.getByRole('table').evaluate((table) =>
          [...table.querySelectorAll('tbody tr')].map((tr) => ({
            learner: (tr.querySelector('th')?.textContent ?? '').trim(),
            result: (tr.querySelector('td.result')?.textContent ?? '').trim(),
            reason: (tr.querySelector('td.reason')?.textContent ?? '').trim(),
            file: (tr.querySelector('td.file')?.textContent ?? '').trim(),
          })),
        )
        const cores = await page.evaluate(() => navigator.hardwareConcurrency)
        if (errors.length > 0) throw new Error(`the page reported ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}, first: ${errors[0]}`)
        if (marks.click < 0) throw new Error('the click on Grade never reached the page')

        const expectedLearners = new Map(Array.from({ length: GRADE_SUBMISSIONS }, (_, i) => [learnerName(i), expectedResult(i)]))
        const wrong = rows.filter((r) => expectedLearners.get(r.learner) !== r.result)
        if (wrong.length > 0) throw new Error(`${wrong.length} of ${rows.length} hand-ins graded wrongly in the page, first ${wrong[0].learner} (${wrong[0].file}): ${wrong[0].result || '(no result)'}${wrong[0].reason ? ` (${wrong[0].reason})` : ''}`)
        if (rows.length !== GRADE_SUBMISSIONS || new Set(rows.map((r) => r.learner)).size !== GRADE_SUBMISSIONS) throw new Error(`the table has ${rows.length} rows for ${new Set(rows.map((r) => r.learner)).size} learners, not one for each of the ${GRADE_SUBMISSIONS}`)
        const passed = rows.filter((r) => r.result === 'pass').length
        const expectedSummary = `${GRADE_SUBMISSIONS} graded: ${passed} passed, ${GRADE_SUBMISSIONS - passed} failed.`
        if (summary !== expectedSummary) throw new Error(`the summary says "${summary}", not "${expectedSummary}"`)
        if (marks.settled.length !== GRADE_SUBMISSIONS) throw new Error(`the bench saw ${marks.settled.length} rows get their result, not ${GRADE_SUBMISSIONS}: the table is drawn some other way now`)

        const ms = marks.summary - marks.click
        const t = recordThroughput(GRADE_PAGE_CASE, marks.settled.map((at) => at - marks.click), ms, poolSize(cores, GRADE_SUBMISSIONS))
        const round1 = (x: number) => Math.round(x * 10) / 10
        observed = {
          submissions: rows.length,
          passed,
          failed: rows.length - passed,
          hardwareConcurrency: cores,
          lanes: t.workers,
          submissionsPerSecond: round1(t.perSecond),
          submissionsPerSecondPerLane: round1(t.perWorker),
          startUpS: Math.round(t.startUpS * 100) / 100,
          [`secondsFor${COURSE_HAND_INS}`]: Math.round(t.courseS),
        }
        return ms
      } finally {
        await page.close()
      }
    },
    observed: () => observed,
    table: () => throughputTableFor(GRADE_PAGE_CASE),
  }
}
