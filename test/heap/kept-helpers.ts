/** Reading a run's kept snapshots in tests, JavaScript's and Python's alike. */
import type { RunResult } from '../../src/engine/types'
import { unpackKept, type KeptSnapshots } from '../../src/heap/kept-snapshots'
import type { HeapNode, HeapSnapshot } from '../../src/heap/snapshot'

/** The run's kept snapshots; a run that kept none fails the test with why. */
export function kept(result: RunResult): KeptSnapshots {
  const store = result.heap?.kept
  if (!store) throw new Error(`no kept snapshots: ${result.error?.message ?? result.heap?.error}`)
  return store
}

/** The node that root edge `label` holds in a snapshot. */
export function rootNode(snapshot: HeapSnapshot, label: string): HeapNode {
  const edge = snapshot.edges.find((e) => e.from === 0 && e.label === label)
  if (!edge) throw new Error(`no root ${label}`)
  return snapshot.nodes[edge.to]
}

/** The uid of what root edge `label` holds in kept snapshot `i`. */
export function rootUid(store: KeptSnapshots, i: number, label: string): number {
  return rootNode(unpackKept(store, store.snapshots[i]), label).uid!
}

/** The uid of what root edge `label` holds in each kept snapshot. */
export function rootUids(store: KeptSnapshots, label: string): number[] {
  return store.snapshots.map((_, i) => rootUid(store, i, label))
}
