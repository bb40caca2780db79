import { shallowSize } from '../heap/size-model'
import { EDGE_KINDS, NODE_KINDS, type AllocationSite, type EdgeKind, type HeapEdge, type HeapNode, type HeapSnapshot } from '../heap/snapshot'
import { EDGE_FIELDS, NODE_FIELDS, type EngineWalk, type WalkRequest } from './engine-native'
import type { PackSource } from '../heap/kept-snapshots'

/** A root the host holds, such as a pending timer's callback. */
export interface HostRoot {
  label: string
  value: WalkRequest['roots'][number]['value']
}

export interface CaptureInput extends WalkRequest {
  /** The learner's file, which the engine's sites are lines of. */
  file: string
  step: number
  time: number
}

/** The engine's walk as a HeapSnapshot. */
export function walkSnapshot(walk: EngineWalk, input: Pick<CaptureInput, 'file' | 'step' | 'time'>): HeapSnapshot {
  const { nodes: n, edges: e, texts } = walk
  const nodeCount = n.length / NODE_FIELDS
  const edgeCount = e.length / EDGE_FIELDS
  const edges: HeapEdge[] = new Array(edgeCount)
  for (let i = 0; i < edgeCount; i++) {
    const at = i * EDGE_FIELDS
    const kind = EDGE_KINDS[e[at + 2]]
    // Element and set-member edges carry their position itself rather than a string.
    const label = ANONYMOUS_LABEL.has(kind) ? String(e[at + 3]) : texts[e[at + 3]]
    edges[i] = { from: e[at], to: e[at + 1], kind, label }
  }
  const nodes: HeapNode[] = new Array(nodeCount)
  const siteOf = siteReader(input.file)
  for (let id = 0; id < nodeCount; id++) {
    const at = id * NODE_FIELDS
    const kind = NODE_KINDS[n[at]]
    nodes[id] = {
      id,
      kind,
      name: texts[n[at + 1]],
      site: n[at + 2] >= 0 ? siteOf(n[at + 2]) : null,
      size: shallowSize(kind, n[at + 3], n[at + 4], n[at + 5]),
      uid: n[at + 6] >>> 0,
    }
  }
  return { nodes, edges, step: input.step, time: input.time }
}

/** The engine's walk as what a run keeps of it (kept-snapshots.ts), read straight from its arrays. */
export function walkSource(walk: EngineWalk, file: string): PackSource {
  const { nodes: n, edges: e, texts } = walk
  const siteOf = siteReader(file)
  return {
    nodeCount: n.length / NODE_FIELDS,
    edgeCount: e.length / EDGE_FIELDS,
    node(i, into) {
      const at = i * NODE_FIELDS
      into.kind = n[at]
      into.name = texts[n[at + 1]]
      into.site = n[at + 2] >= 0 ? siteOf(n[at + 2]) : null
      into.size = shallowSize(NODE_KINDS[n[at]], n[at + 3], n[at + 4], n[at + 5])
      into.uid = n[at + 6] >>> 0
    },
    edge(i, into) {
      const at = i * EDGE_FIELDS
      into.from = e[at]
      into.to = e[at + 1]
      into.kind = e[at + 2]
      into.label = ANONYMOUS_LABEL.has(EDGE_KINDS[e[at + 2]]) ? e[at + 3] : texts[e[at + 3]]
    },
  }
}

/** Objects made at one place share its site. */
function siteReader(file: string): (code: number) => AllocationSite {
  const sites = new Map<number, AllocationSite>()
  return (code) => {
    let site = sites.get(code)
    if (!site) sites.set(code, (site = decodeSite(code, file)))
    return site
  }
}

/** The engine's site of an object (patches/0003): line << 12 | column, both 1-based; 0 is none. */
export function decodeSite(code: number, file: string): AllocationSite {
  return { file, line: code >>> SITE_COLUMN_BITS, column: code & ((1 << SITE_COLUMN_BITS) - 1) }
}
const SITE_COLUMN_BITS = 12

const ANONYMOUS_LABEL = new Set<EdgeKind>(['element', 'set-member'])
