/**
 * No keystroke lost (issue 19, item 5): the autosave waits a moment after the last change, and also
 * saves at once when the page is hidden or left, so a reload right after typing finds the code.
 */
import { expect, test } from 'vitest'
import { useLeakLabBrowser } from './leaklab-page'
import { editorInput, editorLines, waitForEditor } from './monaco'

const { openPage } = useLeakLabBrowser()

test('type a line, reload at once: the line is there', { timeout: 60_000 }, async () => {
  const page = await openPage()
  await waitForEditor(page)
  await editorInput(page).focus()
  await page.keyboard.press('ControlOrMeta+Home')
  await page.keyboard.type('// typed just before the reload\n')
  await expect.poll(async () => (await editorLines(page))[0]).toBe('// typed just before the reload')
  // No wait: the save is still in its 300 ms delay when the page goes.
  await page.reload()
  await waitForEditor(page)
  await expect.poll(async () => (await editorLines(page))[0]).toBe('// typed just before the reload')
  await page.close()
})
