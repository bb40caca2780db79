/**
 * Writes demo/fixtures.json: real runs of small programs through the engine and the worker's analysis
 * (toRunView, graphView), so the panel demo shows exactly what the page will receive. Rerun when the
 * analysis changes what it sends:
 *
 *   npx tsx src/app/panels/demo/make-fixtures.ts
 */
import { writeFile } from 'node:fs/promises'
import { graphView } from '../../../analysis/graph-view'
import { toRunView } from '../../../analysis/run-view'
import type { GraphView, HeapView } from '../../../analysis/view-types'
import { runProgram } from '../../../engine/run'
import type { RunOptions } from '../../../engine/types'
import { BUS_PROGRAM, PREVIOUS_PROGRAM, SEED_PROGRAM, TIMER_PROGRAM } from './programs'

async function run(source: string, options: Partial<RunOptions>) {
  const result = await runProgram(source, options)
  const { view, analysis } = toRunView(result, { runId: 1 })
  if (!view.ok || !view.heap || !analysis) throw new Error(`the fixture program failed: ${JSON.stringify(view.error ?? view.heap?.error)}`)
  const heap = view.heap
  const { samples, hooks, steps } = view
  const groupGraph = (find: (h: HeapView) => HeapView['byLine'][number] | undefined, expand: string[] = []): GraphView => {
    const row = find(heap)
    if (!row) throw new Error('no such group in the fixture run')
    return graphView(analysis, { target: { group: row.key, by: 'line' }, expand })
  }
  const nodeGraph = (node: number): GraphView => graphView(analysis, { target: { node }, expand: [] })
  return { run: { samples, hooks, steps, heap }, groupGraph, nodeGraph }
}

const collapsed = (g: GraphView): string => {
  const node = g.nodes.find((n) => n.count > 1 && n.kind !== 'root')
  if (!node) throw new Error('the graph has no collapsed node')
  return node.id
}
const member = (g: GraphView, label: string): number => {
  const node = g.nodes.find((n) => n.role === 'target' && n.count === 1 && n.node !== null && n.label === label)
  if (!node?.node) throw new Error(`the graph has no single ${label}`)
  return node.node
}

const seed = await run(SEED_PROGRAM, { steps: 100 })
const dataHolder = seed.groupGraph((h) => h.byLine.find((r) => r.kind === 'object' && r.name === 'DataHolder'))
const dataHolderExpanded = seed.groupGraph((h) => h.byLine.find((r) => r.kind === 'object' && r.name === 'DataHolder'), [collapsed(dataHolder)])
const sessions = seed.groupGraph((h) => h.suspects.find((s) => s.path.startsWith('cache.get(')))
const focused = seed.nodeGraph(member(dataHolderExpanded, 'DataHolder'))

const previous = await run(PREVIOUS_PROGRAM, { steps: 50 })
const timer = await run(TIMER_PROGRAM, {})

const bus = await run(BUS_PROGRAM, { steps: 30 })
const buffers = bus.groupGraph((h) => h.byLine.find((r) => r.kind === 'typed-array'))
const closures = bus.groupGraph((h) => h.byLine.find((r) => r.kind === 'closure'), [])
const closure = bus.nodeGraph(member(bus.groupGraph((h) => h.byLine.find((r) => r.kind === 'closure'), [collapsed(closures)]), '(closure onMessage)'))

const fixtures = {
  seed: { ...seed.run, graphs: { dataHolder, dataHolderExpanded, sessions, focused } },
  previous: previous.run.heap,
  timer: timer.run,
  bus: { ...bus.run, graphs: { buffers, closure } },
}
await writeFile(new URL('./fixtures.json', import.meta.url), `${JSON.stringify(fixtures)}\n`)
console.log('wrote fixtures.json')
