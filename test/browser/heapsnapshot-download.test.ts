/**
 * "Download .heapsnapshot" in the page: the heap on show, saved as the file `leaklab snapshot` writes,
 * for a JavaScript run and a Python run. Chrome DevTools' own heap snapshot code and memlab both load
 * it, and see the page's objects and references and the sample's leak.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, expect, inject, test } from 'vitest'
import { readWithDevTools, readWithMemlab } from '../heap/consumers'
import { screenshot } from './chromium'
import { useLeakLabBrowser, waitForOutcome } from './leaklab-page'

const baseUrl = inject('baseUrl')
const { openPage } = useLeakLabBrowser()
const dir = await mkdtemp(join(tmpdir(), 'leaklab-download-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Runs what is in the editor, saves the snapshot, and returns its path and the heap table's totals. */
async function runAndSave(page: Page, name: string, timeout = 30_000) {
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/, { timeout })
  const heap = page.getByRole('region', { name: 'Heap snapshot' })
  const totals = /([\d,]+) objects, ([\d,]+) references/.exec(await heap.locator('.totals').innerText())!
  const [download] = await Promise.all([page.waitForEvent('download'), heap.getByRole('button', { name: 'Download .heapsnapshot' }).click()])
  expect(download.suggestedFilename()).toBe('leaklab-step-100.heapsnapshot')
  const path = join(dir, name)
  await download.saveAs(path)
  await expect.poll(() => heap.getByRole('status').innerText()).toMatch(/^Saved leaklab-step-100\.heapsnapshot: open it in Chrome DevTools/)
  return { path, nodes: Number(totals[1].replace(/,/g, '')), edges: Number(totals[2].replace(/,/g, '')), heap }
}

async function dataHolders(path: string): Promise<number> {
  const { heap } = await readWithMemlab(path)
  let n = 0
  heap.nodes.forEach((node) => {
    if (node.name === 'DataHolder' && node.type === 'object') n++
  })
  return n
}

test('the JavaScript sample: the saved file loads in DevTools and memlab, with every object and reference the page counted', { timeout: 120_000 }, async () => {
  const page = await openPage()
  const saved = await runAndSave(page, 'js.heapsnapshot')
  const devtools = await readWithDevTools(saved.path)
  expect(devtools.nodeCount).toBe(saved.nodes)
  const { heap } = await readWithMemlab(saved.path)
  expect(heap.nodes.length).toBe(saved.nodes)
  expect(heap.edges.length).toBe(saved.edges)
  expect(await dataHolders(saved.path)).toBe(10_000)
  await saved.heap.scrollIntoViewIfNeeded()
  await screenshot(page, 'download-heapsnapshot')
  await page.close()
})

test("a Python run: the same file, with Python's objects", { timeout: 150_000 }, async () => {
  const page = await openPage()
  await page.getByRole('combobox', { name: 'Language' }).selectOption('python')
  const saved = await runAndSave(page, 'py.heapsnapshot', 90_000)
  const devtools = await readWithDevTools(saved.path)
  expect(devtools.nodeCount).toBe(saved.nodes)
  expect(await dataHolders(saved.path)).toBe(10_000)
  await page.close()
})
