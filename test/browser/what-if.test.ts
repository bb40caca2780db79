/**
 * "What if this reference were gone?" in the page (issue 18): on the path to a leak suspect, ignoring
 * the obvious reference frees nothing and moves the path to the leak's second reference; ignoring that
 * one too frees the widgets; Restore puts the heap back. A reference clicked in the drawing is marked
 * there while its bar is open. Screenshot: test/artifacts/what-if-*.png.
 */
import { readFile } from 'node:fs/promises'
import type { Core } from 'cytoscape'
import type { Locator, Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { screenshot } from './chromium'
import { useLeakLabBrowser, waitForOutcome } from './leaklab-page'
import { setCode } from './monaco'

const PROGRAM = await readFile(new URL('../fixtures/two-retainers.js', import.meta.url), 'utf8')
const { openPage } = useLeakLabBrowser()

const graphPanel = (page: Page): Locator => page.getByRole('region', { name: 'Reference graph' })
const pathText = async (page: Page): Promise<string> =>
  ((await graphPanel(page).locator('p.path').innerText()) ?? '').replace(/\s+/g, ' ').replace(/^Path /, '')

async function ignoreStep(page: Page, stepText: RegExp): Promise<void> {
  const list = graphPanel(page).locator('details.path-list')
  if ((await list.getAttribute('open')) === null) await list.locator('summary').click()
  await list.getByRole('listitem').filter({ hasText: stepText }).getByRole('button', { name: 'Ignore this reference' }).click()
}

test('ignoring the obvious reference frees nothing and shows the second; ignoring both frees the widgets; Restore puts them back', { timeout: 90_000 }, async () => {
  const page = await openPage()
  await setCode(page, PROGRAM)
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/)
  await expect.poll(() => pathText(page)).toMatch(/^leakList\[0\]$/)

  // The list's root reference: leakList → Array.
  await ignoreStep(page, /Array \(array\)/)
  const whatIf = graphPanel(page).getByRole('group', { name: 'What if' })
  await expect.poll(() => whatIf.getByRole('status').innerText()).toBe('Nothing would be freed: the path below still holds the chosen objects.')
  await expect.poll(() => pathText(page)).toMatch(/^bus\._events\.tick → \(closure tick\)\.widgets\[0\]$/)
  await screenshot(page, 'what-if-second-reference')

  // And the listener's closure variable too: now nothing holds the list or its widgets.
  await ignoreStep(page, /\.widgets/)
  await expect.poll(() => whatIf.getByRole('status').innerText()).toMatch(/^Would free 101 objects, [\d.]+ KiB: Widget ×100, Array ×1\. The chosen objects would be freed: nothing else holds them\.$/)
  await screenshot(page, 'what-if-freed')

  await whatIf.getByRole('button', { name: 'Restore all' }).click()
  await expect.poll(() => whatIf.count()).toBe(0)
  await expect.poll(() => pathText(page)).toMatch(/^leakList\[0\]$/)
  await page.close()
})

/** The drawn edges marked as the chosen reference, by id. */
const chosenEdges = (canvas: Locator): Promise<string[]> =>
  canvas.evaluate((el) => (el as HTMLElement & { _cyreg: { cy: Core } })._cyreg.cy.edges('.chosen').map((e) => e.id()))

/** Clicks where Cytoscape draws the path's first reference (leakList → Array) until its bar opens; returns the edge's id. */
async function clickPathStart(page: Page, canvas: Locator, chosen: Locator): Promise<string> {
  let id = ''
  // Read again at each try: the view may still be fitting itself when the layout is first ready.
  await expect
    .poll(async () => {
      if ((await chosen.count()) === 0) {
        const at = await canvas.evaluate((el) => {
          const cy = (el as HTMLElement & { _cyreg: { cy: Core } })._cyreg.cy
          const edge = cy.edges().filter((e) => e.hasClass('on-path'))[0]
          const mid = edge.renderedMidpoint()
          const box = el.getBoundingClientRect()
          return { x: box.left + mid.x, y: box.top + mid.y, id: edge.id() }
        })
        id = at.id
        await page.mouse.click(at.x, at.y)
      }
      return (await chosen.count()) > 0 ? chosen.innerText() : ''
    })
    .toMatch(/^Reference\s+leakList → Array\s/)
  return id
}

test('a reference clicked in the drawing is marked there while its bar is open, and can be ignored too', { timeout: 90_000 }, async () => {
  const page = await openPage()
  await setCode(page, PROGRAM)
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/)
  const canvas = graphPanel(page).locator('.canvas[data-state="ready"]')
  await expect.poll(() => canvas.count()).toBe(1)
  await canvas.scrollIntoViewIfNeeded()
  const chosen = graphPanel(page).getByRole('group', { name: 'Chosen reference' })
  expect(await chosenEdges(canvas)).toEqual([])

  // Marked while the bar is open, drawn unlike the rest of the path (which is drawn in the accent).
  const edge = await clickPathStart(page, canvas, chosen)
  await expect.poll(() => chosenEdges(canvas)).toEqual([edge])
  const colours = await canvas.evaluate((el, id) => {
    const cy = (el as HTMLElement & { _cyreg: { cy: Core } })._cyreg.cy
    const path = cy.edges('.on-path').filter((e) => e.id() !== id)[0]
    return { chosen: cy.getElementById(id).style('line-color'), path: path.style('line-color') }
  }, edge)
  expect(colours.chosen).not.toBe(colours.path)
  await page.mouse.move(0, 0)
  await screenshot(page, 'what-if-edge-chosen')
  // Cancel closes the bar and clears the mark.
  await chosen.getByRole('button', { name: 'Cancel' }).click()
  await expect.poll(() => chosen.count()).toBe(0)
  expect(await chosenEdges(canvas)).toEqual([])

  // Chosen again and ignored: the bar closes, the graph changes, nothing is marked.
  expect(await clickPathStart(page, canvas, chosen)).toBe(edge)
  await expect.poll(() => chosenEdges(canvas)).toEqual([edge])
  await chosen.getByRole('button', { name: 'Ignore this reference' }).click()
  const whatIf = graphPanel(page).getByRole('group', { name: 'What if' })
  await expect.poll(() => whatIf.getByRole('status').innerText()).toBe('Nothing would be freed: the path below still holds the chosen objects.')
  await expect.poll(() => pathText(page)).toMatch(/^bus\._events\.tick → \(closure tick\)\.widgets\[0\]$/)
  await expect.poll(() => graphPanel(page).locator('.canvas[data-state="ready"]').count()).toBe(1)
  expect(await chosen.count()).toBe(0)
  expect(await chosenEdges(canvas)).toEqual([])
  await page.close()
})
