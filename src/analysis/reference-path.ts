/**
 * A reference named by a retainer path, as the learner reads one (`bus._events.tick`, `leak_list[3]`,
 * `setInterval#1 → (closure tick).widgets`): the path is followed from the root, step by step, in the
 * heap's own notation, and its last step is the reference meant. For `leaklab run --ignore PATH`.
 */
import type { HeapAnalysis } from './analyze'
import { ROOT } from './graph'
import { renderStep } from './notation'

/** The path names no reference of this heap; the message says how far it went. */
export class ReferenceNotFoundError extends Error {
  override name = 'ReferenceNotFoundError'
}

/**
 * The index (in the snapshot's edges) of the reference `path` ends with. Breadth first over the heap,
 * so of several matches the first found on a shortest route wins; throws ReferenceNotFoundError,
 * naming the part that matched and the part that did not, when none does.
 */
export function findReference(analysis: Pick<HeapAnalysis, 'graph' | 'snapshot'>, path: string): number {
  const wanted = path.trim()
  if (!wanted) throw new ReferenceNotFoundError('an empty path names no reference')
  const { snapshot, graph } = analysis
  const { outStart, outEdge, outTo } = graph
  // States: a node reached with `offset` characters of the path matched, by edge `edge`.
  let frontier: { node: number; offset: number; edge: number }[] = [{ node: ROOT, offset: 0, edge: -1 }]
  const seen = new Set<string>()
  let longest = 0
  while (frontier.length > 0) {
    const next: typeof frontier = []
    for (const state of frontier) {
      for (let k = outStart[state.node], end = outStart[state.node + 1]; k < end; k++) {
        const e = outEdge[k]
        const edge = snapshot.edges[e]
        // The path's first step is a root's name as is; later ones as the notation writes them.
        const step = state.node === ROOT ? edge.label : renderStep(snapshot, edge)
        if (!step || !wanted.startsWith(step, state.offset)) continue
        const offset = state.offset + step.length
        if (offset === wanted.length) return e
        const key = `${outTo[k]}:${offset}`
        if (seen.has(key)) continue
        seen.add(key)
        longest = Math.max(longest, offset)
        next.push({ node: outTo[k], offset, edge: e })
      }
    }
    frontier = next
  }
  if (longest === 0) throw new ReferenceNotFoundError(`no root of this heap is called “${wanted}” or starts it`)
  throw new ReferenceNotFoundError(`the heap has “${wanted.slice(0, longest)}”, but no reference “${wanted.slice(longest)}” from there`)
}
