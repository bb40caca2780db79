import type { HeapCoverage } from '../engine/types'
import { formatCount } from '../format/numbers'

/** Below this share of named references, a walk is not sure enough to judge a fix by. */
export const MIN_NAMED_EDGES = 0.99

/**
 * What a walk could not account for, as a sentence a learner or a teacher reads ("LeakLab is not sure
 * …"), or null when every live object the engine lists was reached from a root or is known garbage,
 * and at least 99% of the references between them have a name. A run the walk is unsure of passes no
 * check and no grade: a leak could hide in what it could not place.
 */
export function coverageShortfall(coverage: HeapCoverage | null | undefined): string | null {
  if (!coverage) return null
  const problems: string[] = []
  const unplaced = coverage.engineObjects - coverage.reached - coverage.unreachable
  if (unplaced > 0) {
    problems.push(`${formatCount(unplaced)} of the engine's ${formatCount(coverage.engineObjects)} live objects were reached from no root, yet are not garbage`)
  }
  const unnamed = coverage.edges - coverage.namedEdges
  if (coverage.edges > 0 && coverage.namedEdges / coverage.edges < MIN_NAMED_EDGES) {
    problems.push(`${formatCount(unnamed)} of ${formatCount(coverage.edges)} references have no name`)
  }
  return problems.length === 0 ? null : `LeakLab is not sure of this heap: ${problems.join(', and ')}.`
}
