/**
 * Issue 14: the reference graph was torn down while ELK was still laying it out, and the layout's
 * late completion then moved nodes of a destroyed Cytoscape ("Cannot read properties of null (reading
 * 'notify')"). On the panels demo page (panels-demo.ts) the graph panel is
 * mounted and unmounted, its graph swapped and removed, the chart's data swapped and the page resized,
 * many times and at every moment of a layout; nothing may reach the page's error handlers.
 * First, without a browser, the same path step by step: a layout finished by hand after destroy().
 */
import type { Locator, Page } from 'playwright-core'
import cytoscape from 'cytoscape'
import { describe, expect, inject, test } from 'vitest'
import { SEED } from '../../src/app/panels/demo/fixtures'
import { loadCytoscape, startLayout } from '../../src/app/panels/graph-runtime'
import { usePanelsDemo } from './panels-demo'
import { openLeakLab, waitForOutcome } from './leaklab-page'

const demo = usePanelsDemo('graph-teardown')
const openDemo = (query: string): Promise<Page> => demo.open(query)

const graphCanvas = (page: Page): Locator => page.getByRole('region', { name: 'Reference graph' }).locator('[data-state="ready"]')

/** The ids of the nodes Cytoscape has drawn, once the layout is done. */
async function drawnIds(page: Page): Promise<string[]> {
  await graphCanvas(page).waitFor({ timeout: 20_000 })
  return graphCanvas(page).evaluate((el) => (el as HTMLElement & { _cyreg: { cy: import('cytoscape').Core } })._cyreg.cy.nodes().map((n) => n.id()))
}

/**
 * A layout that finishes when the test says so, the way cytoscape-elk does when ELK's promise
 * settles: it sets the positions of the nodes it was given, whatever became of them since. Its stop()
 * does nothing, like cytoscape-elk's.
 */
const finishers: (() => void)[] = []
interface Deferred {
  options: { eles: cytoscape.Collection }
}
// A function, not a class: Cytoscape calls a layout's constructor on its own object.
function DeferredLayout(this: Deferred, options: Deferred['options']): void {
  this.options = options
}
DeferredLayout.prototype.run = function (this: Deferred) {
  const nodes = this.options.eles.nodes()
  finishers.push(() => {
    // Typed as taking a layout's name and fewer options; Cytoscape takes the layout itself (it emits its events on it).
    nodes.layoutPositions(this as never, this.options as never, (node) => ({ x: 100 + node.position().x, y: 50 }))
  })
  return this
}
DeferredLayout.prototype.stop = function () {
  return this
}
cytoscape('layout', 'deferred', DeferredLayout)

describe('a layout that completes after its graph was torn down (no browser)', () => {
  const graph = () =>
    cytoscape({
      headless: true,
      elements: [{ data: { id: 'a' } }, { data: { id: 'b' } }, { data: { id: 'ab', source: 'a', target: 'b' } }],
    })

  test('unguarded, it throws what the page reported in issue 14: the fake is faithful', () => {
    const cy = graph()
    cy.layout({ name: 'deferred' }).run()
    cy.destroy()
    expect(() => finishers.pop()!()).toThrow("Cannot read properties of null (reading 'notify')")
  })

  test('through startLayout and stopped before destroy(), its completion moves nothing and calls nothing', () => {
    const cy = graph()
    let done = 0
    const run = startLayout(cy, { name: 'deferred' }, () => done++)
    expect(run.running).toBe(true)
    run.stop()
    cy.destroy()
    expect(() => finishers.pop()!()).not.toThrow()
    expect(done).toBe(0)
  })

  test('through startLayout, destroyed without a stop, its completion is still inert', () => {
    const cy = graph()
    let done = 0
    startLayout(cy, { name: 'deferred' }, () => done++)
    cy.destroy()
    expect(() => finishers.pop()!()).not.toThrow()
    expect(done).toBe(0)
  })

  test('stopped because the graph was replaced, it leaves the live graph where it is', () => {
    const cy = graph()
    let done = 0
    const run = startLayout(cy, { name: 'deferred' }, () => done++)
    const before = cy.nodes().map((n) => ({ ...n.position() }))
    run.stop()
    finishers.pop()!()
    expect(cy.nodes().map((n) => n.position())).toEqual(before)
    expect(done).toBe(0)
    expect(run.running).toBe(false)
  })

  test('not stopped, it places the nodes and calls back once', () => {
    const cy = graph()
    let done = 0
    const run = startLayout(cy, { name: 'deferred' }, () => done++)
    finishers.pop()!()
    expect(cy.nodes().map((n) => n.position().x)).toEqual([100, 100])
    expect(done).toBe(1)
    expect(run.running).toBe(false)
    run.stop()
    expect(done).toBe(1)
  })

  test('the real ELK layout, destroyed at every moment of its run, reports nothing and calls nothing', async () => {
    const lib = await loadCytoscape()
    const elements = [
      ...Array.from({ length: 30 }, (_, i) => ({ data: { id: `n${i}` } })),
      ...Array.from({ length: 29 }, (_, i) => ({ data: { id: `e${i}`, source: `n${i >> 1}`, target: `n${i + 1}` } })),
    ]
    const errors: unknown[] = []
    const onError = (error: unknown) => errors.push(error)
    process.on('uncaughtException', onError)
    process.on('unhandledRejection', onError)
    try {
      // Callbacks from layouts torn down before they finished (a quick one may finish before its teardown).
      let late = 0
      let tornWhileRunning = 0
      const tick = [() => Promise.resolve(), () => new Promise((r) => setTimeout(r, 0)), () => new Promise((r) => setTimeout(r, 1)), () => new Promise((r) => setTimeout(r, 5))]
      for (let i = 0; i < 24; i++) {
        const cy = lib({ headless: true, elements })
        let torn = false
        const run = startLayout(cy, { name: 'elk', fit: false, animate: false, elk: { algorithm: 'layered' } } as cytoscape.BaseLayoutOptions, () => {
          if (torn) late++
        })
        await tick[i % tick.length]()
        if (run.running) tornWhileRunning++
        torn = true
        if (i % 2 === 0) run.stop()
        cy.destroy()
      }
      // Every one of those layouts has answered by now.
      await new Promise((r) => setTimeout(r, 500))
      expect(tornWhileRunning).toBeGreaterThanOrEqual(12)
      expect(late).toBe(0)
      // And left alone, the same layout finishes and calls back.
      const cy = lib({ headless: true, elements })
      await new Promise<void>((resolve) => startLayout(cy, { name: 'elk', fit: false, animate: false, elk: { algorithm: 'layered' } } as cytoscape.BaseLayoutOptions, resolve))
      expect(new Set(cy.nodes().map((n) => n.position().y)).size).toBeGreaterThan(1)
      cy.destroy()
    } finally {
      process.off('uncaughtException', onError)
      process.off('unhandledRejection', onError)
    }
    expect(errors).toEqual([])
  })
})

interface Churn {
  rounds: number
  /** Teardowns (an unmount, or the graph's canvas removed) while the panel said it was drawing. */
  tornDownWhileDrawing: number
  /** Graphs replaced by another while the panel said it was drawing. */
  replacedWhileDrawing: number
}

/**
 * In the page, with no round trip to the test between two actions: choose a graph, wait a moment
 * (none, a microtask, a task, a frame, a few ms: ELK answers a layout after two tasks of its fake
 * worker, so some of these land before it does, some after), then unmount the panel, drop its graph,
 * or choose another; wait another moment and mount it again. The chart's data and the page's width
 * change as well, so its ResizeObserver and uPlot's are torn down mid-flight too.
 */
function churn(page: Page, rounds: number): Promise<Churn> {
  return page.evaluate(async (rounds) => {
    const selectNamed = (label: string): HTMLSelectElement => {
      const found = [...document.querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(label))?.querySelector('select')
      if (!found) throw new Error(`no ${label} select`)
      return found
    }
    const graphSelect = selectNamed('Graph')
    const scenarioSelect = selectNamed('Scenario')
    const mount = [...document.querySelectorAll('label')].find((l) => l.textContent?.includes('show the graph panel'))?.querySelector('input')
    if (!mount) throw new Error('no "show the graph panel" checkbox')
    const choose = (select: HTMLSelectElement, value: string) => {
      select.value = value
      select.dispatchEvent(new Event('change', { bubbles: true }))
    }
    const graphs = [...graphSelect.options].map((o) => o.value).filter(Boolean)
    const scenarios = ['seed', 'one', 'bus', 'seed', 'timer']
    const waits: (() => Promise<unknown>)[] = [
      () => Promise.resolve(),
      () => new Promise((resolve) => queueMicrotask(() => resolve(undefined))),
      () => new Promise((resolve) => setTimeout(resolve, 0)),
      () => new Promise((resolve) => requestAnimationFrame(resolve)),
      () => new Promise((resolve) => setTimeout(resolve, 2)),
      () => new Promise((resolve) => setTimeout(resolve, 0)).then(() => new Promise((resolve) => setTimeout(resolve, 0))),
      () => new Promise((resolve) => setTimeout(resolve, 8)),
    ]
    const drawing = () => document.querySelector('[data-state="drawing"]') !== null
    const result = { rounds, tornDownWhileDrawing: 0, replacedWhileDrawing: 0 }
    for (let i = 0; i < rounds; i++) {
      choose(graphSelect, graphs[i % graphs.length])
      if (i % 4 === 0) choose(scenarioSelect, scenarios[(i / 4) % scenarios.length])
      if (i % 5 === 0) document.body.style.width = i % 10 === 0 ? '700px' : ''
      await waits[i % waits.length]()
      const busy = drawing()
      switch (i % 3) {
        case 0:
          mount.click()
          if (busy) result.tornDownWhileDrawing++
          break
        case 1:
          choose(graphSelect, '')
          if (busy) result.tornDownWhileDrawing++
          break
        default:
          choose(graphSelect, graphs[(i + 1) % graphs.length])
          if (busy) result.replacedWhileDrawing++
      }
      await waits[(i * 5 + 3) % waits.length]()
      if (!mount.checked) mount.click()
    }
    document.body.style.width = ''
    return result
  }, rounds)
}

test('the graph panel mounted and unmounted during its layouts, many times quickly, reports no error and still draws', async () => {
  const page = await openDemo('?graph=dataHolder')
  // Cytoscape and ELK are loaded, and one layout has finished.
  expect(await drawnIds(page)).toEqual(SEED.graphs.dataHolder.nodes.map((n) => n.id))

  for (let pass = 0; pass < 2; pass++) {
    const result = await churn(page, 84)
    // The point is teardown during a layout: of the 56 teardowns a pass, many must have caught one drawing (about 47 do).
    expect(result.tornDownWhileDrawing, JSON.stringify(result)).toBeGreaterThan(20)
    expect(result.replacedWhileDrawing, JSON.stringify(result)).toBeGreaterThan(5)
  }
  // Layouts started last have long finished: a late completion would have reported by now.
  await page.waitForTimeout(1_000)

  // The panel still works: a graph chosen now is laid out and drawn whole.
  await page.getByRole('combobox', { name: 'Graph' }).selectOption('sessions')
  expect(await drawnIds(page)).toEqual(SEED.graphs.sessions.nodes.map((n) => n.id))
  await page.getByRole('combobox', { name: 'Graph' }).selectOption('dataHolder')
  expect(await drawnIds(page)).toEqual(SEED.graphs.dataHolder.nodes.map((n) => n.id))
  await page.close()
})

test('on the playground, leaving for another page while the graph of a run is being laid out reports no error', async () => {
  const page = await openLeakLab(demo.browser.context, inject('baseUrl'), demo.reportError)
  // The page is rebuilt for each route: following a link (here to a lesson that does not exist, which
  // opens the playground again, and back) destroys the graph panel with the rest. The moment the
  // panel's Cytoscape has its elements and ELK is working, the address changes.
  await page.evaluate(() => {
    const state = { armed: false, next: '', fired: 0, whileDrawing: 0 }
    Object.assign(window, { teardown: state })
    new MutationObserver(() => {
      if (!state.armed) return
      const canvas = document.querySelector('[data-state="drawing"]') as (HTMLElement & { _cyreg?: { cy: import('cytoscape').Core } }) | null
      if (!canvas?._cyreg?.cy || canvas._cyreg.cy.nodes().length === 0) return
      state.armed = false
      state.fired++
      // The rebuilt page is told from this one by its new main element.
      document.querySelector('main')?.setAttribute('data-torn-down', '')
      if (state.fired % 2) {
        // At once: the page hears of the new address in this task, and is rebuilt within its microtasks,
        // before ELK's fake worker has even started on the layout.
        history.replaceState(null, '', state.next)
        dispatchEvent(new HashChangeEvent('hashchange'))
      } else {
        // As a link does it: the hashchange event is a task of its own, which may come after ELK's answer.
        location.hash = state.next
      }
    }).observe(document.body, { subtree: true, childList: true })
    addEventListener('hashchange', () => {
      if (document.querySelector('[data-state="drawing"]')) state.whileDrawing++
    })
  })
  const rounds = 6
  for (let round = 0; round < rounds; round++) {
    await page.evaluate((next) => Object.assign((window as unknown as { teardown: { armed: boolean; next: string } }).teardown, { armed: true, next }), round % 2 ? '#' : '#lesson=no-such-lesson')
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect.poll(() => page.evaluate(() => (window as unknown as { teardown: { fired: number } }).teardown.fired), { timeout: 30_000 }).toBe(round + 1)
    await page.locator('main:not([data-torn-down]) .monaco-editor .view-line').first().waitFor({ timeout: 20_000 })
  }
  const { whileDrawing } = await page.evaluate(() => (window as unknown as { teardown: { whileDrawing: number } }).teardown)
  // Every other teardown comes before ELK can answer; a link's may come after.
  expect(whileDrawing).toBeGreaterThanOrEqual(rounds / 2)
  // The last layouts have long answered; the page still runs and draws.
  await page.waitForTimeout(1_000)
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitForOutcome(page, /^ok/, { timeout: 30_000 })
  await page.getByRole('region', { name: 'Reference graph' }).locator('[data-state="ready"]').waitFor({ timeout: 20_000 })
  await page.close()
})
