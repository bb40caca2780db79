/**
 * The guest's `leaklab` global: what the program can ask of LeakLab itself.
 *
 * `leaklab.snapshot(label)` walks the heap where the program stands, as the run's growth walks do
 * between steps, and keeps it with them under its label (`'after open'`), for the page's time travel
 * and compare view and `leaklab compare --from 'after open'`. No code of the program runs in the
 * walk. Inside a function, the running functions' arguments and locals are roots of that walk
 * (`(running step).list`). A run keeps at most 50 of these; later calls, and calls in a run that keeps
 * no walks (`snapshots: 0`), take none and return false. The label is a string of at most 100
 * characters; without one, the snapshot is named `snapshot 1`, `snapshot 2`, … in the order taken.
 */
export const LEAKLAB_SOURCE = String.raw`
const MAX_SNAPSHOT_LABEL = 100
let snapshotsAsked = 0
const leaklabApi = {
  snapshot(label) {
    snapshotsAsked++
    if (label === undefined) label = 'snapshot ' + snapshotsAsked
    if (typeof label !== 'string') throw new TypeError('leaklab.snapshot(label): the label must be a string, such as "after open"')
    label = StringPrototypeTrim(label)
    if (label === '') throw new TypeError('leaklab.snapshot(label): the label must not be empty')
    if (label.length > MAX_SNAPSHOT_LABEL) label = StringPrototypeSlice(label, 0, MAX_SNAPSHOT_LABEL)
    return host.snapshot(label)
  },
}
const leaklab = {}
defineValue(leaklab, 'snapshot', leaklabApi.snapshot, true, true, true)
define(globalThis, 'leaklab', leaklab)
`
