/**
 * Python in the page, end to end in Chromium against the built page: the language switch loads
 * CPython (Pyodide, from the page's own files) in workers, the growing-list sample's leak is found
 * with its path in Python's notation and shown in every panel, a traceback is marked at its line,
 * the time limit interrupts a loop at its line, Stop ends a run at once, the language travels in
 * share links and the autosave, and a page that is not cross-origin isolated still limits a run.
 * Screenshots: test/artifacts/py-*.png.
 */
import { readFile } from 'node:fs/promises'
import type { Locator, Page } from 'playwright-core'
import { expect, inject, test } from 'vitest'
import { launchChromium, screenshot } from './chromium'
import { resultFields, useLeakLabBrowser, waitForOutcome } from './leaklab-page'
import { editorLines, editorText, lineOf, setCode } from './monaco'

const SAMPLE = await readFile(new URL('../../src/samples/default.py', import.meta.url), 'utf8')
const JS_SAMPLE = await readFile(new URL('../../src/samples/default.js', import.meta.url), 'utf8')
/** The sample's leaking line: where every DataHolder is made and kept. */
const APPEND_LINE = SAMPLE.split('\n').findIndex((line) => line.includes('leak_list.append(DataHolder')) + 1
/** The first run loads CPython (13 MB, a cold start and a snapshot) on two busy cores. */
const FIRST_RUN = { timeout: 90_000 }

const baseUrl = inject('baseUrl')
const { openPage } = useLeakLabBrowser()

function region(page: Page, name: string): Locator {
  return page.getByRole('region', { name })
}

async function regionText(page: Page, name: string): Promise<string> {
  return ((await region(page, name).textContent()) ?? '').replace(/\s+/g, ' ')
}

function languageField(page: Page): Locator {
  return page.getByRole('combobox', { name: 'Language' })
}

/** The playground switched to Python, with the Python sample in the editor. */
async function openPython(options: Parameters<typeof openPage>[0] = {}): Promise<Page> {
  const page = await openPage(options)
  await languageField(page).selectOption('python')
  await expect.poll(() => editorText(page)).toBe(SAMPLE)
  return page
}

/** The lines Monaco underlines in red, read again until the drawing settles. */
async function squiggleLines(page: Page): Promise<number[]> {
  try {
    const lines: number[] = []
    for (const squiggle of await page.locator('.monaco-editor .squiggly-error').all()) lines.push(await lineOf(page, squiggle))
    return lines
  } catch {
    return []
  }
}

test("switching to Python loads it, and the growing list's leak is found in every panel, its path in Python's notation", { timeout: 150_000 }, async () => {
  expect(APPEND_LINE).toBeGreaterThan(0)
  const page = await openPage()
  expect(await editorText(page)).toBe(JS_SAMPLE)
  // Everything Python needs comes from the page's own server (the installed package), never a CDN.
  const requested: string[] = []
  page.on('request', (request) => requested.push(request.url()))
  await languageField(page).selectOption('python')
  // The interpreter loads as soon as Python is chosen, and the page says so.
  const loading = page.getByText('Loading Python…')
  await expect.poll(() => loading.count()).toBe(1)
  await screenshot(page, 'py1-loading')
  await expect.poll(() => editorText(page)).toBe(SAMPLE)

  // Run before the interpreter is ready: the run waits for it, and says so.
  await page.getByRole('button', { name: 'Run' }).click()
  await expect.poll(async () => (await resultFields(page)).Outcome).toMatch(/^running… \(loading Python…\)/)
  await screenshot(page, 'py1-run-waits-for-python')
  const fields = await waitForOutcome(page, /^ok/, FIRST_RUN)
  expect(fields.Steps).toMatch(/^100 of 100/)
  expect(await loading.count()).toBe(0)
  // Each worker loads the wasm (the browser caches it): the first run's (a cold load), the next run's.
  expect(requested.filter((url) => /\/pyodide-[\d.]+\/pyodide\.asm\.wasm$/.test(url)).length).toBeGreaterThan(0)
  expect(requested.filter((url) => !url.startsWith(baseUrl) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([])

  // The suspect: DataHolder, made on the line that appends it to leak_list, held by leak_list.
  const suspects = region(page, 'Leak suspects')
  const dataHolder = suspects.getByRole('button', { name: /^DataHolder\b/ })
  await expect.poll(() => dataHolder.count()).toBe(1)
  expect((await dataHolder.innerText()).replace(/\s+/g, ' ')).toBe(`DataHolder line ${APPEND_LINE}`)
  const suspectText = await regionText(page, 'Leak suspects')
  expect(suspectText).toMatch(/\+100 per step\b/)
  expect(suspectText).toMatch(/leak_list\[\d+\]/)

  // The console, the chart's summary, the heap table and the gutter tell the same story.
  expect(await region(page, 'Console').innerText()).toContain('leak_list still holds 10000 DataHolder objects')
  expect(await regionText(page, 'Object counts')).toContain(`DataHolder (line ${APPEND_LINE}): 10,000`)
  expect(await regionText(page, 'Heap snapshot')).toMatch(new RegExp(`DataHolder main\\.py:${APPEND_LINE}:1(?:main\\.py:${APPEND_LINE}:1)?10,000`))
  const alive = page.locator('.monaco-editor .leaklab-alive')
  await expect.poll(() => alive.count()).toBeGreaterThan(0)
  const hundredThousand = alive.filter({ hasText: '×10,000 alive' })
  await expect.poll(() => hundredThousand.count()).toBe(1)
  expect(await lineOf(page, hundredThousand)).toBe(APPEND_LINE)

  // The graph answers "why is it alive?" through the worker that ran the program.
  const graph = region(page, 'Reference graph')
  await graph.locator('[data-state="ready"]').waitFor({ timeout: 20_000 })
  const pathLine = (await graph.locator('p').filter({ hasText: /^Path\b/ }).innerText()).replace(/\s+/g, ' ')
  expect(pathLine).toMatch(/leak_list\[/)
  expect(await graph.getByRole('img', { name: /^Reference graph of / }).getAttribute('aria-label')).toMatch(/leak_list\[/)
  // The legend names the kinds in Python's words.
  const legend = await graph.getByRole('group', { name: 'Legend' }).innerText()
  expect(legend).toMatch(/list, tuple/)
  expect(legend).toMatch(/dict item, set member/)
  expect(legend).not.toMatch(/Map|prototype/)
  // The heap table names a list by its type alone, not with JavaScript's "array" beside it.
  expect(await regionText(page, 'Heap snapshot')).not.toMatch(/\blist array\b/)
  // Python is coloured as Python, and TypeScript, JavaScript's checker, underlines nothing of it.
  expect(await squiggleLines(page)).toEqual([])
  await screenshot(page, 'py1-leak-found')

  // The fix: the list cleared after each step leaves nothing growing.
  const fixed = SAMPLE.replace('        leak_list.append(DataHolder(i))\n', '        leak_list.append(DataHolder(i))\n    leak_list.clear()\n')
  expect(fixed).not.toBe(SAMPLE)
  await setCode(page, fixed)
  await page.getByRole('button', { name: 'Run' }).click()
  await expect.poll(() => region(page, 'Console').innerText(), { timeout: 30_000 }).toContain('leak_list still holds 0 DataHolder objects')
  await waitForOutcome(page, /^ok/, { timeout: 30_000 })
  await expect.poll(() => regionText(page, 'Leak suspects')).toContain('No leak suspects: no group grew with the steps.')
  await screenshot(page, 'py1-leak-fixed')
  await page.close()
})

test('a traceback is marked in the editor at its line, and the console keeps what was printed before it', { timeout: 120_000 }, async () => {
  const page = await openPython()
  const code = 'totals = {}\n\n\ndef average(values):\n    return sum(values) / len(values)\n\n\nprint("averaging")\ntotals["none"] = average([])\n'
  await setCode(page, code)
  await page.getByRole('button', { name: 'Run' }).click()
  const fields = await waitForOutcome(page, /^error/, FIRST_RUN)
  expect(fields['Error kind']).toBe('runtime')
  expect(fields.Message).toMatch(/^ZeroDivisionError: division by zero/)
  // The deepest line of the learner's file: inside average(), not the call.
  expect(fields.Line).toBe('5')
  expect(await region(page, 'Console').innerText()).toContain('averaging')
  await expect.poll(() => squiggleLines(page)).toEqual([5])
  await screenshot(page, 'py2-traceback')

  // A syntax error is the parser's, at its line too.
  await setCode(page, 'x = [1, 2\nprint(x)\n')
  await page.getByRole('button', { name: 'Run' }).click()
  const syntax = await waitForOutcome(page, /^error/, { timeout: 30_000 })
  expect(syntax['Error kind']).toBe('syntax')
  expect(syntax.Line).toBe('1')
  await expect.poll(() => squiggleLines(page)).toEqual([1])
  await page.close()
})

test('an endless loop: Stop ends it at once and the page runs the next program; the time limit stops it at its line', { timeout: 150_000 }, async () => {
  const page = await openPython()
  // Isolated (the preview sends COOP/COEP), so the interrupt buffer stops a program at its line; the
  // built site carries the same headers in a _headers file, for the hosts that read one.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
  const headersFile = await (await fetch(`${baseUrl}_headers`)).text()
  expect(headersFile).toBe('/*\n  Cross-Origin-Opener-Policy: same-origin\n  Cross-Origin-Embedder-Policy: require-corp\n')
  const loop = 'print("spinning")\nwhile True:\n    pass\n'
  await setCode(page, loop)
  await page.getByRole('button', { name: 'Run' }).click()
  await waitForOutcome(page, /^running/, { timeout: 5_000 })
  // Once the interpreter has loaded, the program is in its loop.
  await expect.poll(() => page.getByText('Loading Python…').count(), FIRST_RUN).toBe(0)
  await page.waitForTimeout(500)
  const stopped = Date.now()
  await page.getByRole('button', { name: 'Stop' }).click()
  await waitForOutcome(page, /^stopped/, { timeout: 2_000 })
  expect(Date.now() - stopped).toBeLessThan(2_000)
  await screenshot(page, 'py3-stopped')

  // The page is still usable: a new worker runs the next program.
  await setCode(page, 'print("after the stop")\n')
  await page.getByRole('button', { name: 'Run' }).click()
  await waitForOutcome(page, /^ok/, { timeout: 30_000 })
  expect(await region(page, 'Console').innerText()).toContain('after the stop')

  // Left alone, the loop meets its time budget: CPython's interrupt stops it in the loop, where the
  // editor marks it, with what it printed.
  await setCode(page, loop)
  await page.getByRole('button', { name: 'Run' }).click()
  const fields = await waitForOutcome(page, /^error/, { timeout: 30_000 })
  expect(fields['Error kind']).toBe('timeout')
  expect(fields.Line).toMatch(/^[23]$/)
  expect(fields.Message).toMatch(/time budget of 5000 ms \(stopped at line [23]\)/)
  expect(await region(page, 'Console').innerText()).toContain('spinning')
  await screenshot(page, 'py3-timeout')
  await page.close()
})

test('the language travels in a share link and in the autosave; each language keeps its own draft', { timeout: 150_000 }, async () => {
  const page = await openPython()
  const code = 'cache = {}\n\n\ndef step(i):\n    cache[i] = [i] * 10\n\n# shared from Python\n'
  await setCode(page, code)
  await page.getByRole('button', { name: 'Share' }).click()
  await expect.poll(() => page.url()).toMatch(/#s=./)
  const link = page.url()

  // A browser with nothing saved opens the link as Python, and runs it.
  const friend = await launchChromium()
  try {
    const theirs = await openPage({ url: link, keepStorage: true }, friend)
    await expect.poll(() => editorText(theirs)).toBe(code)
    // A shared program's language is the link's: shown, not chosen.
    expect(await languageField(theirs).count()).toBe(0)
    expect(await theirs.getByRole('toolbar', { name: 'Run controls' }).innerText()).toContain('Python')
    await theirs.getByRole('button', { name: 'Run' }).click()
    await waitForOutcome(theirs, /^ok/, FIRST_RUN)
    await expect.poll(() => regionText(theirs, 'Leak suspects')).toMatch(/list\b.*cache\[\d+\]/)
    await screenshot(theirs, 'py4-shared-link')
    await theirs.close()
  } finally {
    await friend.close()
  }

  // A later visit to the playground opens Python and the draft again; JavaScript's own draft is
  // still there behind the switch.
  await page.close()
  const later = await openPage({ keepStorage: true })
  expect(await languageField(later).inputValue()).toBe('python')
  await expect.poll(() => editorText(later)).toBe(code)
  // Python loads as the page opens, from the interpreter's snapshot this browser kept: no cold load.
  const readyMark = () => later.evaluate(() => (performance.getEntriesByName('leaklab:python-interpreter')[0] as PerformanceMark | undefined)?.detail ?? null)
  await expect.poll(readyMark, FIRST_RUN).toMatchObject({ from: 'kept' })
  expect(await later.evaluate(() => performance.getEntriesByName('leaklab:python-snapshot').length)).toBe(0)
  await languageField(later).selectOption('javascript')
  await expect.poll(() => editorText(later)).toBe(JS_SAMPLE)
  await setCode(later, 'const mine = []\n// my JavaScript draft')
  await languageField(later).selectOption('python')
  await expect.poll(() => editorText(later)).toBe(code)
  await languageField(later).selectOption('javascript')
  await expect.poll(() => editorLines(later)).toEqual(['const mine = []', '// my JavaScript draft'])
  await later.close()
})

test('a kept snapshot that no longer loads is deleted and made again: Python still starts, by a cold load, and runs', { timeout: 150_000 }, async () => {
  const keptSizes = (page: Page) =>
    page.evaluate(async () => {
      const cache = await caches.open('leaklab-python-snapshot')
      return Promise.all((await cache.keys()).map(async (key) => (await (await cache.match(key))!.arrayBuffer()).byteLength))
    })
  const first = await openPython()
  await first.getByRole('button', { name: 'Run' }).click()
  await waitForOutcome(first, /^ok/, FIRST_RUN)
  // Kept without its pages of zeros: about half of the 30 MB.
  await expect.poll(() => keptSizes(first), FIRST_RUN).toEqual([expect.any(Number)])
  const [size] = await keptSizes(first)
  expect(size).toBeGreaterThan(5_000_000)
  expect(size).toBeLessThan(25_000_000)
  // Damaged (a browser's storage can be): the same key, other bytes.
  await first.evaluate(async () => {
    const cache = await caches.open('leaklab-python-snapshot')
    for (const key of await cache.keys()) await cache.put(key, new Response(new Uint8Array(4096).fill(7)))
  })
  await first.close()

  // The page opens on Python (the saved choice); its first worker finds the damaged copy, deletes it,
  // and the next loads cold and keeps a good one.
  const later = await openPage({ keepStorage: true })
  const readyFrom = () => later.evaluate(() => ((performance.getEntriesByName('leaklab:python-interpreter')[0] as PerformanceMark | undefined)?.detail as { from?: string } | undefined)?.from ?? null)
  await expect.poll(readyFrom, FIRST_RUN).toBe('cold')
  await later.getByRole('button', { name: 'Run' }).click()
  const fields = await waitForOutcome(later, /^ok/, FIRST_RUN)
  expect(fields.Steps).toMatch(/^100 of 100/)
  // Made again (a snapshot is a few kilobytes different from one load to the next).
  await expect.poll(async () => (await keptSizes(later)).map((bytes) => Math.abs(bytes - size) < 1_000_000), FIRST_RUN).toEqual([true])
  await later.close()
})

test('without cross-origin isolation there is no interrupt buffer: the time limit and Stop end the worker', { timeout: 150_000 }, async () => {
  // No service worker either: it would add the headers back from the second load on.
  const browser = await launchChromium({ serviceWorkers: 'block' })
  try {
    // A host that sends no COOP/COEP headers: the page works, without SharedArrayBuffer.
    await browser.context.route('**/*', async (route) => {
      try {
        const response = await route.fetch()
        const headers = { ...response.headers() }
        delete headers['cross-origin-opener-policy']
        delete headers['cross-origin-embedder-policy']
        await route.fulfill({ response, headers })
      } catch {
        // The page or the browser went while this was in flight (a stopped worker's download): nothing to answer.
        await route.abort().catch(() => {})
      }
    })
    const page = await openPage({}, browser)
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false)
    await languageField(page).selectOption('python')
    await expect.poll(() => editorText(page)).toBe(SAMPLE)
    await page.getByRole('button', { name: 'Run' }).click()
    await waitForOutcome(page, /^ok/, FIRST_RUN)
    await expect.poll(() => region(page, 'Leak suspects').getByRole('button', { name: /^DataHolder\b/ }).count()).toBe(1)

    await setCode(page, 'while True:\n    pass\n')
    await page.getByRole('button', { name: 'Run' }).click()
    await page.waitForTimeout(1_000)
    await page.getByRole('button', { name: 'Stop' }).click()
    await waitForOutcome(page, /^stopped/, { timeout: 2_000 })

    await page.getByRole('button', { name: 'Run' }).click()
    // The budget, and the heap walks' allowance: with no interrupt the two cannot be told apart.
    const fields = await waitForOutcome(page, /^error/, { timeout: 40_000 })
    expect(fields['Error kind']).toBe('timeout')
    expect(fields.Line).toBe('unknown')
    expect(fields.Message).toMatch(/not cross-origin isolated/)
    await screenshot(page, 'py5-not-isolated-timeout')
    await page.close()
  } finally {
    await browser.close()
  }
})
