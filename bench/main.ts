/**
 * `npm run bench [-- --runs N --warmup N --skip IDS --json]`: the seed workload in the QuickJS engine,
 * in Node and in CPython (with and without tracemalloc), LeakLab's QuickJS build against the stock one
 * (the engine's cost of recording allocation sites), the heap inspector's cases (with the engine
 * walk against V8's writeHeapSnapshot, and its coverage over a corpus of programs), and `leaklab grade`
 * on 200 submissions (and the same in the page's grading, in Chromium), timed in one interleaved series.
 */
import { parseArgs } from 'node:util'
import { describeMachine, findPython, loadAverage } from './machine'
import { existsSync } from 'node:fs'
import { CHROMIUM_PATH } from '../test/browser/chromium'
import { formatBundle, type BundleSizes } from './bundle-sizes'
import { gradeSuite } from './grade-cases'
import { GRADE_PAGE_CASES, startGradePageSuite } from './grade-page-cases'
import { inspectorSuite } from './inspector-cases'
import { PAGE_CASES, PAGE_RATIOS, startPageSuite } from './page-cases'
import { buildReport, formatHuman } from './report'
import { pythonSuite } from './python-cases'
import { seedSuite, type SeedSuite } from './seed-cases'
import { siteCostSuite } from './site-cost-cases'
import { snapshotSuite } from './snapshot-cases'
import { whatIfSuite } from './what-if-cases'
import { keptSuite } from './kept-cases'
import { CaseFailure, runSeries } from './series'
import { DEFAULT_FUZZ_COUNT, runFuzzBench } from './fuzz-batch'

const USAGE = `usage: npm run bench -- [--runs N] [--warmup N] [--skip IDS] [--only IDS] [--json]
       npm run bench -- --fuzz [N]
  --runs N     measured rounds (default 7)
  --warmup N   discarded rounds before them (default 2; with 0 the first round
               also pays one-time costs such as compiling the QuickJS wasm)
  --skip IDS   leave out the cases whose ids match, comma-separated, * for any
               text (e.g. --skip '*-1m' for the slow 1,000,000-object cases,
               --skip 'grade-*' for grading 200 submissions, about a minute,
               --skip coverage-corpus for the heap coverage over a corpus of programs);
               they are listed as skipped, and figures derived from them dropped
  --only IDS   run only the cases whose ids match (same patterns as --skip, e.g.
               --only 'compare-100k,inspector-walk-100k'); the rest are left out
               of the report. With --skip too, a case must match --only and not --skip
  --json       print one JSON object on stdout and nothing else
  --fuzz [N]   instead of the timings, run N generated hostile programs (default
               ${DEFAULT_FUZZ_COUNT.toLocaleString('en-US')}; test/fuzz) and print the counts of host crashes,
               hangs, runs over budget, wrong error kinds and carry-over, and the
               slowest programs; exits 1 unless all are zero. FUZZ_SEED, FUZZ_JOBS and
               FUZZ_EXCLUDE_KNOWN=1 (leave out the known bugs' pieces) change the batch`

function count(name: string, text: string, min: number): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < min) {
    console.error(`bench: --${name} must be an integer ≥ ${min}, got ${JSON.stringify(text)}\n${USAGE}`)
    process.exit(2)
  }
  return n
}

/** `--fuzz` with no count (last, or before another flag) means the default count. */
function withFuzzCount(args: string[]): string[] {
  const at = args.indexOf('--fuzz')
  if (at < 0 || (at + 1 < args.length && !args[at + 1].startsWith('-'))) return args
  return [...args.slice(0, at + 1), String(DEFAULT_FUZZ_COUNT), ...args.slice(at + 1)]
}

async function main(): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      args: withFuzzCount(process.argv.slice(2)),
      options: {
        fuzz: { type: 'string' },
        runs: { type: 'string', default: '7' },
        warmup: { type: 'string', default: '2' },
        skip: { type: 'string', default: '' },
        only: { type: 'string', default: '' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }))
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n${USAGE}`)
    process.exit(2)
  }
  if (values.help) {
    console.log(USAGE)
    return
  }
  if (values.fuzz !== undefined) {
    const ok = await runFuzzBench({ count: count('fuzz', values.fuzz, 1) })
    process.exitCode = ok ? 0 : 1
    return
  }
  const runs = count('runs', values.runs, 1)
  const warmup = count('warmup', values.warmup, 0)

  const loadBefore = loadAverage()
  const python = findPython()
  const page = await pageSuiteUnlessSkipped(values.skip, values.only)
  const gradePage = await gradePageSuiteUnlessSkipped(values.skip, values.only).catch(async (error: unknown) => {
    await page.stop()
    throw error
  })
  const suite = keepOnly(leaveOut(combine([seedSuite(python), siteCostSuite(), inspectorSuite(python), snapshotSuite(), whatIfSuite(), keptSuite(), await gradeSuite(), pythonSuite(), page.suite, gradePage.suite]), values.skip), values.only)
  // Progress goes to stderr, and only to a terminal, so stdout holds nothing but the report.
  let times
  try {
    times = await runSeries(suite.cases, {
      warmup,
      runs,
      onRound: process.stderr.isTTY ? (label) => process.stderr.write(`\rbench: ${label}   `) : undefined,
    })
  } finally {
    await Promise.all([page.stop(), gradePage.stop()])
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K')

  const report = buildReport({
    machine: describeMachine('missing' in python ? null : python, loadBefore),
    warmup,
    runs,
    cases: suite.cases,
    derived: suite.derived,
    ratios: suite.ratios,
    skipped: suite.skipped,
    times,
  })
  const full = { ...report, bundle: page.sizes }
  if (values.json) console.log(JSON.stringify(full, null, 2))
  else console.log(`${formatHuman(report)}${page.sizes ? `\n\n${formatBundle(page.sizes)}` : ''}`)
}

/**
 * The playground's cases need the app built, served and a Chromium: started once around the series,
 * unless --skip leaves all of them out or there is no Chromium (then they are listed as skipped, with why).
 */
async function pageSuiteUnlessSkipped(skip: string, only: string): Promise<{ suite: SeedSuite; sizes: BundleSizes | null; stop(): Promise<void> }> {
  const none = { cases: [], skipped: [], derived: [], ratios: [] }
  const patterns = skipPatterns(skip)
  const wanted = skipPatterns(only)
  const left = (id: string) => patterns.some((r) => r.test(id)) || (wanted.length > 0 && !wanted.some((r) => r.test(id)))
  if (PAGE_CASES.every(left)) return { suite: none, sizes: null, stop: async () => {} }
  if (!existsSync(CHROMIUM_PATH)) {
    const skipped = PAGE_CASES.map((id) => ({ id, label: 'playground in Chromium', reason: `${CHROMIUM_PATH} is missing` }))
    return { suite: { ...none, skipped }, sizes: null, stop: async () => {} }
  }
  const started = await startPageSuite()
  return {
    suite: {
      ...none,
      cases: started.cases,
      ratios: PAGE_RATIOS,
    },
    sizes: started.sizes,
    stop: started.stop,
  }
}

/** The grading page's case (grade-page-cases.ts): its own built site, server and Chromium, started as the playground's are. */
async function gradePageSuiteUnlessSkipped(skip: string, only: string): Promise<{ suite: SeedSuite; stop(): Promise<void> }> {
  const none = { cases: [], skipped: [], derived: [], ratios: [] }
  const patterns = skipPatterns(skip)
  const wanted = skipPatterns(only)
  const left = (id: string) => patterns.some((r) => r.test(id)) || (wanted.length > 0 && !wanted.some((r) => r.test(id)))
  if (GRADE_PAGE_CASES.every(left)) return { suite: none, stop: async () => {} }
  if (!existsSync(CHROMIUM_PATH)) {
    const skipped = GRADE_PAGE_CASES.map((id) => ({ id, label: 'the grading page in Chromium', reason: `${CHROMIUM_PATH} is missing` }))
    return { suite: { ...none, skipped }, stop: async () => {} }
  }
  const started = await startGradePageSuite()
  return { suite: { ...none, cases: started.cases, ratios: started.ratios }, stop: started.stop }
}

/**
 * The suites as one series. A ratio a later suite repeats (to show it beside its own) is printed
 * where it is repeated, once.
 */
function combine(suites: SeedSuite[]): SeedSuite {
  const ratios = suites.flatMap((s) => s.ratios)
  const key = (r: { numerator: string; denominator: string }) => `${r.numerator}/${r.denominator}`
  const last = new Map(ratios.map((r, i) => [key(r), i]))
  return {
    cases: suites.flatMap((s) => s.cases),
    skipped: suites.flatMap((s) => s.skipped),
    derived: suites.flatMap((s) => s.derived),
    ratios: ratios.filter((r, i) => last.get(key(r)) === i),
  }
}

/** The --skip patterns as regexes: comma-separated, * for any text. */
function skipPatterns(skip: string): RegExp[] {
  return skip
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => new RegExp(`^${p.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`))
}

/** The suite without the cases `--skip` names; a pattern that matches no case is a usage error. */
function leaveOut(suite: SeedSuite, skip: string): SeedSuite {
  const patterns = skip.split(',').map((p) => p.trim()).filter(Boolean)
  if (patterns.length === 0) return suite
  // The page cases are named even when --skip already left them out before the suite was built.
  const ids = [...new Set([...suite.cases.map((c) => c.id), ...suite.skipped.map((s) => s.id), ...PAGE_CASES, ...GRADE_PAGE_CASES])]
  const regexes = skipPatterns(skip).map((regex, i) => {
    const p = patterns[i]
    if (!ids.some((id) => regex.test(id))) {
      console.error(`bench: --skip ${JSON.stringify(p)} matches no case (cases: ${ids.join(', ')})\n${USAGE}`)
      process.exit(2)
    }
    return regex
  })
  const left = (id: string) => regexes.some((r) => r.test(id))
  return {
    ...suite,
    cases: suite.cases.filter((c) => !left(c.id)),
    skipped: [
      ...suite.skipped,
      ...suite.cases.filter((c) => left(c.id)).map((c) => ({ id: c.id, label: c.label, reason: 'left out by --skip' })),
    ],
  }
}

/** The suite with only the cases `--only` names; a pattern that matches no case is a usage error. */
function keepOnly(suite: SeedSuite, only: string): SeedSuite {
  const patterns = only.split(',').map((p) => p.trim()).filter(Boolean)
  if (patterns.length === 0) return suite
  const ids = [...new Set([...suite.cases.map((c) => c.id), ...suite.skipped.map((s) => s.id), ...PAGE_CASES, ...GRADE_PAGE_CASES])]
  const regexes = skipPatterns(only).map((regex, i) => {
    if (!ids.some((id) => regex.test(id))) {
      console.error(`bench: --only ${JSON.stringify(patterns[i])} matches no case (cases: ${ids.join(', ')})\n${USAGE}`)
      process.exit(2)
    }
    return regex
  })
  const kept = (id: string) => regexes.some((r) => r.test(id))
  return {
    ...suite,
    cases: suite.cases.filter((c) => kept(c.id)),
    // Cases skipped for a reason of their own stay listed; the rest are simply not asked for.
    skipped: suite.skipped.filter((s) => kept(s.id)),
  }
}

main().catch((error: unknown) => {
  if (process.stderr.isTTY) process.stderr.write('\n')
  console.error(`bench: ${error instanceof CaseFailure ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  process.exit(1)
})
