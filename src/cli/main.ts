import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { finished } from 'node:stream/promises'
import { compiledWasmForNode } from '../engine/node/compiled-wasm'
import { summarizeHeap, type HeapSummary } from '../analysis'
import { runProgram } from '../engine/run'
import { buildChromeHeapSnapshot, chromeHeapSnapshotChunks } from '../heap/heapsnapshot-format'
import { formatCount } from '../format/numbers'
import type { RunResult } from '../engine/types'
import { parseCommand, USAGE, UsageError } from './args'
import { ansi, formatRun, plain } from './format-run'
import { validateContent } from '../content/node/validate'
import { runContentInNode } from '../content/node/run-content'

export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean }
  stderr: { write(text: string): unknown }
  env: Record<string, string | undefined>
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
  let source: string
  try {
    source = await readFile(command.file, 'utf8')
  } catch (error) {
    io.stderr.write(`leaklab: cannot read ${command.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`)
    return EXIT_USAGE
  }
  const result = await runProgram(source, command.options, { wasm: compiledWasmForNode })
  if (command.kind === 'snapshot') return writeSnapshot(result, command.out, io)
  const heap = result.heap ? summarizeHeap(result.heap) : null
  if (command.json) {
    io.stdout.write(`${JSON.stringify(jsonReport(result, heap), null, 2)}\n`)
  } else {
    const color = io.stdout.isTTY === true && !io.env.NO_COLOR
    io.stdout.write(formatRun(result, source, command.options.filename ?? command.file, color ? ansi : plain, heap))
  }
  return result.ok ? EXIT_OK : EXIT_PROGRAM_FAILED
}

/**
 * The RunResult plus the heap's `groups`, `suspects` and `clusters`. The raw snapshot stays out:
 * it is for `leaklab snapshot` and the page, and would make the report megabytes long.
 */
function jsonReport(result: RunResult, heap: HeapSummary | null) {
  const { snapshot: _snapshot, ...heapReport } = result.heap ?? { snapshot: null }
  return { ...result, heap: result.heap ? heapReport : null, groups: heap?.groups ?? [], suspects: heap?.suspects ?? [], clusters: heap?.clusters ?? [] }
}

/**
 * Write the run's final heap as a .heapsnapshot, streamed chunk by chunk (a 100,000-object heap is
 * megabytes of text). A program that failed still has its heap written when it could be walked.
 */
async function writeSnapshot(result: RunResult, out: string, io: Io): Promise<number> {
  const snapshot = result.heap?.snapshot
  if (!snapshot) {
    io.stderr.write(`leaklab: no heap to write: ${result.heap?.error ?? result.error?.message ?? 'the heap was not inspected'}\n`)
    return EXIT_PROGRAM_FAILED
  }
  try {
    const stream = createWriteStream(out)
    // A path that cannot be opened is reported as an 'error' event, which once() turns into a rejection.
    await once(stream, 'open')
    for (const chunk of chromeHeapSnapshotChunks(buildChromeHeapSnapshot(snapshot))) {
      if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()))
    }
    stream.end()
    await finished(stream)
  } catch (error) {
    io.stderr.write(`leaklab: cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`)
    return EXIT_USAGE
  }
  const objects = snapshot.nodes.filter((n) => n.kind !== 'root').length
  io.stdout.write(`Wrote ${out}: ${formatCount(objects)} objects, ${formatCount(snapshot.edges.length)} references, after step ${snapshot.step}.\n`)
  if (result.error) io.stdout.write(`The program failed (${result.error.kind}): ${result.error.message}\n`)
  return result.ok ? EXIT_OK : EXIT_PROGRAM_FAILED
}

/** Exit 0 when every folder is valid (and, with --prove, proved), 1 when any is not. */
async function validate(dirs: string[], prove: boolean, io: Io): Promise<number> {
  const report = await validateContent(dirs.length > 0 ? dirs : ['scenarios', 'lessons'], process.cwd(), prove ? runContentInNode : null)
  for (const line of report.lines) io.stdout.write(`${line}\n`)
  const items = `${report.scenarios} ${report.scenarios === 1 ? 'scenario' : 'scenarios'}, ${report.lessons} ${report.lessons === 1 ? 'lesson' : 'lessons'}`
  io.stdout.write(report.errors.length === 0 ? `${items}: all valid${prove ? ' and proved' : ''}\n` : `${items}: ${report.errors.length} ${report.errors.length === 1 ? 'problem' : 'problems'}\n`)
  return report.errors.length === 0 ? EXIT_OK : EXIT_PROGRAM_FAILED
}
