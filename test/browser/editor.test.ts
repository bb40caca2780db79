/**
 * CodeEditor on its own (test/browser/editor-harness), with every prop set from the test: the page
 * does not feed it live-object counts or a line to highlight yet, and the harness can set any value.
 * Built with the project's Vite config, like the page, into a directory of its own.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { build, preview, type PreviewServer } from 'vite'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import type { LineCount } from '../../src/analysis/view-types'
import type { EditorMarker } from '../../src/app/editor/editor-data'
import { launchChromium, screenshot, type Chromium } from './chromium'
import { colours, contrast, editorInput, editorLines, lineBox, lineOf, setCode, waitForEditor } from './monaco'

interface Harness {
  getValue(): string
  setValue(value: string): void
  setMarkers(markers: EditorMarker[]): void
  setAlive(lines: LineCount[]): void
  setHighlight(line: number | null): void
  runs(): number
}

const root = fileURLToPath(new URL('../..', import.meta.url))
const harnessRoot = fileURLToPath(new URL('./editor-harness/', import.meta.url))

let outDir: string
let server: PreviewServer
let baseUrl: string
let browser: Chromium
let pageErrors: string[] = []

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'leaklab-editor-harness-'))
  await build({ configFile: join(root, 'vite.config.ts'), root: harnessRoot, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  server = await preview({
    configFile: join(root, 'vite.config.ts'),
    root: harnessRoot,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  })
  baseUrl = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/`
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  if (outDir) await rm(outDir, { recursive: true, force: true })
})

afterEach(() => {
  const errors = pageErrors
  pageErrors = []
  expect(errors).toEqual([])
})

async function openHarness(code: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text())
  })
  await page.emulateMedia({ colorScheme })
  await page.goto(baseUrl)
  await page.evaluate((value) => (window as unknown as { harness: Harness }).harness.setValue(value), code)
  await waitForEditor(page)
  const shown = code.split('\n').slice(0, 10)
  await expect.poll(async () => (await editorLines(page)).slice(0, shown.length)).toEqual(shown)
  return page
}

/** Call window.harness's `body`, such as `setHighlight(3)`, in the page. */
function call<T>(page: Page, body: string): Promise<T> {
  return page.evaluate(`window.harness.${body}`) as Promise<T>
}

const LEAKY = `const cache = []
function step(i) {
  cache.push({ i })
  cache.push(new Array(10))
}
`

test('live objects by line show after their lines, readable in the light and the dark theme', async () => {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await openHarness(LEAKY, scheme)
    await call(page, `setAlive(${JSON.stringify([
      { line: 3, count: 100_000, shallowBytes: 3_200_000 },
      { line: 4, count: 1, shallowBytes: 96 },
      // Past the program's end (it got shorter since the run): left out, not an error.
      { line: 40, count: 5, shallowBytes: 100 },
    ])})`)
    const hints = page.locator('.monaco-editor .leaklab-alive')
    // Monaco draws the spaces as U+00A0.
    const texts = async () => (await hints.allInnerTexts()).map((t) => t.replaceAll('\u00a0', ' '))
    await expect.poll(texts).toEqual(['×100,000 alive', '×1 alive'])
    expect(await lineOf(page, hints.nth(0))).toBe(3)
    expect(await lineOf(page, hints.nth(1))).toBe(4)
    // After the code, not over it.
    const code = (await page.locator('.monaco-editor .view-line').filter({ hasText: 'cache.push({ i })' }).locator('span span').first().boundingBox())!
    expect((await hints.nth(0).boundingBox())!.x).toBeGreaterThan(code.x + code.width)
    // The hint is not part of the program.
    expect(await call(page, 'getValue()')).toBe(LEAKY)

    const { text, background } = await colours(hints.nth(0))
    expect(contrast(text, background), `${scheme}: ${text} on ${background}`).toBeGreaterThanOrEqual(4.5)
    await screenshot(page, `editor-alive-${scheme}`)

    await call(page, 'setAlive([])')
    await expect.poll(() => hints.count()).toBe(0)
    await page.close()
  }
})

test('hovering a hint says what it counts', async () => {
  const page = await openHarness(LEAKY)
  await call(page, `setAlive([{ line: 3, count: 100000, shallowBytes: 3200000 }])`)
  await page.locator('.monaco-editor .leaklab-alive').hover()
  await expect
    .poll(() => page.locator('.monaco-hover:not(.hidden)').innerText(), { timeout: 10_000 })
    .toMatch(/100,000 objects allocated on this line are still alive at the end of the run, taking 3\.1 MiB/)
  await page.close()
})

test('highlightLine scrolls a far line into view and tints it; null clears it', async () => {
  const long = Array.from({ length: 120 }, (_, i) => `const v${i + 1} = ${i + 1}`).join('\n')
  const page = await openHarness(long)
  const highlighted = page.locator('.monaco-editor .leaklab-highlight-line')
  expect(await highlighted.count()).toBe(0)
  await expect.poll(() => page.locator('.monaco-editor .line-numbers').getByText('100', { exact: true }).count()).toBe(0)

  await call(page, 'setHighlight(100)')
  await expect.poll(() => highlighted.count()).toBe(1)
  await expect.poll(() => lineOf(page, highlighted)).toBe(100)
  // In view: the line lies inside the editor's box.
  const editor = (await page.locator('.monaco-editor').boundingBox())!
  const line = await lineBox(page, 100)
  expect(line.top).toBeGreaterThanOrEqual(editor.y)
  expect(line.bottom).toBeLessThanOrEqual(editor.y + editor.height)
  expect(await page.locator('.monaco-editor .leaklab-highlight-gutter').count()).toBe(1)
  await screenshot(page, 'editor-highlight-line')

  await call(page, 'setHighlight(null)')
  await expect.poll(() => highlighted.count()).toBe(0)
  await page.close()
})

test('markers: a column marks that spot, no column marks the line', async () => {
  const page = await openHarness('let total = 0\n    total = total + missing\n')
  await call(page, `setMarkers([{ line: 2, column: 21, message: 'ReferenceError: missing is not defined' }])`)
  const squiggles = page.locator('.monaco-editor .squiggly-error')
  await expect.poll(() => squiggles.count()).toBe(1)
  expect(await lineOf(page, squiggles.first())).toBe(2)
  // The word at column 21, `missing`: narrower than the line's code.
  const word = (await squiggles.first().boundingBox())!
  const lineCode = (await page.locator('.monaco-editor .view-line').nth(0).boundingBox())!
  expect(word.width).toBeLessThan(lineCode.width / 3)

  await call(page, `setMarkers([{ line: 2, message: 'somewhere on this line', severity: 'warning' }])`)
  const warnings = page.locator('.monaco-editor .squiggly-warning')
  await expect.poll(() => warnings.count()).toBe(1)
  expect(await squiggles.count()).toBe(0)
  // From the first non-blank character to the last: all of `total = total + missing`.
  const whole = (await warnings.first().boundingBox())!
  expect(whole.width).toBeGreaterThan(word.width * 3)
  await page.close()
})

test('the value binds both ways; a value set from outside is one edit that Ctrl+Z undoes', async () => {
  const page = await openHarness('first()')
  await editorInput(page).focus()
  await page.keyboard.press('End')
  await page.keyboard.type(' // typed')
  await expect.poll(() => call(page, 'getValue()')).toBe('first() // typed')

  await call(page, `setValue('second()')`)
  await expect.poll(() => editorLines(page)).toEqual(['second()'])
  await editorInput(page).focus()
  await page.keyboard.press('ControlOrMeta+Z')
  await expect.poll(() => editorLines(page)).toEqual(['first() // typed'])
  expect(await call(page, 'getValue()')).toBe('first() // typed')
  await page.close()
})

test('Ctrl+Enter calls onRun; the theme follows the colour scheme live', async () => {
  const page = await openHarness('run()')
  await editorInput(page).focus()
  await page.keyboard.press('ControlOrMeta+Enter')
  await expect.poll(() => call(page, 'runs()')).toBe(1)
  // Monaco draws what was typed on its next frame: read it once it is there.
  await expect.poll(() => editorLines(page)).toEqual(['run()'])

  const editor = page.locator('.monaco-editor')
  expect(await editor.getAttribute('class')).toMatch(/(^| )vs( |$)/)
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(() => editor.getAttribute('class')).toMatch(/(^| )vs-dark( |$)/)
  await page.close()
})

test('Tab indents; after Ctrl+M (Monaco\'s tab focus mode) Tab moves focus out of the editor', async () => {
  const page = await openHarness('x')
  const input = editorInput(page)
  await input.focus()
  await page.keyboard.press('Home')
  await page.keyboard.press('Tab')
  await expect.poll(() => editorLines(page)).toEqual(['  x'])
  expect(await input.evaluate((e) => e === document.activeElement)).toBe(true)

  // Chromium here runs on Linux, where the binding is Ctrl+M (Ctrl+Shift+M on a Mac).
  await page.keyboard.press('Control+M')
  await page.keyboard.press('Tab')
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('After the editor')
  // Monaco draws what was typed on its next frame: read it once it is there.
  await expect.poll(() => editorLines(page)).toEqual(['  x'])
  await page.close()
})

test('a whole program inserted at once is kept exactly', async () => {
  const page = await openHarness('')
  await setCode(page, LEAKY)
  expect(await call(page, 'getValue()')).toBe(LEAKY)
  await page.close()
})

test('when Monaco cannot load, a plain text box takes its place and still edits and runs the program', async () => {
  // Without openHarness's error listeners: the failed load is this test's premise.
  const page = await browser.context.newPage()
  // The editor's own chunk fails, as offline or behind a filter that blocks it.
  await page.route(/monaco-setup-[\w-]+\.js$/, (route) => route.abort())
  await page.goto(baseUrl)
  const box = page.getByRole('textbox', { name: 'Code editor' })
  await expect.poll(() => box.evaluate((e) => e.tagName)).toBe('TEXTAREA')
  await expect.poll(() => page.getByText('The code editor could not load').count()).toBe(1)
  await box.fill('plain()')
  expect(await call(page, 'getValue()')).toBe('plain()')
  await box.press('ControlOrMeta+Enter')
  expect(await call(page, 'runs()')).toBe(1)
  await screenshot(page, 'editor-fallback')
  await page.close()
})
