/**
 * The panels demo page (panels-demo.html, real fixture runs), built for production like the page (so
 * the lazily loaded Cytoscape + ELK chunk is the one learners get) into a directory of its own: the
 * page's build input stays index.html alone. `usePanelsDemo` registers the suite's hooks: the build,
 * the server and Chromium around it, and a check after each test that the page reported no error.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { build, preview, type PreviewServer } from 'vite'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { launchChromium, type Chromium } from './chromium'

const root = fileURLToPath(new URL('../..', import.meta.url))

export interface PanelsDemo {
  /** A new tab on the demo page with `query`, once its heading is drawn; its errors are collected. */
  open(query?: string, colorScheme?: 'light' | 'dark'): Promise<Page>
  /** The demo page's address with `query`. */
  url(query?: string): string
  /** Counts as the page's error in the check after the test (for pages opened otherwise). */
  reportError(message: string): void
  /** The browser, for tests that need more than the demo page. */
  readonly browser: Chromium
}

export function usePanelsDemo(name: string): PanelsDemo {
  let outDir: string
  let server: PreviewServer
  let baseUrl: string
  let browser: Chromium
  let pageErrors: string[] = []

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), `leaklab-${name}-`))
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true, rolldownOptions: { input: { demo: join(root, 'panels-demo.html') } } } })
    server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } })
    baseUrl = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/panels-demo.html`
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

  return {
    async open(query = '', colorScheme = 'light') {
      const page = await browser.context.newPage()
      page.on('pageerror', (error) => pageErrors.push(error.message))
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text())
      })
      await page.emulateMedia({ colorScheme })
      await page.goto(`${baseUrl}${query}`)
      await page.getByRole('heading', { name: 'LeakLab panels' }).waitFor()
      return page
    },
    url: (query = '') => `${baseUrl}${query}`,
    reportError: (message) => void pageErrors.push(message),
    get browser() {
      return browser
    },
  }
}
