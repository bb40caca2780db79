/**
 * A teacher's exercise from start to end, in Chromium against the built page: written in the author
 * form beside the editor, tried (the leaky code must fail, the fix pass), shared as an assignment link
 * and as a scenario folder; then opened as a student, fixed, passed and handed in. The hand-in file is
 * read back and checked against the exercise. A tampered link says so and opens nothing of it.
 */
import { readFile } from 'node:fs/promises'
import { strFromU8, unzipSync } from 'fflate'
import type { Page } from 'playwright-core'
import * as v from 'valibot'
import { expect, inject, test } from 'vitest'
import { decodeAssignmentFragment } from '../../src/exercise/assignment-link'
import { exerciseHash, type Exercise } from '../../src/exercise/exercise'
import { submissionSchema } from '../../src/exercise/submission'
import { screenshot } from './chromium'
import { useLeakLabBrowser, waitForOutcome } from './leaklab-page'
import { editorText, setCode, waitForEditor } from './monaco'

const baseUrl = inject('baseUrl')
const { openPage } = useLeakLabBrowser()

const LEAKY = `class Session {
  constructor(user) {
    this.user = user
    this.log = []
  }
}
const sessions = []
function step(i) {
  sessions.push(new Session('u' + i))
}
`
const FIXED = LEAKY.replace("  sessions.push(new Session('u' + i))\n", "  const session = new Session('u' + i)\n  // used, then forgotten\n")

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()])
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!) }
}

test('a teacher writes and tries an exercise, shares it; a student fixes it and hands it in', async () => {
  const teacher = await openPage({ url: `${baseUrl}#author` })
  const form = teacher.getByRole('region', { name: 'Write an exercise' })
  await setCode(teacher, LEAKY)
  await form.getByLabel('Title').fill('Sessions that never end')
  await form.getByLabel('Instructions (Markdown)').fill('Every step opens a **session**. <img src=x onerror="window.__pwned = 1"> Stop them piling up.')
  await form.getByLabel(/^Check/).fill('[{ "kind": "live", "group": "Session", "atMost": 5, "message": "Old sessions are still alive." }]')
  await form.getByLabel(/^Reference fix/).fill(FIXED)
  // No hint yet: the form says what is missing, and Try it waits.
  await expect.poll(() => form.getByRole('status').first().innerText()).toContain('Hints: write at least one, one per line')
  expect(await form.getByRole('button', { name: 'Try it' }).isDisabled()).toBe(true)
  await form.getByLabel(/^Hints/).fill('Who keeps the sessions?\nDo not keep what you will not use.')

  await form.getByRole('button', { name: 'Try it' }).click()
  const tried = form.getByRole('status', { name: 'Try it' })
  await expect.poll(() => tried.innerText(), { timeout: 30_000 }).toMatch(/✓ The leaky code fails the check\.[\s\S]*100 Session objects alive[\s\S]*✓ The fix passes the check\./)
  const link = await form.getByLabel(/^Assignment link/).inputValue()
  expect(link).toMatch(new RegExp(`^${baseUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/?#assignment=`))
  const exercise = (decodeAssignmentFragment(new URL(link).hash) as { exercise: Exercise }).exercise
  expect(exercise).toMatchObject({ id: 'sessions-that-never-end', starter: LEAKY, hints: ['Who keeps the sessions?', 'Do not keep what you will not use.'] })
  expect(link).not.toContain('used')
  expect(JSON.stringify(exercise)).not.toContain('used, then forgotten')

  // The folder needs an explanation; the culprit comes from the leaky run's top path.
  expect(await form.getByLabel(/^Culprit/).inputValue()).toBe('sessions')
  const downloadButton = form.getByRole('button', { name: 'Download the scenario folder (.zip)' })
  expect(await downloadButton.isDisabled()).toBe(true)
  await form.getByLabel(/^Explanation/).fill('The array kept every session.')
  const zip = await download(teacher, () => downloadButton.click())
  expect(zip.name).toBe('01-sessions-that-never-end.zip')
  const files = Object.fromEntries(Object.entries(unzipSync(new Uint8Array(zip.text))).map(([k, b]) => [k, strFromU8(b)]))
  expect(Object.keys(files).sort()).toEqual(['explanation.md', 'fixed.js', 'leaky.js', 'manifest.json'].map((f) => `01-sessions-that-never-end/${f}`))
  expect(files['01-sessions-that-never-end/fixed.js']).toBe(FIXED)
  expect(JSON.parse(files['01-sessions-that-never-end/manifest.json'])).toMatchObject({ id: 'sessions-that-never-end', culprit: 'sessions' })
  await screenshot(teacher, 'assignment-author')

  // Changing the exercise asks for a new try before it can leave again.
  await form.getByLabel('Title').fill('Sessions that never end (v2)')
  await expect.poll(() => tried.innerText()).toContain('The exercise has changed since it was tried')
  expect(await form.getByLabel(/^Assignment link/).count()).toBe(0)
  await teacher.close()

  // The student.
  const student = await openPage({ url: link })
  const guide = student.getByRole('region', { name: 'Sessions that never end' })
  await expect.poll(() => guide.innerText()).toContain('Every step opens a session.')
  expect(await student.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()
  expect(await guide.locator('img').count()).toBe(0)
  await waitForEditor(student)
  expect(await editorText(student)).toContain("sessions.push(new Session('u' + i))")
  const handIn = guide.getByRole('button', { name: 'Hand in' })
  expect(await handIn.isDisabled()).toBe(true)

  await student.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(student, /^ok/, { timeout: 30_000 })
  await expect.poll(() => guide.getByRole('status').innerText()).toMatch(/^Not yet\.\s+Old sessions are still alive\./)
  await setCode(student, FIXED)
  expect(await handIn.isDisabled()).toBe(true) // the verdict was for other code
  await student.getByRole('button', { name: 'Run', exact: true }).click()
  await expect.poll(() => guide.getByRole('status').innerText(), { timeout: 30_000 }).toMatch(/^✓ Checkpoint passed/)
  await handIn.click()
  const dialog = student.getByRole('dialog', { name: 'Hand in' })
  await dialog.getByLabel(/Your name/).fill('  Ada Lovelace ')
  await screenshot(student, 'assignment-hand-in')
  const handed = await download(student, () => dialog.getByRole('button', { name: 'Download the file' }).click())
  expect(handed.name).toBe('sessions-that-never-end--ada-lovelace.leaklab.json')
  const submission = v.parse(submissionSchema, JSON.parse(handed.text.toString('utf8')))
  expect(submission).toMatchObject({
    exercise: { id: 'sessions-that-never-end', title: 'Sessions that never end', hash: await exerciseHash(exercise) },
    learner: 'Ada Lovelace',
    code: FIXED,
    settings: { steps: 100, timeMs: 60000 },
    result: { pass: true, checks: [{ kind: 'live', pass: true, measured: '0 Session objects alive after the run (the goal is at most 5)' }] },
  })
  expect(Math.abs(Date.parse(submission.handedInAt) - Date.now())).toBeLessThan(120_000)
  await student.close()
})

test('a tampered assignment link says so, opens the playground, and loses no code', async () => {
  const page = await openPage({ url: `${baseUrl}#playground` })
  await setCode(page, 'const mine = 42\n')
  await page.waitForTimeout(500) // autosave
  await page.goto(`${baseUrl}#assignment=N4IgLgpgtg${'x'.repeat(40)}`)
  await page.reload()
  await expect.poll(() => page.getByRole('alert').filter({ hasText: 'assignment link' }).innerText()).toMatch(/This assignment link is damaged or incomplete/)
  await waitForEditor(page)
  expect(await editorText(page)).toContain('const mine = 42')
  await page.close()
})
