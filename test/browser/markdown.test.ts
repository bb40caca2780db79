/**
 * Lesson text is Markdown that may one day come from outside the repository: rendered in Chromium by
 * the page's own renderer, nothing in it can run script, pose as the page's controls or open a link
 * that can drive the page.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { build, preview, type PreviewServer } from 'vite'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { launchChromium, type Chromium } from './chromium'

const root = fileURLToPath(new URL('../..', import.meta.url))
const harnessRoot = fileURLToPath(new URL('./markdown-harness/', import.meta.url))
let outDir: string
let server: PreviewServer
let browser: Chromium
let page: Page

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'leaklab-markdown-harness-'))
  await build({ configFile: join(root, 'vite.config.ts'), root: harnessRoot, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  server = await preview({ configFile: join(root, 'vite.config.ts'), root: harnessRoot, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } })
  browser = await launchChromium()
  page = await browser.context.newPage()
  await page.goto(`http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/`)
  await page.waitForFunction(() => typeof window.renderMarkdown === 'function')
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  if (outDir) await rm(outDir, { recursive: true, force: true })
})

/** Render, then put the HTML into the page as the guide does, and report whether any script ran. */
async function render(markdown: string): Promise<{ html: string; ran: boolean }> {
  return page.evaluate(async (text) => {
    const w = window as unknown as { pwned: boolean }
    w.pwned = false
    const html = window.renderMarkdown(text)
    const host = document.getElementById('app')!
    host.innerHTML = html
    await new Promise((resolve) => setTimeout(resolve, 50))
    host.querySelectorAll('a').forEach((a) => a.dispatchEvent(new MouseEvent('mouseover', { bubbles: true })))
    // Read through a fresh cast: the script under test may have set it since.
    return { html, ran: (window as unknown as { pwned: boolean }).pwned }
  }, markdown)
}

test('ordinary lesson Markdown renders: emphasis, code, lists, tables; links open apart from the page', async () => {
  const { html } = await render('**Run it.** `leakList.length = 0`\n\n- one\n- two\n\n```js\nconst a = 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[MDN](https://developer.mozilla.org/)')
  expect(html).toContain('<strong>Run it.</strong> <code>leakList.length = 0</code>')
  expect(html).toContain('<li>one</li>')
  expect(html).toContain('<pre><code class="language-js">const a = 1')
  expect(html).toContain('<td>1</td>')
  expect(html).toContain('<a href="https://developer.mozilla.org/" target="_blank" rel="noopener noreferrer">MDN</a>')
})

test.each([
  ['a script tag', '<script>window.pwned = true</script>'],
  ['an event handler', '<img src=x onerror="window.pwned = true">'],
  ['a handler on allowed markup', '<p onmouseover="window.pwned = true">text</p>'],
  ['a javascript: link', '[click](javascript:window.pwned=true)'],
  ['a javascript: link in HTML', '<a href="javascript:window.pwned=true">click</a>'],
  ['an iframe', '<iframe srcdoc="<script>parent.pwned = true</script>"></iframe>'],
  ['an SVG with script', '<svg><script>window.pwned = true</script></svg>'],
  ['a form posing as the page', '<form action="https://evil.example"><input name="code"><button>Run</button></form>'],
  ['a style that hides the page', '<style>body { display: none }</style><div style="position:fixed;inset:0">x</div>'],
])('%s is dropped', async (_name, markdown) => {
  const { html, ran } = await render(markdown)
  expect(ran).toBe(false)
  expect(html).not.toMatch(/<script|onerror|onmouseover|javascript:|<iframe|<form|<input|<button|<style|style=/i)
})
