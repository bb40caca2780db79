import { readFile } from 'node:fs/promises'
import { compiledWasmForNode } from '../engine/node/compiled-wasm'
import { summarizeHeap, type HeapSummary } from '../analysis'
import { runProgram } from '../engine/run'
import type { RunResult } from '../engine/types'
import { parseCommand, USAGE, UsageError } from './args'
import { ansi, formatRun, plain } from './format-run'

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
  let source: string
  try {
    source = await readFile(command.file, 'utf8')
  } catch (error) {
    io.stderr.write(`leaklab: cannot read ${command.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`)
    return EXIT_USAGE
  }
  const result = await runProgram(source, command.options, { wasm: compiledWasmForNode })
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
