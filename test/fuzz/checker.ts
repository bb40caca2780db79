/**
 * What the fuzz checker looks for in one run, and the canary that looks for state carried over from
 * one run to the next. Shared by the child process that runs the programs (fuzz-child.ts) and the
 * parent that judges them (runner.ts).
 */
import { WALK_BUDGET_MS } from '../../src/engine/defaults'
import { CAP_MARGIN_BYTES } from '../../src/engine/quickjs'
import type { RunOptions, RunResult } from '../../src/engine/types'
import type { FuzzProgram, Outcome } from './hostile-programs'

/**
 * How far past its time budget a run may end and still count as stopped by it. The interrupt handler
 * is polled every 10,000 ticks of the interpreter (and in the patched native loops), so the engine
 * notices the deadline within milliseconds; on top of that a run pays for loading its module (tens of
 * ms), freeing a heap up to its memory budget (64 MiB here: tens of ms) and, on this 2-core machine
 * shared with a CI run, being descheduled for a few hundred ms. A second covers all of that with room,
 * and is still a fifth of the default 5 s budget: an engine a second late is late for the learner.
 * Heap walks are not charged to the budget (the deadline moves by their length), so a run with walks
 * gets WALK_GRACE_MS more: the walks here see at most a 64 MiB heap.
 */
export const OVER_BUDGET_GRACE_MS = 1000
export const WALK_GRACE_MS = 2000

/** The page watchdog's grace (DEFAULT_GRACE_MS in src/worker/engine-client.ts, copied: that file is the page's). */
export const PAGE_WATCHDOG_GRACE_MS = 3000

/**
 * How long a run may stay silent before it counts as hung: the page's own watchdog
 * (src/worker/engine-client.ts) ends a worker silent for max(timeoutMs, walkTimeoutMs) plus its
 * grace (10 s + 3 s), so past that the learner would have seen the engine declared stuck.
 */
export function hangLimitMs(options: Partial<RunOptions>): number {
  return Math.max(options.timeoutMs ?? 5000, options.walkTimeoutMs ?? WALK_BUDGET_MS) + PAGE_WATCHDOG_GRACE_MS
}

/** The longest console text consoleEntry keeps: 10,000 characters and the "… (N more characters)" tail. */
const MAX_ENTRY_TEXT = 10_000 + 40

/** One run, as the child reports it to the parent: small, whatever the program printed. */
export interface RunSummary {
  outcome: Outcome
  error: { kind: string; name: string; message: string; line: number | null; phase: string } | null
  durationMs: number
  /** Real time around the awaited runProgram in the child, freeing the runtime included. */
  wallMs: number
  consoleEntries: number
  consoleDropped: number
  unhandledRejections: number
  wasmGrowthBytes: number
  disposeError: string | null
  heapError: string | null
  /** What is wrong with the result as data, whatever the program did. */
  malformed: string[]
}

export function summarize(result: RunResult, wallMs: number, options: Partial<RunOptions>): RunSummary {
  return {
    outcome: result.ok ? 'ok' : (result.error?.kind ?? 'ok'),
    error: result.error ? { kind: result.error.kind, name: result.error.name, message: result.error.message.slice(0, 300), line: result.error.line, phase: result.error.phase } : null,
    durationMs: result.durationMs,
    wallMs: Math.round(wallMs),
    consoleEntries: result.console.length,
    consoleDropped: result.consoleDropped,
    unhandledRejections: result.unhandledRejections,
    wasmGrowthBytes: result.wasmMemory.peakBytes - result.wasmMemory.startBytes,
    disposeError: result.engine.disposeError,
    heapError: result.heap?.error ?? null,
    malformed: malformedParts(result, options),
  }
}

const KINDS = new Set(['syntax', 'runtime', 'timeout', 'memory', 'stack'])

/** Breaks of RunResult's contract (types.ts), whatever the program did. */
function malformedParts(result: RunResult, options: Partial<RunOptions>): string[] {
  const issues: string[] = []
  if (result.ok !== (result.error === null)) issues.push(`ok is ${result.ok} with error ${JSON.stringify(result.error)}`)
  if (result.error && !KINDS.has(result.error.kind)) issues.push(`unknown error kind ${result.error.kind}`)
  if (result.error && typeof result.error.message !== 'string') issues.push('error without a message')
  const maxEntries = options.maxConsoleEntries ?? 5000
  if (result.console.length > maxEntries) issues.push(`${result.console.length} console entries kept, more than ${maxEntries}`)
  const longest = result.console.reduce((max, e) => Math.max(max, e.text.length), 0)
  if (longest > MAX_ENTRY_TEXT) issues.push(`a console entry of ${longest} characters`)
  if (!Number.isFinite(result.durationMs) || result.durationMs < 0) issues.push(`durationMs ${result.durationMs}`)
  if (!(result.memory.objects > 0)) issues.push(`memory.objects ${result.memory.objects}`)
  if (result.samples.some((s) => !Number.isFinite(s.objects) || !Number.isFinite(s.bytes))) issues.push('a sample with a non-finite figure')
  // A heap left unwalked because of a limit belongs to a run that ended at that limit.
  if (result.ok && result.heap?.error && /limit/.test(result.heap.error)) issues.push(`ok, but heap.error says ${JSON.stringify(result.heap.error)}`)
  const plain = notPlainData(result)
  if (plain) issues.push(`not plain JSON data at ${plain}`)
  return issues
}

/** The path of the first value JSON would change (NaN, undefined in an array, a function…), or null. */
function notPlainData(value: unknown, path = 'result'): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null
  if (typeof value === 'number') return Number.isFinite(value) ? null : path
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) return `${path}[${i}]`
      const inner = notPlainData(value[i], `${path}[${i}]`)
      if (inner) return inner
    }
    return null
  }
  // The kept heaps' packed arrays (HeapReport.kept): numbers only, and finite, or they are malformed.
  if (value instanceof Int32Array) return null
  if (value instanceof Float64Array) return value.every(Number.isFinite) ? null : path
  if (typeof value === 'object') {
    if (Object.getPrototypeOf(value) !== Object.prototype) return path
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue // dropped by JSON, as an optional field is
      const inner = notPlainData(v, `${path}.${k}`)
      if (inner) return inner
    }
    return null
  }
  return path
}

export type FindingKind = 'crash' | 'hang' | 'overBudget' | 'wrongKind' | 'carryOver'
export const FINDING_KINDS: readonly FindingKind[] = ['crash', 'hang', 'overBudget', 'wrongKind', 'carryOver']

export interface Finding {
  kind: FindingKind
  detail: string
}

/** What is wrong with one run the child answered for (crashes and hangs the parent sees itself). */
export function judge(program: FuzzProgram, summary: RunSummary): Finding[] {
  const findings: Finding[] = []
  const options = program.options
  if (summary.error?.name === 'EngineError' || summary.disposeError?.startsWith('not freed: the host failed')) {
    findings.push({ kind: 'crash', detail: `the host failed inside QuickJS (contained): ${summary.error?.name}: ${summary.error?.message}; dispose: ${summary.disposeError}` })
  }
  const timeoutMs = options.timeoutMs ?? 5000
  const walks = options.inspect !== false && (options.snapshots ?? 5) > 0
  const budget = timeoutMs + OVER_BUDGET_GRACE_MS + (walks ? WALK_GRACE_MS : 0)
  if (summary.durationMs > budget) findings.push({ kind: 'overBudget', detail: `durationMs ${summary.durationMs} > ${budget} (budget ${timeoutMs} ms + grace)` })
  else if (summary.wallMs > budget) findings.push({ kind: 'overBudget', detail: `wall clock ${summary.wallMs} ms > ${budget} (budget ${timeoutMs} ms + grace; durationMs ${summary.durationMs})` })
  const memoryBytes = options.memoryBytes ?? 64 * 1024 * 1024
  if (summary.wasmGrowthBytes > memoryBytes + CAP_MARGIN_BYTES) {
    findings.push({ kind: 'overBudget', detail: `wasm memory grew ${summary.wasmGrowthBytes} bytes, past the budget ${memoryBytes} + cap margin` })
  }
  if (!program.allowed.includes(summary.outcome)) {
    const error = summary.error ? ` (${summary.error.name}: ${summary.error.message.slice(0, 160)} @${summary.error.phase}:${summary.error.line})` : ''
    findings.push({ kind: 'wrongKind', detail: `ended ${summary.outcome}${error}, expected one of ${program.allowed.join(', ')}` })
  }
  for (const issue of summary.malformed) findings.push({ kind: 'wrongKind', detail: `malformed result: ${issue}` })
  return findings
}

// ---------------------------------------------------------------------------------------------------
// The canary: a small program that touches everything a host-side leftover could change (the
// guest's globals and prototypes, the console, timers, promises, steps, samples, heap walks, gc,
// tracemalloc, imageLib), run after every hostile program in the same process. Its result must be
// exactly what a fresh process gets.

export const CANARY_SOURCE = `const list = [3, 1, 2].sort()
const table = new Map([[1, 'a']])
class Box {
  constructor(v) { this.v = v }
  get double() { return this.v * 2 }
}
const keep = []
function setup() { keep.push(new Box(1)) }
function step(i) {
  keep.push(new Box(i))
  if (i === 1) console.log('step', i, keep.length)
}
function teardown() { console.log('teardown', keep.length) }
setTimeout(() => console.log('timer', performance.now()), 250)
Promise.resolve(7).then((v) => console.log('then', v))
Promise.reject(new Error('canary rejection'))
try { null.x } catch (e) { console.log(e.name, e.message) }
console.log(list, table, new Box(2), [1, , 3], { a: { b: { c: { d: 1 } } } })
const names = Object.getOwnPropertyNames(globalThis)
console.log(names.length, names.join())
const shapes = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Promise.prototype, Map.prototype, JSON, Math, Reflect, Object, Array]
console.log(shapes.map((o) => Reflect.ownKeys(o).map(String).join()).join(' | '))
console.log(JSON.stringify({ a: [1, 'x', null] }), 'abc'.repeat(3), [1, 2, 3].indexOf(3), (10n ** 20n).toString(), typeof structuredClone)
console.log(gc.collect(), typeof tracemalloc.start, imageLib.stats())
const image = imageLib.decode('canary', 4, 4)
image.close()
console.log([1, 2, 3].map(String), Array.from({ length: 3 }, (_, i) => i * i), [...'abc'])`

export const CANARY_OPTIONS: Partial<RunOptions> = { steps: 3, timeMs: 1000, timeoutMs: 5000, memoryBytes: 32 * 1024 * 1024, inspect: true, snapshots: 2 }

/**
 * The canary's result without what differs between any two runs (durationMs, and the epoch that
 * Date.now counts from): everything else is the same in a fresh process and in one that ran
 * anything before.
 */
export function canaryFingerprint(result: RunResult): Record<string, unknown> {
  const heap = result.heap
  return {
    ok: result.ok,
    error: result.error,
    console: result.console,
    consoleDropped: result.consoleDropped,
    steps: result.steps,
    stepsRequested: result.stepsRequested,
    hooks: result.hooks,
    samples: result.samples,
    start: result.start,
    memory: result.memory,
    time: result.time,
    timers: result.timers,
    unhandledRejections: result.unhandledRejections,
    limits: result.limits,
    wasmMemory: result.wasmMemory,
    engine: result.engine,
    native: result.native,
    gc: result.gc,
    heap: heap && {
      error: heap.error,
      coverage: heap.coverage,
      growth: heap.growth,
      nodes: heap.snapshot?.nodes.length ?? null,
      edges: heap.snapshot?.edges.length ?? null,
    },
  }
}

/** The top-level fields in which two fingerprints differ, with both values (cut short). */
export function fingerprintDiff(expected: Record<string, unknown>, actual: Record<string, unknown>): string | null {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])]
  const differing = keys.filter((k) => JSON.stringify(expected[k]) !== JSON.stringify(actual[k]))
  if (differing.length === 0) return null
  return differing.map((k) => `${k}: expected ${JSON.stringify(expected[k])?.slice(0, 300)}, got ${JSON.stringify(actual[k])?.slice(0, 300)}`).join('; ')
}
