import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

/** No browser can be downloaded here; the system's Chromium is the one under test. */
export const CHROMIUM_PATH = '/usr/bin/chromium'

export const ARTIFACTS_DIR = fileURLToPath(new URL('../artifacts/', import.meta.url))

export interface Chromium {
  context: BrowserContext
  close(): Promise<void>
}

export interface LaunchOptions {
  /**
   * 'block' stands for a browser without service workers: LeakLab's would otherwise take the page over
   * and add the isolation headers a test has taken away (and Playwright's routes do not see what it serves).
   */
  serviceWorkers?: 'allow' | 'block'
}

/** A headless Chromium with a profile of its own, deleted on close, so runs never share state. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Chromium> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'leaklab-chromium-'))
  const context = await launchChromiumOn(userDataDir, options)
  return {
    context,
    async close() {
      await context.close()
      await rm(userDataDir, { recursive: true, force: true })
    },
  }
}

/** A headless Chromium on a profile directory the caller keeps (the bench's later visits reuse one). */
export function launchChromiumOn(userDataDir: string, options: LaunchOptions = {}): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install it with \`apt-get update && apt-get install -y chromium\``)
  }
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    viewport: { width: 1200, height: 1000 },
    serviceWorkers: options.serviceWorkers ?? 'allow',
  })
}

/** Save a full-page screenshot to test/artifacts/ (gitignored) for a human to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true })
  const path = join(ARTIFACTS_DIR, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}
