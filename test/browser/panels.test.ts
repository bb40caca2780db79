/** The four result panels on the demo page (panels-demo.ts builds and serves it). */
import type { Locator, Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { BUS, SEED } from '../../src/app/panels/demo/fixtures'
import { formatCount } from '../../src/format/numbers'
import { screenshot } from './chromium'
import { usePanelsDemo } from './panels-demo'

const demo = usePanelsDemo('panels-demo')
const openDemo = (query = '', colorScheme: 'light' | 'dark' = 'light'): Promise<Page> => demo.open(query, colorScheme)

const region = (page: Page, name: string): Locator => page.getByRole('region', { name })
const lastEvent = (page: Page): Promise<string> => page.getByRole('list', { name: 'Events' }).getByRole('listitem').first().innerText()

/** The drawn graph: wait for its layout, then read Cytoscape's own model of it. */
async function drawnGraph(page: Page): Promise<{ nodes: { id: string; x: number; y: number; background: string }[]; zoom: number }> {
  const canvas = region(page, 'Reference graph').locator('[data-state="ready"]')
  await canvas.waitFor({ timeout: 20_000 })
  return canvas.evaluate((el) => {
    // Cytoscape registers itself on its container.
    const cy = (el as HTMLElement & { _cyreg: { cy: import('cytoscape').Core } })._cyreg.cy
    return {
      nodes: cy.nodes().map((n) => ({ id: n.id(), x: n.renderedPosition().x, y: n.renderedPosition().y, background: n.style('background-color') as string })),
      zoom: cy.zoom(),
    }
  })
}

async function clickNode(page: Page, id: string): Promise<void> {
  const box = (await region(page, 'Reference graph').locator('[data-state="ready"]').boundingBox())!
  const node = (await drawnGraph(page)).nodes.find((n) => n.id === id)!
  await page.mouse.click(box.x + node.x, box.y + node.y)
}

test('the chart draws the total and the top groups, resizes with its box, and says the same in text', async () => {
  const page = await openDemo()
  const chart = region(page, 'Object counts')
  const first = SEED.samples[0].objects
  const last = SEED.samples.at(-1)!.objects
  await expect
    .poll(() => chart.innerText())
    .toContain(`Total objects grew from ${formatCount(first)} to ${formatCount(last)} over 100 steps. Largest groups at the last heap walk: DataHolder (line 18): 100,000`)
  // Away from the pointer the legend holds the latest values.
  await expect.poll(() => chart.locator('.u-legend').innerText()).toMatch(new RegExp(`all objects:?\\s*${formatCount(last)}\\s*DataHolder \\(line 18\\):?\\s*100,000`))
  const canvas = chart.locator('canvas')
  const wide = (await canvas.boundingBox())!.width
  await screenshot(page, 'panels-chart-light')

  // At 800 px the panels stack in one column, so the chart's box grows; the canvas follows it.
  await page.setViewportSize({ width: 800, height: 1000 })
  const box = chart.locator('.plot')
  await expect.poll(async () => (await canvas.boundingBox())!.width).toBeGreaterThan(wide + 100)
  expect((await canvas.boundingBox())!.width).toBeCloseTo((await box.boundingBox())!.width, 0)
  await page.close()
})

test('the chart explains itself instead of drawing one sample', async () => {
  const page = await openDemo('?scenario=one&graph=')
  await expect.poll(() => region(page, 'Object counts').innerText()).toMatch(/Only one sample \([\d,]+ objects\): a line needs at least two\./)
  expect(await region(page, 'Object counts').locator('canvas').count()).toBe(0)
  await expect.poll(() => region(page, 'Leak suspects').innerText()).toContain('only one step ran, too few to measure growth')
  await page.close()
})

test('a walk that could not place everything says so above the suspects, as a note', async () => {
  const page = await openDemo('?scenario=unsure&graph=')
  const note = region(page, 'Leak suspects').getByRole('note')
  await expect.poll(() => note.innerText()).toMatch(/^LeakLab is not sure of this heap: 12 of the engine's [\d,]+ live objects were reached from no root, yet are not garbage, and [\d,]+ of [\d,]+ references have no name\.$/)
  await screenshot(page, 'panels-unsure')
  await page.close()
})

test('the heap table sorts by any column with the keyboard, filters, groups by line and compares with the previous run', async () => {
  const page = await openDemo('?graph=')
  const table = region(page, 'Heap snapshot')
  const sortOf = (name: RegExp) => table.getByRole('columnheader', { name }).getAttribute('aria-sort')
  const names = () => table.locator('tbody th').allInnerTexts()
  expect(await sortOf(/^Retained/)).toBe('descending')

  await table.getByRole('button', { name: /^Name/ }).focus()
  await page.keyboard.press('Enter')
  expect(await sortOf(/^Name/)).toBe('ascending')
  expect(await sortOf(/^Retained/)).toBe('none')
  expect((await names()).map((n) => n.split(/\s/)[0])).toEqual([...(await names()).map((n) => n.split(/\s/)[0])].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())))
  await page.keyboard.press('Space')
  expect(await sortOf(/^Name/)).toBe('descending')

  await table.getByRole('searchbox').fill('holder')
  expect(await names()).toEqual([expect.stringMatching(/^DataHolder/), expect.stringMatching(/^DataHolder\s+class/)])
  await table.getByRole('searchbox').fill('')

  await table.getByRole('radio', { name: 'line' }).check()
  await expect.poll(() => table.getByRole('columnheader', { name: /^Line/ }).count()).toBe(1)
  await page.getByRole('checkbox', { name: 'compare with the previous run' }).check()
  await expect.poll(() => table.getByRole('columnheader', { name: /Δ Count/ }).count()).toBe(1)
  const rowOf = (name: RegExp) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) })
  expect(await rowOf(/^DataHolder$/).innerText()).toMatch(/line 18\s+100,000.*\+50,000/s)
  expect(await rowOf(/^Object\s+new/).first().innerText()).toMatch(/line 14\s+600/)
  expect(await table.getByText('gone').count()).toBe(2)
  await screenshot(page, 'panels-table-compare-light')

  // In a narrow panel the changes move under the count and the size, so nothing is cut off.
  await table.locator('.heap-table').evaluate((el) => { (el as HTMLElement).style.width = '420px' })
  await expect.poll(() => table.getByRole('columnheader', { name: /Δ Count/ }).isVisible()).toBe(false)
  expect(await rowOf(/^DataHolder\s+line 18$/).innerText()).toMatch(/100,000\s+\+50,000/)
  const scroller = table.locator('.scroll')
  expect(await scroller.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
  await screenshot(page, 'panels-table-compare-narrow')
  await table.locator('.heap-table').evaluate((el) => { (el as HTMLElement).style.width = '' })

  // Choosing a row with the keyboard: its name is a button.
  await rowOf(/^DataHolder$/).getByRole('button').focus()
  await page.keyboard.press('Enter')
  expect(await lastEvent(page)).toMatch(/^onSelect\(DataHolder main\.js:18:\d+, line\)$/)
  expect(await rowOf(/^DataHolder$/).getAttribute('aria-current')).toBe('true')
  // A click anywhere on a row chooses it too.
  await rowOf(/^Map/).getByRole('cell').last().click()
  expect(await lastEvent(page)).toMatch(/^onSelect\(Map main\.js:9:\d+, line\)$/)
  await page.close()
})

test('the heap table draws 200 of 3,000 rows and says how many more', async () => {
  const page = await openDemo('?scenario=many&graph=')
  const table = region(page, 'Heap snapshot')
  await table.getByRole('radio', { name: 'line' }).check()
  await expect.poll(() => table.locator('tbody tr').count()).toBe(200)
  expect(await table.innerText()).toContain('2,800 more, refine the filter.')
  await table.getByRole('searchbox').fill('record')
  await expect.poll(() => table.innerText()).toContain('800 more, refine the filter.')
  await page.close()
})

test('suspects are grouped by cluster, and chosen by click or keyboard', async () => {
  const page = await openDemo('?graph=')
  const panel = region(page, 'Leak suspects')
  expect(await panel.innerText()).toMatch(/Likely one leak: 2 groups held through leakList\[\*\]\s+DataHolder\s+line 18\s+\+1,000 per step/)
  // A click anywhere on the card (here on its numbers) chooses it: the button's cover takes it.
  const numbers = (await panel.getByRole('listitem').filter({ hasText: 'cache.get("u0").items' }).getByText('per step').boundingBox())!
  await page.mouse.click(numbers.x + numbers.width / 2, numbers.y + numbers.height / 2)
  expect(await lastEvent(page)).toBe('onSelect(suspect Array line 14)')
  await panel.getByRole('button', { name: /^DataHolder/ }).focus()
  await page.keyboard.press('Space')
  expect(await lastEvent(page)).toBe('onSelect(suspect DataHolder line 18)')
  await screenshot(page, 'panels-suspects-light')

  await page.goto(demo.url('?scenario=timer&graph='))
  await expect.poll(() => panel.innerText()).toMatch(/No leak suspects: the program has no step\(\) function, so growth could not be measured/)
  await page.close()
})

test('the reference graph lays out roots first, expands a set and focuses an object on click, and zooms from buttons', async () => {
  const page = await openDemo('?graph=dataHolder')
  const panel = region(page, 'Reference graph')
  let graph = await drawnGraph(page)
  expect(graph.nodes.map((n) => n.id)).toEqual(SEED.graphs.dataHolder.nodes.map((n) => n.id))
  // leakList → Array → DataHolder ×100,000, left to right.
  const [rootNode, array, set] = graph.nodes
  expect(rootNode.x).toBeLessThan(array.x)
  expect(array.x).toBeLessThan(set.x)
  expect(await panel.innerText()).toMatch(/Path\s+leakList\[0\]/)
  await screenshot(page, 'panels-graph-light')

  const zoom = graph.zoom
  await panel.getByRole('button', { name: 'Zoom in' }).click()
  expect((await drawnGraph(page)).zoom).toBeCloseTo(zoom * 1.25)
  await panel.getByRole('button', { name: 'Fit' }).click()
  expect((await drawnGraph(page)).zoom).toBeCloseTo(zoom)

  await clickNode(page, set.id)
  expect(await lastEvent(page)).toBe(`onExpand(${set.id})`)
  await expect.poll(async () => (await drawnGraph(page)).nodes.length).toBe(SEED.graphs.dataHolderExpanded.nodes.length)
  graph = await drawnGraph(page)
  const member = SEED.graphs.dataHolderExpanded.nodes.find((n) => n.count === 1 && n.role === 'target')!
  // Twenty elements side by side read better top to bottom.
  const list = SEED.graphs.dataHolderExpanded.nodes.find((n) => n.kind === 'array' && n.role === 'path')!
  expect(graph.nodes.find((n) => n.id === member.id)!.y).toBeGreaterThan(graph.nodes.find((n) => n.id === list.id)!.y)
  await screenshot(page, 'panels-graph-expanded-light')
  await clickNode(page, member.id)
  expect(await lastEvent(page)).toBe(`onFocus(${member.node})`)
  await page.close()
})

test('the reference graph has a keyboard path list, a legend, a truncation note, and follows the colour scheme', async () => {
  const page = await openDemo('?scenario=bus&graph=truncated')
  const panel = region(page, 'Reference graph')
  const graph = await drawnGraph(page)
  expect(await panel.getByRole('note').innerText()).toBe('Some retainers are left out to keep the graph readable.')
  await panel.getByText('The path as a list').click()
  const target = panel.getByRole('listitem').filter({ hasText: '(closure onMessage)' })
  expect(await target.innerText()).toMatch(/\.get\(\{Object\}\)\s+\(closure onMessage\)\s+\(closure, the chosen objects\)\s+Focus/)
  const focusNode = BUS.graphs.closure.nodes.find((n) => n.role === 'target')!
  await target.getByRole('button', { name: 'Focus' }).click()
  expect(await lastEvent(page)).toBe(`onFocus(${focusNode.node})`)
  expect(await panel.getByRole('group', { name: 'Legend' }).innerText()).toMatch(/closure variable/)
  await screenshot(page, 'panels-graph-bus-light')

  // The target's fill is the theme's accent, light then dark without a reload.
  const fill = (g: typeof graph) => g.nodes.find((n) => n.id === focusNode.id)!.background
  expect(fill(graph)).toBe('rgb(36,86,199)')
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(async () => fill(await drawnGraph(page))).toBe('rgb(122,162,255)')
  await screenshot(page, 'panels-graph-bus-dark')
  await page.close()
})

test('all four panels in the dark theme', async () => {
  const page = await openDemo('?compare=1&graph=sessions', 'dark')
  await drawnGraph(page)
  await region(page, 'Object counts').locator('canvas').waitFor()
  await screenshot(page, 'panels-all-dark')
  await page.close()
})
