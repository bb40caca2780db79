import type { HeapSnapshot } from '../heap/snapshot'
import { captureSnapshot, type HostRoot } from './heap-capture'
import type { EngineNative } from './engine-native'
import { groupKeyId, groupKeyOf, isGroupable, type GroupCount } from '../heap/group-key'
import type { GrowthSample, HeapCoverage, HeapReport } from './types'

/** What a walk needs from the run: the time and memory it takes are LeakLab's, not the learner's. */
export interface WalkSession {
  beginWalk(): void
  endWalk(): void
  hostRoots(): HostRoot[]
  clock(): number
}

/**
 * The heap inspector of one run: walks the heap in the engine at chosen steps (counts only) and at
 * the end (the full snapshot), and reports why when it could not. Each object's line is the engine's
 * own record of where it was made (patches/0003): the program runs as written.
 */
export class HeapInspector {
  private readonly growth: GrowthSample[] = []
  private error: string | null = null
  /** The latest full walk, kept while no guest code has run since: the heap it shows is still the heap. */
  private latest: { snapshot: HeapSnapshot; coverage: HeapCoverage } | null = null
  /** The latest walk failed (no memory for its tables) and no guest code has run since: another would too. */
  private failedSinceChange = false

  constructor(
    private readonly native: EngineNative,
    private readonly session: WalkSession,
    private readonly filename: string,
  ) {}

  /** Guest code ran: the latest walk no longer shows the heap. */
  changed(): void {
    this.latest = null
    this.failedSinceChange = false
  }

  /**
   * Take a growth sample: live counts by kind, name and line. Walks before the last record no edges
   * (cheaper); the last is a full walk, which the final snapshot reuses when no code ran after it.
   */
  sampleGrowth(step: number, last: boolean): void {
    const captured = this.capture(step, !last)
    if (!captured) return
    // Every node a walk records is reachable, so counting them is the group count.
    const groups = new Map<string, GroupCount>()
    for (const node of captured.snapshot.nodes) {
      if (!isGroupable(node)) continue
      const key = groupKeyId(groupKeyOf(node, 'line'))
      const group = groups.get(key)
      if (group) {
        group.count++
        group.shallowBytes += node.size
      } else groups.set(key, { key, count: 1, shallowBytes: node.size })
    }
    this.growth.push({ step, time: captured.snapshot.time, groups: [...groups.values()] })
  }

  /** The final walk and the report. With `walkable` false (the run hit a limit) no walk is tried. */
  finish(step: number, walkable: boolean, reason: string | null): HeapReport {
    if (!walkable) return { snapshot: null, growth: this.growth, error: this.error ?? reason, coverage: null }
    const captured = this.latest ?? (this.failedSinceChange ? null : this.capture(step))
    return { snapshot: captured?.snapshot ?? null, growth: this.growth, error: this.error, coverage: captured?.coverage ?? null }
  }

  private capture(step: number, countOnly = false): { snapshot: HeapSnapshot; coverage: HeapCoverage } | null {
    this.session.beginWalk()
    try {
      const captured = captureSnapshot(this.native, {
        roots: this.session.hostRoots(),
        countOnly,
        file: this.filename,
        step,
        time: this.session.clock(),
      })
      if (!captured) {
        this.error ??= 'The heap could not be walked: there was not enough memory left for the walk.'
        this.failedSinceChange = true
        return null
      }
      // A count-only walk has no edges: it cannot stand in for the final snapshot.
      this.latest = countOnly ? null : captured
      return captured
    } finally {
      this.session.endWalk()
    }
  }
}

/** Which steps get a growth walk: `count` of them, spread evenly from 0 to `steps`. */
export function growthSteps(steps: number, count: number): Set<number> {
  const at = new Set<number>([0, steps])
  const n = Math.max(2, count)
  for (let k = 1; k < n - 1; k++) at.add(Math.round((k * steps) / (n - 1)))
  return at
}
