/**
 * From hand-ins' texts to the programs to run: each text read and checked (readSubmission,
 * wrongLanguage), and either judged at once (it cannot be graded) or made a job whose answer is
 * judged later. `leaklab grade` (files on disk) and the page's grading (dropped files, a zip) both
 * plan this way, then run the jobs on their own pool of workers.
 */
import { judge, jobFor, notGraded, readSubmission, wrongLanguage, type GradeJob, type GradeResult, type GradeTarget, type RunAnswer } from './grade-submission'

/** A hand-in as read: its text, or why it could not be read (a missing file, too large, not UTF-8). */
export type HandInText = { file: string; text: string } | { file: string; unreadable: string }

export interface PlannedRun {
  /** Its place among the hand-ins. */
  index: number
  job: GradeJob
  /** Who handed it in, for a progress line. */
  learner: string
  judge(answer: RunAnswer): GradeResult
}

export interface GradingPlan {
  /** One per hand-in, in order: already judged, or undefined until its run's answer is judged. */
  results: (GradeResult | undefined)[]
  runs: PlannedRun[]
}

export function planGrading(handIns: readonly HandInText[], target: GradeTarget): GradingPlan {
  const results: (GradeResult | undefined)[] = new Array(handIns.length).fill(undefined)
  const runs: PlannedRun[] = []
  for (const [index, handIn] of handIns.entries()) {
    const { file } = handIn
    if ('unreadable' in handIn) {
      results[index] = notGraded(file, handIn.unreadable)
      continue
    }
    const read = readSubmission(handIn.text)
    if (!read.ok) {
      results[index] = notGraded(file, read.reason, read.learner)
      continue
    }
    const submission = read.submission
    const refused = wrongLanguage(file, submission, target)
    if (refused) {
      results[index] = refused
      continue
    }
    runs.push({ index, job: jobFor(submission, target), learner: submission.learner, judge: (answer) => judge(file, submission, target, answer) })
  }
  return { results, runs }
}
