/**
 * The page passes axe-core, in Chromium against the built page, in the light and the dark theme (the
 * page follows prefers-color-scheme; Monaco switches its theme with it): the playground after a run of
 * the sample (suspects, chart, graph, heap table), a lesson step whose text holds a code block wider
 * than the guide, the lessons and scenarios menu and a scenario with its Python original, and the
 * exercise author's form, empty and after Try it; presentation mode (large type) after a run; an
 * embedded scenario (`&embed`) after a run, and in presentation mode; the grading page, empty and
 * with a graded, sorted table. Any violation of impact serious or critical fails, listed by rule,
 * impact, target and axe's summary. No rule is turned off.
 */
import axe from 'axe-core'
import type { Locator, Page } from 'playwright-core'
import { expect, inject, test } from 'vitest'
import { screenshot } from './chromium'
import { useLeakLabBrowser, waitForOutcome } from './leaklab-page'
import { setCode } from './monaco'
import { FIXED, growingListHash, LEAKY, submission } from '../grade/fixtures'

const baseUrl = inject('baseUrl')
const { openPage } = useLeakLabBrowser()

const SCHEMES = ['light', 'dark'] as const
type Scheme = (typeof SCHEMES)[number]

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string; summary: string }[]
}

/**
 * axe's violations on the whole page as it is now, its script added on first use. Two passes: every
 * rule on the whole page, then color-contrast again with the code editor hidden. Monaco draws its
 * text on layers 16,777,215 px wide and tall, clipped by the editor's box; axe's grid puts them over
 * text up to a grid cell away from the editor (the right column's headings, the chart's legend) and
 * leaves that text unchecked as "overlapped" (dequelabs/axe-core#3923 is the same layers). Hidden,
 * the editor overlaps nothing, and that text is checked too; the editor's own text is checked in the
 * first pass.
 */
async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source })
  return page.evaluate(async () => {
    const engine = (window as unknown as { axe: typeof axe }).axe
    const whole = await engine.run(document, { resultTypes: ['violations'] })
    const hide = document.createElement('style')
    hide.textContent = '.monaco-editor { visibility: hidden !important; }'
    document.head.append(hide)
    let around: axe.AxeResults
    try {
      around = await engine.run(document, { runOnly: ['color-contrast'], resultTypes: ['violations'] })
    } finally {
      hide.remove()
    }
    const seen = new Set<string>()
    return [...whole.violations, ...around.violations].map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes
        .map((n) => ({ target: n.target.map(String).join(' >>> '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim() }))
        .filter((n) => !seen.has(`${v.id} ${n.target}`) && seen.add(`${v.id} ${n.target}`)),
    }))
  })
}

/** Switch the page's colour scheme and wait until the editor has followed it. */
async function useScheme(page: Page, scheme: Scheme): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme })
  // The grading page has no editor.
  if ((await page.locator('.monaco-editor').count()) > 0) await page.locator(`.monaco-editor.${scheme === 'dark' ? 'vs-dark' : 'vs'}`).first().waitFor({ state: 'attached' })
  // One frame for the styles and Monaco's redraw.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
}

/**
 * Check `what` in both themes: every serious or critical violation is listed by rule, impact, the
 * elements' selectors and axe's summary (elements that fail alike together), so a failure says what
 * to fix and where. A screenshot of each theme goes to test/artifacts/axe-*.png.
 */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const found: string[] = []
  for (const scheme of SCHEMES) {
    await useScheme(page, scheme)
    for (const v of await axeViolations(page)) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue
      // Elements that fail alike (every line of a comment, say) share one entry.
      const alike = new Map<string, string[]>()
      for (const n of v.nodes) alike.set(n.summary, [...(alike.get(n.summary) ?? []), n.target])
      for (const [summary, targets] of alike) {
        found.push(`[${what}, ${scheme}] ${v.id} (${v.impact}): ${v.help}\n    at ${targets.join(', ')}\n    ${summary}`)
      }
    }
    await screenshot(page, `axe-${what}-${scheme}`)
  }
  await useScheme(page, 'light')
  if (found.length > 0) expect.fail(`axe found ${found.length} serious or critical violation(s):\n${found.join('\n')}`)
}

function region(page: Page, name: string): Locator {
  return page.getByRole('region', { name })
}

test('the playground after a run of the sample: suspects, chart, reference graph and heap table', async () => {
  const page = await openPage()
  await expectAccessible(page, 'playground-idle')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/)
  await region(page, 'Leak suspects').getByText('DataHolder').first().waitFor()
  await region(page, 'Heap snapshot').getByRole('table').waitFor()
  // The graph is drawn; its text version opened too.
  const graph = region(page, 'Reference graph')
  await graph.locator('[data-state="ready"]').waitFor()
  await graph.getByText('The path as a list').click()
  await graph.locator('details[open]').getByRole('listitem').first().waitFor()
  // The suspect chosen: its line is tinted in the editor.
  await region(page, 'Leak suspects').getByRole('button', { name: /^DataHolder\b/ }).click()
  await page.locator('.monaco-editor .leaklab-highlight-line').waitFor()
  await expectAccessible(page, 'playground-run')
  // A what-if asked: the box that says what would be freed, and its Restore button.
  await graph.locator('details[open]').getByRole('button', { name: 'Ignore this reference' }).first().click()
  await graph.getByRole('group', { name: 'What if' }).getByRole('status').waitFor()
  await expectAccessible(page, 'playground-what-if')
  // The run through time: a kept snapshot chosen under the chart, and the compare view, three snapshots.
  await page.getByRole('toolbar', { name: 'Snapshots the run kept' }).getByRole('button', { name: 'Snapshot at step 0' }).click()
  await expect.poll(() => region(page, 'Heap snapshot').getByRole('heading').first().innerText()).toBe('Heap snapshot: at step 0')
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  const compare = region(page, 'Compare snapshots')
  await compare.getByRole('table').waitFor()
  await compare.getByRole('combobox', { name: 'Still alive at (C)' }).selectOption({ index: 3 })
  await compare.getByRole('status').waitFor()
  await expectAccessible(page, 'playground-compare')
})

test('lesson 1, its first step: the text with a code block wider than the guide, then a passed checkpoint', async () => {
  const page = await openPage({ url: `${baseUrl}#lesson=seed-article` })
  const guide = region(page, 'Memory leaks, from Python to JavaScript')
  await expect.poll(() => guide.getByRole('heading', { level: 3 }).innerText()).toBe('A list that only grows')
  // The code block must overflow, or this test would not try scrollable-region-focusable on it.
  await page.setViewportSize({ width: 1000, height: 1000 })
  await expect.poll(() => guide.locator('.code-block').evaluateAll((boxes) => boxes.some((box) => box.scrollWidth > box.clientWidth))).toBe(true)
  await expectAccessible(page, 'lesson-text')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect.poll(() => guide.getByRole('status').innerText(), { timeout: 30_000 }).toMatch(/^✓ Checkpoint passed/)
  await expectAccessible(page, 'lesson-passed')
})

test('the lessons and scenarios menu, then a scenario with its Python original open, then solved with its attempts', async () => {
  const page = await openPage()
  await page.getByText('Lessons and scenarios').click()
  const scenarios = page.getByRole('navigation', { name: 'Scenarios' })
  await scenarios.getByRole('link').first().waitFor()
  await expectAccessible(page, 'library-menu')
  await scenarios.getByRole('link').first().click()
  const python = page.locator('details.python')
  await python.getByText('The Python original').click()
  await python.locator('pre').waitFor()
  await expectAccessible(page, 'scenario')
  // Solved: the explanation, and "Why didn't this work?" with every attempt open.
  await page.getByRole('button', { name: 'Show the fix' }).click()
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  const attempts = page.getByRole('region', { name: "Why didn't this work?" })
  await attempts.waitFor({ timeout: 30_000 })
  for (const summary of await attempts.locator('summary').all()) await summary.click()
  await expectAccessible(page, 'scenario-solved')
})

test('the exercise author form: empty, then filled in and tried', async () => {
  const page = await openPage({ url: `${baseUrl}#author` })
  const form = region(page, 'Write an exercise')
  await form.getByLabel('Title').waitFor()
  await expectAccessible(page, 'author-empty')

  const leaky = 'const sessions = []\nclass Session { constructor(id) { this.id = id } }\nfunction step(i) {\n  sessions.push(new Session(\'u\' + i))\n}\n'
  await setCode(page, leaky)
  await form.getByLabel('Title').fill('Sessions that never end')
  await form.getByLabel('Instructions (Markdown)').fill('Every step opens a **session**. Stop them piling up.')
  await form.getByLabel(/^Check/).fill('[{ "kind": "live", "group": "Session", "atMost": 5, "message": "Old sessions are still alive." }]')
  await form.getByLabel(/^Reference fix/).fill(leaky.replace("  sessions.push(new Session('u' + i))\n", "  new Session('u' + i)\n"))
  await form.getByLabel(/^Hints/).fill('Who keeps the sessions?')
  await form.getByRole('button', { name: 'Try it' }).click()
  await expect.poll(() => form.getByRole('status', { name: 'Try it' }).innerText(), { timeout: 30_000 }).toMatch(/✓ The fix passes the check\./)
  await expectAccessible(page, 'author-tried')
})

test('presentation mode: the playground after a run, in large type, keeps its contrast', async () => {
  const page = await openPage()
  await page.getByRole('button', { name: 'Presentation' }).click()
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('22px')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/)
  await region(page, 'Reference graph').locator('[data-state="ready"]').waitFor()
  await region(page, 'Heap snapshot').getByRole('table').waitFor()
  expect(await page.getByRole('button', { name: 'Presentation' }).getAttribute('aria-pressed')).toBe('true')
  await expectAccessible(page, 'presentation-run')
})

test('an embedded scenario as its frame shows it, after a run, then in presentation mode', async () => {
  const page = await openPage({ url: `${baseUrl}#scenario=growing-list&embed` })
  await page.setViewportSize({ width: 800, height: 600 })
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  const guide = region(page, 'A list that only grows')
  await expect.poll(() => guide.getByRole('status').innerText(), { timeout: 30_000 }).toMatch(/^Not yet/)
  await region(page, 'Reference graph').locator('[data-state="ready"]').waitFor()
  await expectAccessible(page, 'embed-run')
  await page.getByRole('button', { name: 'Presentation' }).click()
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('22px')
  await expectAccessible(page, 'embed-presentation')
})

test('the grading page: the exercise chosen from the hand-ins, graded, the table sorted', async () => {
  const hash = await growingListHash()
  const handIn = (name: string, learner: string, code: string, pass: boolean) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(submission(hash, learner, code, pass))) })
  const page = await openPage()
  await page.evaluate(() => (location.hash = 'grade'))
  await page.getByRole('heading', { name: 'Grade hand-ins' }).waitFor()
  await expectAccessible(page, 'grade-empty')
  await page.getByRole('group', { name: /Drop the learners' hand-in files/ }).locator('input[type=file]').setInputFiles([
    handIn('ada.leaklab.json', 'Ada', FIXED, true),
    handIn('bob.leaklab.json', 'Bob', LEAKY, true),
    { name: 'notes.leaklab.json', mimeType: 'application/json', buffer: Buffer.from('{') },
  ])
  await page.getByRole('button', { name: 'Grade 3 hand-ins' }).click()
  await expect.poll(() => page.getByTestId('grade-summary').innerText(), { timeout: 60_000 }).toMatch(/^2 graded: 1 passed, 1 failed; 1 could not be graded/)
  await page.getByRole('columnheader', { name: 'Result' }).getByRole('button').click()
  await expectAccessible(page, 'grade-table')
})
