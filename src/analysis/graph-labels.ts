import type { AllocationSite, HeapEdge, HeapNode, HeapSnapshot } from '../heap/snapshot'
import { renderStep, renderSteps } from './notation'

/**
 * How the reference graph names a node: instances by their class (`DataHolder`, `Array`, `Map`), a
 * closure as the path notation writes it (`(closure tick)`), functions and classes with their kind so
 * that `class DataHolder` and its instances read apart, a root by its name (`globalThis`).
 */
export function nodeLabel(node: HeapNode): string {
  switch (node.kind) {
    case 'closure':
      return `(closure ${node.name})`
    case 'function':
      return `function ${node.name}`
    case 'class':
      return `class ${node.name}`
    default:
      return node.name
  }
}

/**
 * An edge's label: the step the path notation appends for it, less what the drawing already shows. A
 * closure's variable reads `.cache`, its holder being the node labelled `(closure tick)`; a root held
 * by a root node reads `setInterval#1`, the drawn edge being the notation's ` → `.
 */
export function edgeLabel(snapshot: Pick<HeapSnapshot, 'nodes'>, edges: readonly HeapEdge[]): string {
  const step = edges.length === 1 ? renderStep(snapshot, edges[0]) : renderSteps(snapshot, edges)
  const first = edges[0]
  const shown = first.kind === 'closure' ? `${ARROW}(closure ${snapshot.nodes[first.from]?.name ?? '?'})` : ARROW
  return step.startsWith(shown) ? step.slice(shown.length) : step
}

const ARROW = ' → '

/**
 * The label of many roots drawn as one: `setInterval#1…#250` when they are numbered alike (the
 * timers a leaky step left behind), else the first and how many more.
 */
export function rootsLabel(labels: readonly string[]): string {
  const numbered = labels.map((l) => NUMBERED.exec(l))
  const prefix = numbered[0]?.[1]
  if (prefix !== undefined && numbered.every((m) => m && m[1] === prefix)) {
    let min = Infinity
    let max = -Infinity
    for (const m of numbered) {
      const n = Number(m![2])
      if (n < min) min = n
      if (n > max) max = n
    }
    return `${prefix}${min}…${prefix.endsWith('#') ? '#' : ''}${max}`
  }
  return `${labels[0]} and ${labels.length - 1} more`
}

const NUMBERED = /^(.*?)(\d+)$/s

export function siteText(site: AllocationSite | null): string | null {
  return site ? `${site.file}:${site.line}:${site.column}` : null
}
