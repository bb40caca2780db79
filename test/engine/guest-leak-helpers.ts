import { expect } from 'vitest'
import { summarizeHeap, type SuspectSummary } from '../../src/analysis'
import { runProgram } from '../../src/engine/run'
import type { RunOptions, RunResult } from '../../src/engine/types'
import type { HeapSnapshot, NodeKind } from '../../src/heap/snapshot'

/** Helpers for the leak facts of the guest's libraries (EventEmitter, the DOM), as ground-truth.test.ts counts them. */

/** Run with inspection and assert that neither the program nor the walk failed. */
export async function inspectRun(source: string, options: Partial<RunOptions> = {}): Promise<RunResult> {
  const result = await runProgram(source, options)
  expect(result.error).toBeNull()
  expect(result.heap?.error).toBeNull()
  return result
}

/** The 1-based line of the one line containing `text`. */
export function lineOf(source: string, text: string): number {
  const found = source.split('\n').flatMap((line, i) => (line.includes(text) ? [i + 1] : []))
  if (found.length !== 1) throw new Error(`"${text}" is on ${found.length} lines`)
  return found[0]
}

/** Live nodes of one kind allocated on `line` of main.js, counted straight from the final snapshot. */
export const liveAt = (snapshot: HeapSnapshot, line: number, kind: NodeKind) =>
  snapshot.nodes.filter((n) => n.kind === kind && n.site?.file === 'main.js' && n.site.line === line).length

/** Live nodes named `name` (a class), wherever they were allocated. */
export const liveNamed = (snapshot: HeapSnapshot, name: string) => snapshot.nodes.filter((n) => n.name === name).length

/** The run's leak suspects. */
export const suspectsOf = (result: RunResult): SuspectSummary[] => summarizeHeap(result.heap!).suspects

/** The suspect of one kind allocated on `line`, or undefined. */
export const suspectAt = (result: RunResult, line: number, kind: NodeKind) =>
  suspectsOf(result).find((s) => s.kind === kind && s.site === `main.js:${line}`)
