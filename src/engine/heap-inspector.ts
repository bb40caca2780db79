import type { QuickJSHandle } from 'quickjs-emscripten-core'
import type { HeapSnapshot } from '../heap/snapshot'
import { instrument, type Instrumented } from '../instrument/instrument'
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
 * The heap inspector of one run: instruments the program for allocation sites, walks the heap in the
 * engine at chosen steps (counts only) and at the end (the full snapshot), and reports why when it
 * could not.
 */
export class HeapInspector {
  /** The program as instrumented, or null when it could not be parsed (it then runs as written). */
  readonly instrumented: Instrumented | null
  private readonly growth: GrowthSample[] = []
  private error: string | null = null
  /** The latest full walk, kept while no guest code has run since: the heap it shows is still the heap. */
  private latest: { snapshot: HeapSnapshot; coverage: HeapCoverage } | null = null

  constructor(
    private readonly native: EngineNative,
    private readonly siteMap: QuickJSHandle,
    private readonly session: WalkSession,
    source: string,
    filename: string,
  ) {
    try {
      this.instrumented = instrument(source, filename)
    } catch (error) {
      // QuickJS accepted the program but the parser did not: run it as written, without sites.
      this.instrumented = null
      this.error = `The program could not be instrumented, so objects have no allocation line: ${(error as Error).message}`
    }
  }

  /** The code to run: instrumented when possible, with the same lines as the source. */
  code(source: string): string {
    return this.instrumented?.code ?? source
  }

  /** A column QuickJS reported in the code run, as a column of the learner's source. */
  originalColumn(line: number, column: number): number {
    return this.instrumented ? this.instrumented.originalColumn(line, column) : column
  }

  /** Guest code ran: the latest walk no longer shows the heap. */
  changed(): void {
    this.latest = null
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
    const captured = this.latest ?? this.capture(step)
    return { snapshot: captured?.snapshot ?? null, growth: this.growth, error: this.error, coverage: captured?.coverage ?? null }
  }

  private capture(step: number, countOnly = false): { snapshot: HeapSnapshot; coverage: HeapCoverage } | null {
    this.session.beginWalk()
    try {
      const captured = captureSnapshot(this.native, {
        siteMap: this.siteMap,
        roots: this.session.hostRoots(),
        countOnly,
        sites: this.instrumented?.sites ?? [],
        step,
        time: this.session.clock(),
      })
      if (!captured) {
        this.error ??= 'The heap could not be walked: there was not enough memory left for the walk.'
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
