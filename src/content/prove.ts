/**
 * The proofs that keep content honest: a scenario's leaky.js fails its check, with the culprit on its
 * top suspect's retainer path, its fixed.js passes, and each of its attempts fails or passes as it says; a lesson step's starter fails its checkpoint and
 * its solution passes (a step without a solution is an observation: its starter must pass). A
 * scenario's Python variant and a lesson's Python steps are proven the same way, run by CPython.
 */
import type { RunView } from '../analysis/view-types'
import type { ContentError } from './content-error'
import { evaluateChecks, type CheckedRun } from './checks'
import { verifierOf, type Check } from './check-schema'
import type { Lesson } from './lesson-schema'
import type { ContentRunSettings } from './run-settings-schema'
import { ATTEMPT_KINDS, type Attempt, type ContentLanguage, type Scenario } from './scenario-schema'

/**
 * Runs a program as the playground does (inspected, with these settings, and with the checks'
 * verifier when they have a behaviour check) and returns its view. `language` says which runtime:
 * QuickJS for JavaScript (the default), CPython for Python (never given a verifier).
 */
export type ContentRunner = (code: string, settings: ContentRunSettings, verify: string | null, language?: ContentLanguage) => Promise<CheckedRun & Pick<RunView, 'heap'>>

/** Which of an item's languages to prove; both by default. */
export interface ProveOptions {
  languages?: readonly ContentLanguage[]
}

const proves = (options: ProveOptions, language: ContentLanguage) => (options.languages ?? ['javascript', 'python']).includes(language)

/** What is wrong when a program that should fail the checks passes them, or the other way round. */
function verdict(view: CheckedRun, checks: readonly Check[], shouldPass: boolean, file: string, who: string): ContentError[] {
  const outcome = evaluateChecks(checks, view)
  if (outcome.pass === shouldPass) return []
  const prefix = who ? `${who} ` : ''
  return [{
    file,
    message: shouldPass
      ? `${prefix}should pass, but: ${outcome.outcomes.filter((o) => !o.pass).map((o) => o.says.replace(/\.$/, '')).join('; ')}`
      : `${prefix}should fail the check, but every check passed (${outcome.outcomes.map((o) => o.says).join('; ')})`,
  }]
}

async function expectChecks(run: ContentRunner, code: string, settings: ContentRunSettings, checks: readonly Check[], shouldPass: boolean, file: string, who: string, language: ContentLanguage = 'javascript'): Promise<ContentError[]> {
  const view = language === 'python' ? await run(code, settings, null, 'python') : await run(code, settings, verifierOf(checks))
  return verdict(view, checks, shouldPass, file, who)
}

/** The leaky program fails its checks and its top suspect's retainer path shows the culprit. */
function leakyErrors(leaky: Awaited<ReturnType<ContentRunner>>, checks: readonly Check[], culprit: string, file: string, manifest: string, field: string): ContentError[] {
  const errors = verdict(leaky, checks, false, file, '')
  const top = leaky.heap?.suspects[0]
  if (!top) errors.push({ file, message: `has no leak suspect, so the graph cannot show the culprit "${culprit}"` })
  else if (!top.path.includes(culprit)) {
    errors.push({ file: manifest, field, message: `"${culprit}" is not on the top suspect's retainer path (${top.name}: ${top.path})` })
  }
  return errors
}

/**
 * A tried fix fails or passes as its kind says, and for the reason it says: a fix that moves the leak
 * is caught by a memory check, and one that breaks the program by the behaviour check alone (so
 * without that check it would pass: the lesson "make the number go down" is the one it guards).
 */
async function proveAttempt(scenario: Scenario, attempt: Attempt, base: string, run: ContentRunner): Promise<ContentError[]> {
  const file = `${base}/${attempt.file}`
  const who = `${attempt.file} (${ATTEMPT_KINDS[attempt.kind]})`
  const view = await run(attempt.code, scenario.run, verifierOf(scenario.check))
  if (attempt.kind === 'correct') return verdict(view, scenario.check, true, file, who)
  const outcome = evaluateChecks(scenario.check, view)
  const failed = outcome.outcomes.filter((o) => !o.pass)
  const says = (list: typeof failed) => list.map((o) => o.says.replace(/\.$/, '')).join('; ')
  if (failed.length === 0) return verdict(view, scenario.check, false, file, who)
  if (attempt.kind === 'moves-leak' && failed.every((o) => o.check.kind === 'behaviour')) {
    return [{ file, message: `${who} should fail a check of memory, but only the behaviour check failed: ${says(failed)}` }]
  }
  if (attempt.kind === 'breaks-program') {
    if (!scenario.check.some((c) => c.kind === 'behaviour')) return [{ file, message: `${who}: the scenario has no behaviour check to catch it` }]
    const memory = failed.filter((o) => o.check.kind !== 'behaviour')
    if (memory.length > 0) return [{ file, message: `${who} should free the memory and fail the behaviour check alone, but it also failed: ${says(memory)}` }]
  }
  return []
}

export async function proveScenario(scenario: Scenario, root: string, run: ContentRunner, options: ProveOptions = {}): Promise<ContentError[]> {
  const base = `${root}/${scenario.folder}`
  const manifest = `${base}/manifest.json`
  const errors: ContentError[] = []
  if (proves(options, 'javascript')) {
    // Run here rather than through expectChecks: the culprit is read from the same run's suspects.
    const leaky = await run(scenario.leaky, scenario.run, verifierOf(scenario.check))
    errors.push(...leakyErrors(leaky, scenario.check, scenario.culprit, `${base}/leaky.js`, manifest, 'culprit'))
    errors.push(...(await expectChecks(run, scenario.fixed, scenario.run, scenario.check, true, `${base}/fixed.js`, 'fixed.js')))
    for (const attempt of scenario.attempts) errors.push(...(await proveAttempt(scenario, attempt, base, run)))
  }
  const python = scenario.pythonVariant
  if (python && proves(options, 'python')) {
    const leaky = await run(python.leaky, python.run, null, 'python')
    errors.push(...leakyErrors(leaky, python.check, python.culprit, `${base}/${python.files.leaky}`, manifest, 'pythonVariant.culprit'))
    errors.push(...(await expectChecks(run, python.fixed, python.run, python.check, true, `${base}/${python.files.fixed}`, python.files.fixed, 'python')))
  }
  return errors
}

export async function proveLesson(lesson: Lesson, root: string, run: ContentRunner, options: ProveOptions = {}): Promise<ContentError[]> {
  const base = `${root}/${lesson.folder}`
  const where = `${base}/manifest.json`
  const errors: ContentError[] = []
  const track = async (language: ContentLanguage, name: string, step: { starter: string; solution: string | null; checkpoint?: Check[] }, settings: ContentRunSettings) => {
    if (!step.checkpoint) return
    if (step.solution === null) {
      // An observation: running what the step starts from is what it asks.
      errors.push(...(await expectChecks(run, step.starter, settings, step.checkpoint, true, where, `${name}: its starter`, language)))
    } else {
      errors.push(...(await expectChecks(run, step.starter, settings, step.checkpoint, false, where, `${name}: its starter`, language)))
      errors.push(...(await expectChecks(run, step.solution, settings, step.checkpoint, true, where, `${name}: its solution`, language)))
    }
  }
  if (proves(options, 'javascript')) {
    for (const [i, step] of lesson.steps.entries()) await track('javascript', `step ${i + 1} ("${step.title}")`, step, step.run)
  }
  if (proves(options, 'python')) {
    for (const [i, step] of lesson.steps.entries()) {
      if (step.python) await track('python', `step ${i + 1} ("${step.title}") in Python`, step.python, step.run)
    }
  }
  return errors
}
