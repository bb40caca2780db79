import { describe, expect, it } from 'vitest'
import type { GraphEdge, GraphNode, GraphView } from '../../src/analysis/view-types'
import { BUS, SEED } from '../../src/app/panels/demo/fixtures'
import { bestDirection, firstLayer, kindFamily, layoutGaps, nodeAction, nodeLines, nodeTitle, pathSteps, toElements } from '../../src/app/panels/graph-elements'

const node = (id: string, n: Partial<GraphNode> = {}): GraphNode => ({
  id,
  label: id,
  kind: 'object',
  count: 1,
  node: Number(id.slice(1)),
  site: null,
  shallowBytes: 72,
  retainedBytes: 72,
  role: 'other',
  ...n,
})
const edge = (source: string, target: string, n: Partial<GraphEdge> = {}): GraphEdge => ({ id: `${source}>${target}`, source, target, kind: 'property', label: '.x', onPath: false, refs: [], ...n })
const measure = (text: string) => text.length * 7

describe('node labels', () => {
  it('reads a collapsed set as its label times its count, with its retained size below', () => {
    const set = node('c1', { label: 'DataHolder', count: 100_000, node: null, retainedBytes: 7_200_000 })
    expect(nodeTitle(set)).toBe('DataHolder ×100,000')
    expect(nodeLines(set)).toEqual(['DataHolder ×100,000', '6.9 MiB'])
    // A root (a binding or a timer) is no object: it has no size to show.
    expect(nodeLines(node('r3', { label: 'leakList', kind: 'root', node: null }))).toEqual(['leakList'])
  })
})

describe('toElements', () => {
  const graph: GraphView = {
    nodes: [
      node('r3', { label: 'leakList', kind: 'root', role: 'root', node: null }),
      node('n4', { label: 'Array', kind: 'array', role: 'path' }),
      node('c1', { label: 'DataHolder', count: 100_000, node: null, role: 'target', retainedBytes: 7_200_000 }),
    ],
    edges: [edge('r3', 'n4', { kind: 'root', label: '', onPath: true }), edge('n4', 'c1', { kind: 'element', label: '[0…99999]', onPath: true }), edge('n4', 'gone')],
    path: 'leakList[0]',
    truncated: false,
    notation: 'javascript',
  }
  const elements = toElements(graph, measure)

  it('classes nodes by role and family, marks sets and what can be focused', () => {
    const classes = Object.fromEntries(elements.filter((e) => e.group === 'nodes').map((e) => [e.data.id, e.classes]))
    expect(classes).toEqual({
      r3: ['role-root', 'family-root'],
      n4: ['role-path', 'family-array', 'focusable'],
      c1: ['role-target', 'family-object', 'collapsed'],
    })
  })

  it('sizes a node to its widest line, more for the rounder shapes', () => {
    const c1 = elements.find((e) => e.data.id === 'c1')!
    expect(c1.data.label).toBe('DataHolder ×100,000\n6.9 MiB')
    // 19 characters × 7 px, × 1.25 for the barrel, plus 14 px each side; two lines of 16 px plus 12 each side.
    expect(c1.data.w).toBe(Math.ceil(19 * 7 * 1.25 + 28))
    expect(c1.data.h).toBe(2 * 16 + 24)
  })

  it('grows a node with the type (presentation mode), so its label still fits', () => {
    // The label measured at 1.375 × the type: 19 characters × 7 px × 1.375.
    const large = toElements(graph, (text) => measure(text) * 1.375, 1.375).find((e) => e.data.id === 'c1')!
    expect(large.data.w).toBe(Math.ceil(19 * 7 * 1.375 * 1.25 + 28 * 1.375))
    expect(large.data.h).toBe(Math.ceil((2 * 16 + 24) * 1.375))
    // A short label keeps the least width, grown too.
    const root = toElements(graph, (text) => measure(text) * 1.375, 1.375).find((e) => e.data.id === 'r3')!
    expect(root.data.w).toBe(Math.ceil(Math.max(48 * 1.375, 8 * 7 * 1.375 + 28 * 1.375)))
  })

  it('classes edges by kind and path, and drops an edge to a node the graph lacks', () => {
    const edges = elements.filter((e) => e.group === 'edges')
    expect(edges.map((e) => [e.data.id, e.classes])).toEqual([
      ['r3>n4', ['edge-root', 'on-path']],
      ['n4>c1', ['edge-element', 'on-path']],
    ])
  })
})

describe('nodeAction', () => {
  it('expands a set, focuses one object, and does nothing for a root', () => {
    expect(nodeAction(node('c(n4)element:1', { count: 100_000, node: null }))).toEqual({ expand: 'c(n4)element:1' })
    expect(nodeAction(node('n8'))).toEqual({ focus: 8 })
    expect(nodeAction(node('r3', { kind: 'root', node: null }))).toBeNull()
    // Many roots drawn as one (setInterval#1…#250) expand like any set.
    expect(nodeAction(node('rc(root)root:2', { kind: 'root', count: 250, node: null }))).toEqual({ expand: 'rc(root)root:2' })
  })
})

describe('pathSteps', () => {
  it('lists the highlighted path from its root, with the reference into each node (a real graph)', () => {
    const steps = pathSteps(BUS.graphs.closure)
    expect(steps.map((s) => [s.via?.label ?? null, s.node.label])).toEqual([
      [null, 'owners'],
      ['', 'Map'],
      ['.get({Object})', '(closure onMessage)'],
    ])
  })

  it('stops at a cycle and is empty without a path', () => {
    const cyclic: GraphView = {
      nodes: [node('n1'), node('n2')],
      edges: [edge('n1', 'n2', { onPath: true }), edge('n2', 'n1', { onPath: true })],
      path: '',
      truncated: false,
      notation: 'javascript',
    }
    expect(pathSteps(cyclic).map((s) => s.node.id)).toEqual(['n1', 'n2'])
    expect(pathSteps({ ...cyclic, edges: [] })).toEqual([])
  })
})

describe('firstLayer', () => {
  it('puts the roots first, but not a root another root holds', () => {
    const graph: GraphView = {
      nodes: [node('r1', { role: 'root', kind: 'root' }), node('n2', { role: 'root', label: 'globalThis' }), node('r3', { role: 'root', kind: 'root' }), node('n4')],
      edges: [edge('r1', 'n2'), edge('n2', 'n4'), edge('r3', 'n4')],
      path: '',
      truncated: false,
      notation: 'javascript',
    }
    expect([...firstLayer(graph)].sort()).toEqual(['r1', 'r3'])
  })
})

describe('bestDirection', () => {
  const size = () => ({ w: 100, h: 44 })
  const box = { width: 1100, height: 420 }

  it('draws a chain left to right', () => {
    expect(bestDirection(SEED.graphs.dataHolder, size, box)).toBe('RIGHT')
  })

  it('draws a wide fan top to bottom (twenty expanded elements)', () => {
    expect(bestDirection(SEED.graphs.dataHolderExpanded, size, box)).toBe('DOWN')
  })

  it('draws top to bottom in a narrow box', () => {
    expect(bestDirection(SEED.graphs.dataHolder, size, { width: 360, height: 420 })).toBe('DOWN')
  })

  it('leaves gaps that grow with the type', () => {
    expect(layoutGaps()).toEqual({ layer: { RIGHT: 110, DOWN: 70 }, node: 28 })
    expect(layoutGaps(1.375)).toEqual({ layer: { RIGHT: 151, DOWN: 96 }, node: 39 })
    // Nodes, gaps and box all 1.375 times larger: the same choices as at the usual size.
    const large = () => ({ w: 137.5, h: 60.5 })
    expect(bestDirection(SEED.graphs.dataHolder, large, { width: 1100 * 1.375, height: 420 * 1.375 }, 1.375)).toBe('RIGHT')
    expect(bestDirection(SEED.graphs.dataHolderExpanded, large, { width: 1100 * 1.375, height: 420 * 1.375 }, 1.375)).toBe('DOWN')
  })
})

it('groups kinds into the legend’s shape families', () => {
  expect(['object', 'array', 'closure', 'map', 'weakset', 'root', 'promise', 'typed-array', 'frame'].map((k) => kindFamily(k as GraphNode['kind']))).toEqual([
    'object',
    'array',
    'function',
    'collection',
    'collection',
    'root',
    'object',
    'array',
    'frame',
  ])
})
