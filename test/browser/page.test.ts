import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect, inject, test } from 'vitest'
import { launchChromium, screenshot, type Chromium } from './chromium'

const baseUrl = inject('baseUrl')
const SAMPLE = await readFile(new URL('../../src/samples/default.js', import.meta.url), 'utf8')

let browser: Chromium
/** Errors the page itself reported; any of them fails the test that caused it. */
let pageErrors: string[] = []

beforeAll(async () => {
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
})

afterEach(() => {
  const errors = pageErrors
  pageErrors = []
  expect(errors).toEqual([])
})

async function openPage(options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const page = await browser.context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text())
  })
  await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' })
  await page.goto(baseUrl)
  await page.getByRole('heading', { name: 'LeakLab' }).waitFor()
  return page
}

/** The Result region's terms and descriptions, as the learner reads them. */
function resultFields(page: Page): Promise<Record<string, string>> {
  return page.getByRole('region', { name: 'Result' }).evaluate((region) =>
    Object.fromEntries(
      [...region.querySelectorAll('dt')].map((dt) => [
        dt.textContent?.trim() ?? '',
        (dt.nextElementSibling?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ]),
    ),
  )
}

/**
 * Wait for the run to settle (or, for /^running/, to start), then check how it ended. The screenshot
 * is taken before the check, so a wrong outcome can be looked at too.
 */
async function waitForOutcome(
  page: Page,
  outcome: RegExp,
  { timeout = 20_000, screenshotAs }: { timeout?: number; screenshotAs?: string } = {},
): Promise<Record<string, string>> {
  const unsettled = outcome.test('running…') ? /^not run yet/ : /^(not run yet|running)/
  await expect.poll(async () => (await resultFields(page)).Outcome, { timeout, interval: 50 }).not.toMatch(unsettled)
  if (screenshotAs) await screenshot(page, screenshotAs)
  const fields = await resultFields(page)
  // The whole panel in the message: an unexpected outcome is explained by its error kind and message.
  expect(fields.Outcome, JSON.stringify(fields)).toMatch(outcome)
  return fields
}

/** The first number in a description such as "101,085 (+100,002)". */
function count(text: string | undefined): number {
  const match = /-?[\d,]+/.exec(text ?? '')
  if (!match) throw new Error(`no number in ${JSON.stringify(text)}`)
  return Number(match[0].replaceAll(',', ''))
}

async function runCode(page: Page, source: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Code' }).fill(source)
  await page.getByRole('button', { name: 'Run' }).click()
}

async function expectSampleRunOk(page: Page): Promise<void> {
  const fields = await waitForOutcome(page, /^ok/)
  expect(fields.Steps).toBe('100 of 100')
  const growth = count(fields['Objects at end']) - count(fields['Objects at start'])
  // 1,000 DataHolders a step for 100 steps; the rest is the array's own bookkeeping.
  expect(growth).toBeGreaterThanOrEqual(100_000)
  expect(growth).toBeLessThan(100_100)
  expect(count(fields.Samples)).toBeGreaterThanOrEqual(100)
  const console = page.getByRole('region', { name: 'Console' })
  await expect.poll(() => console.innerText()).toContain('leakList still holds 100000 DataHolder objects')
}

test('the default sample runs in the worker: 100 steps, about 100,000 more objects, its output in the console', async () => {
  const page = await openPage()
  const code = page.getByRole('textbox', { name: 'Code' })
  expect(await code.inputValue()).toBe(SAMPLE)

  await page.getByRole('button', { name: 'Run' }).click()
  await expectSampleRunOk(page)
  await screenshot(page, 'a-sample-ok')

  const fields = await resultFields(page)
  expect(fields['Error kind']).toBeUndefined()
  const line = page.getByRole('region', { name: 'Console' }).getByRole('listitem')
  await expect.poll(() => line.allInnerTexts()).toEqual([expect.stringMatching(/^log\s+leakList still holds 100000/)])
  await expect.poll(() => page.getByRole('img', { name: /Live objects over/ }).count()).toBe(1)
  await page.close()
})

test("deep recursion ends in a 'stack' error in Chromium's worker, and the sample runs afterwards", async () => {
  const page = await openPage()
  await runCode(page, 'function r(){return r()+1} r()')
  const fields = await waitForOutcome(page, /^error/, { screenshotAs: 'b-stack-error' })
  expect(fields['Error kind']).toBe('stack')
  expect(fields.Message).toMatch(/stack/i)
  expect(fields.Line).toBe('1')

  await runCode(page, SAMPLE)
  await expectSampleRunOk(page)
  await page.close()
})

// Recursion through natives uses more of the host's stack per guest frame than plain recursion:
// these found the 128 KiB limit (at 192 KiB they overflowed Chromium's worker stack first).
const nativeRecursion: [string, string][] = [
  ['Array.prototype.map', 'function r(n) { return [n].map(r) }\nr(0)'],
  ['Function.prototype.call', 'function r() { return r.call(null) }\nr()'],
  ['JSON.stringify and toJSON', 'const o = { toJSON() { return JSON.stringify(o) } }\nJSON.stringify(o)'],
  ['a Proxy trap', 'const p = new Proxy({}, { get: (t, k) => p[k] })\np.x'],
  ['String.prototype.replace', 'function r(s) { return s.replace(/a/, r) }\nr("a")'],
  ['toString', 'const o = { toString() { return String(o) } }\nString(o)'],
]

test("deep recursion through natives ends in a 'stack' error, never a crashed engine", async () => {
  const page = await openPage()
  for (const [name, source] of nativeRecursion) {
    await runCode(page, source)
    const fields = await waitForOutcome(page, /^error/)
    expect(fields['Error kind'], name).toBe('stack')
  }
  await runCode(page, SAMPLE)
  await expectSampleRunOk(page)
  await page.close()
})

test('during an endless loop the page stays responsive, Stop ends the run at once, and the next run works', async () => {
  const page = await openPage()
  const code = page.getByRole('textbox', { name: 'Code' })
  const runaway = 'while (true) {}'
  await runCode(page, runaway)
  await waitForOutcome(page, /^running/, { timeout: 5_000 })
  // Let the worker get well into the loop before testing the page.
  await page.waitForTimeout(500)
  expect((await resultFields(page)).Outcome).toMatch(/^running/)

  const worker = page.workers().at(-1)
  expect(worker).toBeDefined()

  // The page's own thread answers input at once while the worker spins.
  await code.focus()
  await page.keyboard.press('End')
  const typed = ' // still typing'
  let slowestKeyMs = 0
  for (const key of typed) {
    const started = performance.now()
    await page.keyboard.type(key)
    slowestKeyMs = Math.max(slowestKeyMs, performance.now() - started)
  }
  expect(slowestKeyMs).toBeLessThan(200)
  expect(await code.inputValue()).toBe(`${runaway}${typed}`)

  const box = (await page.getByRole('heading', { name: 'LeakLab' }).boundingBox())!
  await page.evaluate(() => {
    const w = window as unknown as { clickedAt?: number }
    document.addEventListener('click', () => (w.clickedAt = performance.now()), { once: true })
  })
  const before = await page.evaluate(() => performance.now())
  let started = performance.now()
  await page.mouse.click(box.x + 5, box.y + 5)
  const clickedAt = await page.evaluate(() => (window as unknown as { clickedAt?: number }).clickedAt)
  expect(clickedAt).toBeDefined()
  expect(clickedAt! - before).toBeLessThan(200)
  expect(performance.now() - started).toBeLessThan(200)
  await screenshot(page, 'c1-endless-loop-running')

  // Chromium lets a terminated worker that is still running script go on for 2 s before it kills
  // it (Blink's kForcibleTerminationDelay), so the old thread's end is awaited with room for that.
  const workerClosed = worker!.waitForEvent('close', { timeout: 5_000 })
  started = performance.now()
  await page.getByRole('button', { name: 'Stop' }).click()
  const fields = await waitForOutcome(page, /^stopped/, { timeout: 1_000 })
  expect(performance.now() - started).toBeLessThan(1_000)
  expect(fields['Error kind']).toBeUndefined()
  await expect.poll(() => page.getByRole('button', { name: 'Stop' }).isDisabled()).toBe(true)
  await screenshot(page, 'c2-endless-loop-stopped')

  // The next run goes to a fresh worker at once, without waiting for the old one to die.
  started = performance.now()
  await runCode(page, SAMPLE)
  await expectSampleRunOk(page)
  const nextRunMs = performance.now() - started
  // Well inside the engine's 5 s budget: Stop terminated the stuck worker instead of waiting it out.
  await workerClosed
  expect(page.workers()).not.toContain(worker)
  expect(page.workers()).toHaveLength(1)
  expect(nextRunMs).toBeLessThan(5_000)
  await page.close()
})

test("a memory bomb ends in a 'memory' error and leaves the page intact", async () => {
  const page = await openPage({ colorScheme: 'dark' })
  await runCode(page, 'const a=[]; while(true) a.push({i:a.length})')
  const fields = await waitForOutcome(page, /^error/, { screenshotAs: 'd1-memory-error-dark' })
  expect(fields['Error kind']).toBe('memory')
  expect(fields.Message).toMatch(/memory/i)
  expect(count(fields['Objects at end'])).toBeGreaterThan(100_000)

  await expect.poll(() => page.getByRole('heading', { name: 'LeakLab' }).isVisible()).toBe(true)
  await expect.poll(() => page.getByRole('button', { name: 'Run' }).isEnabled()).toBe(true)
  await expect.poll(() => page.getByRole('button', { name: 'Stop' }).isDisabled()).toBe(true)
  const code = page.getByRole('textbox', { name: 'Code' })
  await code.fill('console.log("still here")')
  expect(await code.inputValue()).toBe('console.log("still here")')
  await screenshot(page, 'd2-memory-error-page-intact-dark')

  await page.getByRole('button', { name: 'Run' }).click()
  await waitForOutcome(page, /^ok/)
  await expect.poll(() => page.getByRole('region', { name: 'Console' }).innerText()).toContain('still here')
  await page.close()
})
