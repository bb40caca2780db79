/**
 * Opening the built LeakLab page and reading its Result panel, shared by the page's browser tests.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest'
import { launchChromium, screenshot, type Chromium } from './chromium'
import { waitForEditor } from './monaco'

export interface OpenPageOptions {
  colorScheme?: 'light' | 'dark'
  /** What to load; the page's base URL by default (a share link, for instance). */
  url?: string
  /**
   * Keep what this browser profile saved earlier. By default localStorage is cleared on the tab's
   * first load, so the test starts from the sample; a reload of the same tab keeps what it saved.
   */
  keepStorage?: boolean
}

/**
 * A new tab on the page, with the editor ready. `onError` gets every error the page itself reports
 * (uncaught exceptions, console errors), for the test to fail on.
 */
export async function openLeakLab(
  context: BrowserContext,
  baseUrl: string,
  onError: (message: string) => void,
  options: OpenPageOptions = {},
): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (error) => onError(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') onError(message.text())
  })
  await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' })
  if (!options.keepStorage) {
    await page.addInitScript(() => {
      if (sessionStorage.getItem('leaklab-test-tab')) return
      localStorage.clear()
      sessionStorage.setItem('leaklab-test-tab', '1')
    })
  }
  await page.goto(options.url ?? baseUrl)
  await page.getByRole('heading', { name: 'LeakLab' }).waitFor()
  await waitForEditor(page)
  return page
}

/** The Result region's terms and descriptions, as the learner reads them. */
export function resultFields(page: Page): Promise<Record<string, string>> {
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
export async function waitForOutcome(
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
export function count(text: string | undefined): number {
  const match = /-?[\d,]+/.exec(text ?? '')
  if (!match) throw new Error(`no number in ${JSON.stringify(text)}`)
  return Number(match[0].replaceAll(',', ''))
}

export interface LeakLabBrowser {
  /** This file's Chromium, started before its first test. */
  readonly browser: Chromium
  /** A new tab on the built page (`options.url` for another address), in this file's browser or `on`. */
  openPage(options?: OpenPageOptions, on?: Chromium): Promise<Page>
}

/**
 * One Chromium for a test file, closed after it, and after each test a check that no page reported
 * an error (uncaught exceptions, console errors): any of them fails the test that caused it.
 */
export function useLeakLabBrowser(): LeakLabBrowser {
  const baseUrl = inject('baseUrl')
  let browser: Chromium | null = null
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
  const started = (): Chromium => {
    if (!browser) throw new Error('the browser starts in beforeAll: use it inside a test')
    return browser
  }
  return {
    get browser() {
      return started()
    },
    openPage: (options = {}, on) => openLeakLab((on ?? started()).context, baseUrl, (message) => pageErrors.push(message), options),
  }
}
