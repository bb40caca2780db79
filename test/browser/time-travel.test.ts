/**
 * The run through time in the page (issue 18): the chart's marks choose a kept snapshot, which the
 * heap table, the graph and the download then show; Compare lists what was added between two
 * snapshots; a reference ignored at that snapshot frees what it alone held. Screenshots:
 * test/artifacts/time-travel-*.png.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, expect, test } from 'vitest'
import { readWithMemlab } from '../heap/consumers'
import { screenshot } from './chromium'
import { useLeakLabBrowser, waitForOutcome } from './leaklab-page'
import { setCode } from './monaco'

// The what-if test's leak (one Widget a step, held by a list and by a listener's closure), with a
// labelled snapshot the program takes itself after ten steps.
const TWO_RETAINERS = await readFile(new URL('../fixtures/two-retainers.js', import.meta.url), 'utf8')
const PROGRAM = TWO_RETAINERS.replace('  leakList.push(new Widget(i))\n', "  leakList.push(new Widget(i))\n  if (i === 9) leaklab.snapshot('after ten')\n")
if (PROGRAM === TWO_RETAINERS) throw new Error('two-retainers.js changed: its step no longer pushes a Widget as this test expects')
const { openPage } = useLeakLabBrowser()
const dir = await mkdtemp(join(tmpdir(), 'leaklab-time-travel-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

const region = (page: Page, name: string): Locator => page.getByRole('region', { name })
const widgetCount = async (page: Page): Promise<string> => {
  const row = region(page, 'Heap snapshot').getByRole('row').filter({ hasText: /Widget/ }).filter({ hasNotText: /\bclass\b/ }).first()
  return (await row.innerText()).replace(/\s+/g, ' ')
}

test('choose a walk on the chart, compare two snapshots, ignore a reference there, and download that snapshot', { timeout: 120_000 }, async () => {
  const page = await openPage()
  await setCode(page, PROGRAM)
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/)

  // The marks: the growth walks, the program's own snapshot by its label, the end of the run chosen.
  const marks = page.getByRole('toolbar', { name: 'Snapshots the run kept' })
  await expect.poll(() => marks.getByRole('button').count()).toBe(6)
  await expect.poll(() => marks.getByRole('button', { name: 'Snapshot at step 100' }).getAttribute('aria-pressed')).toBe('true')
  expect(await marks.getByRole('button', { name: 'after ten' }).count()).toBe(1)

  // By keyboard: from the end, Home then Right reaches the program's own "after ten" (taken after step 9).
  await marks.getByRole('button', { name: 'Snapshot at step 100' }).focus()
  await page.keyboard.press('Home')
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('Enter')
  await expect.poll(() => region(page, 'Heap snapshot').getByRole('heading').innerText()).toBe('Heap snapshot: “after ten”')
  await expect.poll(() => widgetCount(page)).toMatch(/\b10\b/)

  // By mouse: step 25 (the walk after step 25 has 25 widgets).
  await marks.getByRole('button', { name: 'Snapshot at step 25' }).click()
  await expect.poll(() => region(page, 'Heap snapshot').getByRole('heading').innerText()).toBe('Heap snapshot: at step 25')
  await expect.poll(() => widgetCount(page)).toMatch(/\b25\b/)
  await screenshot(page, 'time-travel-step-25')

  // The graph at step 25: ignoring both references frees the 25 widgets and the list.
  const graph = region(page, 'Reference graph')
  await graph.locator('details.path-list summary').click()
  await graph.locator('details.path-list').getByRole('listitem').filter({ hasText: /Array \(array\)/ }).getByRole('button', { name: 'Ignore this reference' }).click()
  await graph.locator('details.path-list').getByRole('listitem').filter({ hasText: /\.widgets/ }).getByRole('button', { name: 'Ignore this reference' }).click()
  const whatIf = graph.getByRole('group', { name: 'What if' })
  await expect.poll(() => whatIf.getByRole('status').innerText()).toMatch(/^Would free 26 objects, [\d.]+ KiB: Widget ×25, Array ×1\./)

  // That snapshot, downloaded: memlab reads 25 widgets.
  const heap = region(page, 'Heap snapshot')
  const [download] = await Promise.all([page.waitForEvent('download'), heap.getByRole('button', { name: 'Download .heapsnapshot' }).click()])
  expect(download.suggestedFilename()).toBe('leaklab-step-25.heapsnapshot')
  const path = join(dir, 'step-25.heapsnapshot')
  await download.saveAs(path)
  const { heap: read } = await readWithMemlab(path)
  let widgets = 0
  read.nodes.forEach((node) => {
    if (node.name === 'Widget' && node.type === 'object') widgets++
  })
  expect(widgets).toBe(25)

  // Compare: the first walk with the end of the run, then with the program's own snapshot.
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  const compare = region(page, 'Compare snapshots')
  const widgetRow = () => compare.getByRole('row').filter({ hasText: /Widget/ }).first().innerText()
  await expect.poll(widgetRow).toMatch(/\+100\b/)
  await compare.getByRole('combobox', { name: 'Compare to (B)' }).selectOption({ label: 'after ten' })
  await expect.poll(widgetRow).toMatch(/\+10\b/)
  await expect.poll(() => compare.getByRole('status').innerText()).toMatch(/^From step 0 to after ten: 1[0-9] objects added/)
  await compare.scrollIntoViewIfNeeded()
  await screenshot(page, 'time-travel-compare')

  // Back to the end of the run.
  await heap.getByRole('button', { name: 'Back to the final heap' }).click()
  await expect.poll(() => heap.getByRole('heading').innerText()).toBe('Heap snapshot')
  await expect.poll(() => widgetCount(page)).toMatch(/\b100\b/)
  await page.close()
})

test('a Python run travels and compares the same way: its own leaklab.snapshot, in its own notation', { timeout: 150_000 }, async () => {
  const page = await openPage()
  await page.getByRole('combobox', { name: 'Language' }).selectOption('python')
  await setCode(
    page,
    `import leaklab

class Widget:
    pass

kept = []

def step(i):
    kept.append(Widget())
    if i == 9:
        leaklab.snapshot('after ten')
`,
  )
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/, { timeout: 90_000 })
  const marks = page.getByRole('toolbar', { name: 'Snapshots the run kept' })
  await marks.getByRole('button', { name: 'after ten' }).click()
  await expect.poll(() => region(page, 'Heap snapshot').getByRole('heading').innerText()).toBe('Heap snapshot: “after ten”')
  await expect.poll(() => widgetCount(page)).toMatch(/\b10\b/)
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  const compare = region(page, 'Compare snapshots')
  await compare.getByRole('combobox', { name: 'Compare to (B)' }).selectOption({ label: 'after ten' })
  const widgetRow = () => compare.getByRole('row').filter({ hasText: /Widget/ }).first().innerText()
  await expect.poll(widgetRow).toMatch(/\+10\b/)
  await expect.poll(widgetRow).toMatch(/kept\[0\]/)
  await compare.scrollIntoViewIfNeeded()
  await screenshot(page, 'time-travel-python')
  await page.close()
})

test('snapshots the run did not keep are named under the marks', { timeout: 60_000 }, async () => {
  const page = await openPage()
  await setCode(page, `for (let i = 0; i < 52; i++) leaklab.snapshot('s' + i)`)
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/)
  const marks = page.getByRole('toolbar', { name: 'Snapshots the run kept' })
  await expect.poll(() => marks.getByRole('button').count()).toBe(51)
  await expect.poll(() => region(page, 'Object counts').getByText(/^Not taken/).innerText()).toBe('Not taken, the program having taken 50 already: “s50”, “s51”.')
  await page.close()
})
