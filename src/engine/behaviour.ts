/**
 * The words of a verifier's verdict (RunOptions.verify). Pure: the run gives it what the verifier
 * threw, read without running guest code, and the stack the engine wrote.
 */
import type { BehaviourReport, RunError } from './types'

/** The name the verifier's frames carry in stacks, so its own lines are told from the learner's. */
export const VERIFY_FILENAME = 'verify.js'

/**
 * The verifier as the engine runs it: the body of an async function, so `await` works, its names stay
 * its own (no clash with the program's top-level declarations) and its first line keeps its number.
 */
export function wrapVerifier(source: string): string {
  return `(async function verify() {${source}\n})()`
}

export function passed(returned: string | null): BehaviourReport {
  const says = returned?.trim()
  return { pass: true, says: says ? says : 'the program still does its job', line: null }
}

/**
 * A failure in the learner's terms. Thrown by the learner's code: which of its functions the verifier
 * called, what it threw and where. Thrown by the verifier itself: its message, the author's words.
 */
export function failed(error: RunError, stack: string | undefined, programFile: string): BehaviourReport {
  if (error.kind === 'timeout' || error.kind === 'memory' || error.kind === 'stack') {
    return { pass: false, says: `the verifier could not finish: ${error.message}`, line: error.line }
  }
  const called = calledFunction(stack, programFile)
  if (error.line !== null) {
    const who = called ? `${called}()` : 'the program'
    return { pass: false, says: `${who} threw ${error.name === 'Uncaught' ? error.message : `${error.name}: ${error.message}`} (line ${error.line})`, line: error.line }
  }
  const says = error.name === 'Error' || error.name === 'Uncaught' ? error.message : `${error.name}: ${error.message}`
  return { pass: false, says: says || 'the verifier failed without saying why', line: null }
}

export function unsettled(): BehaviourReport {
  return { pass: false, says: 'the verifier never finished: it waited for something the program never did', line: null }
}

/**
 * The learner's function the verifier called when it threw: in the stack, innermost first, the last
 * frame in the program's file before the verifier's own. Anonymous frames say nothing, so none.
 */
export function calledFunction(stack: string | undefined, programFile: string): string | null {
  if (!stack) return null
  let last: string | null = null
  for (const line of stack.split('\n')) {
    const frame = /^\s*at (?:(.+?) \()?([^()\s]+?):\d+(?::\d+)?\)?\s*$/.exec(line)
    if (!frame) continue
    const [, name, file] = frame
    if (file === VERIFY_FILENAME) return last
    if (file === programFile) last = name && name !== '<anonymous>' && name !== '<eval>' ? name : null
  }
  return last
}
