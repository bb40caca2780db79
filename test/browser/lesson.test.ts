/**
 * Lesson 1 walked from start to finish as a learner does it, in Chromium against the built page:
 * each step's program runs, a starter that should fail says why in words and earns a hint, the
 * solution passes, Next moves on, and a reload comes back to the same step with the same code.
 */
import type { Locator, Page } from 'playwright-core'
import { expect, inject, test } from 'vitest'
import { screenshot } from './chromium'
import { useLeakLabBrowser, waitForOutcome } from './leaklab-page'
import { editorText, waitForEditor } from './monaco'

const baseUrl = inject('baseUrl')
const { openPage } = useLeakLabBrowser()
function guide(page: Page): Locator {
  return page.getByRole('region', { name: 'Memory leaks, from Python to JavaScript' })
}

async function checkpoint(page: Page): Promise<string> {
  return ((await guide(page).getByRole('status').innerText()) ?? '').replace(/\s+/g, ' ').trim()
}

async function run(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/, { timeout: 30_000 })
  await expect.poll(() => checkpoint(page), { timeout: 15_000 }).toMatch(/^(✓ Checkpoint passed|Not yet)/)
  return checkpoint(page)
}

test('lesson 1, from the first step to the last: run, fail, hint, solution, pass, next; a reload keeps the place', async () => {
  const page = await openPage({ url: `${baseUrl}#lesson=seed-article` })
  await expect.poll(() => guide(page).getByRole('heading', { level: 3 }).innerText()).toBe('A list that only grows')
  expect(await guide(page).innerText()).toContain('Step 1 of 7')
  expect(await editorText(page)).toContain('outbox.push(new Email(i * 100 + k))')
  await screenshot(page, 'l1-step1')

  // 1: run it and see the suspect.
  expect(await run(page)).toBe('✓ Checkpoint passed: go on to the next step.')
  await guide(page).getByRole('button', { name: 'Next' }).click()

  // 2: tracemalloc's statistics by line.
  await expect.poll(() => guide(page).getByRole('heading', { level: 3 }).innerText()).toBe('Which line? Ask tracemalloc')
  expect(await run(page)).toMatch(/^✓ Checkpoint passed/)
  expect(await page.getByRole('region', { name: 'Console' }).innerText()).toMatch(/main\.js:\d+: size=[\d.]+ KiB, count=10000, average=80 B/)
  await guide(page).getByRole('button', { name: 'Next' }).click()

  // 3: the learner's code is kept; running it unchanged fails the checkpoint, in words, and earns a hint.
  await expect.poll(() => guide(page).getByRole('heading', { level: 3 }).innerText()).toBe('Clear the list')
  expect(await editorText(page)).toContain('tracemalloc.start()')
  const hint = guide(page).getByRole('button', { name: /^Show a hint/ })
  expect(await hint.isDisabled()).toBe(true)
  expect(await run(page)).toMatch(/^Not yet\.\s+Something still grows with every step\.\s+1 group still grew with the steps, first Email \(line \d+\) by 100 a step/)
  await screenshot(page, 'l1-step3-not-yet')
  await hint.click()
  expect(await guide(page).getByRole('list', { name: 'Hints' }).innerText()).toContain('outbox still refers to them')
  expect(await hint.isDisabled()).toBe(true)
  await guide(page).getByRole('button', { name: 'Show the solution' }).click()
  await expect.poll(() => editorText(page)).toContain('outbox.length = 0')
  expect(await run(page)).toMatch(/^✓ Checkpoint passed/)
  await screenshot(page, 'l1-step3-passed')

  // A reload comes back to step 3, with the solution the learner loaded.
  await page.reload()
  await waitForEditor(page)
  await expect.poll(() => guide(page).getByRole('heading', { level: 3 }).innerText()).toBe('Clear the list')
  await expect.poll(() => editorText(page)).toContain('outbox.length = 0')
  expect(await guide(page).getByRole('button', { name: 'Step 3: Clear the list (passed)' }).count()).toBe(1)
  await guide(page).getByRole('button', { name: 'Next' }).click()

  // 4: cycles, collected; finalizers run.
  await expect.poll(() => guide(page).getByRole('heading', { level: 3 }).innerText()).toBe('Cycles are not leaks')
  expect(await run(page)).toMatch(/^✓ Checkpoint passed/)
  expect(await page.getByRole('region', { name: 'Console' }).innerText()).toMatch(/gc\.collect\(\) freed 200 objects[\s\S]*finalizers run: 100/)
  await guide(page).getByRole('button', { name: 'Next' }).click()

  // 5 and 6: each starter fails, each solution passes.
  for (const [title, why] of [
    ['A cycle that is still referenced', /^Not yet\. The pairs still pile up/],
    ['Memory the heap cannot see', /^Not yet\.\s+The library still holds the pixels of images nobody can reach\.\s+[\d.]+ MiB of native memory still held after the run, in 100 blocks/],
  ] as const) {
    await expect.poll(() => guide(page).getByRole('heading', { level: 3 }).innerText()).toBe(title)
    expect(await run(page)).toMatch(why)
    await guide(page).getByRole('button', { name: 'Show the solution' }).click()
    expect(await run(page)).toMatch(/^✓ Checkpoint passed/)
    await guide(page).getByRole('button', { name: 'Next' }).click()
  }

  // 7: the summary; every step with a checkpoint is marked passed.
  await expect.poll(() => guide(page).getByRole('heading', { level: 3 }).innerText()).toBe('What you have learned')
  const steps = await guide(page).getByRole('navigation', { name: 'Steps of the lesson' }).getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')))
  expect(steps.filter((label) => label?.endsWith('(passed)'))).toHaveLength(6)
  expect(await guide(page).getByRole('button', { name: 'Next' }).isDisabled()).toBe(true)
  await screenshot(page, 'l1-finished')
  await page.close()
})

test('an unknown lesson says so and opens the playground', async () => {
  const page = await openPage({ url: `${baseUrl}#lesson=no-such-lesson` })
  await expect.poll(() => page.getByRole('alert').filter({ hasText: 'There is no lesson' }).innerText()).toContain('There is no lesson called “no-such-lesson” here')
  expect(await page.getByRole('button', { name: 'Run', exact: true }).count()).toBe(1)
  await page.close()
})

test('on a wide screen the guide scrolls in its own column, and a run brings its verdict into view there, not the page', async () => {
  const page = await openPage({ url: `${baseUrl}#lesson=retainers` })
  await page.setViewportSize({ width: 1600, height: 800 })
  const guide = page.getByRole('region', { name: 'Reading a retainer path and retained size' })
  await expect.poll(() => guide.getByRole('heading', { level: 3 }).innerText()).toBe('Shallow size and retained size')
  const status = guide.getByRole('status')
  const inView = () => status.evaluate((box) => {
    let column = box.parentElement!
    while (getComputedStyle(column).overflowY !== 'auto') column = column.parentElement!
    const a = box.getBoundingClientRect()
    const b = column.getBoundingClientRect()
    return column.scrollHeight > column.clientHeight && a.top >= b.top && a.top < b.bottom
  })
  expect(await inView()).toBe(false)
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(/Checkpoint passed/)
  await expect.poll(inView).toBe(true)
  expect(await page.evaluate(() => window.scrollY)).toBe(0)
  await page.close()
})

test("a run with other settings than the step's is not judged, and one click puts the step's back", async () => {
  const page = await openPage({ url: `${baseUrl}#scenario=growing-list` })
  const status = page.getByRole('status').filter({ hasText: /Checkpoint/ })
  await expect.poll(() => status.innerText()).toMatch(/run the program to check it/)
  const steps = page.getByRole('spinbutton', { name: 'Steps' })
  await steps.fill('40')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  const guide = page.getByRole('region', { name: 'A list that only grows' })
  await expect.poll(() => guide.getByRole('status').innerText(), { timeout: 30_000 }).toMatch(/judged on runs of 100 steps over 60 s of simulated time, the settings it was written for\. This run had 40 steps over 60 s/)
  expect(await guide.getByRole('button', { name: /^Show a hint/ }).isDisabled()).toBe(true)
  await guide.getByRole('button', { name: 'Set 100 steps, 60 s' }).click()
  expect(await steps.inputValue()).toBe('100')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect.poll(() => guide.getByRole('status').innerText(), { timeout: 30_000 }).toMatch(/^Not yet/)
  await page.close()
})
