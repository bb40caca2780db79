/**
 * A Python exercise from the author form to a graded hand-in, in Chromium against the built page: the
 * teacher switches the form's editor to Python (the verifier and the folder are refused, with why),
 * tries it, shares the link and downloads the exercise file; the student's page opens in Python, runs
 * the fix in CPython and hands it in; `leaklab grade --exercise` grades the hand-in in Node.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Page } from 'playwright-core'
import { expect, inject, test } from 'vitest'
import { decodeAssignmentFragment } from '../../src/exercise/assignment-link'
import type { Exercise } from '../../src/exercise/exercise'
import { screenshot } from './chromium'
import { useLeakLabBrowser, waitForOutcome } from './leaklab-page'
import { setCode, waitForEditor } from './monaco'

const baseUrl = inject('baseUrl')
const { openPage } = useLeakLabBrowser()
const run = promisify(execFile)
/** The first Python run loads CPython on two busy cores. */
const FIRST_RUN = 90_000

const LEAKY = `class Session:
    def __init__(self, user):
        self.user = user


sessions = []


def step(i):
    sessions.append(Session(f"u{i}"))
`
const FIXED = LEAKY.replace('    sessions.append(Session(f"u{i}"))\n', '    session = Session(f"u{i}")  # used, then let go\n')

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()])
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!) }
}

test('a teacher writes a Python exercise; the student fixes it in Python and hands it in; grade passes it', { timeout: 240_000 }, async () => {
  const teacher = await openPage({ url: `${baseUrl}#author` })
  await teacher.getByRole('combobox', { name: 'Language' }).selectOption('python')
  const form = teacher.getByRole('region', { name: 'Write an exercise' })
  await setCode(teacher, LEAKY)
  await form.getByLabel('Title').fill('Sessions in Python')
  await form.getByLabel('Instructions (Markdown)').fill('Every step opens a **session**. Stop them piling up.')
  await form.getByLabel(/^Check/).fill('[{ "kind": "live", "group": "Session", "atMost": 5, "message": "Old sessions are still alive." }]')
  await form.getByLabel(/^Reference fix/).fill(FIXED)
  await form.getByLabel(/^Hints/).fill('Who keeps the sessions?')
  // A verifier is JavaScript run by the JavaScript engine: not offered for Python, and the form says so.
  expect(await form.getByLabel(/^Verifier/).isDisabled()).toBe(true)

  await form.getByRole('button', { name: 'Try it' }).click()
  const tried = form.getByRole('status', { name: 'Try it' })
  await expect.poll(() => tried.innerText(), { timeout: FIRST_RUN }).toMatch(/✓ The leaky code fails the check\.[\s\S]*✓ The fix passes the check\./)
  const link = await form.getByLabel(/^Assignment link/).inputValue()
  const exercise = (decodeAssignmentFragment(new URL(link).hash) as { exercise: Exercise }).exercise
  expect(exercise).toMatchObject({ id: 'sessions-in-python', language: 'python', starter: LEAKY })
  expect(await form.getByRole('button', { name: 'Download the scenario folder (.zip)' }).count()).toBe(0)
  const exerciseFile = await download(teacher, () => form.getByRole('button', { name: /^Download the exercise/ }).click())
  await screenshot(teacher, 'assignment-python-author')
  await teacher.close()

  const student = await openPage({ url: link })
  const guide = student.getByRole('region', { name: 'Sessions in Python' })
  await waitForEditor(student)
  // The exercise's language is the link's: shown, not chosen.
  expect(await student.getByRole('combobox', { name: 'Language' }).count()).toBe(0)
  expect(await student.getByRole('toolbar', { name: 'Run controls' }).innerText()).toContain('Python')
  await setCode(student, FIXED)
  await student.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(student, /^ok/, { timeout: FIRST_RUN })
  await expect.poll(() => guide.getByRole('status').innerText(), { timeout: 30_000 }).toMatch(/^✓ Checkpoint passed/)
  await guide.getByRole('button', { name: 'Hand in' }).click()
  const dialog = student.getByRole('dialog', { name: 'Hand in' })
  await dialog.getByLabel(/Your name/).fill('Ada')
  const handed = await download(student, () => dialog.getByRole('button', { name: 'Download the file' }).click())
  expect(JSON.parse(handed.text.toString('utf8'))).toMatchObject({ language: 'python', code: FIXED, result: { pass: true } })
  await screenshot(student, 'assignment-python-hand-in')
  await student.close()

  // The teacher grades the hand-in against the exercise file: run again, in CPython, and passed.
  const dir = await mkdtemp(join(tmpdir(), 'leaklab-grade-py-'))
  try {
    await writeFile(join(dir, exerciseFile.name), exerciseFile.text)
    await writeFile(join(dir, handed.name), handed.text)
    const root = new URL('../..', import.meta.url).pathname
    const { stdout } = await run('node', [join(root, 'bin/leaklab.js'), 'grade', join(dir, handed.name), '--exercise', join(dir, exerciseFile.name), '--json'], { cwd: root, timeout: 120_000 })
    expect(JSON.parse(stdout)).toMatchObject({ scenario: { language: 'python' }, results: [{ result: 'pass', hashMatches: true }] })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
