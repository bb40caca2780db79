/**
 * Evaluating checks (check-schema.ts) on a run, with a sentence a learner understands for each: what
 * was measured and what the goal was. Pure: the page runs it on the worker's RunView, the CLI's
 * `validate --prove` and the generated tests on the same view made in Node.
 */
import { formatBytes, formatCount } from '../format/numbers'
import type { RunView } from '../analysis/view-types'
import type { Check } from './check-schema'

export interface CheckOutcome {
  check: Check
  pass: boolean
  /** What was measured, against the goal: shown whether the check passed or not. */
  measured: string
  /** The author's words for a failed check, when it has any (`message`); null otherwise. */
  explains: string | null
  /** Both as one sentence for text output: the author's words first, then the measurement. */
  says: string
}

export interface ChecksOutcome {
  /** Every check passed, and the heap walk accounted for the whole heap (`unsure` is null). */
  pass: boolean
  outcomes: CheckOutcome[]
  /**
   * Why the verdict cannot be trusted even though the checks passed: the heap walk could not account
   * for part of the heap (analysis/coverage.ts), where a leak could hide. Null otherwise.
   */
  unsure: string | null
}

/** What checks read from a run: a RunView, or anything with the same fields. */
export type CheckedRun = Pick<RunView, 'ok' | 'error' | 'heap' | 'samples' | 'timers' | 'console' | 'steps'> & {
  /** What the exercise's verifier found; absent or null when the run was given none. */
  behaviour?: RunView['behaviour']
  native?: { bytes: number; blocks: number }
  gc?: { collections: number[]; calls: number }
}

export function evaluateChecks(checks: readonly Check[], run: CheckedRun): ChecksOutcome {
  const outcomes = checks.map((check) => evaluateCheck(check, run))
  const passed = outcomes.every((o) => o.pass)
  const unsure = passed ? (run.heap?.unsure ?? null) : null
  return { pass: passed && unsure === null, outcomes, unsure }
}

export function evaluateCheck(check: Check, run: CheckedRun): CheckOutcome {
  const result = measure(check, run)
  // A failed check says the author's words first, when there are any; the measurement stays beside them.
  const explains = !result.pass && check.message ? check.message : null
  const says = explains === null ? result.says : `${explains} Measured: ${result.says}.`
  return { check, pass: result.pass, measured: result.says, explains, says }
}

function measure(check: Check, run: CheckedRun): { pass: boolean; says: string } {
  // A run that failed measured nothing reliable, so every check but "console" fails with its error.
  if (check.kind !== 'console' && run.error) {
    return { pass: false, says: `the run ended with ${article(run.error.kind)} ${run.error.kind} error: ${run.error.message}` }
  }
  switch (check.kind) {
    case 'ok':
      return { pass: true, says: 'the run ended without an error' }
    case 'no-suspects': {
      const heap = needHeap(run)
      if (typeof heap === 'string') return { pass: false, says: heap }
      if (heap.suspects.length === 0) return { pass: true, says: 'no group of objects grew with the steps' }
      const top = heap.suspects[0]
      return { pass: false, says: `${plural(heap.suspects.length, 'group', 'groups')} still grew with the steps, first ${top.name}${top.line === null ? '' : ` (line ${top.line})`} by ${rateText(top.growthPerStep)} a step` }
    }
    case 'suspect': {
      const heap = needHeap(run)
      if (typeof heap === 'string') return { pass: false, says: heap }
      const found = heap.suspects.find((s) => s.name === check.group)
      return found
        ? { pass: true, says: `${check.group} grew by ${rateText(found.growthPerStep)} a step: a leak suspect` }
        : { pass: false, says: `${check.group} is not among the leak suspects` }
    }
    case 'growth': {
      const heap = needHeap(run)
      if (typeof heap === 'string') return { pass: false, says: heap }
      const growth = heap.suspects.filter((s) => s.name === check.group).reduce((sum, s) => sum + s.growthPerStep, 0)
      return {
        pass: growth < check.below,
        says: `${check.group} objects grew by ${rateText(growth)} a step (the goal is under ${rateText(check.below)})`,
      }
    }
    case 'objects-growth': {
      const slope = objectsPerStep(run)
      if (slope === null) return { pass: false, says: 'the run took fewer than two samples, too few to measure growth: define step(i) and run some steps' }
      return { pass: slope < check.below, says: `live objects grew by ${rateText(slope)} a step (the goal is under ${rateText(check.below)})` }
    }
    case 'live': {
      const heap = needHeap(run)
      if (typeof heap === 'string') return { pass: false, says: heap }
      // Instances: a class shares its name with them, but the class object itself is not one.
      const live = heap.byConstructor.filter((g) => g.name === check.group && g.kind !== 'class').reduce((sum, g) => sum + g.count, 0)
      const pass = (check.atMost === undefined || live <= check.atMost) && (check.atLeast === undefined || live >= check.atLeast)
      return { pass, says: `${formatCount(live)} ${check.group} ${live === 1 ? 'object' : 'objects'} alive after the run (${goal(check.atLeast, check.atMost)})` }
    }
    case 'gc-collected': {
      const collections = run.gc?.collections ?? []
      if (collections.length === 0) return { pass: false, says: 'the program never called gc.collect()' }
      const most = Math.max(...collections)
      return { pass: most >= check.atLeast, says: `gc.collect() returned at most ${formatCount(most)} (the goal is at least ${formatCount(check.atLeast)})` }
    }
    case 'native-bytes': {
      const native = run.native ?? { bytes: 0, blocks: 0 }
      return {
        pass: native.bytes <= check.atMost,
        says: `${formatBytes(native.bytes)} of native memory still held after the run, in ${plural(native.blocks, 'block', 'blocks')} (the goal is at most ${formatBytes(check.atMost)})`,
      }
    }
    case 'pending-timers':
      return {
        pass: run.timers.pending <= check.atMost,
        says: `${plural(run.timers.pending, 'timer was', 'timers were')} still scheduled when the run ended (the goal is at most ${formatCount(check.atMost)})`,
      }
    case 'behaviour': {
      if (!run.behaviour) return { pass: false, says: "the program's behaviour was not verified in this run" }
      return { pass: run.behaviour.pass, says: run.behaviour.pass ? run.behaviour.says : `the program no longer does its job: ${run.behaviour.says}` }
    }
    case 'console': {
      const lines = run.console.map((entry) => entry.text)
      const has = (needle: string) => lines.some((line) => line.includes(needle))
      const missing = check.includes !== undefined && !has(check.includes)
      const unwanted = check.excludes !== undefined && has(check.excludes)
      if (missing) return { pass: false, says: `the console never printed “${check.includes}”` }
      if (unwanted) return { pass: false, says: `the console printed “${check.excludes}”` }
      return { pass: true, says: check.includes !== undefined ? `the console printed “${check.includes}”` : `the console never printed “${check.excludes}”` }
    }
  }
}

/** The heap view, or why there is none (the page ran without inspection, or the walk failed). */
function needHeap(run: CheckedRun): NonNullable<CheckedRun['heap']> | string {
  if (!run.heap) return 'the heap was not inspected in this run'
  if (run.heap.error && run.heap.byConstructor.length === 0) return `the heap could not be inspected: ${run.heap.error}`
  return run.heap
}

/**
 * Live objects per step: the least-squares slope of the samples after the first, so setup() and the
 * environment's own objects, which appear before step 0 ends, do not count as growth.
 */
export function objectsPerStep(run: Pick<CheckedRun, 'samples'>): number | null {
  const points = run.samples.filter((s) => s.step > 0)
  if (points.length < 2) return null
  const n = points.length
  const meanX = points.reduce((s, p) => s + p.step, 0) / n
  const meanY = points.reduce((s, p) => s + p.objects, 0) / n
  let num = 0
  let den = 0
  for (const p of points) {
    num += (p.step - meanX) * (p.objects - meanY)
    den += (p.step - meanX) ** 2
  }
  return den === 0 ? 0 : Math.max(0, num / den)
}

function goal(atLeast: number | undefined, atMost: number | undefined): string {
  if (atLeast !== undefined && atMost !== undefined) return `the goal is ${formatCount(atLeast)} to ${formatCount(atMost)}`
  if (atMost !== undefined) return `the goal is at most ${formatCount(atMost)}`
  return `the goal is at least ${formatCount(atLeast ?? 0)}`
}

function rateText(perStep: number): string {
  if (perStep === 0) return '0'
  if (perStep >= 10) return formatCount(Math.round(perStep))
  return String(Number(perStep.toPrecision(2)))
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a'
}
