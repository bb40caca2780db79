import { describe, expect, it } from 'vitest'
import type { HeapSnapshot } from '../../src/heap/snapshot'
import { inspectRun } from './guest-leak-helpers'

/**
 * The engine records each object's line as it is made (quickjs/patches/0003 and 0004). Each form below
 * is kept under its own key of `kept`, made on the line marked `// <key>`; the test reads the object's
 * site straight from the final snapshot. The forms are the ones people write, and the ones where the
 * line is easy to get wrong: an object literal whose `{` ends a line, a function declaration (made at
 * the start of its scope), a generator or a promise made by a call, what built-ins, libraries and code
 * built at run time make for the learner.
 */
const PROGRAM = `const kept = {}
function declared() {} // declared
class Widget { // Widget
  constructor() { this.rows = [] } // rows
  get view() { return { widget: this } } // view
  *items() { yield 1 }
}
kept.literal = { // literal
  a: 1,
  b: 2,
}
kept.array = [ // array
  1, 2,
]
kept.instance = new Widget() // instance
kept.view = kept.instance.view
kept.arrow = () => kept // arrow
kept.method = { m() {} }.m // method
kept.classExpression = class {} // classExpression
kept.declared = declared
kept.regexp = /leak/g // regexp
kept.generator = kept.instance.items() // generator
async function wait() { await null }
kept.promise = wait() // promise
kept.then = Promise.resolve(1).then(() => 2) // then
kept.parsed = JSON.parse('{"a": [1]}') // parsed
kept.mapped = [1, 2].map((x) => x) // mapped
kept.spread = [...kept.mapped] // spread
kept.rest = ((...args) => args)(1, 2) // rest
kept.bound = declared.bind(null) // bound
kept.created = Object.create(null) // created
kept.evaluated = eval('({ e: 1 })') // evaluated
kept.indirect = (0, eval)('[1]') // indirect
kept.built = new Function('return new Map()')() // built
kept.emitter = new EventEmitter() // emitter
kept.emitter.on('x', () => {}) // listener
kept.element = document.createElement('div') // element
function nested() {
  function inner() {} // inner
  return inner
}
kept.inner = nested()
tracemalloc.start()
kept.snapshot = tracemalloc.takeSnapshot()
kept.referrers = gc.getReferrers(kept.literal)`

function markedLine(key: string): number {
  const lines = PROGRAM.split('\n')
  const found = lines.flatMap((line, i) => (line.endsWith(`// ${key}`) ? [i + 1] : []))
  if (found.length !== 1) throw new Error(`// ${key} is on ${found.length} lines`)
  return found[0]
}

/** The node a property of `kept` (the top-level binding) leads to, through `path` (property labels). */
function nodeAt(snapshot: HeapSnapshot, ...path: string[]) {
  const root = snapshot.edges.find((e) => e.from === 0 && e.label === 'kept')
  if (!root) throw new Error('no kept binding')
  let at = root.to
  for (const label of path) {
    const edge = snapshot.edges.find((e) => e.from === at && e.label === label)
    if (!edge) throw new Error(`no ${label} on the way to ${path.join('.')}`)
    at = edge.to
  }
  return snapshot.nodes[at]
}

describe('allocation sites, recorded by the engine', () => {
  it('put each object on the line that made it, for every form', async () => {
    const result = await inspectRun(PROGRAM)
    const snapshot = result.heap!.snapshot!
    const lineAt = (...path: string[]) => nodeAt(snapshot, ...path).site?.line ?? null
    const own = ['literal', 'array', 'instance', 'arrow', 'method', 'classExpression', 'regexp', 'generator', 'promise', 'then', 'parsed', 'mapped', 'spread', 'rest', 'bound', 'created', 'evaluated', 'indirect', 'built', 'emitter', 'element']
    const found = Object.fromEntries(own.map((key) => [key, lineAt(key)]))
    expect(found).toEqual(Object.fromEntries(own.map((key) => [key, markedLine(key)])))
    expect(lineAt('declared')).toBe(markedLine('declared'))
    expect(lineAt('inner')).toBe(markedLine('inner'))
    expect(lineAt('instance', 'rows')).toBe(markedLine('rows'))
    expect(lineAt('view')).toBe(markedLine('view'))
    // The emitter's listener list is made by the library for the learner's on() call.
    expect(lineAt('emitter', '_events', 'x')).toBe(markedLine('listener'))
  })

  it('give what LeakLab’s tools make no line: a tracemalloc snapshot, the answer of gc.getReferrers', async () => {
    const result = await inspectRun(PROGRAM)
    const snapshot = result.heap!.snapshot!
    expect(nodeAt(snapshot, 'snapshot').site).toBeNull()
    expect(nodeAt(snapshot, 'referrers').site).toBeNull()
  })

  it('survive a program that redefines what a rewrite would have relied on', async () => {
    const source = `globalThis.__leaklab = null
Object.defineProperty(Object.prototype, 'a', { set() { throw new Error('no') } })
const kept = []
kept.push({ x: 1 }) // pushed`
    const result = await inspectRun(source)
    const node = result.heap!.snapshot!.nodes.find((n) => n.kind === 'object' && n.site?.line === 4)
    expect(node).toBeDefined()
  })
})
