/**
 * A lesson or a scenario being worked through: which step, what each run said against the step's
 * checkpoint, hints earned by failed runs, progress saved locally. The page's Workspace owns the
 * code and the runs; this owns what the guide panel shows.
 */
import type { RunView } from '../../analysis/view-types'
import type { Check } from '../../content/check-schema'
import { evaluateChecks, type ChecksOutcome } from '../../content/checks'
import type { Lesson } from '../../content/lesson-schema'
import type { ContentRunSettings } from '../../content/run-settings-schema'
import { DEFAULT_OPTIONS } from '../../engine/defaults'
import type { Scenario } from '../../content/scenario-schema'
import { exerciseLanguage, type Exercise } from '../../exercise/exercise'
import { NO_PROGRESS, type Progress, type ProgressStore } from '../state/progress'
import type { Language } from '../state/share-link'

/** One step as the panel shows it: a scenario is a lesson of one step. */
export interface GuideStep {
  title: string
  text: string
  task: 'read' | 'run' | 'inspect' | 'edit'
  /** The code the step loads, or null to keep the learner's. */
  code: string | null
  /** What Reset goes back to: the step's code, or what the previous step ended with. */
  starter: string
  run: ContentRunSettings
  checkpoint: Check[] | null
  hints: string[]
  solution: string | null
}

/**
 * What the guide holds, in the language it is played in: a lesson or scenario in Python only when it
 * offers Python (`guideLanguages`), an exercise in its own language.
 */
export type GuideItem =
  | { kind: 'lesson'; lesson: Lesson; language: Language }
  | { kind: 'scenario'; scenario: Scenario; language: Language }
  /** A teacher's exercise from an assignment link: untrusted, and without a solution. */
  | { kind: 'exercise'; exercise: Exercise; hash: string }

/** The language a guide item is played in. */
export function guideLanguage(item: GuideItem): Language {
  return item.kind === 'exercise' ? exerciseLanguage(item.exercise) : item.language
}

/** The languages a lesson or scenario can be played in; the first is its own. */
export function guideLanguages(item: GuideItem): Language[] {
  if (item.kind === 'lesson') return item.lesson.languages ?? ['javascript']
  if (item.kind === 'scenario') return item.scenario.pythonVariant ? ['javascript', 'python'] : ['javascript']
  return [guideLanguage(item)]
}

export function guideSteps(item: GuideItem): GuideStep[] {
  if (item.kind === 'lesson') {
    if (item.language === 'python') {
      return item.lesson.steps.map((s) => {
        const py = s.python
        if (!py) throw new Error(`lesson ${item.lesson.id} has no Python version of step “${s.title}”`)
        return { title: s.title, text: py.text, task: s.task, code: py.code, starter: py.starter, run: s.run, checkpoint: py.checkpoint ?? null, hints: py.hints, solution: py.solution }
      })
    }
    return item.lesson.steps.map((s) => ({ title: s.title, text: s.text, task: s.task, code: s.code, starter: s.starter, run: s.run, checkpoint: s.checkpoint ?? null, hints: s.hints, solution: s.solution }))
  }
  if (item.kind === 'exercise') {
    const e = item.exercise
    return [{ title: e.title, text: e.summary, task: 'edit', code: e.starter, starter: e.starter, run: e.run, checkpoint: e.check, hints: e.hints, solution: null }]
  }
  const s = item.scenario
  const py = item.language === 'python' ? s.pythonVariant : null
  if (item.language === 'python' && !py) throw new Error(`scenario ${s.id} has no Python version`)
  if (py) return [{ title: s.title, text: s.summary, task: 'edit', code: py.leaky, starter: py.leaky, run: py.run, checkpoint: py.check, hints: py.hints, solution: py.fixed }]
  return [{ title: s.title, text: s.summary, task: 'edit', code: s.leaky, starter: s.leaky, run: s.run, checkpoint: s.check, hints: s.hints, solution: s.fixed }]
}

export class GuideSession {
  readonly steps: GuideStep[]
  readonly id: string
  readonly language: Language
  progress = $state<Progress>(NO_PROGRESS)
  /**
   * The latest run's verdict in this step, with the code that ran, or null before any run. The result
   * is null when the run used other settings than the step's: a checkpoint is calibrated for its own
   * steps and simulated time (four times the steps in the same time is four times the uploads at once).
   */
  outcome = $state.raw<{ result: ChecksOutcome | null; code: string; ran: ContentRunSettings } | null>(null)

  constructor(
    readonly item: GuideItem,
    private readonly store: ProgressStore,
  ) {
    this.steps = guideSteps(item)
    this.language = guideLanguage(item)
    // Two versions of one exercise are two exercises: progress is kept per content hash. A lesson in
    // Python is another lesson to pass, with its own progress and drafts; JavaScript's keep their old keys.
    const id = item.kind === 'lesson' ? item.lesson.id : item.kind === 'scenario' ? item.scenario.id : `${item.exercise.id}-${item.hash.slice(0, 12)}`
    this.id = item.kind !== 'exercise' && this.language !== 'javascript' ? `${id}.${this.language}` : id
    const saved = store.load(this.key)
    this.progress = { ...saved, step: Math.min(saved.step, this.steps.length - 1) }
  }

  get key(): string {
    return `${this.item.kind}:${this.id}`
  }

  get index(): number {
    return this.progress.step
  }

  get step(): GuideStep {
    return this.steps[this.index]
  }

  /** The autosave slot of a step's code: each step keeps the learner's own version. */
  slot(index = this.index): string {
    return `${this.item.kind}-${this.id}-${index}`
  }

  passed(index = this.index): boolean {
    return this.progress.passed.includes(index)
  }

  failures(index = this.index): number {
    return this.progress.failures[index] ?? 0
  }

  hintsShown(index = this.index): number {
    return this.progress.hints[index] ?? 0
  }

  /** A hint becomes available after each failed run, up to the step's hints. */
  hintsAvailable(index = this.index): number {
    return Math.min(this.steps[index].hints.length, this.failures(index))
  }

  private update(next: Partial<Progress>): void {
    this.progress = { ...this.progress, ...next }
    this.store.save(this.key, this.progress)
  }

  /** Whether a run with these settings can be judged against the step's checkpoint. */
  judges(ran: ContentRunSettings): boolean {
    // The checkpoint's growth is measured at the step's walks: another number of walks is another measurement.
    const walks = (s: ContentRunSettings) => s.snapshots ?? DEFAULT_OPTIONS.snapshots
    return ran.steps === this.step.run.steps && ran.timeMs === this.step.run.timeMs && walks(ran) === walks(this.step.run)
  }

  /** A run finished in this step: judge it against the checkpoint, if the step has one and it ran with the step's settings. */
  judge(view: RunView, code: string, ran: ContentRunSettings): void {
    const checkpoint = this.step.checkpoint
    if (!checkpoint) return
    if (!this.judges(ran)) {
      this.outcome = { result: null, code, ran: { ...ran } }
      return
    }
    const result = evaluateChecks(checkpoint, view)
    this.outcome = { result, code, ran: { ...ran } }
    if (result.pass) {
      if (!this.passed()) this.update({ passed: [...this.progress.passed, this.index].sort((a, b) => a - b) })
    } else {
      this.update({ failures: { ...this.progress.failures, [this.index]: this.failures() + 1 } })
    }
  }

  showHint(): void {
    if (this.hintsShown() < this.hintsAvailable()) this.update({ hints: { ...this.progress.hints, [this.index]: this.hintsShown() + 1 } })
  }

  goto(index: number): void {
    if (index < 0 || index >= this.steps.length || index === this.index) return
    this.outcome = null
    this.update({ step: index })
  }

  /** Done: every step with a checkpoint has passed once. */
  get complete(): boolean {
    return this.steps.every((s, i) => !s.checkpoint || this.passed(i))
  }

  restart(): void {
    this.outcome = null
    this.progress = NO_PROGRESS
    this.store.clear(this.key)
  }
}
