import type { Case } from './case'
import { collectGarbage } from './gc'

export class CaseFailure extends Error {
  constructor(readonly caseId: string, readonly round: string, cause: unknown) {
    super(`case ${caseId} failed in ${round}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
}

export interface SeriesOptions {
  warmup: number
  runs: number
  /** Told before each round starts, for progress output. */
  onRound?(label: string): void
}

/**
 * Time every case `warmup + runs` times, round-robin: each round runs each case once, so drift in
 * machine load (other processes, thermal state) falls on all cases alike. The starting case rotates
 * every round so no case always runs right after the same neighbour. Warm-up rounds are discarded.
 * Returns the measured times per case id, in round order, so rounds can be paired.
 */
export async function runSeries(cases: readonly Case[], options: SeriesOptions): Promise<Map<string, number[]>> {
  const times = new Map(cases.map((c) => [c.id, [] as number[]]))
  const total = options.warmup + options.runs
  for (let round = 0; round < total; round++) {
    const warm = round < options.warmup
    const label = warm ? `warm-up ${round + 1}/${options.warmup}` : `run ${round - options.warmup + 1}/${options.runs}`
    options.onRound?.(label)
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(round + k) % cases.length]
      collectGarbage()
      let ms: number
      try {
        ms = await c.run()
      } catch (error) {
        throw new CaseFailure(c.id, label, error)
      }
      if (!warm) times.get(c.id)!.push(ms)
    }
  }
  return times
}
