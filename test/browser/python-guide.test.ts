/**
 * Lessons and scenarios in Python, in Chromium: `#scenario=growing-list&lang=python` opens the
 * scenario's Python variant (its leaky program, checks and fix), the language switch moves between the
 * two languages' versions by their links, lesson 1 opens on its Python track, and an item not offered
 * in Python says so and opens in JavaScript. Screenshots: test/artifacts/pyg-*.png.
 */
import { readFile } from 'node:fs/promises'
import type { Locator, Page } from 'playwright-core'
import { expect, inject, test } from 'vitest'
import { screenshot } from './chromium'
import { useLeakLabBrowser, waitForOutcome } from './leaklab-page'
import { editorText } from './monaco'

const scenarioFile = (name: string) => readFile(new URL(`../../scenarios/01-growing-list/${name}`, import.meta.url), 'utf8')
const LEAKY_PY = await scenarioFile('leaky.py')
const FIXED_PY = await scenarioFile('fixed.py')
const LEAKY_JS = await scenarioFile('leaky.js')
/** The first run loads CPython (13 MB, a cold start and a snapshot) on two busy cores. */
const FIRST_RUN = { timeout: 90_000 }

const baseUrl = inject('baseUrl')
const { openPage } = useLeakLabBrowser()

function guide(page: Page, title: string): Locator {
  return page.getByRole('region', { name: title })
}

async function verdict(page: Page, title: string): Promise<string> {
  return ((await guide(page, title).getByRole('status').innerText()) ?? '').replace(/\s+/g, ' ').trim()
}

async function runAndJudge(page: Page, title: string, timeout = 30_000): Promise<string> {
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/, { timeout })
  await expect.poll(() => verdict(page, title), { timeout: 15_000 }).toMatch(/^(✓|Not yet)/)
  return verdict(page, title)
}

test('#scenario=growing-list&lang=python opens the Python version: the leak found, the fix passing, and the switch back to JavaScript by link', { timeout: 180_000 }, async () => {
  const title = 'A list that only grows'
  const page = await openPage({ url: `${baseUrl}#scenario=growing-list&lang=python` })
  await expect.poll(() => editorText(page)).toBe(LEAKY_PY)
  const language = page.getByRole('combobox', { name: 'Language' })
  expect(await language.inputValue()).toBe('python')

  expect(await runAndJudge(page, title, FIRST_RUN.timeout)).toMatch(/^Not yet/)
  const suspects = ((await page.getByRole('region', { name: 'Leak suspects' }).textContent()) ?? '').replace(/\s+/g, ' ')
  expect(suspects).toMatch(/DataHolder/)
  expect(suspects).toMatch(/leak_list\[\d+\]/)
  await screenshot(page, 'pyg-scenario-leaky')

  await guide(page, title).getByRole('button', { name: 'Show the fix' }).click()
  await expect.poll(() => editorText(page)).toBe(FIXED_PY)
  expect(await runAndJudge(page, title)).toMatch(/^✓/)
  // The wrong fixes shown after solving are JavaScript programs: not offered to a Python learner.
  expect(await page.getByText('Why didn’t this work?').count()).toBe(0)
  await screenshot(page, 'pyg-scenario-solved')

  // The switch opens the JavaScript version by its link, with its own progress: not solved there.
  await language.selectOption('javascript')
  await expect.poll(() => new URL(page.url()).hash).toBe('#scenario=growing-list')
  await expect.poll(() => editorText(page)).toBe(LEAKY_JS)
  // And back: the Python version kept the learner's code and the solve.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('python')
  await expect.poll(() => new URL(page.url()).hash).toBe('#scenario=growing-list&lang=python')
  await expect.poll(() => editorText(page)).toBe(FIXED_PY)
  await page.close()
})

test('#lesson=seed-article&lang=python opens lesson 1 on its Python track, judged as Python', { timeout: 150_000 }, async () => {
  const title = 'Memory leaks, from Python to JavaScript'
  const starter = await readFile(new URL('../../lessons/01-seed-article/01-outbox.py', import.meta.url), 'utf8')
  const page = await openPage({ url: `${baseUrl}#lesson=seed-article&lang=python` })
  await expect.poll(() => guide(page, title).getByRole('heading', { level: 3 }).innerText()).toBe('A list that only grows')
  await expect.poll(() => editorText(page)).toBe(starter)
  expect(await runAndJudge(page, title, FIRST_RUN.timeout)).toBe('✓ Checkpoint passed: go on to the next step.')
  expect(((await page.getByRole('region', { name: 'Leak suspects' }).textContent()) ?? '').replace(/\s+/g, ' ')).toMatch(/Email.*outbox\[\d+\]/)
  await screenshot(page, 'pyg-lesson-step1')
  await page.close()
})

test('a scenario not offered in Python says so and opens in JavaScript', async () => {
  const page = await openPage({ url: `${baseUrl}#scenario=accidental-global&lang=python` })
  await expect.poll(() => page.getByRole('alert').filter({ hasText: 'not offered' }).innerText()).toContain('This scenario is not offered in Python yet, so it opened in JavaScript.')
  const leaky = await readFile(new URL('../../scenarios/04-accidental-global/leaky.js', import.meta.url), 'utf8')
  // The editor draws the lines in view: the program's opening is enough to know it.
  await expect.poll(() => editorText(page)).toContain(leaky.split('\n').slice(0, 12).join('\n'))
  // One language only: nothing to choose.
  expect(await page.getByRole('combobox', { name: 'Language' }).count()).toBe(0)
  await page.close()
})

test("the reference-cycle scenario's fix in Python: the count climbs with cycles CPython has not collected yet, and the page says they are garbage, not a leak", { timeout: 150_000 }, async () => {
  const title = 'Cycles that a root still reaches'
  const page = await openPage({ url: `${baseUrl}#scenario=reference-cycles&lang=python` })
  await guide(page, title).getByRole('button', { name: 'Show the fix' }).click()
  // The editor shows only its first lines, the same in both programs: the verdict tells the fix ran.
  await expect.poll(() => editorText(page)).toMatch(/^# An outline editor/)
  expect(await runAndJudge(page, title, FIRST_RUN.timeout)).toMatch(/^✓/)
  const result = page.getByRole('region', { name: 'Result' })
  const text = ((await result.textContent()) ?? '').replace(/\s+/g, ' ')
  // 100 steps of 21 nodes and their 21 children lists: all garbage at the last walk, freed by teardown's gc.collect().
  expect(text).toMatch(/Objects in memory/)
  expect(text).toMatch(/Waiting for the collector 4,200 of the [\d,]+ objects at step 100 were garbage/)
  expect(await result.getByRole('img').getAttribute('aria-label')).toMatch(/at step 100, 4,200 of them were garbage waiting for the collector/)
  // The chart draws the objects still reachable beside the total, and its description says why they differ.
  const counts = ((await page.getByRole('region', { name: 'Object counts' }).textContent()) ?? '').replace(/\s+/g, ' ')
  expect(counts).toMatch(/reachable \(garbage left out\)/)
  expect(counts).toMatch(/Of the [\d,]+ at step 100, 4,200 were garbage waiting for the collector/)
  await screenshot(page, 'pyg-cycles-chart')
  await result.scrollIntoViewIfNeeded()
  await screenshot(page, 'pyg-cycles-waiting')
  await page.close()
})
