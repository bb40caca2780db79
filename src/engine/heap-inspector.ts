import type { HeapSnapshot } from '../heap/snapshot'
import { walkSnapshot, walkSource, type HostRoot } from './heap-capture'
import type { EngineNative, EngineWalk } from './engine-native'
import { keptGroupCounts, KeptSnapshotsBuilder } from '../heap/kept-snapshots'
import type { GrowthSample, HeapCoverage, HeapReport } from './types'

/** What a walk needs from the run: the time and memory it takes are LeakLab's, not the learner's. */
export interface WalkSession {
  beginWalk(): void
  endWalk(): void
  hostRoots(): HostRoot[]
  clock(): number
}

/**
 * The heap inspector of one run: walks the heap in the engine at chosen steps, when the program asks
 * (`leaklab.snapshot(label)`) and at the end, keeps each walk (kept-snapshots.ts) when asked to, and
 * reports why when it could not. Each object's line is the engine's own record of where it was made
 * (patches/0003): the program runs as written.
 */
export class HeapInspector {
  private readonly growth: GrowthSample[] = []
  private error: string | null = null
  /** The latest full walk, kept while no guest code has run since: the heap it shows is still the heap. */
  private latest: { snapshot: HeapSnapshot; coverage: HeapCoverage } | null = null
  /** The latest walk failed (no memory for its tables) and no guest code has run since: another would too. */
  private failedSinceChange = false
  /** Every walk's heap, within a budget; null when the run keeps only counts. */
  private readonly kept: KeptSnapshotsBuilder | null

  constructor(
    private readonly native: EngineNative,
    private readonly session: WalkSession,
    private readonly filename: string,
    keep = true,
  ) {
    this.kept = keep ? new KeptSnapshotsBuilder('javascript') : null
  }

  /** Guest code ran: the latest walk no longer shows the heap. */
  changed(): void {
    this.latest = null
    this.failedSinceChange = false
  }

  /**
   * Take a growth sample: a full walk, kept, and its live counts by kind, name and line. The last one
   * is what the final snapshot reuses when no code ran after it. A run that keeps no walks
   * (`snapshots: 0`) takes no growth samples either.
   */
  sampleGrowth(step: number, last: boolean): void {
    if (!this.kept) return
    const walk = this.walk()
    if (!walk) return
    const time = this.session.clock()
    const kept = this.kept.add(walkSource(walk, this.filename), { step, time, label: null, taken: 'walk', coverage: walk.coverage })
    if (last) this.latest = { snapshot: walkSnapshot(walk, { file: this.filename, step, time }), coverage: walk.coverage }
    this.growth.push({ step, time, groups: keptGroupCounts(this.kept.data, kept, 'line') })
  }

  /**
   * The program's `leaklab.snapshot(label)`, inside its code: a full walk, kept with its label. False
   * when it was not taken (the run keeps no walks, the program took its 50, or no memory for the walk).
   */
  snapshotForGuest(step: number, label: string): boolean {
    if (!this.kept || !this.kept.guestAllowed({ step, label })) return false
    const walk = this.walk()
    if (!walk) return false
    this.kept.add(walkSource(walk, this.filename), { step, time: this.session.clock(), label, taken: 'guest', coverage: walk.coverage })
    return true
  }

  /** The final walk and the report. With `walkable` false (the run hit a limit) no walk is tried. */
  finish(step: number, walkable: boolean, reason: string | null): HeapReport {
    const kept = this.kept?.data ?? null
    if (!walkable) return { snapshot: null, growth: this.growth, error: this.error ?? reason, coverage: null, kept }
    let captured = this.latest
    if (!captured && !this.failedSinceChange) {
      const walk = this.walk()
      const time = this.session.clock()
      if (walk) {
        captured = { snapshot: walkSnapshot(walk, { file: this.filename, step, time }), coverage: walk.coverage }
        this.kept?.add(walkSource(walk, this.filename), { step, time, label: null, taken: 'end', coverage: walk.coverage })
      }
    }
    return { snapshot: captured?.snapshot ?? null, growth: this.growth, error: this.error, coverage: captured?.coverage ?? null, kept }
  }

  private walk(): EngineWalk | null {
    this.session.beginWalk()
    try {
      const walk = this.native.walk({ roots: this.session.hostRoots(), countOnly: false })
      if (!walk) {
        this.error ??= 'The heap could not be walked: there was not enough memory left for the walk.'
        this.failedSinceChange = true
        return null
      }
      return walk
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
