import { shallowSize } from '../heap/size-model'
import { EDGE_KINDS, NODE_KINDS, type AllocationSite, type EdgeKind, type HeapEdge, type HeapNode, type HeapSnapshot } from '../heap/snapshot'
import { EDGE_FIELDS, NODE_FIELDS, type EngineNative, type WalkRequest } from './engine-native'
import type { HeapCoverage } from './types'

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

/**
 * Walk the heap in the engine (quickjs/c/leaklab.c): every live object and reference, read from
 * QuickJS's own structures, with no guest code run. Null when the walk could not get the memory
 * for its tables.
 */
export function captureSnapshot(native: EngineNative, input: CaptureInput): { snapshot: HeapSnapshot; coverage: HeapCoverage } | null {
  const walk = native.walk(input)
  if (!walk) return null
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
  // Objects made at one place share its site.
  const sites = new Map<number, AllocationSite>()
  const siteOf = (code: number) => {
    let site = sites.get(code)
    if (!site) sites.set(code, (site = decodeSite(code, input.file)))
    return site
  }
  for (let id = 0; id < nodeCount; id++) {
    const at = id * NODE_FIELDS
    const kind = NODE_KINDS[n[at]]
    nodes[id] = {
      id,
      kind,
      name: texts[n[at + 1]],
      site: n[at + 2] >= 0 ? siteOf(n[at + 2]) : null,
      size: shallowSize(kind, n[at + 3], n[at + 4], n[at + 5]),
    }
  }
  return { snapshot: { nodes, edges, step: input.step, time: input.time }, coverage: walk.coverage }
}

/** The engine's site of an object (patches/0003): line << 12 | column, both 1-based; 0 is none. */
export function decodeSite(code: number, file: string): AllocationSite {
  return { file, line: code >>> SITE_COLUMN_BITS, column: code & ((1 << SITE_COLUMN_BITS) - 1) }
}
const SITE_COLUMN_BITS = 12

const ANONYMOUS_LABEL = new Set<EdgeKind>(['element', 'set-member'])
