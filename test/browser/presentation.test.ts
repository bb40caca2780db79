/**
 * Presentation mode, in Chromium against the built page: the header's button and Alt+Shift+P (with
 * the focus in the code editor, which must not type anything) switch the page's and Monaco's type
 * to large and back; the choice outlives a reload; the embed has its own button. The panels drawn on
 * canvas (the object counts chart, the reference graph) grow their type with it, redrawn at the switch,
 * and the heap table keeps every column in view. Its contrast is axe's to check (axe.test.ts).
 * Screenshots: test/artifacts/presentation-*.png.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Core } from 'cytoscape'
import type { Locator, Page } from 'playwright-core'
import { expect, inject, test } from 'vitest'
import { ARTIFACTS_DIR, screenshot } from './chromium'
import { useLeakLabBrowser, waitForOutcome } from './leaklab-page'
import { editorInput, editorText, waitForEditor } from './monaco'

const baseUrl = inject('baseUrl')
const leaklab = useLeakLabBrowser()
const { openPage } = leaklab
const region = (page: Page, name: string): Locator => page.getByRole('region', { name })

/** The root's font size and the editor's, in px, as drawn. */
async function typeSizes(page: Page): Promise<{ page: number; editor: number }> {
  return page.evaluate(() => ({
    page: parseFloat(getComputedStyle(document.documentElement).fontSize),
    editor: parseFloat(getComputedStyle(document.querySelector('.monaco-editor .view-line')!).fontSize),
  }))
}

const pressed = (page: Page) => page.getByRole('button', { name: 'Presentation' }).getAttribute('aria-pressed')

test('the header button switches to large type, the editor too, and a reload keeps it', async () => {
  const page = await openPage()
  const button = page.getByRole('button', { name: 'Presentation' })
  expect(await button.getAttribute('aria-keyshortcuts')).toBe('Alt+Shift+P')
  expect(await pressed(page)).toBe('false')
  expect(await typeSizes(page)).toEqual({ page: 16, editor: 14 })

  await button.click()
  expect(await pressed(page)).toBe('true')
  await expect.poll(() => typeSizes(page)).toEqual({ page: 22, editor: 20 })
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/)
  await page.getByRole('region', { name: 'Leak suspects' }).getByRole('button', { name: /^DataHolder\b/ }).waitFor()
  await screenshot(page, 'presentation-light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await screenshot(page, 'presentation-dark')
  await page.emulateMedia({ colorScheme: 'light' })

  await page.reload()
  await page.getByRole('heading', { name: 'LeakLab' }).waitFor()
  await waitForEditor(page)
  expect(await pressed(page)).toBe('true')
  await expect.poll(() => typeSizes(page)).toEqual({ page: 22, editor: 20 })

  await page.getByRole('button', { name: 'Presentation' }).click()
  expect(await pressed(page)).toBe('false')
  await expect.poll(() => typeSizes(page)).toEqual({ page: 16, editor: 14 })
  await page.close()
})

test('Alt+Shift+P switches it with the focus in the code editor, and types nothing there', async () => {
  const page = await openPage()
  const before = await editorText(page)
  await editorInput(page).focus()
  await page.keyboard.press('Alt+Shift+KeyP')
  expect(await pressed(page)).toBe('true')
  await expect.poll(() => typeSizes(page)).toEqual({ page: 22, editor: 20 })
  // The focus stayed in the editor.
  expect(await page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null)).toBe(true)
  await page.keyboard.press('Alt+Shift+KeyP')
  expect(await pressed(page)).toBe('false')
  await expect.poll(() => typeSizes(page)).toEqual({ page: 16, editor: 14 })
  // Back in the same type, the same lines are drawn: neither keystroke typed anything.
  await expect.poll(() => editorText(page)).toBe(before)
  await page.close()
})

test('an embedded exercise has the switch too, beside Open in LeakLab, and it takes the key', async () => {
  const page = await openPage({ url: `${baseUrl}#scenario=growing-list&embed` })
  await page.setViewportSize({ width: 800, height: 600 })
  expect(await pressed(page)).toBe('false')
  await page.keyboard.press('Alt+Shift+KeyP')
  expect(await pressed(page)).toBe('true')
  await expect.poll(() => typeSizes(page)).toEqual({ page: 22, editor: 20 })
  await screenshot(page, 'presentation-embed')
  await page.close()
})

/**
 * The chart is a canvas: what its axes say, and in what font, is only known as it is drawn. Every
 * text uPlot draws is recorded with the font it was drawn in (the last drawing of each text wins).
 */
function recordChartText(): void {
  const fillText = CanvasRenderingContext2D.prototype.fillText
  const drawn = new Map<string, string>()
  ;(window as unknown as { chartText: Map<string, string> }).chartText = drawn
  CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number) {
    if (this.canvas.closest('.uplot')) drawn.set(text, this.font)
    return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth)
  }
}

/** The size in px of the font the chart last drew its y axis's title ("objects") in; null until it is drawn (again). */
function chartAxisFont(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    const font = (window as unknown as { chartText: Map<string, string> }).chartText.get('objects')
    return font ? parseFloat(/([\d.]+)px/.exec(font)![1]) : null
  })
}

/** Forgets what the chart drew, so the next reading is of its next drawing. */
const forgetChartText = (page: Page) => page.evaluate(() => (window as unknown as { chartText: Map<string, string> }).chartText.clear())

interface DrawnNode {
  /** The label's font size, in px. */
  fontSize: number
  width: number
  height: number
  labelWidth: number
  labelHeight: number
  /** The drawing's box's height, in CSS px. */
  box: number
}

/** The chosen objects' node as the graph draws it, once its layout is done; null before. */
function graphTarget(page: Page): Promise<DrawnNode | null> {
  return page.evaluate(() => {
    const el = document.querySelector<HTMLElement & { _cyreg?: { cy: Core } }>('.reference-graph .canvas[data-state="ready"]')
    const node = el?._cyreg?.cy.nodes('.role-target')[0]
    if (!el || !node) return null
    const label = node.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true })
    return { fontSize: parseFloat(node.style('font-size')), width: node.width(), height: node.height(), labelWidth: label.w, labelHeight: label.h, box: el.clientHeight }
  })
}

/** The chart, the graph and the heap table, each in test/artifacts/presentation-NAME-*.png. */
async function panelShots(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS_DIR, { recursive: true })
  for (const [panel, file] of [['Object counts', 'chart'], ['Reference graph', 'graph'], ['Heap snapshot', 'heap']]) {
    await region(page, panel).screenshot({ path: join(ARTIFACTS_DIR, `presentation-${name}-${file}.png`) })
  }
}

const slow = { timeout: 15_000 }

test('the chart and the graph draw their type larger in presentation mode, at the switch and after a run, and usual again after', { timeout: 90_000 }, async () => {
  // For every page of this file's browser from now on (the recording changes nothing drawn).
  await leaklab.browser.context.addInitScript(recordChartText)
  const page = await openPage()
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/)
  await expect.poll(() => graphTarget(page), slow).not.toBeNull()
  await expect.poll(() => chartAxisFont(page), slow).not.toBeNull()
  const usualAxis = (await chartAxisFont(page))!
  const usual = (await graphTarget(page))!
  expect(usualAxis).toBe(12)
  expect(usual.fontSize).toBe(12)
  await panelShots(page, 'off')

  // Switched on with the run on show: both are drawn again in the larger type, with no run or reload.
  await forgetChartText(page)
  await page.getByRole('button', { name: 'Presentation' }).click()
  await expect.poll(() => chartAxisFont(page), slow).toBeGreaterThan(usualAxis)
  await expect.poll(async () => (await graphTarget(page))?.fontSize, slow).toBeGreaterThan(usual.fontSize)
  const large = (await graphTarget(page))!
  // The node grows with its label, which still fits inside it; the drawing's box grows too.
  expect(large.width).toBeGreaterThan(usual.width)
  expect(large.height).toBeGreaterThan(usual.height)
  expect(large.labelWidth).toBeLessThan(large.width)
  expect(large.labelHeight).toBeLessThan(large.height)
  expect(large.box).toBeGreaterThan(usual.box)
  const largeAxis = (await chartAxisFont(page))!

  // A run in presentation mode draws them large from the start.
  await forgetChartText(page)
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/)
  await expect.poll(() => chartAxisFont(page), slow).toBe(largeAxis)
  await expect.poll(() => graphTarget(page), slow).toEqual(large)
  await panelShots(page, 'on')

  // Off again: the usual sizes, exactly.
  await forgetChartText(page)
  await page.getByRole('button', { name: 'Presentation' }).click()
  await expect.poll(() => chartAxisFont(page), slow).toBe(usualAxis)
  await expect.poll(() => graphTarget(page), slow).toEqual(usual)
  await page.close()
})

/** How far the heap table's box is from showing its last column: 0 when it is all in view. */
function heapTableCut(page: Page): Promise<number> {
  return region(page, 'Heap snapshot')
    .locator('.scroll')
    .evaluate((box) => {
      const last = [...box.querySelectorAll('thead th')].at(-1)!
      return Math.max(0, Math.round(last.getBoundingClientRect().right - box.getBoundingClientRect().right))
    })
}

test('in presentation mode the heap table shows every column at 1200 px, and at 1000 px scrolls to them with the names kept in view', { timeout: 90_000 }, async () => {
  const page = await openPage()
  await page.getByRole('button', { name: 'Presentation' }).click()
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/)
  const table = region(page, 'Heap snapshot').getByRole('table')
  await table.waitFor()
  expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(['Name', 'Count', 'Shallow', 'Retained▼'])
  expect(await heapTableCut(page)).toBe(0)

  // A 1024 px projector: the right column is too narrow for the four columns in large type.
  await page.setViewportSize({ width: 1000, height: 1000 })
  await expect.poll(() => heapTableCut(page)).toBeGreaterThan(0)
  const box = region(page, 'Heap snapshot').locator('.scroll')
  const nameLeft = () => table.getByRole('rowheader').first().evaluate((th) => Math.round(th.getBoundingClientRect().left))
  const before = await nameLeft()
  await box.evaluate((el) => el.scrollTo({ left: el.scrollWidth }))
  expect(await heapTableCut(page)).toBe(0)
  // The names stay where they were, so the sizes are still read against their rows.
  expect(await nameLeft()).toBe(before)
  await region(page, 'Heap snapshot').screenshot({ path: join(ARTIFACTS_DIR, 'presentation-1000-heap-scrolled.png') })
  await page.close()
})
