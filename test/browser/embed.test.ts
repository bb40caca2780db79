/**
 * An exercise embedded in a course page, as a teacher would put it there: the course page is served
 * here by a small HTTP server of its own, not cross-origin isolated, and holds LeakLab's
 * `#scenario=…&embed` link in an 800×600 iframe. Inside the frame the learner has the task, the
 * editor, Run and the verdict, and of the analysis panels only those the checks are read from; runs
 * the scenario there, fails and passes it. Then a frame 380 px wide, a lesson's steps and the way
 * out to the full page, and Python without cross-origin isolation. Screenshots: test/artifacts/embed-*.png.
 *
 * The course page is on `localhost` (another site than LeakLab's `127.0.0.1`, as a real course page
 * is) or on `127.0.0.1` at another port (the same site: a course hosted beside LeakLab). Both are
 * loopback addresses: Chromium refuses a public page's frame of a local one.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Frame, FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { screenshot } from './chromium'
import { useLeakLabBrowser } from './leaklab-page'

const baseUrl = inject('baseUrl')
const lab = useLeakLabBrowser()

/** The course page: some text and the iframe as the README tells a teacher to write it. */
function coursePage(link: string, width: number, height: number): string {
  const attr = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Week 3: memory leaks</title>
<style>body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem; color: #222; } iframe { border: 1px solid #bbb; border-radius: 6px; }</style>
</head><body>
<h1>Week 3: memory leaks</h1>
<p>Fix the leak below until the check passes.</p>
<iframe title="LeakLab exercise" src="${attr(link)}" width="${width}" height="${height}" loading="lazy"></iframe>
<p>When it passes, read on.</p>
</body></html>`
}

let server: Server
let coursePort = 0
beforeAll(async () => {
  // /week-3?src=LINK&width=W&height=H: the course page around LINK.
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://course')
    const link = url.searchParams.get('src') ?? ''
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    response.end(coursePage(link, Number(url.searchParams.get('width') ?? 800), Number(url.searchParams.get('height') ?? 600)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  coursePort = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const pageErrors: string[] = []

/**
 * A tab on the course page (`site`: another site than LeakLab's, or the same one), with the frame loaded.
 */
async function openCourse(link: string, { site = 'other' as 'other' | 'same' } = {}): Promise<{ page: Page; frame: FrameLocator }> {
  const page = await lab.browser.context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text())
  })
  await page.setViewportSize({ width: 1200, height: 800 })
  await page.emulateMedia({ colorScheme: 'light' })
  const host = site === 'other' ? 'localhost' : '127.0.0.1'
  await page.goto(`http://${host}:${coursePort}/week-3?src=${encodeURIComponent(link)}`)
  const frame = page.frameLocator('iframe[title="LeakLab exercise"]')
  await frame.getByRole('button', { name: 'Run', exact: true }).waitFor({ timeout: 20_000 })
  await frame.locator('.monaco-editor .view-line').first().waitFor({ timeout: 20_000 })
  return { page, frame }
}

/** The frame's document, for what only script can read (its scroll size, its isolation). */
function leaklabFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f.url().startsWith(baseUrl))
  if (!frame) throw new Error(`no frame of ${baseUrl} in ${page.url()}`)
  return frame
}

async function verdict(frame: FrameLocator, guideTitle: string): Promise<string> {
  return ((await frame.getByRole('region', { name: guideTitle }).getByRole('status').innerText()) ?? '').replace(/\s+/g, ' ').trim()
}

async function runAndJudge(frame: FrameLocator, guideTitle: string, timeout = 30_000): Promise<string> {
  await frame.getByRole('button', { name: 'Run', exact: true }).click()
  await expect.poll(() => verdict(frame, guideTitle), { timeout }).toMatch(/^(✓ Checkpoint passed|Not yet|Not judged)/)
  return verdict(frame, guideTitle)
}

/** Which of the page's regions the frame shows, by name. */
async function regions(frame: FrameLocator): Promise<string[]> {
  return frame.locator('main').evaluate((main) =>
    [...main.querySelectorAll('section')].map((s) => s.getAttribute('aria-label') ?? (s.getAttribute('aria-labelledby') ? document.getElementById(s.getAttribute('aria-labelledby')!)?.textContent?.trim() : null) ?? '').filter(Boolean),
  )
}

/** How far the frame's document overflows its viewport, each way (0 when it fits). */
async function overflow(page: Page): Promise<{ x: number; y: number }> {
  return leaklabFrame(page).evaluate(() => {
    const root = document.documentElement
    return { x: root.scrollWidth - root.clientWidth, y: root.scrollHeight - root.clientHeight }
  })
}

test('a scenario embedded in a course page: the exercise alone, run, failed, fixed and passed inside the frame', async () => {
  const link = `${baseUrl}#scenario=growing-list&embed`
  const { page, frame } = await openCourse(link)
  const title = 'A list that only grows'
  const guide = frame.getByRole('region', { name: title })
  await guide.waitFor()
  // Not isolated: the course page is not, so neither is the frame.
  expect(await leaklabFrame(page).evaluate(() => crossOriginIsolated)).toBe(false)

  // What an exercise needs: the task, the editor, Run, Stop and Reset, the verdict, and the panels its
  // checks (no suspects, DataHolder live at most 100, a verifier) are read from.
  expect(await guide.innerText()).toContain('Every step appends 100 DataHolder objects')
  await frame.getByRole('textbox', { name: 'Code editor' }).waitFor({ state: 'attached' })
  const toolbar = frame.getByRole('toolbar', { name: 'Run controls' })
  expect(await toolbar.getByRole('button').allInnerTexts()).toEqual(['Run', 'Stop', 'Reset'])
  expect(await regions(frame)).toEqual([title, 'Program', 'Console', 'Result', 'Leak suspects', 'Reference graph', 'Heap snapshot'])
  // And nothing that leads away or belongs to the playground.
  expect(await frame.getByText('Lessons and scenarios').count()).toBe(0)
  expect(await frame.getByRole('button', { name: 'Share' }).count()).toBe(0)
  expect(await frame.getByRole('link', { name: 'Playground' }).count()).toBe(0)
  expect(await frame.getByRole('spinbutton').count()).toBe(0)
  // The scenario has a Python version: the language is the one choice left.
  expect(await frame.getByRole('combobox', { name: 'Language' }).count()).toBe(1)
  expect(await frame.getByRole('region', { name: 'Object counts' }).count()).toBe(0)
  // The way out: the same exercise on the full page, in a new tab.
  const open = frame.getByRole('link', { name: /^Open in LeakLab/ })
  expect(await open.getAttribute('href')).toBe(`${baseUrl}#scenario=growing-list`)
  expect(await open.getAttribute('target')).toBe('_blank')
  // And presentation mode's switch, beside it.
  expect(await frame.getByRole('button', { name: 'Presentation' }).getAttribute('aria-pressed')).toBe('false')
  // Sized for the frame: the frame itself never scrolls; its columns do.
  expect(await overflow(page)).toEqual({ x: 0, y: 0 })

  expect(await runAndJudge(frame, title)).toMatch(/^Not yet\.\s*Something still grows with every step\./)
  await frame.getByRole('region', { name: 'Leak suspects' }).getByRole('button', { name: /^DataHolder\b/ }).waitFor()
  await frame.getByRole('region', { name: 'Reference graph' }).locator('[data-state="ready"]').waitFor({ timeout: 20_000 })
  expect(await frame.getByRole('region', { name: 'Heap snapshot' }).getByRole('table').count()).toBe(1)
  expect(await overflow(page)).toEqual({ x: 0, y: 0 })
  await screenshot(page, 'embed-scenario-failed')

  await guide.getByRole('button', { name: 'Show the fix' }).click()
  expect(await runAndJudge(frame, title)).toMatch(/^✓ Checkpoint passed/)
  expect(await overflow(page)).toEqual({ x: 0, y: 0 })
  await screenshot(page, 'embed-scenario-passed')

  // Storage in another site's frame is the browser's call: partitioned (kept per course site) or refused
  // (this Chromium refuses it). Kept, a reload finds the fix; refused, the frame says so under the editor.
  const stores = await leaklabFrame(page).evaluate(() => {
    try {
      localStorage.getItem('x')
      return true
    } catch {
      return false
    }
  })
  if (stores) {
    await page.reload()
    await frame.locator('.monaco-editor .view-line').first().waitFor({ timeout: 20_000 })
    await expect.poll(() => frame.locator('.monaco-editor .view-lines').innerText()).toContain('leakList.length')
  } else {
    expect(await frame.getByRole('region', { name: 'Program' }).innerText()).toContain('This browser keeps nothing for this frame, so your code is not saved')
  }

  // A phone-sized frame: one column, which the frame scrolls, and nothing wider than it.
  await page.locator('iframe').evaluate((iframe: HTMLIFrameElement) => {
    iframe.width = '380'
    iframe.height = '640'
  })
  await expect.poll(() => leaklabFrame(page).evaluate(() => innerWidth)).toBe(380)
  expect((await overflow(page)).x).toBe(0)
  // The guide above the editor; a long text scrolls in its own box, so the editor is near.
  const column = frame.locator('.guide-column')
  const [guideBox, editorBox] = await Promise.all([column.boundingBox(), frame.getByRole('region', { name: 'Program' }).boundingBox()])
  expect(editorBox!.y).toBeGreaterThan(guideBox!.y + guideBox!.height - 1)
  expect(guideBox!.height).toBeLessThanOrEqual(640 * 0.55 + 1)
  expect(await column.evaluate((box) => box.scrollHeight > box.clientHeight)).toBe(true)
  await screenshot(page, 'embed-scenario-narrow')
  // Further down the frame: the editor, then the panels.
  await frame.getByRole('region', { name: 'Program' }).scrollIntoViewIfNeeded()
  await screenshot(page, 'embed-scenario-narrow-editor')
  await frame.getByRole('region', { name: 'Leak suspects' }).scrollIntoViewIfNeeded()
  await screenshot(page, 'embed-scenario-narrow-panels')
  await page.close()
  expect(pageErrors).toEqual([])
})

test('a lesson embedded: its steps, each step with the panels of its own checkpoint, and its checkpoint reached', async () => {
  // A course beside LeakLab, on its site: the frame's storage is the full page's.
  const { page, frame } = await openCourse(`${baseUrl}#lesson=seed-article&embed`, { site: 'same' })
  const title = 'Memory leaks, from Python to JavaScript'
  const guide = frame.getByRole('region', { name: title })
  await expect.poll(() => guide.getByRole('heading', { level: 3 }).innerText()).toBe('A list that only grows')
  expect(await guide.getByRole('navigation', { name: 'Steps of the lesson' }).getByRole('button').count()).toBe(7)
  // Step 1's checkpoint (Email is a leak suspect) is read from the suspects, and its text sends the
  // learner to the chart too ("The *Object counts* chart climbs by 100 a step").
  expect(await regions(frame)).toEqual([title, 'Program', 'Console', 'Result', 'Leak suspects', 'Object counts', 'Reference graph'])
  expect(await runAndJudge(frame, title)).toBe('✓ Checkpoint passed: go on to the next step.')
  expect(await overflow(page)).toEqual({ x: 0, y: 0 })
  await screenshot(page, 'embed-lesson-step1')

  // Step 2 is judged on what the program prints (the Console); its text names the chart's Compare and the graph.
  await guide.getByRole('button', { name: 'Next' }).click()
  await expect.poll(() => guide.getByRole('heading', { level: 3 }).innerText()).toBe('Which line? Ask tracemalloc')
  expect(await regions(frame)).toEqual([title, 'Program', 'Console', 'Result', 'Object counts', 'Reference graph'])

  // Out of the frame: the full page, in a new tab, on the same step, with step 1 passed (shared progress).
  const [full] = await Promise.all([page.context().waitForEvent('page'), frame.getByRole('link', { name: /^Open in LeakLab/ }).click()])
  full.on('pageerror', (error) => pageErrors.push(error.message))
  await full.waitForURL(`${baseUrl}#lesson=seed-article`)
  const fullGuide = full.getByRole('region', { name: title })
  await expect.poll(() => fullGuide.getByRole('heading', { level: 3 }).innerText()).toBe('Which line? Ask tracemalloc')
  expect(await fullGuide.getByRole('button', { name: /^Step 1: .*\(passed\)$/ }).count()).toBe(1)
  expect(await full.getByText('Lessons and scenarios').count()).toBe(1)
  await full.close()
  await page.close()
  expect(pageErrors).toEqual([])
})

test('Python in an embedded scenario, in a frame that is not cross-origin isolated; the language switch stays embedded', { timeout: 180_000 }, async () => {
  const { page, frame } = await openCourse(`${baseUrl}#scenario=growing-list&embed`)
  // The scenario has a Python version, so the frame offers the choice.
  await frame.getByRole('combobox', { name: 'Language' }).selectOption('python')
  await expect.poll(() => leaklabFrame(page).evaluate(() => location.hash)).toBe('#scenario=growing-list&lang=python&embed')
  await frame.getByRole('link', { name: /^Open in LeakLab/ }).waitFor()
  expect(await frame.getByRole('link', { name: /^Open in LeakLab/ }).getAttribute('href')).toBe(`${baseUrl}#scenario=growing-list&lang=python`)
  expect(await frame.getByRole('button', { name: 'Share' }).count()).toBe(0)
  expect(await leaklabFrame(page).evaluate(() => crossOriginIsolated)).toBe(false)
  // The first run loads CPython cold; without isolation its time limit would end the worker instead.
  expect(await runAndJudge(frame, 'A list that only grows', 120_000)).toMatch(/^Not yet\./)
  await screenshot(page, 'embed-python')
  await page.close()
  expect(pageErrors).toEqual([])
})
