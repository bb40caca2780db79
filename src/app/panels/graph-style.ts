/**
 * The reference graph's Cytoscape stylesheet. Colours come from CSS custom properties (panels.css,
 * global.css) read at draw time, so the graph follows the light or dark theme. Nodes are styled by
 * role (fill, border) and kind family (shape); edges by kind (line style, colour); the path on top.
 */
import type { StylesheetJson } from 'cytoscape'

export const GRAPH_COLORS = [
  'surface',
  'text',
  'muted',
  'border',
  'accent',
  'accent-text',
  'graph-node',
  'graph-root',
  'graph-root-border',
  'graph-edge',
  'graph-edge-map',
  'graph-edge-closure',
  'graph-edge-internal',
] as const
export type GraphColors = Record<(typeof GRAPH_COLORS)[number], string>

/** The nodes' labels, in px at the page's usual type (toElements sizes the nodes to them). */
export const NODE_FONT_PX = 12

/**
 * `scale` multiplies every size (type, lines, borders): 1 at the page's usual type, more when the
 * page's type grows (presentation mode), so the drawing reads as large as the text around it.
 */
export function graphStyle(c: GraphColors, fontFamily: string, scale = 1): StylesheetJson {
  const px = (n: number): number => n * scale
  return [
    {
      selector: 'node',
      style: {
        shape: 'round-rectangle',
        width: 'data(w)',
        height: 'data(h)',
        'background-color': c['graph-node'],
        'border-width': px(1),
        'border-color': c.border,
        label: 'data(label)',
        color: c.text,
        'font-family': fontFamily,
        'font-size': px(NODE_FONT_PX),
        'text-wrap': 'wrap',
        'text-valign': 'center',
        'text-halign': 'center',
        'line-height': 1.35,
      },
    },
    { selector: 'node.family-array', style: { shape: 'rectangle' } },
    { selector: 'node.family-function', style: { shape: 'ellipse' } },
    { selector: 'node.family-collection', style: { shape: 'round-hexagon' } },
    // A suspended async function's or generator's frame: not an object the program holds, a call that waits.
    { selector: 'node.family-frame', style: { shape: 'cut-rectangle', 'border-style': 'dashed' } },
    { selector: 'node.family-root', style: { shape: 'round-tag' } },
    // A collapsed set of objects: a barrel with a double rim, so it never reads as one object.
    { selector: 'node.collapsed', style: { shape: 'barrel', 'border-style': 'double', 'border-width': px(5) } },
    { selector: 'node.role-root', style: { 'background-color': c['graph-root'], 'border-color': c['graph-root-border'], 'border-width': px(2), 'font-weight': 'bold' } },
    { selector: 'node.role-path', style: { 'border-color': c.accent, 'border-width': px(3) } },
    { selector: 'node.role-path.collapsed', style: { 'border-width': px(6) } },
    { selector: 'node.role-target', style: { 'background-color': c.accent, 'border-color': c.accent, color: c['accent-text'], 'font-weight': 'bold' } },
    { selector: 'node.role-target.collapsed', style: { 'border-color': c.text, 'border-width': px(6) } },
    { selector: 'node:active', style: { 'overlay-opacity': 0.12, 'overlay-color': c.accent } },
    {
      selector: 'edge',
      style: {
        width: px(1.5),
        'curve-style': 'bezier',
        'line-color': c['graph-edge'],
        'target-arrow-color': c['graph-edge'],
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        label: 'data(label)',
        color: c.text,
        'font-family': 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
        'font-size': px(11),
        'text-background-color': c.surface,
        'text-background-opacity': 0.9,
        'text-background-padding': `${px(2)}px`,
        'text-background-shape': 'roundrectangle',
      },
    },
    { selector: 'edge.edge-element', style: { 'line-style': 'dashed', 'line-dash-pattern': [px(6), px(3)] } },
    { selector: 'edge.edge-map-key, edge.edge-map-value, edge.edge-set-member', style: { 'line-style': 'dotted', width: px(2), 'line-color': c['graph-edge-map'], 'target-arrow-color': c['graph-edge-map'] } },
    { selector: 'edge.edge-closure', style: { 'line-color': c['graph-edge-closure'], 'target-arrow-color': c['graph-edge-closure'], width: px(2) } },
    { selector: 'edge.edge-internal, edge.edge-prototype', style: { width: px(1), 'line-color': c['graph-edge-internal'], 'target-arrow-color': c['graph-edge-internal'], color: c.muted, 'font-size': px(10) } },
    { selector: 'edge.edge-root', style: { width: px(1.25) } },
    // Last, so the path wins over the kind's colour; its line style still tells the kind.
    { selector: 'edge.on-path', style: { width: px(3.5), 'line-color': c.accent, 'target-arrow-color': c.accent, 'font-weight': 'bold', 'z-index': 10 } },
    // The reference clicked in the drawing, while the bar under it offers to ignore it. Drawn in the
    // text's colour (7:1 or more on the surface in both themes, and unlike the path's accent, so a
    // chosen step of the path still stands out), wider, on an accent halo, its label on an accent tag.
    {
      selector: 'edge.chosen',
      style: {
        width: px(5),
        'line-color': c.text,
        'target-arrow-color': c.text,
        'underlay-color': c.accent,
        'underlay-opacity': 0.35,
        'underlay-padding': px(5),
        color: c['accent-text'],
        'text-background-color': c.accent,
        'text-background-opacity': 1,
        'font-weight': 'bold',
        'z-index': 20,
      },
    },
  ]
}
