/**
 * The real engine worker, as the production build ships it, driven through the protocol in Chromium:
 * the page receives an analysed view (never the heap snapshot) and the worker answers graph queries
 * about the heap it keeps, until the next run replaces it.
 */
import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import type { GraphView } from '../../src/analysis/view-types'
import type { PageToWorker, WorkerToPage } from '../../src/worker/protocol'
import { launchChromium, type Chromium } from './chromium'

const baseUrl = inject('baseUrl')
// The default sample, scaled from 10,000 to 100,000 objects: the view must stay small however big the heap.
const SAMPLE = (await readFile(new URL('../../src/samples/default.js', import.meta.url), 'utf8')).replace('k < 100;', 'k < 1000;')
if (!SAMPLE.includes('k < 1000;')) throw new Error('the default sample no longer has the loop this test scales')
const ALLOCATION_LINE = SAMPLE.split('\n').findIndex((line) => line.includes('new DataHolder')) + 1

let browser: Chromium
let page: Page

/** The worker's bundled URL, read from the page's own bundle, which is how the page finds it too. */
async function workerUrl(): Promise<string> {
  const html = await (await fetch(baseUrl)).text()
  const entry = /<script[^>]+src="([^"]+)"/.exec(html)?.[1]
  if (!entry) throw new Error('no script in index.html')
  const entryUrl = new URL(entry, baseUrl)
  const bundle = await (await fetch(entryUrl)).text()
  // Named beside the entry (the build's base is relative: new URL('engine-worker-….js', import.meta.url)).
  const worker = /engine-worker-[\w-]+\.js/.exec(bundle)?.[0]
  if (!worker) throw new Error('no engine worker in the bundle')
  return new URL(worker, entryUrl).href
}

beforeAll(async () => {
  browser = await launchChromium()
  page = await browser.context.newPage()
  await page.goto(baseUrl)
  const url = await workerUrl()
  await page.evaluate((url) => {
    const w = window as unknown as { engine: Worker; replies: unknown[] }
    w.replies = []
    w.engine = new Worker(url, { type: 'module' })
    w.engine.onmessage = (event) => w.replies.push(event.data)
  }, url)
})

afterAll(async () => {
  await browser?.close()
})

/** Send a request and wait for the message that ends it; returns every message sent under its id. */
async function request(message: PageToWorker, timeout = 30_000): Promise<WorkerToPage[]> {
  return page.evaluate(
    ({ message, timeout }) =>
      new Promise<WorkerToPage[]>((resolve, reject) => {
        const w = window as unknown as { engine: Worker; replies: WorkerToPage[] }
        const ends = new Set(['done', 'graph', 'graph-error', 'crash'])
        const started = performance.now()
        w.engine.postMessage(message)
        const poll = () => {
          const mine = w.replies.filter((r) => r.id === message.id)
          if (mine.some((r) => ends.has(r.type))) return resolve(mine)
          if (performance.now() - started > timeout) return reject(new Error(`no reply to ${message.type} ${message.id}`))
          setTimeout(poll, 20)
        }
        poll()
      }),
    { message, timeout },
  )
}

function last<T extends WorkerToPage['type']>(replies: WorkerToPage[], type: T): Extract<WorkerToPage, { type: T }> {
  const reply = replies.at(-1)
  expect(reply?.type, JSON.stringify(reply)).toBe(type)
  return reply as Extract<WorkerToPage, { type: T }>
}

test('a run of the seed leak sends an analysed view of 100,000 objects, not the snapshot, and the graph draws them as 3 nodes', async () => {
  const replies = await request({ type: 'run', id: 1, source: SAMPLE, options: {} })
  expect(replies.map((r) => r.type)).toContain('analysing')
  const done = last(replies, 'done')
  const text = JSON.stringify(done)
  expect(text).not.toContain('"snapshot"')
  // The view is a few kilobytes; the snapshot of 100,000 objects is megabytes.
  expect(text.length).toBeLessThan(50_000)
  const { view } = done
  expect(view.runId).toBe(1)
  expect(view.heap?.nodeCount).toBeGreaterThan(100_000)
  expect(view.heap?.error).toBeNull()
  const [suspect] = view.heap!.suspects
  expect(suspect).toMatchObject({ name: 'DataHolder', count: 100_000, path: 'leakList[0]', line: ALLOCATION_LINE, cluster: 0 })

  const answer = last(await request({ type: 'graph', id: 2, runId: 1, query: { target: { group: suspect.key, by: 'line' }, expand: [] } }), 'graph')
  const graph: GraphView = answer.graph
  expect(graph.nodes.map((n) => [n.label, n.count, n.role])).toEqual([
    ['leakList', 1, 'root'],
    ['Array', 1, 'path'],
    ['DataHolder', 100_000, 'target'],
  ])
  expect(graph.edges.map((e) => e.label)).toEqual(['', '[0…99999]'])
  expect(graph.path).toBe('leakList[0]')
})

test('a query the heap cannot answer fails alone; a query for a replaced run says the run is gone', async () => {
  const failed = last(await request({ type: 'graph', id: 3, runId: 1, query: { target: { group: 'nope', by: 'line' }, expand: [] } }), 'graph-error')
  expect(failed).toMatchObject({ reason: 'failed', message: expect.stringMatching(/RangeError: .*no group nope/) })
  const stillThere = last(await request({ type: 'graph', id: 4, runId: 1, query: { target: { node: 1 }, expand: [] } }), 'graph')
  expect(stillThere.graph.nodes.length).toBeGreaterThan(0)

  last(await request({ type: 'run', id: 5, source: 'const kept = [{}]', options: {} }), 'done')
  const gone = last(await request({ type: 'graph', id: 6, runId: 1, query: { target: { node: 1 }, expand: [] } }), 'graph-error')
  expect(gone).toMatchObject({ reason: 'gone', message: expect.stringMatching(/run 1: a newer run replaced it/) })
  const current = last(await request({ type: 'graph', id: 7, runId: 5, query: { target: { node: 1 }, expand: [] } }), 'graph')
  expect(current.graph.truncated).toBe(false)
})

test('a run without a walked heap has nothing to explore, and says so', async () => {
  const done = last(await request({ type: 'run', id: 8, source: 'let x = 1', options: { inspect: false } }), 'done')
  expect(done.view.heap).toBeNull()
  const gone = last(await request({ type: 'graph', id: 9, runId: 8, query: { target: { node: 1 }, expand: [] } }), 'graph-error')
  expect(gone).toMatchObject({ reason: 'gone', message: expect.stringMatching(/its heap was not walked/) })
})
