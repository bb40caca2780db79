/**
 * The grading page's state: the exercise, the hand-ins, and the grading under way or done. One per
 * tab, kept in this module, so opening a hand-in and coming back finds the table as it was; nothing of
 * it is stored or sent anywhere, and a reload clears it.
 */
import type { ContentLanguage, Scenario } from '../../content/scenario-schema'
import type { Exercise } from '../../exercise/exercise'
import { planGrading, type HandInText, type PlannedRun } from '../../grade/grade-plan'
import { readSubmission, type GradeResult, type GradeTarget, type RunAnswer } from '../../grade/grade-submission'
import { gradeTarget } from '../../grade/grade-target'
import { EngineClient } from '../../worker/engine-client'
import { loadLibrary } from '../content/library'
import { exerciseFromFile, exerciseFromLink, scenarioExercise, scenarioNamedBy, type FoundExercise } from './exercise-choice'
import type { GradeRow } from './grade-columns'
import type { OpenedHandIn } from './opened-hand-in'
import { poolSize, runInPage, type ClientFactory, type PoolRun } from './page-pool'
import { readHandIns, type PickedFile } from './read-hand-ins'

export interface ChosenExercise {
  exercise: Exercise
  target: GradeTarget
  /** The scenario it came from (the library's, or a folder's), for the choice of its language. */
  scenario: Scenario | null
  /** How it was chosen, as the page says it: one sentence. */
  how: string
  /** Chosen because the hand-ins name it: later hand-ins may choose again; the teacher's own choice stays. */
  auto: boolean
}

/** What was graded, kept with the results: the hand-ins and exercise of the table on show. */
export interface Graded {
  chosen: ChosenExercise
  handIns: HandInText[]
  rows: GradeRow[]
}

export type GradingStatus = 'idle' | 'grading' | 'stopped' | 'done'

/** How a job that Stop left unrun is reported: a row like any other that could not be graded. */
const STOPPED: RunAnswer = { kind: 'crashed', message: 'grading was stopped before this hand-in was run' }

async function defaultClient(language: ContentLanguage): Promise<EngineClient> {
  if (language === 'javascript') return new EngineClient()
  const { createPythonClient } = await import('../../worker/python-client')
  return createPythonClient()
}

export class GradeSession {
  chosen = $state.raw<ChosenExercise | null>(null)
  choiceErrors = $state.raw<string[]>([])
  handIns = $state.raw<HandInText[]>([])
  handInNotes = $state.raw<string[]>([])
  reading = $state(false)
  status = $state<GradingStatus>('idle')
  done = $state(0)
  total = $state(0)
  graded = $state.raw<Graded | null>(null)
  private run: PoolRun | null = null

  constructor(
    private readonly clientFor: ClientFactory = defaultClient,
    private readonly cores: () => number | undefined = () => globalThis.navigator?.hardwareConcurrency,
  ) {}

  get scenarios(): Scenario[] {
    return loadLibrary().scenarios
  }

  /** Take an exercise the teacher chose (or the hand-ins named), or show why it cannot be used. */
  async choose(found: FoundExercise, how: string, auto = false): Promise<boolean> {
    if (!found.ok) {
      this.choiceErrors = found.errors
      return false
    }
    this.choiceErrors = []
    this.chosen = { exercise: found.exercise, target: await gradeTarget(found.exercise), scenario: found.scenario, how, auto }
    return true
  }

  chooseScenario(scenario: Scenario, language: ContentLanguage): Promise<boolean> {
    return this.choose(scenarioExercise(scenario, language), 'Chosen from the library.')
  }

  chooseLink(pasted: string): Promise<boolean> {
    return this.choose(exerciseFromLink(pasted), 'Chosen from an assignment link.')
  }

  async chooseFile(file: PickedFile): Promise<boolean> {
    return this.choose(await exerciseFromFile(file), `Chosen from the file “${file.name}”.`)
  }

  /** The chosen scenario in its other language, when it has one. */
  chooseLanguage(language: ContentLanguage): Promise<boolean> {
    const chosen = this.chosen
    if (!chosen?.scenario) return Promise.resolve(false)
    return this.choose(scenarioExercise(chosen.scenario, language), chosen.how, chosen.auto)
  }

  /** Add the files' hand-ins to the list; when no exercise was chosen yet, the scenario they name is. */
  async addFiles(files: readonly PickedFile[]): Promise<void> {
    if (files.length === 0) return
    this.reading = true
    try {
      const read = await readHandIns(files)
      this.handIns = [...this.handIns, ...read.handIns]
      this.handInNotes = [...this.handInNotes, ...read.notes]
    } finally {
      this.reading = false
    }
    if (this.chosen && !this.chosen.auto) return
    const named = scenarioNamedBy(this.handIns, this.scenarios)
    if (!named) return
    const of = named.others === 0 ? (named.handIns === 1 ? 'the hand-in names' : `all ${named.handIns} hand-ins name`) : `${named.handIns} of the ${named.handIns + named.others} hand-ins name`
    await this.choose(scenarioExercise(named.scenario, named.language), `Chosen from the library because ${of} it.`, true)
  }

  clearHandIns(): void {
    if (this.status === 'grading') return
    this.handIns = []
    this.handInNotes = []
  }

  /** Grade every hand-in against the chosen exercise, showing each row as its run ends. */
  async grade(): Promise<void> {
    const chosen = this.chosen
    if (!chosen || this.handIns.length === 0 || this.status === 'grading') return
    const handIns = this.handIns
    const plan = planGrading(handIns, chosen.target)
    const learners = new Map(plan.runs.map((r) => [r.index, r.learner]))
    const rows: GradeRow[] = handIns.map((handIn, index) => {
      const result = plan.results[index] ?? null
      return { index, file: handIn.file, learner: result?.learner ?? learners.get(index) ?? null, state: result ? 'graded' : 'waiting', result, ran: learners.has(index) }
    })
    this.graded = { chosen, handIns, rows }
    this.status = 'grading'
    this.total = plan.runs.length
    this.done = 0
    const update = (index: number, change: Partial<GradeRow>) => {
      const graded = this.graded
      if (!graded) return
      graded.rows[index] = { ...graded.rows[index], ...change }
      this.graded = { ...graded, rows: [...graded.rows] }
    }
    const runs: PlannedRun[] = plan.runs
    this.run = runInPage(
      runs.map((r) => r.job),
      {
        size: poolSize(this.cores(), runs.length),
        clientFor: this.clientFor,
        onStart: (i) => update(runs[i].index, { state: 'running' }),
        onSettled: (i, answer, done) => {
          this.done = done
          update(runs[i].index, { state: 'graded', result: runs[i].judge(answer) })
        },
      },
    )
    const answers = await this.run.answers
    this.run = null
    let stopped = false
    answers.forEach((answer, i) => {
      if (answer) return
      stopped = true
      update(runs[i].index, { state: 'graded', result: runs[i].judge(STOPPED) })
    })
    this.status = stopped ? 'stopped' : 'done'
  }

  stop(): void {
    this.run?.stop()
  }

  /** The results in hand-in order, once every row has one: what the downloads hold. */
  get results(): GradeResult[] | null {
    const rows = this.graded?.rows
    if (!rows || this.status === 'grading' || rows.some((r) => !r.result)) return null
    return rows.map((r) => r.result!)
  }

  /** A graded hand-in to open read-only: its code, the exercise, and its result; null when there is none. */
  handIn(index: number): (OpenedHandIn & { chosen: ChosenExercise }) | null {
    const graded = this.graded
    const handIn = graded?.handIns[index]
    const result = graded?.rows[index]?.result
    if (!graded || !handIn || !result || 'unreadable' in handIn) return null
    const read = readSubmission(handIn.text)
    if (!read.ok) return null
    return { code: read.submission.code, learner: read.submission.learner, file: handIn.file, result, chosen: graded.chosen }
  }
}

let session: GradeSession | null = null

/** The tab's grading: made at the first visit to the page, kept while the tab lives. */
export function gradeSession(): GradeSession {
  session ??= new GradeSession()
  return session
}
