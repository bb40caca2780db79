/** A graded hand-in opened read-only in the playground: its code, whose it is, and its grade. */
import type { GradeResult } from '../../grade/grade-submission'

export interface OpenedHandIn {
  code: string
  learner: string
  file: string
  result: GradeResult
}
