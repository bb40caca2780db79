/**
 * `npm run bench [-- --runs N --warmup N --json]`: the seed workload in the QuickJS engine, in Node
 * and in CPython (with and without tracemalloc), timed in one interleaved series.
 */
import { parseArgs } from 'node:util'
import { describeMachine, findPython, loadAverage } from './machine'
import { buildReport, formatHuman } from './report'
import { seedSuite } from './seed-cases'
import { CaseFailure, runSeries } from './series'

const USAGE = `usage: npm run bench -- [--runs N] [--warmup N] [--json]
  --runs N     measured rounds (default 7)
  --warmup N   discarded rounds before them (default 2; with 0 the first round
               also pays one-time costs such as compiling the QuickJS wasm)
  --json       print one JSON object on stdout and nothing else`

function count(name: string, text: string, min: number): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < min) {
    console.error(`bench: --${name} must be an integer ≥ ${min}, got ${JSON.stringify(text)}\n${USAGE}`)
    process.exit(2)
  }
  return n
}

async function main(): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        runs: { type: 'string', default: '7' },
        warmup: { type: 'string', default: '2' },
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
  const runs = count('runs', values.runs, 1)
  const warmup = count('warmup', values.warmup, 0)

  const loadBefore = loadAverage()
  const python = findPython()
  const suite = seedSuite(python)
  // Progress goes to stderr, and only to a terminal, so stdout holds nothing but the report.
  const times = await runSeries(suite.cases, {
    warmup,
    runs,
    onRound: process.stderr.isTTY ? (label) => process.stderr.write(`\rbench: ${label}   `) : undefined,
  })
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
  console.log(values.json ? JSON.stringify(report, null, 2) : formatHuman(report))
}

main().catch((error: unknown) => {
  if (process.stderr.isTTY) process.stderr.write('\n')
  console.error(`bench: ${error instanceof CaseFailure ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  process.exit(1)
})
