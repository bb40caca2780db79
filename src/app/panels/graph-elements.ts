/**
 * A GraphView as Cytoscape elements, as pure data: labels, sizes that fit them, the classes the
 * stylesheet (graph-style.ts) draws by, and the highlighted path as a list for readers without the canvas.
 */
import type { ElementDefinition } from 'cytoscape'
import type { GraphEdge, GraphNode, GraphView } from '../../analysis/view-types'
import type { NodeKind } from '../../heap/snapshot'
import { formatBytes, formatCount } from '../../format/numbers'

/** How wide a line of label text is, in pixels (a canvas's measureText in the page). */
export type MeasureText = (text: string) => number

/** Shapes go by family: seven shapes for twenty kinds would be a puzzle, not a legend. */
export type KindFamily = 'object' | 'array' | 'function' | 'collection' | 'frame' | 'root'

export function kindFamily(kind: NodeKind): KindFamily {
  switch (kind) {
    case 'root':
      return 'root'
    case 'array':
    case 'typed-array':
    case 'arraybuffer':
      return 'array'
    case 'function':
    case 'closure':
    case 'class':
    case 'bound-function':
      return 'function'
    case 'map':
    case 'set':
    case 'weakmap':
    case 'weakset':
      return 'collection'
    case 'frame':
      return 'frame'
    default:
      return 'object'
  }
}

/** `DataHolder ×100,000` for a collapsed node, the label alone for one object. */
export function nodeTitle(node: GraphNode): string {
  return node.count > 1 ? `${node.label} ×${formatCount(node.count)}` : node.label
}

/** The lines drawn in the node: its title, then its retained size (roots hold the whole heap, so theirs says nothing). */
export function nodeLines(node: GraphNode): string[] {
  return node.kind === 'root' ? [nodeTitle(node)] : [nodeTitle(node), formatBytes(node.retainedBytes)]
}

const PAD_X = 14
const LINE_HEIGHT = 16
const PAD_Y = 12
const MIN_WIDTH = 48

/**
 * Cytoscape elements for `graph`. Node sizes are computed from the label (Cytoscape's own `label`
 * sizing is deprecated), with room for the rounder shapes. Edges whose ends are not in the graph are
 * dropped: Cytoscape refuses them, and one bad edge must not blank the whole graph.
 *
 * `scale` multiplies the type (graph-style.ts draws the labels at `scale` × 12 px, and `measure` must
 * measure them at that size): the lines and the padding around them grow with it, so a label still
 * fits its box in presentation mode.
 */
export function toElements(graph: GraphView, measure: MeasureText, scale = 1): ElementDefinition[] {
  const ids = new Set(graph.nodes.map((n) => n.id))
  const nodes = graph.nodes.map((n): ElementDefinition => {
    const lines = nodeLines(n)
    const family = kindFamily(n.kind)
    const rounder = n.count > 1 || family === 'function' || family === 'collection' ? 1.25 : 1
    const width = Math.ceil(Math.max(MIN_WIDTH * scale, Math.max(...lines.map(measure)) * rounder + 2 * PAD_X * scale))
    const classes = [`role-${n.role}`, `family-${family}`]
    if (n.count > 1) classes.push('collapsed')
    if (isFocusable(n)) classes.push('focusable')
    return {
      group: 'nodes',
      data: { id: n.id, label: lines.join('\n'), w: width, h: Math.ceil((lines.length * LINE_HEIGHT + 2 * PAD_Y) * scale), role: n.role, kind: n.kind, count: n.count, node: n.node },
      classes,
    }
  })
  const edges = graph.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e): ElementDefinition => ({
      group: 'edges',
      data: { id: e.id, source: e.source, target: e.target, label: e.label, kind: e.kind },
      classes: e.onPath ? [`edge-${e.kind}`, 'on-path'] : [`edge-${e.kind}`],
    }))
  return [...nodes, ...edges]
}

/** A single object the learner can focus (the synthetic root is not one of theirs). */
export function isFocusable(node: GraphNode): node is GraphNode & { node: number } {
  return node.count === 1 && node.node !== null && node.kind !== 'root'
}

/** What a click on a node asks for: expanding a collapsed set, or focusing one object. */
export function nodeAction(node: GraphNode): { expand: string } | { focus: number } | null {
  if (node.count > 1) return { expand: node.id }
  if (isFocusable(node)) return { focus: node.node }
  return null
}

export interface PathStep {
  node: GraphNode
  /** The reference that leads to `node` from the step before; null for the first. */
  via: GraphEdge | null
}

/**
 * The highlighted path as a list, root first, by following `onPath` edges: it starts at the node
 * with an outgoing path edge and no incoming one, and stops at a node already listed (a cycle
 * cannot loop it forever) or with no path edge going on.
 */
export function pathSteps(graph: GraphView): PathStep[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const onPath = graph.edges.filter((e) => e.onPath && byId.has(e.source) && byId.has(e.target))
  if (onPath.length === 0) return []
  const entered = new Set(onPath.map((e) => e.target))
  const first = onPath.find((e) => !entered.has(e.source))?.source ?? onPath[0].source
  const steps: PathStep[] = [{ node: byId.get(first)!, via: null }]
  const seen = new Set([first])
  for (;;) {
    const current = steps[steps.length - 1].node.id
    const next = onPath.find((e) => e.source === current && !seen.has(e.target))
    if (!next) return steps
    seen.add(next.target)
    steps.push({ node: byId.get(next.target)!, via: next })
  }
}

/**
 * The roots ELK should put in the first layer: role `root` nodes that no other root points to. A root
 * reached from another (globalThis from the synthetic root) follows it instead: two ends of one edge
 * in one layer would fight the layered layout.
 */
export function firstLayer(graph: GraphView): Set<string> {
  const roots = new Set(graph.nodes.filter((n) => n.role === 'root').map((n) => n.id))
  for (const e of graph.edges) if (roots.has(e.source) && e.source !== e.target) roots.delete(e.target)
  return roots
}

/** Gaps ELK leaves (ReferenceGraph's layout options): between layers, and between nodes in a layer. */
export const LAYER_GAP = { RIGHT: 110, DOWN: 70 } as const
export const NODE_GAP = 28

/**
 * The gaps for type `scale` times the usual: the edge labels between the layers grow with the type
 * (presentation mode), so the room left for them does too.
 */
export function layoutGaps(scale = 1): { layer: { RIGHT: number; DOWN: number }; node: number } {
  return { layer: { RIGHT: Math.round(LAYER_GAP.RIGHT * scale), DOWN: Math.round(LAYER_GAP.DOWN * scale) }, node: Math.round(NODE_GAP * scale) }
}

/**
 * RIGHT or DOWN, whichever lets the whole graph be drawn larger in a box of this size. Layers are
 * estimated as ELK's layered algorithm makes them for a tree (each node one layer after its first
 * retainer, breadth first from the nodes nothing points to): a chain reads best left to right, a
 * wide fan (twenty expanded elements) top to bottom.
 */
export function bestDirection(graph: GraphView, size: (id: string) => { w: number; h: number }, box: { width: number; height: number }, scale = 1): 'RIGHT' | 'DOWN' {
  const layers = layersOf(graph)
  const gaps = layoutGaps(scale)
  const zoom = (flow: 'RIGHT' | 'DOWN'): number => {
    // Along the flow: each layer's deepest node plus the gap; across it: the widest layer.
    let along = 0
    let across = 0
    for (const layer of layers) {
      const depth = Math.max(...layer.map((id) => (flow === 'RIGHT' ? size(id).w : size(id).h)))
      const breadth = layer.reduce((sum, id) => sum + (flow === 'RIGHT' ? size(id).h : size(id).w) + gaps.node, -gaps.node)
      along += depth + gaps.layer[flow]
      across = Math.max(across, breadth)
    }
    along -= gaps.layer[flow]
    return flow === 'RIGHT' ? Math.min(box.width / along, box.height / across) : Math.min(box.width / across, box.height / along)
  }
  return zoom('DOWN') > zoom('RIGHT') ? 'DOWN' : 'RIGHT'
}

/** Node ids by layer, breadth first from the nodes no edge enters (or the first node, for a cycle). */
function layersOf(graph: GraphView): string[][] {
  const entered = new Set(graph.edges.filter((e) => e.source !== e.target).map((e) => e.target))
  let frontier = graph.nodes.filter((n) => !entered.has(n.id)).map((n) => n.id)
  if (frontier.length === 0 && graph.nodes.length > 0) frontier = [graph.nodes[0].id]
  const out = new Map<string, string[]>()
  for (const e of graph.edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target])
  const seen = new Set(frontier)
  const layers: string[][] = []
  while (frontier.length) {
    layers.push(frontier)
    const next: string[] = []
    for (const id of frontier) {
      for (const target of out.get(id) ?? []) {
        if (seen.has(target)) continue
        seen.add(target)
        next.push(target)
      }
    }
    frontier = next
  }
  // Nodes only a cycle reaches still need a place.
  const rest = graph.nodes.filter((n) => !seen.has(n.id)).map((n) => n.id)
  if (rest.length) layers.push(rest)
  return layers
}
