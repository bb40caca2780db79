import type { GcReport } from './types'

/** The first this many gc.collect() results are kept; the rest are only counted. */
export const MAX_GC_RECORDS = 1000

/** What the guest's gc.collect() calls returned, for checks such as "gc.collect() freed at least N". */
export class GcRecord {
  private readonly report: GcReport = { collections: [], calls: 0 }

  collected(freed: number): void {
    this.report.calls++
    if (this.report.collections.length < MAX_GC_RECORDS) this.report.collections.push(freed)
  }

  toReport(): GcReport {
    return this.report
  }
}
