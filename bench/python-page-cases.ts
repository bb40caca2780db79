/**
 * Python in the page (issue 15), opened by a share link to the Python sample, on a learner's first
 * visit and on a later one: the start (navigation to Python ready to run a program, in its worker: a
 * Run sent before then starts the program then) and the first result (navigation to the first run's
 * result on screen, Run clicked as soon as the page is ready).
 * Issue 15's goals are on the start: cold under 4 s, warm under 1 s (TimeGoal, judged on the medians).
 * The first result adds the program's run with LeakLab's heap walks, reported beside it.
 *
 * Each visit is a Chromium launched for it (outside the clock) on a profile directory:
 * - cold: a new, empty profile (no interpreter snapshot in Cache Storage, nothing in the HTTP cache,
 *   nothing compiled cached), deleted after the visit;
 * - warm: one profile kept for the whole series, primed once by a first visit (outside the clock), so
 *   every measured visit finds the snapshot in Cache Storage and Pyodide's files in the HTTP cache,
 *   as a returning learner's browser has them. The browser is started again for every visit, so
 *   only what a restarted browser keeps on disk helps (no process or memory cache of the last visit).
 * The HTTP cache is on in both, unlike page-first-result's (off over CDP): a first visit's later
 * workers get Pyodide's 13 MB from what the first worker fetched, as a real first visit does.
 */
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { READY_MARK, RESULT_MARK } from '../src/app/marks'
import { encodeShareFragment } from '../src/app/state/share-link'
import { DEFAULT_OPTIONS } from '../src/engine/defaults'
import { PYTHON_INTERPRETER_MARK, PYTHON_SNAPSHOT_MARK } from '../src/worker/python-client'
import { launchChromiumOn } from '../test/browser/chromium'
import type { Case, RatioSpec } from './case'

const defaultPython = readFileSync(new URL('../src/samples/default.py', import.meta.url), 'utf8')

export const PYTHON_PAGE_COLD_START_CASE = 'page-python-cold-start'
export const PYTHON_PAGE_WARM_START_CASE = 'page-python-warm-start'
export const PYTHON_PAGE_COLD_CASE = 'page-python-cold'
export const PYTHON_PAGE_WARM_CASE = 'page-python-warm'
export const PYTHON_PAGE_CASES = [PYTHON_PAGE_COLD_START_CASE, PYTHON_PAGE_WARM_START_CASE, PYTHON_PAGE_COLD_CASE, PYTHON_PAGE_WARM_CASE]

/** Issue 15's goals for Python's start in the page, navigation to Python ready. */
const COLD_GOAL_MS = 4_000
const WARM_GOAL_MS = 1_000

/** The playground's default settings (Workspace.svelte's DEFAULT_SETTINGS) and the Python sample, as a share link. */
const FRAGMENT = encodeShareFragment({ code: defaultPython, settings: { steps: DEFAULT_OPTIONS.steps, timeMs: DEFAULT_OPTIONS.timeMs }, language: 'python' })

type Measure = 'start' | 'result'

interface Visit {
  /** Navigation start to the first interpreter ready in its worker ('start') or to the result mark ('result'). */
  ms: number
  /** Where the first interpreter came from (the ready mark's detail): 'kept' (this profile's snapshot) or 'cold'. */
  from: string
  observed: Record<string, number>
}

const waitForMark = (page: Page, mark: string, timeout: number) => page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, mark, { polling: 'raf', timeout })

/**
 * One visit in a browser started on `userDataDir`: the Python sample's share link opened. For the
 * start, timed to the first interpreter's ready mark, nothing clicked; for the result, Run clicked as
 * soon as the page marks ready (the run waits for the interpreter, "Loading Python…"), timed to the
 * first result on screen.
 */
async function visit(userDataDir: string, url: string, measure: Measure): Promise<Visit> {
  const context = await launchChromiumOn(userDataDir)
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    await page.addInitScript(() => {
      addEventListener('click', () => ((window as { leaklabClickMs?: number }).leaklabClickMs ??= performance.now()), { capture: true })
    })
    // Pyodide's files as the workers got them (Playwright sees the workers' requests too): when each first
    // arrived (epoch ms), and how many body bytes the server sent.
    const files = new Map<string, number>()
    const sizes: Promise<number>[] = []
    page.on('requestfinished', (request) => {
      const name = /\/pyodide-[^/]+\/([^/?#]+)$/.exec(request.url())?.[1]
      if (!name) return
      const timing = request.timing()
      if (timing.responseEnd >= 0) files.set(name, Math.min(files.get(name) ?? Infinity, timing.startTime + timing.responseEnd))
      sizes.push(request.sizes().then((s) => s.responseBodySize, () => 0))
    })
    await page.goto(url, { waitUntil: 'commit' })
    await waitForMark(page, READY_MARK, 30_000)
    if (measure === 'result') {
      await page.getByRole('button', { name: 'Run', exact: true }).click()
      await waitForMark(page, RESULT_MARK, 120_000)
    } else await waitForMark(page, PYTHON_INTERPRETER_MARK, 120_000)
    const marks = await page.evaluate(
      // No helper functions in here: tsx's names for them (__name) do not exist in the page.
      ([ready, result, snapshot, interpreter]) => {
        const snap = performance.getEntriesByName(snapshot)[0] as PerformanceMark | undefined
        const loaded = performance.getEntriesByName(interpreter)[0] as PerformanceMark | undefined
        const detail = loaded?.detail as { ms: number; readyAt: number; from: string } | undefined
        return {
          origin: performance.timeOrigin,
          ready: performance.getEntriesByName(ready)[0].startTime,
          result: performance.getEntriesByName(result)[0]?.startTime ?? -1,
          click: (window as { leaklabClickMs?: number }).leaklabClickMs ?? -1,
          snapshot: snap?.startTime ?? -1,
          snapshotBytes: (snap?.detail as { bytes: number } | undefined)?.bytes ?? -1,
          interpreter: detail?.readyAt ?? -1,
          interpreterHeard: loaded?.startTime ?? -1,
          interpreterWorkerMs: detail?.ms ?? -1,
          from: detail?.from ?? 'none',
        }
      },
      [READY_MARK, RESULT_MARK, PYTHON_SNAPSHOT_MARK, PYTHON_INTERPRETER_MARK],
    )
    if (marks.interpreter < 0 || marks.interpreterHeard < 0) throw new Error("the page set no Python interpreter mark: Python did not start through Python's client")
    const onPage = (epochMs: number | undefined) => (epochMs === undefined ? -1 : Math.round(epochMs - marks.origin))
    const observed: Record<string, number> = {
      readyMs: Math.round(marks.ready),
      wasmFetchedMs: onPage(files.get('pyodide.asm.wasm')),
      stdlibFetchedMs: onPage(files.get('python_stdlib.zip')),
      snapshotMs: Math.round(marks.snapshot),
      interpreterMs: Math.round(marks.interpreter),
      interpreterHeardMs: Math.round(marks.interpreterHeard),
      interpreterWorkerMs: Math.round(marks.interpreterWorkerMs),
      snapshotMiB: Math.round((marks.snapshotBytes / 2 ** 20) * 10) / 10,
    }
    if (measure === 'result') {
      const outcome = await page.getByRole('region', { name: 'Result' }).locator('dd').first().innerText()
      const run = /^ok\b.*?\bin ([\d,]+) ms/.exec(outcome.replace(/\s+/g, ' '))
      if (!run) throw new Error(`the first run did not end ok: "${outcome}"`)
      const suspects = await page.getByRole('region', { name: 'Leak suspects' }).getByRole('button', { name: /^DataHolder\b/ }).count()
      if (suspects !== 1) throw new Error('the first run showed no DataHolder suspect: the Python sample did not run as written')
      observed.clickMs = Math.round(marks.click)
      observed.programMs = Number(run[1].replace(/,/g, ''))
      observed.resultMs = Math.round(marks.result)
    }
    observed.pyodideServedMiB = Math.round(((await Promise.all(sizes)).reduce((a, b) => a + b, 0) / 2 ** 20) * 10) / 10
    return { ms: measure === 'result' ? marks.result : marks.interpreter, from: marks.from, observed }
  } finally {
    await context.close()
  }
}

const OBSERVED = `observed (page times from navigation start, ms, last run): readyMs, the page's '${READY_MARK}' mark; wasmFetchedMs and stdlibFetchedMs, when pyodide.asm.wasm and python_stdlib.zip first finished arriving (Playwright's request timing; from the server or the HTTP cache); snapshotMs, the '${PYTHON_SNAPSHOT_MARK}' mark, a cold load's snapshot made (-1 on a visit that found one kept) and snapshotMiB, its size; interpreterMs, when the first interpreter was ready in its worker (the worker's clock, from the '${PYTHON_INTERPRETER_MARK}' mark's detail), interpreterHeardMs, when the page's thread heard it (the mark; later while Monaco's code is evaluated on that thread as the page opens), and interpreterWorkerMs, the worker's time from being made to ready; for the first result also clickMs, when the click on Run reached the page, programMs, the run's own duration as the Result panel shows it (the program's 100 steps, with the growth walks) and resultMs, the result mark; pyodideServedMiB, the bytes of Pyodide's files the server sent as bodies (compressed where vite preview compressed them, the .mjs and the lock file; a 304 sends none).`

const COLD_VISIT = `In headless Chromium (/usr/bin/chromium started for the visit, outside the clock, on a new empty profile: no snapshot in Cache Storage, an empty HTTP cache, which is on), the page served by vite preview from the production build on localhost, opened on a share link to the Python sample (src/samples/default.py, default settings). The page's entry starts Python before the app's own modules run (src/app/prestart.ts): a worker that loads Pyodide cold (pyodide.asm.mjs, the 9.2 MiB wasm, the 2.4 MiB standard library and the lock file, from localhost), imports the driver, makes the interpreter's memory snapshot (a copy sent to the page, another put in Cache Storage without its pages of zeros) and is then ready with that interpreter. Meanwhile the page's JS, CSS and Monaco load; the JavaScript engine's worker is not started on a page that opens on Python. The visit must make the snapshot (not find one).`
const WARM_VISIT = `As the cold visit, on one profile kept for the series and primed once by a first visit outside the clock: Chromium started again for each visit (outside the clock) on it, so the interpreter's snapshot (30 MB, kept as 15 MB without its pages of zeros) is in Cache Storage and the page's and Pyodide's files in the HTTP cache (on, as a returning learner has it; vite preview sends Cache-Control: no-cache, so each is revalidated, 304, on localhost). The first worker reads the kept snapshot itself, puts its pages of zeros back, and restores the interpreter from it. The visit must find the kept snapshot.`
const START = `From navigation start to the first interpreter ready to run a program in its worker (the worker's own clock, which the page's '${PYTHON_INTERPRETER_MARK}' mark carries: a Run sent earlier starts its program then, without waiting for the page's thread); Run is not clicked.`
const RESULT = `From navigation start to the '${RESULT_MARK}' mark (the first run's result on screen): the bench clicks Run at the '${READY_MARK}' mark and the run waits for Python, then the program's 100 steps with the growth walks, the final walk, the analysis and the panels drawn.`

function pageCase(id: string, label: string, includes: string, goalMs: number | null, visitOnce: () => Promise<Visit>): Case {
  let observed: Record<string, number> = {}
  return {
    id,
    label,
    includes,
    ...(goalMs === null ? {} : { goal: { atMostMs: goalMs, source: 'issue 15' } }),
    async run() {
      const v = await visitOnce()
      observed = v.observed
      return v.ms
    },
    observed: () => observed,
  }
}

export interface PythonPageCases {
  cases: Case[]
  /** Deletes the warm profile. */
  stop(): Promise<void>
}

/** The four cases against the page at `baseUrl` (served by the page suite). */
export function pythonPageCases(baseUrl: string): PythonPageCases {
  const url = `${baseUrl}#${FRAGMENT}`
  let warmProfile: string | null = null
  const cold = async (measure: Measure) => {
    const dir = await mkdtemp(join(tmpdir(), 'leaklab-bench-py-cold-'))
    try {
      const v = await visit(dir, url, measure)
      if (v.from !== 'cold') throw new Error(`a new profile's first interpreter came from '${v.from}', not a cold load: the visit was not cold`)
      return v
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  const warm = async (measure: Measure) => {
    if (!warmProfile) {
      const dir = await mkdtemp(join(tmpdir(), 'leaklab-bench-py-warm-'))
      warmProfile = dir
      const first = await visit(dir, url, 'result')
      if (first.from !== 'cold') throw new Error('the warm profile found a snapshot before its first visit')
    }
    const v = await visit(warmProfile, url, measure)
    if (v.from !== 'kept') throw new Error(`the later visit's first interpreter came from '${v.from}', not the first visit's snapshot kept in Cache Storage: the visit was not warm`)
    return v
  }
  return {
    cases: [
      pageCase(PYTHON_PAGE_COLD_START_CASE, 'playground, Python: first visit, navigation to Python ready', `${COLD_VISIT} ${START} ${OBSERVED}`, COLD_GOAL_MS, () => cold('start')),
      pageCase(PYTHON_PAGE_WARM_START_CASE, 'playground, Python: later visit, navigation to Python ready', `${WARM_VISIT} ${START} ${OBSERVED}`, WARM_GOAL_MS, () => warm('start')),
      pageCase(PYTHON_PAGE_COLD_CASE, 'playground, Python: first visit, navigation to the first result', `${COLD_VISIT} ${RESULT} ${OBSERVED}`, null, () => cold('result')),
      pageCase(PYTHON_PAGE_WARM_CASE, 'playground, Python: later visit, navigation to the first result', `${WARM_VISIT} ${RESULT} ${OBSERVED}`, null, () => warm('result')),
    ],
    async stop() {
      if (warmProfile) await rm(warmProfile, { recursive: true, force: true })
    },
  }
}

/** Warm against cold, and the first result against JavaScript's in the page (page-first-result). */
export const PYTHON_PAGE_RATIOS: RatioSpec[] = [
  {
    numerator: PYTHON_PAGE_WARM_START_CASE,
    denominator: PYTHON_PAGE_COLD_START_CASE,
    meaning: 'Python ready in the page, from navigation: a later visit (snapshot kept) vs a first visit (goals: cold < 4 s, warm < 1 s, issue 15; judged under Goals)',
  },
  {
    numerator: PYTHON_PAGE_WARM_CASE,
    denominator: PYTHON_PAGE_COLD_CASE,
    meaning: 'Python in the page, navigation to the first result: a later visit vs a first visit',
  },
  {
    numerator: PYTHON_PAGE_COLD_CASE,
    denominator: 'page-first-result',
    meaning: "Python's first result in the page on a first visit vs JavaScript's (a fresh tab, HTTP cache off), both from navigation",
  },
  {
    numerator: PYTHON_PAGE_WARM_CASE,
    denominator: 'page-first-result',
    meaning: "Python's first result in the page on a later visit vs JavaScript's on a first visit, both from navigation",
  },
]
