import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'
import type { RunResult } from '../../src/engine/types'

/**
 * The walker reports exactly what is reachable: random object graphs built by a guest program, checked
 * against a plain model of reachability. The garbage includes cycles, which QuickJS frees only when its
 * cycle collector runs, so they are still in memory when the walk comes and must be left out.
 */

const KINDS = ['object', 'array', 'map', 'set', 'closure', 'weakmap'] as const
type Kind = (typeof KINDS)[number]
const ROOTS = ['global', 'let', 'const'] as const

interface Graph {
  kinds: Kind[]
  /**
   * `[from, to, extra, flag]`; what it means depends on the kind of `from`: a property, an element, a Set
   * member, a captured variable (all to `to`); a Map key (`flag`) or value; a WeakMap entry with key `to`
   * and value `extra`.
   */
  edges: [number, number, number, boolean][]
  roots: [number, (typeof ROOTS)[number]][]
  /** Whether the program runs the cycle collector before the walk. */
  collect: boolean
}

const graphs: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    kinds: fc.array(fc.constantFrom(...KINDS), { minLength: n, maxLength: n }),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.nat(n - 1), fc.boolean()), { maxLength: 3 * n }),
    roots: fc.array(fc.tuple(fc.nat(n - 1), fc.constantFrom(...ROOTS)), { maxLength: 3 }),
    collect: fc.boolean(),
  }),
)

const NEW: Record<Kind, string> = {
  object: '{ tag: 0 }',
  array: '[]',
  map: 'new Map()',
  set: 'new Set()',
  closure: '', // written from its captures
  weakmap: 'new WeakMap()',
}

/** The program, and the line each node is allocated on (one line per node, so `site.line` names it). */
function program(g: Graph): { source: string; lineOf: number[] } {
  const n = g.kinds.length
  const captures: number[][] = g.kinds.map(() => [])
  const wiring: string[] = []
  g.edges.forEach(([from, to, extra, flag], k) => {
    switch (g.kinds[from]) {
      case 'object': return void wiring.push(`n${from}.p${k} = n${to}`)
      case 'array': return void wiring.push(`n${from}.push(n${to})`)
      case 'map': return void wiring.push(flag ? `n${from}.set(n${to}, ${k})` : `n${from}.set("v${k}", n${to})`)
      case 'set': return void wiring.push(`n${from}.add(n${to})`)
      case 'closure': return void captures[from].push(to)
      case 'weakmap': return void wiring.push(`n${from}.set(n${to}, n${extra})`)
    }
  })
  const lets = g.roots.filter(([, how]) => how === 'let').map(([node]) => node)
  const consts = g.roots.filter(([, how]) => how === 'const').map(([node]) => node)
  const head = [...lets.map((node, k) => `let l${k} = null`), 'function build() {']
  // Closures read build's own variables: the later ones are initialised before anything can call them.
  const nodes = g.kinds.map((kind, i) =>
    kind === 'closure' ? `  const n${i} = () => [${[...new Set(captures[i])].map((t) => `n${t}`).join(', ')}]` : `  const n${i} = ${NEW[kind]}`,
  )
  const body = [
    ...wiring.map((line) => `  ${line}`),
    ...g.roots.filter(([, how]) => how === 'global').map(([node], k) => `  globalThis.g${k} = n${node}`),
    ...lets.map((node, k) => `  l${k} = n${node}`),
    `  return [${consts.map((node) => `n${node}`).join(', ')}]`,
    '}',
    'let handoff = build()',
    ...consts.map((_, k) => `const c${k} = handoff[${k}]`),
    'handoff = null',
    ...(g.collect ? ['gc.collect()'] : []),
  ]
  const first = head.length + 1
  return { source: [...head, ...nodes, ...body].join('\n'), lineOf: Array.from({ length: n }, (_, i) => first + i) }
}

/** Breadth-first from the roots; a WeakMap value counts only once both its map and its key are reached. */
function reachable(g: Graph): Set<number> {
  const out: number[][] = g.kinds.map(() => [])
  const entries = new Map<string, [number, number, number]>() // the last set() of a key wins
  for (const [from, to, extra] of g.edges) {
    if (g.kinds[from] === 'weakmap') entries.set(`${from},${to}`, [from, to, extra])
    else out[from].push(to)
  }
  const seen = new Set<number>()
  const queue = g.roots.map(([node]) => node)
  for (;;) {
    while (queue.length > 0) {
      const v = queue.shift()!
      if (seen.has(v)) continue
      seen.add(v)
      queue.push(...out[v])
    }
    for (const [map, key, value] of entries.values()) if (seen.has(map) && seen.has(key) && !seen.has(value)) queue.push(value)
    if (queue.length === 0) return seen
  }
}

/** The graph's nodes the final snapshot holds, by index, sorted, with repeats. */
function reportedNodes(result: RunResult, lineOf: number[]): number[] {
  const nodeAt = new Map(lineOf.map((line, i) => [line, i]))
  return result.heap!.snapshot!.nodes
    .filter((node) => node.site?.file === 'main.js' && nodeAt.has(node.site.line))
    .map((node) => nodeAt.get(node.site!.line)!)
    .sort((a, b) => a - b)
}

describe('the reachable set', () => {
  it('is exactly what a model of reachability says, for random graphs with garbage and garbage cycles', async () => {
    await fc.assert(
      fc.asyncProperty(graphs, async (g) => {
        const { source, lineOf } = program(g)
        const result = await runProgram(source)
        expect(result.error).toBeNull()
        expect(result.heap?.error).toBeNull()
        // With repeats: each node must be reported once, not merely its line.
        expect(reportedNodes(result, lineOf)).toEqual([...reachable(g)].sort((a, b) => a - b))
      }),
      { numRuns: 60 },
    )
  }, 60_000)

  it('leaves out a garbage cycle that is still in memory when the walk comes', async () => {
    // A guard on the property: it proves nothing if the garbage were always gone before the walk.
    const g: Graph = { kinds: ['object', 'array', 'closure'], edges: [[0, 1, 0, false], [1, 2, 0, false], [2, 0, 0, false]], roots: [], collect: false }
    const { source, lineOf } = program(g)
    expect(reachable(g).size).toBe(0)
    expect(reportedNodes(await runProgram(source), lineOf)).toEqual([])
    const collected = await runProgram(`${source}\nconsole.log(gc.collect())`)
    expect(collected.console.map((e) => e.text)).toEqual(['3'])
  })

  it('is what the model says for a rooted example of every kind of edge', async () => {
    // Also a guard: the property would pass vacuously if the walker reported nothing at all.
    const g: Graph = {
      kinds: ['object', 'array', 'map', 'set', 'closure', 'weakmap', 'object', 'object', 'object'],
      edges: [[0, 1, 0, false], [1, 2, 0, false], [2, 3, 0, true], [2, 4, 0, false], [3, 5, 0, false], [4, 6, 0, false], [5, 6, 7, false], [5, 8, 8, false]],
      roots: [[0, 'const']],
      collect: false,
    }
    const { source, lineOf } = program(g)
    expect(reachable(g)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7]))
    expect(reportedNodes(await runProgram(source), lineOf)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })
})
