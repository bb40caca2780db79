/**
 * A check judges the fix, not only the memory, in the page as in the CLI: a "fix" that frees the
 * memory by breaking the program fails in words that name what broke; the fix passes; and once the
 * scenario is solved, "Why didn't this work?" shows the attempts a learner might try, each as what it
 * changes, and loads one into the editor.
 */
import { readFileSync } from 'node:fs'
import type { Locator, Page } from 'playwright-core'
import { expect, inject, test } from 'vitest'
import { screenshot } from './chromium'
import { useLeakLabBrowser, waitForOutcome } from './leaklab-page'
import { editorText, setCode } from './monaco'

const baseUrl = inject('baseUrl')
const { openPage } = useLeakLabBrowser()
const FOLDER = new URL('../../scenarios/09-closure-captures-large-data/', import.meta.url)
const broken = readFileSync(new URL('wrong-null-report.js', FOLDER), 'utf8')

function guide(page: Page): Locator {
  return page.getByRole('region', { name: 'A small function holding a big report' })
}

async function runAndJudge(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/, { timeout: 30_000 })
  const status = guide(page).getByRole('status')
  await expect.poll(async () => (await status.innerText()).replace(/\s+/g, ' ').trim(), { timeout: 15_000 }).toMatch(/^(✓ Checkpoint passed|Not yet)/)
  return (await status.innerText()).replace(/\s+/g, ' ').trim()
}

test('a fix that breaks the program fails the behaviour check in words; the fix passes; the attempts are shown and load', async () => {
  const page = await openPage({ url: `${baseUrl}#scenario=closure-captures-large-data` })
  await setCode(page, broken)
  const verdict = await runAndJudge(page)
  // The memory is freed, so the behaviour check is the only one that fails, and it names what threw.
  expect(verdict).toBe(
    "Not yet. The menu must still work: each report opened has an entry, and each entry reopens its own report. the program no longer does its job: reopen() threw TypeError: cannot read property 'id' of null (line 23)",
  )
  await screenshot(page, 'behaviour-broken-fix')

  await guide(page).getByRole('button', { name: 'Show the fix' }).click()
  await expect.poll(() => editorText(page)).not.toContain('report = null')
  expect(await runAndJudge(page)).toBe('✓ Checkpoint passed.')

  const attempts = guide(page).getByRole('region', { name: "Why didn't this work?" })
  await attempts.waitFor()
  const summaries = await attempts.locator('summary').allInnerTexts()
  expect(summaries).toEqual(['Wrong: it moves the leak wrong-copy-title.js', 'Wrong: it breaks the program wrong-null-report.js', 'Right too also-entry-factory.js'])
  await attempts.locator('summary', { hasText: 'wrong-null-report.js' }).click()
  const diff = attempts.getByRole('group', { name: 'What wrong-null-report.js changes in leaky.js' })
  expect(await diff.innerText()).toMatch(/added:\s*\d+\s*report = null/)
  await screenshot(page, 'behaviour-attempts')
  await attempts.getByRole('button', { name: 'Load it into the editor' }).first().click()
  await expect.poll(() => editorText(page)).toContain('report = null')
})
