/**
 * Presentation mode, in Chromium against the built page: the header's button and Alt+Shift+P (with
 * the focus in the code editor, which must not type anything) switch the page's and Monaco's type
 * to large and back; the choice outlives a reload; the embed has its own button. Its contrast is
 * axe's to check (axe.test.ts). Screenshots: test/artifacts/presentation-*.png.
 */
import type { Page } from 'playwright-core'
import { expect, inject, test } from 'vitest'
import { screenshot } from './chromium'
import { useLeakLabBrowser, waitForOutcome } from './leaklab-page'
import { editorInput, editorText, waitForEditor } from './monaco'

const baseUrl = inject('baseUrl')
const { openPage } = useLeakLabBrowser()

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
