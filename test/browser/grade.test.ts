/**
 * A teacher grades hand-ins in the page, in Chromium against the built site: dropped files and a zip,
 * the exercise found from what they name, the pool's progress, the table (sortable, one column per
 * check), the CSV and JSON downloads in the CLI's format, one hand-in opened read-only with its
 * verdict, Stop, and nothing sent anywhere. Then Python hand-ins, on CPython in the page.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import type { Page } from 'playwright-core'
import { expect, inject, test } from 'vitest'
import { CSV_COLUMNS } from '../../src/grade/grade-report'
import { FIXED, FIXED_PY, growingListHash, INFINITE_LOOP, LEAKY, LEAKY_PY, submission, tempDir } from '../grade/fixtures'
import { screenshot } from './chromium'
import { useLeakLabBrowser } from './leaklab-page'
import { editorText, waitForEditor } from './monaco'

const baseUrl = inject('baseUrl')
const { openPage } = useLeakLabBrowser()

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()])
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') }
}

async function openGrading(): Promise<Page> {
  const page = await openPage()
  await page.evaluate(() => (location.hash = 'grade'))
  await page.getByRole('heading', { name: 'Grade hand-ins' }).waitFor()
  return page
}

/** The table's rows as text cells, header first. */
function tableText(page: Page): Promise<string[][]> {
  return page.getByRole('table').evaluate((table) => [...table.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())))
}

function resultOf(rows: string[][], learner: string): string {
  const row = rows.find((r) => r[0] === learner)
  if (!row) throw new Error(`no row for ${learner} in ${JSON.stringify(rows)}`)
  return row[1]
}

test('a teacher drops hand-ins and a zip, grades them in the page, sorts, downloads and opens one', async () => {
  const dir = tempDir()
  try {
    const hash = await growingListHash()
    const files = {
      ada: join(dir, 'ada.leaklab.json'),
      bob: join(dir, 'bob.leaklab.json'),
      heidi: join(dir, 'heidi.leaklab.json'),
      zip: join(dir, 'more-hand-ins.zip'),
    }
    await writeFile(files.ada, JSON.stringify(submission(hash, 'Ada Lovelace', FIXED, true)))
    await writeFile(files.bob, JSON.stringify(submission(hash, 'Bob', LEAKY, false)))
    await writeFile(files.heidi, '{ "format": "leaklab-submission", "learner": "Heidi", ')
    await writeFile(files.zip, zipSync({
      'class/carol.leaklab.json': strToU8(JSON.stringify(submission(hash, 'Carol', LEAKY, true))),
      'class/erin.leaklab.json': strToU8(JSON.stringify(submission(hash, 'Erin', FIXED, true, { exercise: { id: 'growing-list', title: 'A list that only grows', hash: '0'.repeat(64) } }))),
      'class/readme.txt': strToU8('not a hand-in'),
    }))

    const page = await openGrading()
    await expect.poll(() => page.locator('main').innerText()).toMatch(/Nothing leaves your browser/)
    await page.getByRole('group', { name: /Drop the learners' hand-in files/ }).locator('input[type=file]').setInputFiles(Object.values(files))
    await expect.poll(() => page.getByTestId('hand-in-count').innerText()).toMatch(/^5 hand-ins to grade\. Remove them all$/)
    await expect.poll(() => page.locator('main').innerText()).toMatch(/1 file in “more-hand-ins\.zip” is not JSON and was left out: “class\/readme\.txt”/)
    // The hand-ins name scenario 01: it is chosen without asking.
    await expect.poll(() => page.getByTestId('chosen-exercise').innerText()).toMatch(/Grading against A list that only grows \(growing-list\) in JavaScript: 100 steps, 1 min, 3 checks\. Chosen from the library because 4 of the 5 hand-ins name it\./)

    // From here, nothing the page asks for may carry a hand-in anywhere.
    const requests: string[] = []
    page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`))
    await page.getByRole('button', { name: 'Grade 5 hand-ins' }).click()
    await expect.poll(() => page.getByTestId('grade-summary').innerText().catch(async () => (await tableText(page)).join('\n')), { timeout: 60_000 }).toBe('4 graded: 2 passed, 2 failed; 1 could not be graded; 1 for a different exercise.')
    await screenshot(page, 'grade-table')

    const rows = await tableText(page)
    expect(rows[0]).toEqual(['Learner', 'Result', 'No group grows', 'at most 100 DataHolder alive', 'Still does its job', 'Reason', 'Flags', 'File'])
    expect(Object.fromEntries(rows.slice(1).map((r) => [r[0], r[1]]))).toEqual({ 'Ada Lovelace': 'pass', Bob: 'fail', '(no name)': 'error', Carol: 'fail', Erin: 'pass' })
    expect(rows.find((r) => r[0] === 'Erin')?.[6]).toBe('⚠ different exercise')
    expect(rows.find((r) => r[0] === 'Carol')?.[6]).toBe('claimed pass')
    expect(rows.find((r) => r[0] === 'Bob')?.[3]).toMatch(/^✗ failed: 10,000 DataHolder objects alive after the run/)
    expect(rows.find((r) => r[0] === '(no name)')?.[5]).toMatch(/^could not be graded: is not valid JSON/)
    expect(requests.filter((r) => !r.startsWith(`GET ${baseUrl}`))).toEqual([])

    // Sorting: by result, failures first; again, the other way.
    const resultHeader = page.getByRole('columnheader', { name: 'Result' })
    await resultHeader.getByRole('button').click()
    expect(await resultHeader.getAttribute('aria-sort')).toBe('ascending')
    expect((await tableText(page)).slice(1).map((r) => r[1])).toEqual(['error', 'fail', 'fail', 'pass', 'pass'])
    await resultHeader.getByRole('button').click()
    expect(await resultHeader.getAttribute('aria-sort')).toBe('descending')
    expect((await tableText(page)).slice(1).map((r) => r[1])).toEqual(['pass', 'pass', 'fail', 'fail', 'error'])

    // The downloads have the CLI's columns and fields.
    const csv = await download(page, () => page.getByRole('button', { name: 'Download CSV' }).click())
    expect(csv.name).toBe('growing-list-grades.csv')
    const lines = csv.text.split('\r\n')
    expect(lines[0]).toBe(CSV_COLUMNS.join(','))
    expect(lines[1]).toMatch(/^ada\.leaklab\.json,Ada Lovelace,pass,true,true,/)
    expect(lines).toHaveLength(7)
    const json = JSON.parse((await download(page, () => page.getByRole('button', { name: 'Download JSON' }).click())).text)
    expect(Object.keys(json)).toEqual(['scenario', 'summary', 'results'])
    expect(json.scenario).toMatchObject({ id: 'growing-list', hash, settings: { steps: 100, timeMs: 60_000 } })
    expect(json.summary).toEqual({ submissions: 5, graded: 4, passed: 2, failed: 2, notGraded: 1, differentExercise: 1, differentSettings: 0, unsure: 0 })
    expect(json.results.map((r: { learner: string }) => r.learner)).toEqual(['Ada Lovelace', 'Bob', null, 'Carol', 'Erin'])

    // One hand-in, read-only, run again with its verdict.
    await page.getByRole('link', { name: "Open Bob's hand-in" }).click()
    await waitForEditor(page)
    const banner = page.getByRole('region', { name: /Bob's hand-in/ })
    await expect.poll(() => banner.innerText()).toMatch(/Bob's hand-in \(bob\.leaklab\.json\), read-only\.\s+Graded: fail/)
    expect(await editorText(page)).toBe(LEAKY)
    await page.locator('.monaco-editor textarea').first().focus()
    await page.keyboard.type('// an edit')
    expect(await editorText(page)).toBe(LEAKY)
    await expect.poll(() => page.locator('main').innerText(), { timeout: 60_000 }).toMatch(/Too many DataHolder objects are still alive after the run/)
    await screenshot(page, 'grade-hand-in')
    await banner.getByRole('link', { name: 'Back to the grades' }).click()
    await expect.poll(async () => (await tableText(page)).length).toBe(6)
    // A hand-in this tab does not hold (an old address, a reload) leads back to the grades, which say so.
    await page.evaluate(() => (location.hash = 'grade&handin=99'))
    await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(/^That hand-in is not graded in this tab/)
    expect((await tableText(page)).length).toBe(6)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}, 180_000)

test('Stop ends a grading: what ran keeps its grade, the rest say they were not run', async () => {
  const dir = tempDir()
  try {
    const hash = await growingListHash()
    const paths = [join(dir, 'a-loop.leaklab.json'), join(dir, 'b-ada.leaklab.json')]
    await writeFile(paths[0], JSON.stringify(submission(hash, 'Frank', INFINITE_LOOP, true)))
    await writeFile(paths[1], JSON.stringify(submission(hash, 'Ada', FIXED, true)))
    const page = await openGrading()
    await page.getByRole('group', { name: /Drop the learners' hand-in files/ }).locator('input[type=file]').setInputFiles(paths)
    await page.getByRole('button', { name: 'Grade 2 hand-ins' }).click()
    await expect.poll(async () => resultOf(await tableText(page), 'Frank')).toBe('running…')
    await page.getByRole('button', { name: 'Stop' }).click()
    await expect.poll(() => page.getByTestId('grade-summary').innerText()).toMatch(/^Stopped\. 0 graded: 0 passed, 0 failed; 2 could not be graded\.$/)
    const rows = await tableText(page)
    expect(rows.find((r) => r[0] === 'Frank')?.[5]).toBe('could not be graded: grading was stopped before this hand-in was run')
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('Python hand-ins are graded on CPython in the page, against the scenario\'s Python variant', async () => {
  const dir = tempDir()
  try {
    const hash = await growingListHash('python')
    const py = (learner: string, code: string, pass: boolean) => ({ ...submission(hash, learner, code, pass), language: 'python' as const })
    const paths = [join(dir, 'ada.leaklab.json'), join(dir, 'bob.leaklab.json')]
    await writeFile(paths[0], JSON.stringify(py('Ada', FIXED_PY, true)))
    await writeFile(paths[1], JSON.stringify(py('Bob', LEAKY_PY, false)))
    const page = await openGrading()
    await page.getByRole('group', { name: /Drop the learners' hand-in files/ }).locator('input[type=file]').setInputFiles(paths)
    await expect.poll(() => page.getByTestId('chosen-exercise').innerText()).toMatch(/A list that only grows \(growing-list\) in Python/)
    await page.getByRole('button', { name: 'Grade 2 hand-ins' }).click()
    await expect.poll(() => page.getByTestId('grade-summary').innerText(), { timeout: 120_000 }).toBe('2 graded: 1 passed, 1 failed.')
    const rows = await tableText(page)
    expect([resultOf(rows, 'Ada'), resultOf(rows, 'Bob')]).toEqual(['pass', 'fail'])
    await screenshot(page, 'grade-python')
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
