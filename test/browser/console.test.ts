/**
 * The Console region in Chromium against the built page: a logged object is a disclosure button that
 * lists what the object held when it was logged, by mouse and by keyboard, in both themes. Saves
 * screenshots (test/artifacts/c-console-*.png) for a human to check.
 */
import type { Locator, Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { screenshot } from './chromium'
import { useLeakLabBrowser, waitForOutcome } from './leaklab-page'
import { setCode } from './monaco'

const { openPage } = useLeakLabBrowser()

const PROGRAM = [
  "console.log({ a: [1, { b: 2 }], m: new Map([['k', 1]]) })",
  "console.warn('careful:', { list: [1, 2, 3] })",
  "console.log('just text', 42)",
].join('\n')

/** Runs PROGRAM and returns the Console region once its three lines are there. */
async function runProgram(page: Page): Promise<Locator> {
  await setCode(page, PROGRAM)
  await page.getByRole('button', { name: 'Run' }).click()
  await waitForOutcome(page, /^ok/)
  const region = page.getByRole('region', { name: 'Console' })
  await expect.poll(() => region.getByRole('listitem').count()).toBe(3)
  return region
}

/** The text of each child row of an expanded object, as the learner reads it. */
function childRows(group: Locator): Promise<string[]> {
  return group.evaluate((element) =>
    [...element.children].filter((child) => child.classList.contains('child')).map((child) => child.textContent ?? ''),
  )
}

function disclosure(region: Locator, name: string): Locator {
  return region.getByRole('button', { name, exact: true })
}

test('a logged object expands by click and by keyboard, showing what it held when it was logged', async () => {
  const page = await openPage()
  const region = await runProgram(page)
  const lines = region.getByRole('listitem')
  // The lines read as Node prints them, objects included (behind a ▸), and plain text is no button.
  expect(await lines.nth(0).innerText()).toMatch(/^log\s+▸\{ a: \[ 1, \{ b: 2 \} \], m: Map\(1\) \{ 'k' => 1 \} \}$/)
  expect(await lines.nth(1).innerText()).toMatch(/^warn\s+careful: ▸\{ list: \[ 1, 2, 3 \] \}$/)
  expect(await lines.nth(2).innerText()).toMatch(/^log\s+just text 42$/)
  expect(await lines.nth(2).getByRole('button').count()).toBe(0)

  const top = disclosure(region, "{ a: [ 1, { b: 2 } ], m: Map(1) { 'k' => 1 } }")
  await expect.poll(() => top.getAttribute('aria-expanded')).toBe('false')
  // Collapsed children are not rendered at all.
  expect(await region.getByRole('group').count()).toBe(0)

  // By click.
  await top.click()
  expect(await top.getAttribute('aria-expanded')).toBe('true')
  const topGroup = page.locator(`#${await top.getAttribute('aria-controls')}`)
  expect(await topGroup.getAttribute('role')).toBe('group')
  expect(await childRows(topGroup)).toEqual(['▸a: [ 1, [Object] ]', "▸m: Map(1) { 'k' => 1 }"])
  expect(await topGroup.innerText()).toContain('Value at the time it was logged')

  // By keyboard: Enter opens the Map, Space opens the array, each listing its children.
  const map = disclosure(topGroup, "m: Map(1) { 'k' => 1 }")
  await map.focus()
  await page.keyboard.press('Enter')
  expect(await map.getAttribute('aria-expanded')).toBe('true')
  const mapGroup = page.locator(`#${await map.getAttribute('aria-controls')}`)
  expect(await childRows(mapGroup)).toEqual(["'k' => 1"])

  const array = disclosure(topGroup, 'a: [ 1, [Object] ]')
  await page.keyboard.press('Shift+Tab')
  await expect.poll(() => array.evaluate((element) => element === document.activeElement)).toBe(true)
  // Focus is visible on the button the keyboard is on.
  expect(await array.evaluate((element) => element.matches(':focus-visible') && getComputedStyle(element).outlineStyle)).toBe('solid')
  await page.keyboard.press('Space')
  expect(await array.getAttribute('aria-expanded')).toBe('true')
  const arrayGroup = page.locator(`#${await array.getAttribute('aria-controls')}`)
  expect(await childRows(arrayGroup)).toEqual(['0: 1', '▸1: { b: 2 }'])
  const inner = disclosure(arrayGroup, '1: { b: 2 }')
  await inner.click()
  expect(await childRows(page.locator(`#${await inner.getAttribute('aria-controls')}`))).toEqual(['b: 2'])

  // The warning's object keeps the warning's colour.
  const warnObject = disclosure(region, '{ list: [ 1, 2, 3 ] }')
  await warnObject.click()
  const colours = await lines.nth(1).evaluate((line) => {
    const button = line.querySelector('[role="button"]')!
    return [getComputedStyle(line.querySelector('.level')!).color, getComputedStyle(button).color]
  })
  expect(colours[1]).toBe(colours[0])
  await screenshot(page, 'c-console-expanded-light')

  // Keyboard again: Enter on the top button closes it, and its children leave the page.
  await top.focus()
  await page.keyboard.press('Enter')
  expect(await top.getAttribute('aria-expanded')).toBe('false')
  expect(await top.getAttribute('aria-controls')).toBeNull()
  expect(await region.getByRole('group').count()).toBe(1)
  await page.close()
})

test('the expanded console reads well in the dark theme', async () => {
  const page = await openPage({ colorScheme: 'dark' })
  const region = await runProgram(page)
  const top = disclosure(region, "{ a: [ 1, { b: 2 } ], m: Map(1) { 'k' => 1 } }")
  await top.click()
  const topGroup = page.locator(`#${await top.getAttribute('aria-controls')}`)
  await disclosure(topGroup, "m: Map(1) { 'k' => 1 }").click()
  await disclosure(topGroup, 'a: [ 1, [Object] ]').click()
  await disclosure(region, '{ list: [ 1, 2, 3 ] }').click()
  await disclosure(region, 'list: [ 1, 2, 3 ]').focus()
  await page.keyboard.press('Enter')
  expect(await childRows(page.locator(`#${await disclosure(region, 'list: [ 1, 2, 3 ]').getAttribute('aria-controls')}`))).toEqual([
    '0: 1',
    '1: 2',
    '2: 3',
  ])
  // Keys stand apart from the panel's background in the dark theme too.
  const [key, background] = await topGroup.evaluate((group) => {
    const panel = group.closest('.panel')!
    return [getComputedStyle(group.querySelector('.key')!).color, getComputedStyle(panel).backgroundColor]
  })
  expect(key).not.toBe(background)
  expect(key).toBe('rgb(212, 168, 238)')
  await screenshot(page, 'c-console-expanded-dark')
  await page.close()
})

test('5,000 logged objects stay one collapsed button each, and the last one still expands', async () => {
  const page = await openPage()
  await setCode(page, 'for (let i = 0; i < 5000; i++) console.log("item", i, { i, tags: ["a", "b"], m: new Map([[i, { v: i }]]) })')
  await page.getByRole('button', { name: 'Run' }).click()
  await waitForOutcome(page, /^ok/)
  const region = page.getByRole('region', { name: 'Console' })
  await expect.poll(() => region.getByRole('listitem').count()).toBe(5000)
  const counts = await region.evaluate((element) => ({
    toggles: element.querySelectorAll('[role="button"]').length,
    groups: element.querySelectorAll('[role="group"]').length,
    elements: element.querySelectorAll('*').length,
  }))
  // Each line: the item, its level, its text, the object's button and its caret; no children yet.
  expect(counts).toEqual({ toggles: 5000, groups: 0, elements: expect.any(Number) })
  expect(counts.elements).toBeLessThanOrEqual(5000 * 5 + 10)
  const last = region.getByRole('button', { name: "{ i: 4999, tags: [ 'a', 'b' ], m: Map(1) { 4999 => { v: 4999 } } }", exact: true })
  await last.scrollIntoViewIfNeeded()
  await last.click()
  const group = page.locator(`#${await last.getAttribute('aria-controls')}`)
  expect(await childRows(group)).toEqual(['i: 4999', "▸tags: [ 'a', 'b' ]", '▸m: Map(1) { 4999 => [Object] }'])
  await page.close()
})
