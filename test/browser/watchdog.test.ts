/**
 * Issue 14: the page's watchdog and Stop, in Chromium against the built page, with the program that
 * once hung the engine for good: a native loop over a huge array-like (indexOf over 2^53 - 1 holes
 * runs no guest code per element). The engine now polls its interrupt handler there, so the run ends
 * with its own time limit at the learner's line; Stop ends it at once; the next run works after
 * either. A host that never answers at all (the worker's thread itself stuck) is ended by the
 * page's watchdog, which terminates the worker and says so.
 */
import type { Page } from 'playwright-core'
import { expect, inject, test } from 'vitest'
import { DEFAULT_GRACE_MS } from '../../src/worker/engine-client'
import { DEFAULT_OPTIONS } from '../../src/engine/defaults'
import { screenshot } from './chromium'
import { resultFields, useLeakLabBrowser, waitForOutcome } from './leaklab-page'
import { editorInput, editorText, lineOf, setCode } from './monaco'

const baseUrl = inject('baseUrl')
const leaklab = useLeakLabBrowser()
const { openPage } = leaklab

/** The call is on line 3; a line is printed before it, so the console shows the run got that far. */
const NATIVE_LOOP = [
  '// indexOf over 2 ** 53 - 1 holes: a loop inside the engine, no guest code per element.',
  "console.log('before the loop')",
  'const at = Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1)',
  "console.log('after the loop', at)",
].join('\n')
const LOOP_LINE = 3

const NORMAL = "const kept = []\nfunction step(i) {\n  kept.push({ i })\n}\nconsole.log('normal run')"

/** The page's watchdog gives a silent worker the longer of a run's and a heap walk's budget, plus grace. */
const SILENCE_LIMIT_MS = Math.max(DEFAULT_OPTIONS.timeoutMs, DEFAULT_OPTIONS.walkTimeoutMs) + DEFAULT_GRACE_MS

const runButton = (page: Page) => page.getByRole('button', { name: 'Run', exact: true })
const stopButton = (page: Page) => page.getByRole('button', { name: 'Stop', exact: true })
const consoleText = (page: Page) => page.getByRole('region', { name: 'Console' }).innerText()

/** Run `source` and return how long the page took to show an outcome matching `outcome`. */
async function runAndTime(page: Page, source: string, outcome: RegExp, timeout: number): Promise<{ fields: Record<string, string>; ms: number }> {
  await setCode(page, source)
  const started = performance.now()
  await runButton(page).click()
  const fields = await waitForOutcome(page, outcome, { timeout })
  return { fields, ms: performance.now() - started }
}

/** A normal run afterwards gets a normal result: the engine is usable again. */
async function expectNormalRun(page: Page): Promise<void> {
  const { fields } = await runAndTime(page, NORMAL, /^ok/, 20_000)
  expect(fields['Error kind']).toBeUndefined()
  expect(fields.Steps).toBe(`${DEFAULT_OPTIONS.steps} of ${DEFAULT_OPTIONS.steps}`)
  await expect.poll(() => consoleText(page)).toContain('normal run')
  await expect.poll(() => stopButton(page).isDisabled()).toBe(true)
}

test("a native loop ends with the run's own time limit at its line; Stop ends it at once; the next run works after both", async () => {
  const page = await openPage()

  // 1. The engine's own limit: a timeout result, well before the page's watchdog would step in.
  const timedOut = await runAndTime(page, NATIVE_LOOP, /^error/, SILENCE_LIMIT_MS + 10_000)
  await screenshot(page, 'w1-native-loop-timeout')
  expect(timedOut.fields['Error kind']).toBe('timeout')
  expect(timedOut.fields.Message).toBe(
    `TimeoutError: The program ran longer than its time budget of ${DEFAULT_OPTIONS.timeoutMs} ms (stopped at line ${LOOP_LINE}). Is there an endless loop?`,
  )
  expect(timedOut.fields.Line).toBe(String(LOOP_LINE))
  // The budget, then at most a few seconds for the engine to notice, tear down and report; never the watchdog's 13 s.
  const reported = Number(/in ([\d,]+) ms/.exec(timedOut.fields.Outcome)?.[1].replaceAll(',', ''))
  expect(reported).toBeGreaterThanOrEqual(DEFAULT_OPTIONS.timeoutMs)
  expect(reported).toBeLessThan(DEFAULT_OPTIONS.timeoutMs + 3_000)
  expect(timedOut.ms).toBeLessThan(SILENCE_LIMIT_MS - 1_000)
  // What ran before the loop was printed; what comes after never ran.
  expect(await consoleText(page)).toContain('before the loop')
  expect(await consoleText(page)).not.toContain('after the loop')
  // The editor marks the loop's line.
  const squiggles = page.locator('.monaco-editor .squiggly-error')
  await expect.poll(() => squiggles.count()).toBeGreaterThan(0)
  expect(await lineOf(page, squiggles.first())).toBe(LOOP_LINE)
  await expect.poll(() => stopButton(page).isDisabled()).toBe(true)

  // 2. The next run after a timeout works.
  await expectNormalRun(page)

  // 3. The same loop, stopped by the learner a second into it.
  await setCode(page, NATIVE_LOOP)
  await runButton(page).click()
  await waitForOutcome(page, /^running/, { timeout: 5_000 })
  await expect.poll(() => consoleText(page)).toContain('before the loop')
  await page.waitForTimeout(1_000)
  expect((await resultFields(page)).Outcome).toMatch(/^running/)
  const stopAt = performance.now()
  await stopButton(page).click()
  // Well before the loop's own 5 s budget: Stop does not wait for the engine.
  const stopped = await waitForOutcome(page, /^stopped/, { timeout: 3_000 })
  expect(performance.now() - stopAt).toBeLessThan(3_000)
  expect(stopped['Error kind']).toBeUndefined()
  // The stopped run's own figures, not the previous run's: it sent no result and no step.
  expect(stopped.Outcome).toBe('stopped')
  expect(stopped.Steps).toBe('0')
  expect(Number(stopped.Samples)).toBeLessThanOrEqual(1)
  await expect.poll(() => stopButton(page).isDisabled()).toBe(true)
  expect(await runButton(page).isEnabled()).toBe(true)
  // The page stays usable: the editor takes typing at once.
  await editorInput(page).focus()
  await page.keyboard.press('ControlOrMeta+End')
  await page.keyboard.type(' // still here')
  await expect.poll(() => editorText(page)).toContain("console.log('after the loop', at) // still here")
  await screenshot(page, 'w2-native-loop-stopped')

  // 4. The next run after Stop works, and does not wait out the stopped loop's budget.
  await expectNormalRun(page)
  await page.close()
})

/**
 * What a host-level hang looks like to the page. EngineClient's own seam for a worker that never
 * answers (its `createWorker` option, which engine-client.test.ts uses in Node) is out of reach on the
 * built page, which makes its client with the real worker. So Chromium's Worker constructor is
 * replaced before the page loads, on pages whose address asks for it: the first engine worker (the
 * client starts one as the page opens) is a thread that spins forever on any message, a hang no
 * interrupt handler can end. Later engine workers are the real one.
 */
function hangFirstEngineWorker(): void {
  if (!location.search.includes('hung-engine')) return
  const state = { hung: 0, terminated: 0 }
  Object.assign(window, { hungEngine: state })
  const RealWorker = window.Worker
  window.Worker = class extends RealWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      if (options?.name !== 'leaklab-engine' || state.hung > 0) {
        super(url, options)
        return
      }
      super(URL.createObjectURL(new Blob(['onmessage = () => { for (;;) {} }'], { type: 'text/javascript' })), { name: 'leaklab-engine (hung)' })
      state.hung++
      const terminate = this.terminate.bind(this)
      this.terminate = () => {
        state.terminated++
        terminate()
      }
    }
  }
}

const hungEngine = (page: Page) => page.evaluate(() => (window as unknown as { hungEngine: { hung: number; terminated: number } }).hungEngine)

test('an engine that never answers is ended by the watchdog: the worker is terminated, the page says so, and the next run works', async () => {
  await leaklab.browser.context.addInitScript(hangFirstEngineWorker)
  const page = await openPage({ url: `${baseUrl}?hung-engine` })
  expect(await hungEngine(page)).toEqual({ hung: 1, terminated: 0 })
  const hung = page.workers().find((w) => w.url().startsWith('blob:'))
  expect(hung).toBeDefined()
  const hungClosed = hung!.waitForEvent('close', { timeout: SILENCE_LIMIT_MS + 15_000 })

  await setCode(page, NORMAL)
  const started = performance.now()
  await runButton(page).click()
  await waitForOutcome(page, /^running/, { timeout: 5_000 })
  const fields = await waitForOutcome(page, /^error/, { timeout: SILENCE_LIMIT_MS + 10_000, screenshotAs: 'w3-watchdog-hung-engine' })
  const ms = performance.now() - started
  // Not before the worker has been silent for the whole allowance; not long after it either.
  expect(ms).toBeGreaterThanOrEqual(SILENCE_LIMIT_MS - 50)
  expect(ms).toBeLessThan(SILENCE_LIMIT_MS + 5_000)
  expect(fields['Error kind']).toBe('timeout')
  // The allowance it states is the one it waited: the longer of the run's budget and a walk's, and the grace.
  expect(fields.Message).toBe(`TimeoutError: The engine went silent for ${SILENCE_LIMIT_MS / 1000} s, longer than the program's time budget or a heap walk may take, so LeakLab stopped the engine. Is there an endless loop, or an await that never ends?`)
  // The engine never said where it was.
  expect(fields.Line).toBe('unknown')
  expect(await consoleText(page)).not.toContain('normal run')
  // The stuck thread was terminated (Chromium kills a spinning one after up to 2 s), and a fresh engine took its place.
  expect(await hungEngine(page)).toEqual({ hung: 1, terminated: 1 })
  await hungClosed
  await expect.poll(() => stopButton(page).isDisabled()).toBe(true)

  await expectNormalRun(page)
  expect(page.workers().filter((w) => /engine-worker/.test(w.url()))).toHaveLength(1)
  await page.close()
})
