import { Scope, type QuickJSContext, type QuickJSHandle } from 'quickjs-emscripten-core'
import { shallowSize } from '../heap/size-model'
import { EDGE_KINDS, NODE_KINDS, type AllocationSite, type EdgeKind, type HeapEdge, type HeapNode, type HeapSnapshot } from '../heap/snapshot'
import { EDGE_FIELDS, NODE_FIELDS } from './prelude/heap-walker'

/** What the guest walker returns: int32 tables (see heap-walker.ts) and the strings they index. */
interface WalkTables {
  nodes: Int32Array
  edges: Int32Array
  texts: string[]
}

/** A root the host holds, such as a pending timer's callback. */
export interface HostRoot {
  label: string
  value: QuickJSHandle
}

export interface CaptureInput {
  /** The prelude's `walkHeap`. */
  walk: QuickJSHandle
  /** Top-level let/const/class bindings, read by name in the global scope. */
  lexicals: string[]
  hostRoots: HostRoot[]
  sites: AllocationSite[]
  step: number
  time: number
  /** Find and describe every reachable object but record no edge: enough to count groups. */
  countOnly?: boolean
}

/**
 * Walk the guest heap from its roots. Returns the snapshot, or the guest's error as a handle-free
 * message (the walk runs guest code: an interrupt or a throwing Proxy trap can stop it).
 */
/**
 * The roots a walk starts from besides globalThis, as two guest arrays owned by `scope`: the
 * top-level bindings as `[name, getter]` pairs (read when the walk runs, so one still in its TDZ is
 * skipped) and the host's roots as `[label, value]` pairs.
 */
export function rootHandles(
  ctx: QuickJSContext,
  scope: Scope,
  lexicalNames: string[],
  hostRoots: HostRoot[],
): { lexicals: QuickJSHandle; held: QuickJSHandle } | { error: string } {
  const lexicalSource = `[${lexicalNames.map((name) => `[${JSON.stringify(name)}, () => ${name}]`).join(', ')}]`
  const lexicals = ctx.evalCode(lexicalSource, 'leaklab:roots')
  if (lexicals.error) return { error: describe(ctx, scope.manage(lexicals.error)) }
  const held = scope.manage(ctx.newArray())
  hostRoots.forEach((root, index) => {
    const pair = scope.manage(ctx.newArray())
    ctx.newString(root.label).consume((label) => ctx.setProp(pair, 0, label))
    ctx.setProp(pair, 1, root.value)
    ctx.setProp(held, index, pair)
  })
  return { lexicals: scope.manage(lexicals.value), held }
}

export function captureSnapshot(ctx: QuickJSContext, input: CaptureInput): { snapshot: HeapSnapshot } | { error: string } {
  return Scope.withScope((scope) => {
    const roots = rootHandles(ctx, scope, input.lexicals, input.hostRoots)
    if ('error' in roots) return roots
    const { lexicals, held: hostRoots } = roots
    const result = ctx.callFunction(input.walk, ctx.undefined, lexicals, hostRoots, input.countOnly ? ctx.true : ctx.false)
    if (result.error) return { error: describe(ctx, scope.manage(result.error)) }
    const tables = scope.manage(result.value)
    const int32s = (name: string) =>
      ctx.getProp(tables, name).consume((buffer) => ctx.getArrayBuffer(buffer).consume((bytes) => new Int32Array(bytes.value.slice().buffer)))
    const texts = ctx.getProp(tables, 'texts').consume((handle) => ctx.dump(handle) as string[])
    return { snapshot: toSnapshot({ nodes: int32s('nodes'), edges: int32s('edges'), texts }, input) }
  })
}

function describe(ctx: QuickJSContext, error: QuickJSHandle): string {
  const dumped = ctx.dump(error) as { name?: string; message?: string } | unknown
  if (dumped && typeof dumped === 'object' && 'message' in dumped) return `${(dumped as { name?: string }).name ?? 'Error'}: ${(dumped as { message: string }).message}`
  return String(dumped)
}

const ANONYMOUS_LABEL = new Set<EdgeKind>(['element', 'set-member'])

function toSnapshot({ nodes: n, edges: e, texts }: WalkTables, input: CaptureInput): HeapSnapshot {
  const nodeCount = n.length / NODE_FIELDS
  const edgeCount = e.length / EDGE_FIELDS
  const edges: HeapEdge[] = new Array(edgeCount)
  for (let i = 0; i < edgeCount; i++) {
    const at = i * EDGE_FIELDS
    const kind = EDGE_KINDS[e[at + 2]]
    // Element and set-member edges carry their index itself rather than a string.
    const label = ANONYMOUS_LABEL.has(kind) ? String(e[at + 3]) : texts[e[at + 3]]
    edges[i] = { from: e[at], to: e[at + 1], kind, label }
  }
  const nodes: HeapNode[] = new Array(nodeCount)
  for (let id = 0; id < nodeCount; id++) {
    const at = id * NODE_FIELDS
    const kind = NODE_KINDS[n[at]]
    nodes[id] = {
      id,
      kind,
      name: texts[n[at + 1]],
      site: n[at + 2] >= 0 ? (input.sites[n[at + 2]] ?? null) : null,
      size: shallowSize(kind, n[at + 3], n[at + 4], n[at + 5]),
    }
  }
  return { nodes, edges, step: input.step, time: input.time }
}
