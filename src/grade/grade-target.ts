/** The exercise every hand-in is graded against, as the CLI and the page both make it. */
import { exerciseHash, exerciseLanguage, type Exercise } from '../exercise/exercise'
import type { GradeTarget } from './grade-submission'

/** What grading needs of an exercise: its identity (id and hash), its settings and its checks. */
export async function gradeTarget(exercise: Exercise): Promise<GradeTarget> {
  return {
    id: exercise.id,
    title: exercise.title,
    language: exerciseLanguage(exercise),
    hash: await exerciseHash(exercise),
    settings: { steps: exercise.run.steps, timeMs: exercise.run.timeMs },
    checks: exercise.check,
  }
}
