/**
 * The fuzz batch of issue 14 at full size: `npm run bench -- --fuzz [N]` (N defaults to 10,000), or
 * `npx tsx bench/fuzz-batch.ts [--count N] [--seed S] [--jobs J] [--exclude-known] [--replay SEED]`.
 * Prints the five counts (host crashes, hangs, runs over budget + grace, wrong error kinds,
 * carry-over), the slowest programs and the failures with their seeds; exits 1 when a count is not
 * zero. Known bugs (test/fuzz/hostile-programs.ts, KNOWN_BUGS) are included unless --exclude-known
 * (or FUZZ_EXCLUDE_KNOWN=1): the counts say how far the engine is from the issue's goal.
 */
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { generateProgram } from '../test/fuzz/hostile-programs'
import { formatReport, runBatch } from '../test/fuzz/runner'

export const DEFAULT_FUZZ_COUNT = 10_000
export const DEFAULT_FUZZ_SEED = 14

export interface FuzzBenchOptions {
  count: number
  seed?: number
  jobs?: number
  excludeKnownBugs?: boolean
}

/** Run the batch, print its report on stdout (progress on stderr, when a terminal); true when all five counts are zero. */
export async function runFuzzBench(options: FuzzBenchOptions): Promise<boolean> {
  const seed = options.seed ?? Number(process.env.FUZZ_SEED ?? DEFAULT_FUZZ_SEED)
  // Two cores by default: each child spins a core while a program loops until its budget.
  const jobs = options.jobs ?? Number(process.env.FUZZ_JOBS ?? Math.min(2, availableParallelism()))
  const excludeKnownBugs = options.excludeKnownBugs ?? process.env.FUZZ_EXCLUDE_KNOWN === '1'
  const tty = process.stderr.isTTY
  const started = Date.now()
  const report = await runBatch({
    seed,
    count: options.count,
    jobs,
    excludeKnownBugs,
    onProgress: (done, total, counts) => {
      if (!tty && done % 500 !== 0 && done !== total) return
      const eta = Math.round((((Date.now() - started) / done) * (total - done)) / 1000)
      const line = `fuzz: ${done}/${total}, ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}, about ${eta} s left`
      process.stderr.write(tty ? `\r${line}   ` : `${line}\n`)
    },
  })
  if (tty) process.stderr.write('\r\x1b[K')
  console.log(formatReport(report, { failures: 50, sources: true }))
  return Object.values(report.counts).every((n) => n === 0) && report.harnessErrors.length === 0
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: String(DEFAULT_FUZZ_COUNT) },
      seed: { type: 'string' },
      jobs: { type: 'string' },
      'exclude-known': { type: 'boolean', default: false },
      replay: { type: 'string' },
    },
  })
  if (values.replay !== undefined) {
    // One program by its seed: its source, options and allowed outcomes, to run or minimize by hand.
    const program = generateProgram(Number(values.replay))
    console.log(`// seed ${program.seed} (${program.family}); allowed: ${program.allowed.join(', ')}; options: ${JSON.stringify(program.options)}`)
    console.log(`// pieces: ${program.labels.join(' | ')}${program.knownBugs.length ? `\n// known bugs: ${program.knownBugs.join(', ')}` : ''}`)
    console.log(program.source)
    return
  }
  const ok = await runFuzzBench({
    count: Number(values.count),
    seed: values.seed === undefined ? undefined : Number(values.seed),
    jobs: values.jobs === undefined ? undefined : Number(values.jobs),
    excludeKnownBugs: values['exclude-known'] || undefined,
  })
  process.exitCode = ok ? 0 : 1
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(`fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    process.exit(2)
  })
}
