/**
 * The fuzz batch's child process (started by runner.ts with `node --import tsx`): runs the programs
 * the parent sends, one at a time, each followed by the canary, in this one process, and answers
 * with small summaries. A crash of this process or a run that never returns is the parent's to see.
 *
 * Messages in: { type: 'run', id, source, options }. Out: { type: 'ready', canary } once the fresh
 * process has run the canary; then per program { type: 'result', id, summary | thrown } and
 * { type: 'canary', id, fingerprint | thrown, wallMs, rssBytes }.
 */
import { runProgram } from '../../src/engine/run'
import type { RunOptions } from '../../src/engine/types'
import { CANARY_OPTIONS, CANARY_SOURCE, canaryFingerprint, summarize } from './checker'

export type ParentMessage = { type: 'run'; id: number; source: string; options: Partial<RunOptions> }

export type ChildMessage =
  | { type: 'ready'; canary: Record<string, unknown> | null; thrown?: string }
  | { type: 'result'; id: number; summary?: ReturnType<typeof summarize>; thrown?: string }
  | { type: 'canary'; id: number; fingerprint?: Record<string, unknown>; thrown?: string; wallMs: number; rssBytes: number }

const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()))

const describeThrown = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error)).slice(0, 2000)

async function canary(): Promise<{ fingerprint?: Record<string, unknown>; thrown?: string; wallMs: number }> {
  const started = performance.now()
  try {
    const result = await runProgram(CANARY_SOURCE, CANARY_OPTIONS)
    return { fingerprint: canaryFingerprint(result), wallMs: Math.round(performance.now() - started) }
  } catch (error) {
    return { thrown: describeThrown(error), wallMs: Math.round(performance.now() - started) }
  }
}

// One message at a time: the parent sends the next program only after this one's canary.
let queue = Promise.resolve()
process.on('message', (message: ParentMessage) => {
  queue = queue.then(async () => {
    if (message.type !== 'run') return
    const started = performance.now()
    try {
      const result = await runProgram(message.source, message.options)
      await send({ type: 'result', id: message.id, summary: summarize(result, performance.now() - started, message.options) })
    } catch (error) {
      await send({ type: 'result', id: message.id, thrown: describeThrown(error) })
    }
    const after = await canary()
    await send({ type: 'canary', id: message.id, ...after, rssBytes: process.memoryUsage().rss })
  })
})
process.on('disconnect', () => process.exit(0))

// The fresh process's canary: also compiles the wasm, so no program pays for that.
const first = await canary()
await send({ type: 'ready', canary: first.fingerprint ?? null, thrown: first.thrown })
