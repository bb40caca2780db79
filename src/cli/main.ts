import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { open, readFile, type FileHandle } from 'node:fs/promises'
import { finished } from 'node:stream/promises'
import type { HeapSummary } from '../analysis/heap-summary'
import { resolveOptions } from '../engine/defaults'
import { formatCount } from '../format/numbers'
import type { RunResult } from '../engine/types'
import type { GradeResult, GradeTarget } from '../grade/grade-submission'
import type { ShardInfo } from '../grade/grade-shard'
import { parseCommand, USAGE, UsageError, type Command } from './args'
import { ansi, formatError, formatRun, plain } from './format-run'
import { GuestWorker, type GuestWorkerOptions } from './guarded-run'
import type { CompareReply, Refusal, SnapshotFile } from './run-replies'
// Only what run, snapshot and compare need is imported here; the other commands load theirs when they run,
// so the guest worker (which loads the engine) starts as early as it can.

export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean }
  stderr: { write(text: string): unknown; isTTY?: boolean }
  env: Record<string, string | undefined>
  /** For tests only: the guest worker's script (a test's own entry, which can simulate a hang) and grace. */
  worker?: GuestWorkerOptions
}

const EXIT_OK = 0
const EXIT_PROGRAM_FAILED = 1
const EXIT_USAGE = 2

/** The `leaklab` command. Returns the exit code rather than exiting, so tests can drive it. */
export async function main(argv: string[], io: Io): Promise<number> {
  let command
  try {
    command = parseCommand(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.stderr.write(`leaklab: ${error.message}\n`)
    return EXIT_USAGE
  }
  if (command.kind === 'help') {
    io.stdout.write(`${USAGE}\n`)
    return EXIT_OK
  }
  if (command.kind === 'version') {
    io.stdout.write(`${(await import('../../package.json', { with: { type: 'json' } })).default.version}\n`)
    return EXIT_OK
  }
  if (command.kind === 'validate') return validate(command.dirs, command.prove, io)
  if (command.kind === 'grade') return grade(command, io)
  if (command.kind === 'grade-merge') return gradeMerge(command, io)
  if (command.kind === 'assign') return assign(command, io)
  // The language is the file's: a Python program runs in CPython (Pyodide), in a worker of its own.
  if (command.file.endsWith('.py')) return runPythonFile(command, io)
  // The program runs in a worker thread with a watchdog (guarded-run.ts); it loads while the file is read.
  const worker = new GuestWorker(io.worker)
  worker.warm()
  try {
    return await runFile(command, worker, io)
  } finally {
    await worker.close()
  }
}

/** The program's text, or null after saying why it cannot be read. */
async function readSource(file: string, io: Io): Promise<string | null> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    io.stderr.write(`leaklab: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`)
    return null
  }
}

async function runFile(command: Extract<Command, { kind: 'run' | 'snapshot' | 'compare' }>, worker: GuestWorker, io: Io): Promise<number> {
  const source = await readSource(command.file, io)
  if (source === null) return EXIT_USAGE
  const options = resolveOptions(command.options)
  if (command.kind === 'snapshot') {
    const answer = await worker.run({ kind: 'snapshot', source, options, at: command.at })
    const { result, file, refusal } = answer.ok ? answer.reply : { result: answer.result, file: null, refusal: undefined }
    return writeSnapshot(result, file, command.out, io, refusal)
  }
  if (command.kind === 'compare') {
    const { from, to, then } = command
    const answer = await worker.run({ kind: 'compare', source, options, from, to, then })
    // Stopped by the watchdog, or the worker failed: its kept heaps went with it.
    const reply: CompareReply = answer.ok ? answer.reply : { result: answer.result, comparison: null, totals: null, dropped: [], refusal: null }
    return reportCompare(command, reply, source, io)
  }
  const answer = await worker.run({ kind: 'run', source, options, ignore: command.ignore })
  const { result, heap, ignoreError } = answer.ok ? answer.reply : { result: answer.result, heap: null, ignoreError: undefined }
  return report(command, result, heap, source, io, ignoreError)
}

/** `run`, `snapshot` and `compare` for a Python file: the same output as for JavaScript, from CPython's run. */
async function runPythonFile(command: Extract<Command, { kind: 'run' | 'snapshot' | 'compare' }>, io: Io): Promise<number> {
  const source = await readSource(command.file, io)
  if (source === null) return EXIT_USAGE
  const [{ runPythonProgram }, { compareReply, runReply, snapshotReply }] = await Promise.all([import('../python/run-python'), import('./run-replies')])
  const result = await runPythonProgram(source, command.options)
  if (command.kind === 'snapshot') {
    const { result: stripped, file, refusal } = snapshotReply(result, command.at)
    return writeSnapshot(stripped, file, command.out, io, refusal)
  }
  if (command.kind === 'compare') return reportCompare(command, compareReply(result, command), source, io)
  const reply = runReply(result, command.kind === 'run' ? command.ignore : [])
  return report(command, reply.result, reply.heap, source, io, reply.ignoreError)
}

function report(command: Extract<Command, { kind: 'run' }>, result: RunResult, heap: HeapSummary | null, source: string, io: Io, ignoreError?: string): number {
  if (ignoreError) {
    io.stderr.write(`leaklab: --ignore: ${ignoreError}\n`)
    return EXIT_USAGE
  }
  if (command.ignore.length > 0 && !heap) {
    io.stderr.write(`leaklab: --ignore: the run left no heap to ask about (${result.heap?.error ?? result.error?.message ?? 'it was not walked'})\n`)
    return EXIT_PROGRAM_FAILED
  }
  if (command.json) {
    io.stdout.write(`${JSON.stringify(jsonReport(result, heap), null, 2)}\n`)
  } else {
    const color = io.stdout.isTTY === true && !io.env.NO_COLOR
    io.stdout.write(formatRun(result, source, command.options.filename ?? command.file, color ? ansi : plain, heap))
  }
  return result.ok ? EXIT_OK : EXIT_PROGRAM_FAILED
}

/**
 * `compare`: the comparison as a table, or with --json as `{ from, to, then, groups }` and nothing
 * else. A program that failed is still compared when it kept its heaps (exit 1, its error after the
 * table); a name that matches no kept heap is bad usage (exit 2); too few heaps, exit 1.
 */
async function reportCompare(command: Extract<Command, { kind: 'compare' }>, reply: CompareReply, source: string, io: Io): Promise<number> {
  const { result, comparison, refusal } = reply
  const style = io.stdout.isTTY === true && !io.env.NO_COLOR ? ansi : plain
  const filename = command.options.filename ?? command.file
  const programError = (after: boolean) => {
    if (!result.error) return
    if (command.json) io.stderr.write(programFailed(result))
    else io.stdout.write(`${after ? '\n' : ''}${formatError(result.error, source, filename, style)}\n`)
  }
  if (!comparison) {
    if (refusal?.usage) {
      io.stderr.write(`leaklab: ${refusal.message}\n${programFailed(result)}`)
      return EXIT_USAGE
    }
    io.stderr.write(`leaklab: nothing to compare: ${refusal?.message ?? 'the run kept no snapshots'}\n`)
    programError(false)
    return EXIT_PROGRAM_FAILED
  }
  if (command.json) io.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`)
  else {
    const { formatComparison } = await import('./format-compare')
    io.stdout.write(formatComparison({ ...reply, comparison }, style))
  }
  programError(true)
  return result.ok ? EXIT_OK : EXIT_PROGRAM_FAILED
}

/** A line for stderr saying how the program failed, or nothing when it did not. */
function programFailed(result: RunResult): string {
  return result.error ? `leaklab: the program failed (${result.error.kind}): ${result.error.message}\n` : ''
}

/**
 * The RunResult plus the heap's `groups`, `suspects` and `clusters`. The raw snapshot stays out:
 * it is for `leaklab snapshot` and the page, and would make the report megabytes long (the worker
 * never sends it: `heap.snapshot` is null here, and the key is left out as before).
 */
function jsonReport(result: RunResult, heap: HeapSummary | null) {
  const { snapshot: _snapshot, ...heapReport } = result.heap ?? { snapshot: null }
  return {
    ...result,
    heap: result.heap ? heapReport : null,
    groups: heap?.groups ?? [],
    suspects: heap?.suspects ?? [],
    clusters: heap?.clusters ?? [],
    ...(heap?.ignored ? { ignored: heap.ignored } : {}),
  }
}

/**
 * Write the run's final heap as a .heapsnapshot, chunk by chunk (a 100,000-object heap is megabytes
 * of text; the worker made the text). A program that failed still has its heap written when it could
 * be walked.
 */
async function writeSnapshot(result: RunResult, file: SnapshotFile | null, out: string, io: Io, refusal?: Refusal): Promise<number> {
  if (refusal) {
    io.stderr.write(`leaklab: ${refusal.usage ? '' : 'no heap to write: '}${refusal.message}\n${programFailed(result)}`)
    return refusal.usage ? EXIT_USAGE : EXIT_PROGRAM_FAILED
  }
  if (!file) {
    io.stderr.write(`leaklab: no heap to write: ${result.heap?.error ?? result.error?.message ?? 'the heap was not inspected'}\n`)
    return EXIT_PROGRAM_FAILED
  }
  try {
    const stream = createWriteStream(out)
    // A path that cannot be opened is reported as an 'error' event, which once() turns into a rejection.
    await once(stream, 'open')
    for (const chunk of file.chunks) {
      if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()))
    }
    stream.end()
    await finished(stream)
  } catch (error) {
    io.stderr.write(`leaklab: cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`)
    return EXIT_USAGE
  }
  const label = file.label ? ` (the snapshot '${file.label}')` : ''
  io.stdout.write(`Wrote ${out}: ${formatCount(file.objects)} objects, ${formatCount(file.references)} references, after step ${file.step}${label}.\n`)
  if (result.error) io.stdout.write(`The program failed (${result.error.kind}): ${result.error.message}\n`)
  return result.ok ? EXIT_OK : EXIT_PROGRAM_FAILED
}

/** Exit 0 when every folder is valid (and, with --prove, proved), 1 when any is not. */
async function validate(dirs: string[], prove: boolean, io: Io): Promise<number> {
  // With --prove, every program runs on one guarded worker (guarded-run.ts), replaced after one it had to stop.
  const worker = prove ? new GuestWorker(io.worker) : null
  worker?.warm()
  let report
  try {
    const { validateContent } = await import('../content/node/validate')
    const runner = worker ? (await import('./prove-runner')).proveInWorker(worker) : null
    report = await validateContent(dirs.length > 0 ? dirs : ['scenarios', 'lessons'], process.cwd(), runner)
  } finally {
    await worker?.close()
  }
  for (const line of report.lines) io.stdout.write(`${line}\n`)
  const items = `${report.scenarios} ${report.scenarios === 1 ? 'scenario' : 'scenarios'}, ${report.lessons} ${report.lessons === 1 ? 'lesson' : 'lessons'}`
  io.stdout.write(report.errors.length === 0 ? `${items}: all valid${prove ? ' and proved' : ''}\n` : `${items}: ${report.errors.length} ${report.errors.length === 1 ? 'problem' : 'problems'}\n`)
  return report.errors.length === 0 ? EXIT_OK : EXIT_PROGRAM_FAILED
}

/**
 * Exit 0 when every submission was graded (passed or failed), 1 when any could not be graded, 2 for
 * bad usage: an invalid scenario folder or exercise file (its errors printed), or a CSV file that
 * cannot be written, all found before any grading starts. With --shard K/N only that part of the
 * files is graded and reported.
 */
async function grade(command: Extract<Command, { kind: 'grade' }>, io: Io): Promise<number> {
  const { gradeFiles, loadExerciseTarget, loadGradeTarget } = await import('../grade/grade')
  const { shardFiles } = await import('../grade/grade-shard')
  const against = command.against
  const loaded = 'exercise' in against ? await loadExerciseTarget(against.exercise) : await loadGradeTarget(against.scenario, process.cwd(), against.language)
  if (!loaded.ok) {
    const invalid = 'exercise' in against ? `--exercise ${against.exercise} is not a valid exercise file` : `--scenario ${against.scenario} is not a valid scenario folder`
    if (loaded.noVariant) io.stderr.write(`leaklab: ${loaded.errors[0]}\n`)
    else io.stderr.write(`leaklab: ${invalid}:\n${loaded.errors.map((e) => `  ${e}\n`).join('')}`)
    return EXIT_USAGE
  }
  const csv = await openCsv(command.csv, io)
  if (csv === false) return EXIT_USAGE
  try {
    const part = command.shard ? shardFiles(command.submissions, command.shard) : null
    // Progress only on a terminal, on stderr: stdout holds the table or the JSON and nothing else.
    const progress = io.stderr.isTTY ? (done: number, total: number) => io.stderr.write(`\rleaklab: graded ${done} of ${total}`) : undefined
    const results = await gradeFiles(part?.files ?? command.submissions, loaded.target, { jobs: command.jobs ?? undefined, onSettled: progress })
    if (progress) io.stderr.write('\r\x1b[K')
    return await printGrading(loaded.target, results, part?.info ?? null, command.json, csv, io)
  } finally {
    await csv?.close()
  }
}

/** The CSV file opened for writing (null when none was asked for), or false after saying why it cannot be written. */
async function openCsv(path: string | null, io: Io) {
  if (path === null) return null
  try {
    return await open(path, 'w')
  } catch (error) {
    io.stderr.write(`leaklab: cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`)
    return false
  }
}

/** A grading's CSV (when asked for) and its table or JSON; exit 1 when a file could not be graded. */
async function printGrading(target: GradeTarget, results: GradeResult[], shard: ShardInfo | null, json: boolean, csv: FileHandle | null, io: Io): Promise<number> {
  const { ansiTable, formatGradeCsv, formatGradeTable, gradeJson, plainTable } = await import('../grade/grade-report')
  if (csv) await csv.writeFile(formatGradeCsv(results), 'utf8')
  if (json) io.stdout.write(`${JSON.stringify(gradeJson(target, results, shard), null, 2)}\n`)
  else io.stdout.write(formatGradeTable(target, results, io.stdout.isTTY === true && !io.env.NO_COLOR ? ansiTable : plainTable, shard))
  return results.some((r) => r.result === 'error') ? EXIT_PROGRAM_FAILED : EXIT_OK
}

/**
 * `grade merge`: the parts' --json joined into what one run over all the files prints (table, JSON,
 * CSV), with its exit code (0, or 1 when a file could not be graded); 2, naming the file, for a part
 * that cannot be read or is not one, or parts that do not make one grading.
 */
async function gradeMerge(command: Extract<Command, { kind: 'grade-merge' }>, io: Io): Promise<number> {
  const { mergePartFiles } = await import('../grade/grade-shard')
  const merged = await mergePartFiles(command.parts)
  if (!merged.ok) {
    io.stderr.write(`leaklab: ${merged.error}\n`)
    return EXIT_USAGE
  }
  const csv = await openCsv(command.csv, io)
  if (csv === false) return EXIT_USAGE
  try {
    return await printGrading(merged.value.target, merged.value.results, null, command.json, csv, io)
  } finally {
    await csv?.close()
  }
}

/** Prints a scenario folder's assignment link: the exercise (in --lang's language) without its fix, for learners to open. */
async function assign({ dir, base, language }: Extract<Command, { kind: 'assign' }>, io: Io): Promise<number> {
  const { loadScenarioFolder } = await import('../content/node/load-scenario')
  const { encodeAssignmentFragment } = await import('../exercise/assignment-link')
  const { exerciseFromScenario } = await import('../exercise/exercise')
  const loaded = await loadScenarioFolder(dir, process.cwd(), 'assign')
  if (!loaded.ok) {
    for (const error of loaded.errors) io.stderr.write(`leaklab: ${error}\n`)
    return EXIT_USAGE
  }
  const exercise = exerciseFromScenario(loaded.scenario, language)
  if (!exercise) {
    io.stderr.write(`leaklab: ${dir}: scenario "${loaded.scenario.id}" has no Python variant (no "pythonVariant" in its manifest.json), so it has no Python exercise\n`)
    return EXIT_USAGE
  }
  io.stdout.write(`${base}#${encodeAssignmentFragment(exercise)}\n`)
  return EXIT_OK
}
