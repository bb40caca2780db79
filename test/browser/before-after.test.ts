/**
 * Before and after (issue 18, item 5): the chart draws the previous run of the same program as a faint
 * line, so a fix reads as a flat line beside the old slope; a run pinned as the baseline stays the one
 * later runs are drawn against. Screenshot: test/artifacts/before-after.png.
 */
import { readFile } from 'node:fs/promises'
import type { Locator, Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { screenshot } from './chromium'
import { useLeakLabBrowser, waitForOutcome } from './leaklab-page'
import { setCode } from './monaco'

const SAMPLE = await readFile(new URL('../../src/samples/default.js', import.meta.url), 'utf8')
const FIXED = SAMPLE.replace('leakList.push(new DataHolder(i))', 'new DataHolder(i)')
const { openPage } = useLeakLabBrowser()

const counts = (page: Page): Locator => page.getByRole('region', { name: 'Object counts' })
const summary = async (page: Page): Promise<string> => ((await counts(page).locator('.visually-hidden').first().textContent()) ?? '').trim()

async function run(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/)
}

test('the fix is drawn against the leak it replaced; a pinned run stays the comparison', { timeout: 90_000 }, async () => {
  expect(FIXED).not.toBe(SAMPLE)
  const page = await openPage()
  await run(page)
  // One run: nothing to compare with.
  await expect.poll(() => summary(page)).toMatch(/^Total objects grew from [\d,]+ to [\d,]+ over 100 steps\./)
  expect(await summary(page)).not.toMatch(/previous run/)

  await setCode(page, FIXED)
  await run(page)
  await expect.poll(() => summary(page)).toMatch(/^Total objects (stayed at|grew from|fell from) .* The previous run grew from [\d,]+ to [\d,]+\./)
  await expect.poll(() => counts(page).innerText()).toMatch(/previous run/)
  await screenshot(page, 'before-after')

  // Pinned: the fixed run stays the comparison, however many runs follow.
  const pin = counts(page).getByRole('button', { name: 'Pin as the baseline' })
  await pin.click()
  await expect.poll(() => counts(page).getByRole('button', { name: 'Unpin the baseline' }).getAttribute('aria-pressed')).toBe('true')
  await setCode(page, SAMPLE)
  await run(page)
  await run(page)
  await expect.poll(() => summary(page)).toMatch(/The baseline (stayed at|grew from|fell from)/)
  await screenshot(page, 'before-after-baseline')
  expect(await summary(page)).not.toMatch(/previous run/)
  await counts(page).getByRole('button', { name: 'Unpin the baseline' }).click()
  await expect.poll(() => summary(page)).toMatch(/The previous run grew from/)
  await page.close()
})
