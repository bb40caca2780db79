/**
 * The playground's main flows, end to end in Chromium against the built page: finding and fixing the
 * sample's leak, share links (whole and damaged), autosave across a reload, Reset's confirmation, and
 * the toolbar by keyboard. Each flow saves a screenshot (test/artifacts/p-*.png) for a human to check.
 */
import { readFile } from 'node:fs/promises'
import type { Locator, Page } from 'playwright-core'
import { expect, inject, test } from 'vitest'
import { launchChromium, screenshot } from './chromium'
import { count, useLeakLabBrowser, waitForOutcome } from './leaklab-page'
import { editorInput, editorLines, editorText, lineOf, setCode } from './monaco'

const baseUrl = inject('baseUrl')
const SAMPLE = await readFile(new URL('../../src/samples/default.js', import.meta.url), 'utf8')
/** The sample's leaking line: where every DataHolder is made and kept. */
const PUSH_LINE = SAMPLE.split('\n').findIndex((line) => line.includes('leakList.push(new DataHolder')) + 1

const leaklab = useLeakLabBrowser()
const { openPage } = leaklab

function region(page: Page, name: string): Locator {
  return page.getByRole('region', { name })
}

/** A region's whole text, visually hidden parts included (the chart's summary is one). */
async function regionText(page: Page, name: string): Promise<string> {
  return ((await region(page, name).textContent()) ?? '').replace(/\s+/g, ' ')
}

function stepsField(page: Page): Locator {
  return page.getByRole('spinbutton', { name: 'Steps' })
}

/** Type a value into the Steps field and leave it, as a learner does (the page reads it on change). */
async function setSteps(page: Page, steps: number): Promise<void> {
  await stepsField(page).fill(String(steps))
  await stepsField(page).press('Tab')
}

/**
 * What the page saved for `slot` in this browser profile (src/app/state/autosave.ts's format), or
 * null. Tests wait on it for the autosave's debounce; what they check is what the page shows.
 */
function savedWork(page: Page, slot = 'default'): Promise<{ code: string; settings: { steps: number; timeMs: number } | null } | null> {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), `leaklab:v1:work:${slot}`)
}

async function waitForSave(page: Page, code: string, steps: number): Promise<void> {
  await expect.poll(() => savedWork(page)).toMatchObject({ code, settings: { steps } })
}

/** "Total objects grew from 1,234 to 11,234 over 99 steps." from the chart's text summary. */
async function chartTotals(page: Page): Promise<{ change: string; first: number; last: number }> {
  const text = await regionText(page, 'Object counts')
  const match = /Total objects (grew from|fell from|stayed at) ([\d,]+)(?: to ([\d,]+))?/.exec(text)
  if (!match) throw new Error(`no total in the chart's summary: ${JSON.stringify(text)}`)
  const first = count(match[2])
  return { change: match[1], first, last: match[3] ? count(match[3]) : first }
}

/** The "Path as a list" entries of the reference graph, opened if need be. */
async function pathList(page: Page): Promise<string[]> {
  const details = region(page, 'Reference graph').locator('details').filter({ hasText: 'The path as a list' })
  if ((await details.getAttribute('open')) === null) await details.getByText('The path as a list').click()
  return (await details.getByRole('listitem').allInnerTexts()).map((item) => item.replace(/\s+/g, ' ').trim())
}

/** Alerts the page raises itself (Monaco keeps live regions of its own with role=alert, usually empty). */
function linkAlert(page: Page): Locator {
  return page.getByRole('alert').filter({ hasText: /share link/i })
}

test('the leak is found, explained and fixed: suspects, counts and the graph for the sample, then none once the code is fixed', async () => {
  expect(PUSH_LINE).toBeGreaterThan(0)
  // Everything the page and its workers ask for: a page on JavaScript never starts Python.
  const requested: string[] = []
  const track = (request: { url(): string }) => requested.push(request.url())
  leaklab.browser.context.on('request', track)
  const page = await openPage()
  expect(await editorText(page)).toBe(SAMPLE)
  await page.getByRole('button', { name: 'Run' }).click()
  await waitForOutcome(page, /^ok/)
  leaklab.browser.context.off('request', track)
  expect(requested.some((url) => /\/engine-worker-[\w-]+\.js$/.test(url))).toBe(true)
  expect(requested.filter((url) => /pyodide|python-worker/.test(url))).toEqual([])

  // The suspect: DataHolder, made on the line that pushes it onto leakList.
  const suspects = region(page, 'Leak suspects')
  const dataHolder = suspects.getByRole('button', { name: /^DataHolder\b/ })
  await expect.poll(() => dataHolder.count()).toBe(1)
  expect((await dataHolder.innerText()).replace(/\s+/g, ' ')).toBe(`DataHolder line ${PUSH_LINE}`)
  expect(await regionText(page, 'Leak suspects')).toMatch(/\+100 per step\b/)

  // The chart tells the same story in words: the total grew by the 10,000 DataHolders.
  await expect.poll(async () => (await chartTotals(page)).change).toBe('grew from')
  const grown = await chartTotals(page)
  expect(grown.last - grown.first).toBeGreaterThanOrEqual(9_900)
  expect(await regionText(page, 'Object counts')).toContain(`DataHolder (line ${PUSH_LINE}): 10,000`)

  // The run shows the top suspect's graph at once, without moving the editor.
  const highlight = page.locator('.monaco-editor .leaklab-highlight-line')
  const graph = region(page, 'Reference graph')
  await graph.locator('[data-state="ready"]').waitFor({ timeout: 20_000 })
  expect(await highlight.count()).toBe(0)

  // Choosing the suspect shows where it is allocated: its line is tinted in the editor.
  await dataHolder.click()
  await expect.poll(() => highlight.count()).toBe(1)
  expect(await lineOf(page, highlight)).toBe(PUSH_LINE)
  // (`has` is matched inside each item: a locator from the page, not from the region.)
  const card = suspects.getByRole('listitem').filter({ has: page.getByRole('button', { name: /^DataHolder\b/ }) })
  expect(await card.getAttribute('aria-current')).toBe('true')

  // The graph: the path from leakList's elements to the collapsed set of all 10,000 DataHolders.
  await graph.locator('[data-state="ready"]').waitFor({ timeout: 20_000 })
  const pathLine = (await graph.locator('p').filter({ hasText: /^Path\b/ }).innerText()).replace(/\s+/g, ' ')
  expect(pathLine).toMatch(/leakList\[/)
  // leakList (root) → its Array → [0…9999] → DataHolder ×10,000, the set drawn as one node.
  const steps = await pathList(page)
  expect(steps[0]).toMatch(/^leakList \(root\)/)
  expect(steps.at(-1)).toMatch(/^\[0…[\d,]+\] DataHolder ×10,000 \(object, the chosen objects\) Expand Ignore this reference$/)
  expect(await graph.getByRole('img', { name: /^Reference graph of / }).getAttribute('aria-label')).toMatch(/leakList\[/)
  await screenshot(page, 'p1-leak-found')

  // The fix, the seed's clear(): at the end of each step, after the loop that fills it, the list is
  // emptied, so nothing outlives the step.
  const lines = SAMPLE.split('\n')
  const loopEnd = lines.findIndex((line, i) => i >= PUSH_LINE && line.trim() === '}')
  const indent = /^\s*/.exec(lines[loopEnd])![0]
  const fixed = [...lines.slice(0, loopEnd + 1), `${indent}leakList.length = 0`, ...lines.slice(loopEnd + 1)].join('\n')
  await setCode(page, fixed)
  await page.getByRole('button', { name: 'Run' }).click()
  await expect.poll(() => region(page, 'Console').innerText()).toContain('leakList still holds 0 DataHolder objects')
  await waitForOutcome(page, /^ok/)

  await expect.poll(() => regionText(page, 'Leak suspects')).toContain('No leak suspects: no group grew with the steps.')
  expect(await dataHolder.count()).toBe(0)
  const flat = await chartTotals(page)
  expect(flat, JSON.stringify(flat)).toMatchObject({ change: 'stayed at' })
  // With no suspect, the graph and the editor's tint are cleared.
  expect(await regionText(page, 'Reference graph')).toMatch(/Choose a suspect/)
  expect(await highlight.count()).toBe(0)
  await screenshot(page, 'p1-leak-fixed')
  await page.close()
})

test('a share link carries the code and the steps to a browser with nothing saved, and leaves the sharer’s work alone', async () => {
  const page = await openPage()
  const code = 'const kept = []\n\n// Shared with a friend: 42 steps.\nfunction step(i) {\n  kept.push({ i })\n}'
  await setCode(page, code)
  await setSteps(page, 42)
  await waitForSave(page, code, 42)

  await page.getByRole('button', { name: 'Share' }).click()
  await expect.poll(() => page.url()).toMatch(/#s=./)
  const link = page.url()
  expect(link.startsWith(baseUrl)).toBe(true)
  await expect.poll(() => page.getByRole('toolbar', { name: 'Run controls' }).getByRole('status').innerText()).toMatch(/link/i)
  await screenshot(page, 'p2-shared')

  // Another browser, its own profile: nothing saved there, so all it shows comes from the link.
  const friend = await launchChromium()
  try {
    const theirs = await openPage({ url: link, keepStorage: true }, friend)
    expect(await savedWork(theirs)).toBeNull()
    expect(await editorText(theirs)).toBe(code)
    expect(await stepsField(theirs).inputValue()).toBe('42')
    expect(await page.getByRole('spinbutton', { name: 'Time (s)' }).inputValue()).toBe(await theirs.getByRole('spinbutton', { name: 'Time (s)' }).inputValue())
    expect(await linkAlert(theirs).count()).toBe(0)
    await screenshot(theirs, 'p2-opened-elsewhere')
    await theirs.close()
  } finally {
    await friend.close()
  }

  // In the sharer's own browser, the link opens in a slot of its own: edits there do not touch the
  // sharer's saved work, which a plain visit still finds.
  const again = await openPage({ url: link, keepStorage: true })
  expect(await editorText(again)).toBe(code)
  await editorInput(again).focus()
  await again.keyboard.press('ControlOrMeta+End')
  await again.keyboard.type(' // changed in the link’s tab')
  await expect.poll(() => again.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('work:shared-')).length)).toBe(1)
  await again.close()

  expect(await savedWork(page)).toMatchObject({ code, settings: { steps: 42 } })
  const mine = await openPage({ keepStorage: true })
  expect(await editorText(mine)).toBe(code)
  expect(await stepsField(mine).inputValue()).toBe('42')
  await mine.close()
  expect(await editorText(page)).toBe(code)
  await page.close()
})

test('a damaged share link says so, and the learner’s own saved code stays in the editor and in storage', async () => {
  const page = await openPage()
  // A valid link to someone else's program…
  const friendsCode = 'const cache = new Map()\nfunction step(i) {\n  cache.set(i, { i })\n}\n// a friend’s program'
  await setCode(page, friendsCode)
  await page.getByRole('button', { name: 'Share' }).click()
  await expect.poll(() => page.url()).toMatch(/#s=./)
  const link = page.url()
  const [head, packed] = link.split('#s=')
  expect(packed.length).toBeGreaterThan(40)

  // …and the learner's own work, saved in this browser.
  const own = 'const mine = []\nfunction step(i) {\n  mine.push(i)\n}\n// my own work, saved'
  await setCode(page, own)
  await setSteps(page, 7)
  await waitForSave(page, own, 7)

  // The undamaged link opens the friend's program: the damage below is what the page refuses.
  const whole = await openPage({ url: link, keepStorage: true })
  expect(await editorText(whole)).toBe(friendsCode)
  expect(await linkAlert(whole).count()).toBe(0)
  await whole.close()

  const swapCase = (text: string) => [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')
  const middle = Math.floor(packed.length / 2)
  const damaged: [string, string][] = [
    ['cut in half', packed.slice(0, middle)],
    ['cut short by a few characters', packed.slice(0, -5)],
    ['characters flipped', packed.slice(0, middle) + swapCase(packed.slice(middle, middle + 4)) + packed.slice(middle + 4)],
  ]
  for (const [how, fragment] of damaged) {
    expect(fragment, how).not.toBe(packed)
    const tab = await openPage({ url: `${head}#s=${fragment}`, keepStorage: true })
    const alert = linkAlert(tab)
    await expect.poll(() => alert.count(), { message: how }).toBe(1)
    const message = await alert.innerText()
    expect(message, how).toMatch(/share link is damaged|share link has been changed/)
    expect(message, how).toContain('Your own saved code was not changed.')
    expect(await editorText(tab), how).toBe(own)
    expect(await stepsField(tab).inputValue(), how).toBe('7')
    if (how === 'characters flipped') await screenshot(tab, 'p3-damaged-link')
    // The alert can be put away.
    await alert.getByRole('button', { name: 'Dismiss' }).click()
    await expect.poll(() => linkAlert(tab).count()).toBe(0)
    await tab.close()
  }

  // Nothing was lost: the saved work, a fresh visit, and the first tab all still have it.
  expect(await savedWork(page)).toMatchObject({ code: own, settings: { steps: 7 } })
  const later = await openPage({ keepStorage: true })
  expect(await editorText(later)).toBe(own)
  expect(await stepsField(later).inputValue()).toBe('7')
  await later.close()
  expect(await editorText(page)).toBe(own)
  await page.close()
})

test('a reload brings back the edited code and steps', async () => {
  const page = await openPage()
  const code = 'const seen = []\nfunction step(i) {\n  seen.push(String(i))\n}\n// edited before a reload'
  await setCode(page, code)
  await setSteps(page, 25)
  // The autosave waits for the typing to pause (300 ms).
  await waitForSave(page, code, 25)
  await page.reload()
  await page.getByRole('heading', { name: 'LeakLab' }).waitFor()
  await page.locator('.monaco-editor .view-line').first().waitFor({ timeout: 20_000 })
  await expect.poll(() => editorText(page)).toBe(code)
  expect(await stepsField(page).inputValue()).toBe('25')
  await screenshot(page, 'p4-after-reload')
  await page.close()
})

test('edits made after Share survive a reload: the address goes back from the link at the next edit', async () => {
  const page = await openPage()
  const before = SAMPLE.split('\n')[0]
  await setCode(page, `${before}\n// shared version`)
  await page.getByRole('button', { name: 'Share' }).click()
  await expect.poll(() => page.url()).toMatch(/#s=/)
  const later = 'const later = []\n// edited after sharing'
  await setCode(page, later)
  await expect.poll(() => page.url()).not.toMatch(/#s=/)
  await waitForSave(page, later, 100)
  await page.reload()
  await page.locator('.monaco-editor .view-line').first().waitFor({ timeout: 20_000 })
  await expect.poll(() => editorText(page)).toBe(later)
  await page.close()
})

test('Reset asks first: Cancel keeps the edit, confirming puts the sample back', async () => {
  const page = await openPage()
  const code = 'console.log("my edit, not the sample")'
  await setCode(page, code)
  await setSteps(page, 5)

  const dialog = page.getByRole('dialog', { name: 'Reset the code?' })
  expect(await dialog.isVisible()).toBe(false)
  await page.getByRole('button', { name: 'Reset' }).click()
  await expect.poll(() => dialog.isVisible()).toBe(true)
  expect(await dialog.innerText()).toMatch(/changes will be lost/)
  // The safe choice has the focus.
  expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((button) => document.activeElement === button)).toBe(true)
  await screenshot(page, 'p5-reset-asks')

  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect.poll(() => dialog.isVisible()).toBe(false)
  // Monaco draws what was typed on its next frame: read it once it is there.
  await expect.poll(() => editorLines(page)).toEqual([code])
  expect(await stepsField(page).inputValue()).toBe('5')
  await waitForSave(page, code, 5)

  await page.getByRole('button', { name: 'Reset' }).click()
  await expect.poll(() => dialog.isVisible()).toBe(true)
  await dialog.getByRole('button', { name: 'Reset' }).click()
  await expect.poll(() => dialog.isVisible()).toBe(false)
  await expect.poll(() => editorText(page)).toBe(SAMPLE)
  expect(await stepsField(page).inputValue()).toBe('100')
  await screenshot(page, 'p5-reset-done')

  // The reset is what is kept: a reload shows the sample too.
  await expect.poll(() => savedWork(page).then((work) => work?.code ?? null)).not.toBe(code)
  await page.reload()
  await page.locator('.monaco-editor .view-line').first().waitFor({ timeout: 20_000 })
  await expect.poll(() => editorText(page)).toBe(SAMPLE)
  await page.close()
})

test('by keyboard: Ctrl/Cmd+Enter in the editor runs, and Tab walks the toolbar with a visible focus ring', async () => {
  const page = await openPage()
  const code = 'console.log("started from the keyboard")\nwhile (true) {}'
  await setCode(page, code)
  await page.keyboard.press('ControlOrMeta+Enter')
  await expect.poll(() => region(page, 'Console').innerText()).toContain('started from the keyboard')
  await waitForOutcome(page, /^running/, { timeout: 5_000 })
  // Monaco draws what was typed on its next frame: read it once it is there.
  await expect.poll(() => editorLines(page)).toEqual(code.split('\n'))

  // From the header, Tab goes to Presentation and the lessons menu, then through the toolbar in order; Stop is
  // reachable while the run lasts (the engine gives it 5 s).
  await page.getByRole('heading', { name: 'LeakLab' }).click()
  const walked: { name: string; focusVisible: boolean; outline: string }[] = []
  for (let i = 0; i < 9; i++) {
    await page.keyboard.press('Tab')
    walked.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement
        const style = getComputedStyle(el)
        const name = el instanceof HTMLInputElement ? (el.closest('label')?.querySelector('span')?.textContent ?? '') : (el.textContent ?? '')
        const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 && !/rgba\(.*, 0\)|transparent/.test(style.outlineColor)
        return { name: name.trim(), focusVisible: el.matches(':focus-visible'), outline: visible ? 'visible' : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` }
      }),
    )
    if (i === 2) await screenshot(page, 'p6-focus-run')
    if (i === 3) await screenshot(page, 'p6-focus-stop')
  }
  expect(walked).toEqual(['Presentation', 'Lessons and scenarios', 'Run', 'Stop', 'Steps', 'Time (s)', 'Snapshots', 'Reset', 'Share'].map((name) => ({ name, focusVisible: true, outline: 'visible' })))

  // Back to Stop, and Enter stops the run.
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+Tab')
  expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Stop')
  await page.keyboard.press('Enter')
  await waitForOutcome(page, /^stopped/, { timeout: 5_000 })
  await page.close()
})
