/**
 * The suspects panel's logic: suspects grouped by cluster (one leak, fixed in one place), and the
 * reason there are none, which differs when growth could not be measured at all.
 */
import type { GrowthPoint, HeapView, SuspectRow } from '../../analysis/view-types'

export interface SuspectBlock {
  /** The shared retainer path pattern, for a cluster of two or more suspects; null for a suspect alone. */
  pattern: string | null
  suspects: SuspectRow[]
}

/**
 * Suspects in their order (most growth first), with the members of each cluster gathered where
 * the first of them stands. A cluster of one says nothing a lone suspect does not, so it stays alone.
 */
export function suspectBlocks(suspects: readonly SuspectRow[], clusters: HeapView['clusters']): SuspectBlock[] {
  const size = new Map<number, number>()
  for (const s of suspects) if (s.cluster !== null) size.set(s.cluster, (size.get(s.cluster) ?? 0) + 1)
  const blocks: SuspectBlock[] = []
  const byCluster = new Map<number, SuspectBlock>()
  for (const s of suspects) {
    const c = s.cluster
    if (c === null || (size.get(c) ?? 0) < 2) {
      blocks.push({ pattern: null, suspects: [s] })
      continue
    }
    let block = byCluster.get(c)
    if (!block) {
      block = { pattern: clusters[c]?.pattern ?? null, suspects: [] }
      byCluster.set(c, block)
      blocks.push(block)
    }
    block.suspects.push(s)
  }
  return blocks
}

/** Why there are no suspects: growth can only be measured over steps and at least two heap walks. */
export function noSuspectsReason(hooks: { step: boolean }, steps: number, growth: readonly GrowthPoint[]): string {
  if (!hooks.step) {
    return 'No leak suspects: the program has no step() function, so growth could not be measured. Define a step(i) function around the work you suspect of leaking; LeakLab calls it again and again and watches what grows.'
  }
  if (steps < 2) return `No leak suspects: ${steps === 1 ? 'only one step' : 'no step'} ran, too few to measure growth.`
  if (growth.length < 2) return 'No leak suspects: the heap was walked fewer than two times during the steps, so growth could not be measured.'
  return 'No leak suspects: no group grew with the steps.'
}
