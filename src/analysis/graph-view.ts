import { EDGE_KINDS, type EdgeKind } from '../heap/snapshot'
import { groupsBy, type HeapAnalysis } from './analyze'
import { ROOT } from './graph'
import { edgeLabel, nodeLabel, rootsLabel, siteText } from './graph-labels'
import type { GroupBy, HeapGroup } from './groups'
import { renderPath } from './notation'
import { retainerPath } from './paths'
import { RetainerTree } from './retainer-tree'
import type { GraphEdge, GraphNode, GraphQuery, GraphView } from './view-types'

/** What keeps the reference graph readable, whatever the heap. */
export const GRAPH_LIMITS = {
  /** Siblings of one edge kind and group drawn one by one; more become one collapsed node. */
  siblings: 5,
  /** How many more members of a collapsed node each expansion shows. */
  expandStep: 20,
  /** Nodes drawn at most; the highlighted path is drawn whole even past it. */
  nodes: 200,
} as const

/**
 * "Why is this alive?" as a small graph: the shortest retainer paths from the roots to a group's
 * members, or to one object plus each of its direct retainers (with the edges from them).
 *
 * The paths form a tree. Siblings in it (children of one drawn node) with the same edge kind and the
 * same group by line are drawn as one collapsed node when there are more than `GRAPH_LIMITS.siblings`
 * of them, and the children of a collapsed node's members are bucketed the same way, so 100,000
 * elements each holding a closure that holds an object draw as two collapsed nodes. A collapsed node's
 * id names its parent's id, the edge kind and the group, so it is the same in every query about the same
 * snapshot, and `query.expand` can name it: its members are then shown `expandStep` at a time, the
 * rest staying collapsed as "… more" (an id of its own, which can be expanded in turn).
 *
 * A binding or a timer is not an object, so each root the paths start from is drawn as a node of its
 * own (`r…`, labelled `leakList` or `setInterval#1`) with an edge to what it holds; globalThis is an
 * object and is drawn as itself. Throws a RangeError for a group or node the snapshot does not have.
 */
export function graphView(analysis: HeapAnalysis, query: GraphQuery): GraphView {
  return new GraphDrawing(analysis, targetOf(analysis, query), query.expand).view()
}

interface Target {
  members: readonly number[]
  /** The one object asked about, for a node query. */
  focus: number | null
  /** Whose path is highlighted. */
  representative: number
}

function targetOf(analysis: HeapAnalysis, query: GraphQuery): Target {
  const { target } = query
  if ('node' in target) {
    const id = target.node
    if (!Number.isInteger(id) || id <= ROOT || id >= analysis.graph.nodeCount || analysis.paths.distance[id] < 0) {
      throw new RangeError(`This heap has no live object with id ${id}.`)
    }
    return { members: [id], focus: id, representative: id }
  }
  const group = groupsByKey(analysis, target.by).get(target.group)
  if (!group) throw new RangeError(`This heap has no group ${target.group} (by ${target.by}).`)
  return { members: group.members, focus: null, representative: group.representative }
}

const keyIndexes = new WeakMap<HeapAnalysis, Map<GroupBy, Map<string, HeapGroup>>>()
const lineGroupIndexes = new WeakMap<HeapAnalysis, Int32Array>()

function groupsByKey(analysis: HeapAnalysis, by: GroupBy): Map<string, HeapGroup> {
  let byGrouping = keyIndexes.get(analysis)
  if (!byGrouping) keyIndexes.set(analysis, (byGrouping = new Map()))
  let groups = byGrouping.get(by)
  if (!groups) byGrouping.set(by, (groups = new Map(groupsBy(analysis, by).map((g) => [g.key, g]))))
  return groups
}

/** Each node's index in `analysis.byLine`, -1 for nodes in no group (roots): the key siblings are bucketed by. */
function lineGroups(analysis: HeapAnalysis): Int32Array {
  let groups = lineGroupIndexes.get(analysis)
  if (!groups) {
    groups = new Int32Array(analysis.graph.nodeCount).fill(-1)
    for (let g = 0; g < analysis.byLine.length; g++) for (const v of analysis.byLine[g].members) groups[v] = g
    lineGroupIndexes.set(analysis, groups)
  }
  return groups
}

/** One drawn node: one object, or a collapsed set of siblings. */
interface Draft {
  id: string
  members: number[]
  collapsed: boolean
  /** What an expansion left collapsed ("… more"). */
  remainder: boolean
  /** The drawn node its members hang from (the undrawn top for the synthetic root's children). */
  parent: Draft | null
  /** Drawn in place of the synthetic root's edge to it: a binding or timer by its name. */
  root: GraphNode | null
}

/** Drawn edges between two drawn nodes, by kind, before they are merged or kept apart. */
interface EdgeBundle {
  source: Draft
  target: Draft
  kind: EdgeKind
  edges: number[]
}

class GraphDrawing {
  private readonly drafts: Draft[] = []
  /** Index in `drafts` of the draft each node is a member of, -1 if none. */
  private readonly draftOf: Int32Array
  private readonly tree: RetainerTree
  private readonly lineGroup: Int32Array
  private readonly isTarget: Uint8Array
  /** Nodes on the highlighted path, which the node cap never cuts. */
  private readonly onPath: Uint8Array
  private readonly pathEdges: Set<number>
  private readonly expand: Set<string>
  /** The synthetic root, never drawn: its children's edges from it are drawn from roots of their own. */
  private readonly top: Draft = { id: 'root', members: [ROOT], collapsed: false, remainder: false, parent: null, root: null }
  private drawnCount = 0
  private truncated = false

  constructor(
    private readonly analysis: HeapAnalysis,
    private readonly target: Target,
    expand: readonly string[],
  ) {
    const { graph, paths } = analysis
    const n = graph.nodeCount
    this.draftOf = new Int32Array(n).fill(-1)
    this.lineGroup = lineGroups(analysis)
    this.isTarget = new Uint8Array(n)
    for (const v of target.members) this.isTarget[v] = 1
    this.onPath = new Uint8Array(n)
    this.pathEdges = new Set()
    for (let v = target.representative; v !== ROOT; v = graph.snapshot.edges[paths.parentEdge[v]].from) {
      this.onPath[v] = 1
      this.pathEdges.add(paths.parentEdge[v])
    }
    const ends = target.focus === null ? target.members : [target.focus, ...this.retainersOf(target.focus)]
    this.tree = new RetainerTree(graph, paths, ends)
    // A root drawn for a collapsed set is named after it (`r` + its id): expanding either expands both.
    this.expand = new Set(expand.map((id) => (id.startsWith('rc') ? id.slice(1) : id)))
  }

  view(): GraphView {
    this.drawTree()
    const nodes: GraphNode[] = []
    const edges: GraphEdge[] = []
    for (const draft of this.drafts) {
      if (draft.root) nodes.push(draft.root)
      nodes.push(this.node(draft))
    }
    const bundles = new Map<string, EdgeBundle>()
    this.treeEdges(bundles, edges)
    if (this.target.focus !== null) this.retainerEdges(this.target.focus, bundles, nodes, edges)
    for (const bundle of bundles.values()) edges.push(...this.drawBundle(bundle))
    const path = retainerPath(this.analysis.graph, this.analysis.paths, this.target.representative)!
    return { nodes, edges, path: renderPath(this.analysis.snapshot, path), truncated: this.truncated, notation: this.analysis.snapshot.notation ?? 'javascript' }
  }

  /** Nodes with an edge to `v`, the root included, each once. */
  private retainersOf(v: number): number[] {
    const { inStart, inFrom } = this.analysis.graph
    return [...new Set(inFrom.subarray(inStart[v], inStart[v + 1]))]
  }

  /** Breadth first from the synthetic root, so that the node cap keeps what is nearest the roots. */
  private drawTree(): void {
    const queue = [this.top]
    for (let q = 0; q < queue.length; q++) {
      const parent = queue[q]
      for (const draft of this.childDrafts(parent)) {
        if (this.admit(draft, parent === this.top)) queue.push(draft)
      }
    }
  }

  private childDrafts(parent: Draft): Draft[] {
    const { edges } = this.analysis.snapshot
    // Keyed by a number, not a string: a collapsed set can have a million children to sort out.
    const buckets = new Map<number, number[]>()
    const kinds = EDGE_KINDS.length
    for (const m of parent.members) {
      this.tree.forEachChild(m, (c, e) => {
        const g = this.lineGroup[c]
        // Roots (ungrouped) and the object asked about are always drawn on their own.
        const key = g < 0 || c === this.target.focus ? -1 - c : g * kinds + EDGE_KIND_INDEX[edges[e].kind]
        const bucket = buckets.get(key)
        if (bucket) bucket.push(c)
        else buckets.set(key, [c])
      })
    }
    const drafts: Draft[] = []
    const one = (v: number): Draft => ({ id: `n${v}`, members: [v], collapsed: false, remainder: false, parent, root: null })
    for (const [key, members] of buckets) {
      if (members.length <= GRAPH_LIMITS.siblings) {
        for (const v of members) drafts.push(one(v))
        continue
      }
      const id = `c(${parent.id})${EDGE_KINDS[key % kinds]}:${Math.floor(key / kinds)}`
      const at = (shown: number) => (shown === 0 ? id : `${id}@${shown}`)
      let shown = 0
      while (shown < members.length && this.expand.has(at(shown))) shown += GRAPH_LIMITS.expandStep
      if (members.length - shown <= GRAPH_LIMITS.siblings) shown = members.length
      for (const v of members.slice(0, shown)) drafts.push(one(v))
      if (shown < members.length) {
        drafts.push({ id: at(shown), members: members.slice(shown), collapsed: true, remainder: shown > 0, parent, root: null })
      }
    }
    return drafts
  }

  /** Adds a draft unless the cap is reached (the highlighted path is always added). */
  private admit(draft: Draft, fromRoot: boolean): boolean {
    const nodes = this.analysis.snapshot.nodes
    const first = draft.members[0]
    const drawsRoot = fromRoot && !(draft.members.length === 1 && nodes[first].kind === 'root')
    const cost = drawsRoot ? 2 : 1
    if (this.drawnCount + cost > GRAPH_LIMITS.nodes && !draft.members.some((v) => this.onPath[v])) {
      this.truncated = true
      return false
    }
    if (drawsRoot) draft.root = this.rootFor(draft)
    this.drawnCount += cost
    const index = this.drafts.push(draft) - 1
    for (const v of draft.members) this.draftOf[v] = index
    return true
  }

  private rootFor(draft: Draft): GraphNode {
    const { edges } = this.analysis.snapshot
    const { parentEdge } = this.analysis.paths
    const labels = draft.members.map((v) => edges[parentEdge[v]].label)
    const single = draft.members.length === 1
    return {
      id: single ? `r${parentEdge[draft.members[0]]}` : `r${draft.id}`,
      label: single ? labels[0] : rootsLabel(labels),
      kind: 'root',
      count: draft.members.length,
      node: null,
      site: null,
      shallowBytes: 0,
      retainedBytes: 0,
      role: 'root',
    }
  }

  private node(draft: Draft): GraphNode {
    const { snapshot, dominators } = this.analysis
    const first = snapshot.nodes[draft.members[0]]
    let shallowBytes = 0
    for (const v of draft.members) shallowBytes += snapshot.nodes[v].size
    const label = nodeLabel(first)
    return {
      id: draft.id,
      label: draft.remainder ? `… ${label}` : label,
      kind: first.kind,
      count: draft.members.length,
      node: draft.collapsed ? null : first.id,
      site: siteText(first.site),
      shallowBytes,
      retainedBytes: draft.collapsed ? retainedBySet(this.analysis, draft.members) : dominators.retained[first.id],
      role: this.roleOf(draft),
    }
  }

  private roleOf(draft: Draft): GraphNode['role'] {
    if (draft.members.some((v) => this.isTarget[v])) return 'target'
    if (!draft.collapsed && this.analysis.snapshot.nodes[draft.members[0]].kind === 'root') return 'root'
    return draft.members.some((v) => this.onPath[v]) ? 'path' : 'other'
  }

  /** The tree's edges, bundled by the drawn nodes they join; a drawn root's edge is drawn as it is. */
  private treeEdges(bundles: Map<string, EdgeBundle>, out: GraphEdge[]): void {
    const { parentEdge } = this.analysis.paths
    for (const draft of this.drafts) {
      const entering = draft.members.map((v) => parentEdge[v])
      if (draft.root) {
        const root = draft.root
        const onPath = entering.some((e) => this.pathEdges.has(e))
        out.push({ id: `e${root.id}`, source: root.id, target: draft.id, kind: 'root', label: '', onPath, refs: entering.filter((e) => e >= 0) })
      } else if (draft.parent !== this.top) {
        // One parent and one edge kind for all of them: that is how they were bucketed.
        this.bundle(bundles, draft.parent!, draft, entering)
      }
    }
  }

  /** The edges from the focus's other retainers, which the tree (one parent per node) leaves out. */
  private retainerEdges(focus: number, bundles: Map<string, EdgeBundle>, nodes: GraphNode[], out: GraphEdge[]): void {
    const { graph, paths, snapshot } = this.analysis
    const target = this.drafts[this.draftOf[focus]]
    for (let k = graph.inStart[focus]; k < graph.inStart[focus + 1]; k++) {
      const e = graph.inEdge[k]
      const from = graph.inFrom[k]
      if (e === paths.parentEdge[focus] || paths.distance[from] < 0) continue
      if (from === ROOT) {
        // Another binding or timer holding it directly: drawn as a root of its own.
        if (this.drawnCount >= GRAPH_LIMITS.nodes) {
          this.truncated = true
          continue
        }
        this.drawnCount++
        const id = `r${e}`
        nodes.push({ id, label: snapshot.edges[e].label, kind: 'root', count: 1, node: null, site: null, shallowBytes: 0, retainedBytes: 0, role: 'root' })
        out.push({ id: `e${id}`, source: id, target: target.id, kind: 'root', label: '', onPath: false, refs: [e] })
      } else if (this.draftOf[from] < 0) {
        this.truncated = true
      } else {
        this.bundle(bundles, this.drafts[this.draftOf[from]], target, [e])
      }
    }
  }

  /** Adds edges of one kind from `source` to `target` to their bundle. */
  private bundle(bundles: Map<string, EdgeBundle>, source: Draft, target: Draft, edges: number[]): void {
    const kind = this.analysis.snapshot.edges[edges[0]].kind
    const key = `${source.id}>${target.id}:${kind}`
    const bundle = bundles.get(key)
    if (bundle) for (const e of edges) bundle.edges.push(e)
    else bundles.set(key, { source, target, kind, edges })
  }

  /**
   * One drawn edge per snapshot edge between two single objects (a few at most), else one for the
   * bundle, labelled as a range (`[0…99999]`).
   */
  private drawBundle(bundle: EdgeBundle): GraphEdge[] {
    const { snapshot } = this.analysis
    const single = !bundle.source.collapsed && !bundle.target.collapsed
    const edge = (id: string, edges: number[]): GraphEdge => ({
      id,
      source: bundle.source.id,
      target: bundle.target.id,
      kind: bundle.kind,
      label: edgeLabel(snapshot, edges.map((e) => snapshot.edges[e])),
      onPath: edges.some((e) => this.pathEdges.has(e)),
      refs: edges,
    })
    if (single && bundle.edges.length <= GRAPH_LIMITS.siblings) return bundle.edges.map((e) => edge(`e${e}`, [e]))
    return [edge(`e${bundle.source.id}>${bundle.target.id}:${bundle.kind}`, bundle.edges)]
  }
}

const EDGE_KIND_INDEX = Object.fromEntries(EDGE_KINDS.map((kind, i) => [kind, i])) as Record<EdgeKind, number>

const byEnterIndexes = new WeakMap<HeapAnalysis, Int32Array>()

/** The reachable nodes by their preorder number in the dominator tree. */
function byEnter(analysis: HeapAnalysis): Int32Array {
  let nodes = byEnterIndexes.get(analysis)
  if (!nodes) {
    const { order, enter } = analysis.dominators
    nodes = new Int32Array(order.length)
    for (const v of order) nodes[enter[v]] = v
    byEnterIndexes.set(analysis, nodes)
  }
  return nodes
}

/**
 * Bytes freed if every member of a set became unreachable: the retained sizes of the members no other
 * member dominates (as a group's retained size is counted), found in dominator-tree preorder.
 */
function retainedBySet(analysis: HeapAnalysis, members: readonly number[]): number {
  const { enter, exit, retained } = analysis.dominators
  const nodeAt = byEnter(analysis)
  // Sorting the numbers themselves, without a comparator, is what keeps a million members fast.
  const enters = Int32Array.from(members, (v) => enter[v]).sort()
  let total = 0
  let until = -1
  for (const t of enters) {
    if (t < until) continue
    const v = nodeAt[t]
    total += retained[v]
    until = exit[v]
  }
  return total
}
