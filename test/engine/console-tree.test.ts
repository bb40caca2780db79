import { describe, expect, it } from 'vitest'
import { consoleEntry } from '../../src/engine/console-entry'
import { runProgram } from '../../src/engine/run'
import type { ConsoleArg, ConsoleEntry, ConsoleTree, RunOptions, RunResult } from '../../src/engine/types'

async function run(source: string, options: Partial<RunOptions> = {}): Promise<RunResult> {
  const result = await runProgram(source, { steps: 0, ...options })
  expect(result.error).toBeNull()
  return result
}

/** The one logged object of a line with a single argument. */
async function logged(source: string): Promise<ConsoleArg> {
  const result = await run(source)
  const args = result.console.at(-1)?.args
  expect(args).toHaveLength(1)
  return args![0]
}

/** A tree as `key: text` rows, nested arrays for children, for compact expectations. */
function rows(tree: ConsoleTree | undefined): unknown[] {
  if (!tree) return []
  const out: unknown[] = tree.children.map((child) => {
    const sep = child.kind === 'entry' ? ' => ' : ': '
    const row = child.kind === 'member' ? child.value.text : `${child.key}${sep}${child.value.text}`
    return child.value.tree && child.value.tree.children.length > 0 ? [row, rows(child.value.tree)] : row
  })
  if (tree.more) out.push(`… ${tree.more} more${tree.cut ? ` (${tree.cut})` : ''}`)
  return out
}

function child(arg: ConsoleArg, ...path: string[]): ConsoleArg {
  let current = arg
  for (const key of path) {
    const found = current.tree?.children.find((c) => c.key === key)
    if (!found) throw new Error(`no child ${key} in ${JSON.stringify(current).slice(0, 300)}`)
    current = found.value
  }
  return current
}

describe("a logged object's tree", () => {
  it('lists nested objects, arrays and Maps, each with a one-line preview', async () => {
    const result = await run("console.log({ a: [1, { b: 2 }], m: new Map([['k', 1]]) })")
    expect(result.console).toEqual([
      {
        level: 'log',
        text: "{ a: [ 1, { b: 2 } ], m: Map(1) { 'k' => 1 } }",
        args: [
          {
            text: "{ a: [ 1, { b: 2 } ], m: Map(1) { 'k' => 1 } }",
            tree: {
              children: [
                {
                  key: 'a',
                  value: {
                    text: '[ 1, [Object] ]',
                    tree: {
                      children: [
                        { key: '0', value: { text: '1' } },
                        { key: '1', value: { text: '{ b: 2 }', tree: { children: [{ key: 'b', value: { text: '2' } }] } } },
                      ],
                    },
                  },
                },
                {
                  key: 'm',
                  value: { text: "Map(1) { 'k' => 1 }", tree: { children: [{ key: "'k'", value: { text: '1' }, kind: 'entry' }] } },
                },
              ],
            },
          },
        ],
      },
    ])
  })

  it('keeps text as Node prints it, and the parts join to the text, in every console method', async () => {
    const source = [
      'const o = { n: 1, list: [1, 2] }',
      'console.log("before", o, 42, o, "after")',
      'console.log("%s | %o | %O | %j | %d", o, [1], { x: { y: 1 } }, o, 5)',
      'console.info(o); console.debug(o); console.warn(o); console.error("e", o); console.dirxml(o)',
      'console.dir(o, { depth: 0 })',
      'console.assert(false, "failed with", o)',
      'console.group("G", o); console.log("in\\ngroup", { multi: "line" }, "\\nend"); console.group(); console.log(o); console.groupEnd(); console.groupEnd()',
      'console.time("t"); console.timeLog("t", o)',
      'console.table(o.list); console.table(5)',
      'function traced() { console.trace("where", o) }\ntraced()',
      'console.log(Object.fromEntries(Array.from({ length: 40 }, (_, i) => ["key" + i, { i }])))',
    ].join('\n')
    const result = await run(source)
    const withArgs = result.console.filter((entry) => entry.args)
    expect(withArgs.length).toBe(result.console.length - 2)
    for (const entry of withArgs) expect(entry.args!.map((arg) => arg.text).join('')).toBe(entry.text)
    expect(result.console[0].args!.map((arg) => [arg.text, arg.tree !== undefined])).toEqual([
      ['before ', false],
      ['{ n: 1, list: [ 1, 2 ] }', true],
      [' 42 ', false],
      ['{ n: 1, list: [ 1, 2 ] }', true],
      [' after', false],
    ])
    // %j is JSON text and %d a number: only the inspected objects are parts of their own.
    expect(result.console[1].args!.filter((arg) => arg.tree).map((arg) => arg.text)).toEqual([
      '{ n: 1, list: [Array] }',
      '[ 1, [length]: 1 ]',
      '{ x: { y: 1 } }',
    ])
    const inGroup = result.console.find((entry) => entry.text.startsWith('  in'))!
    expect(inGroup.text).toBe("  in\n  group { multi: 'line' } \n  end")
    expect(inGroup.args!.map((arg) => arg.text)).toEqual(['  in\n  group ', "{ multi: 'line' }", ' \n  end'])
  })

  it('marks a reference back to an object being listed as [Circular]', async () => {
    const root = await logged('const o = { name: "root", list: [] }\no.self = o\no.list.push(o, { up: o.list })\nconsole.log(o)')
    expect(rows(root.tree)).toEqual([
      "name: 'root'",
      ['list: [ [Circular], [Object] ]', ['0: [Circular]', ['1: { up: [Circular] }', ['up: [Circular]']]]],
      'self: [Circular]',
    ])
    // The same object twice, side by side, is no cycle.
    const twice = await logged('const shared = { s: 1 }\nconsole.log({ a: shared, b: shared })')
    expect(rows(twice.tree)).toEqual([['a: { s: 1 }', ['s: 1']], ['b: { s: 1 }', ['s: 1']]])
  })

  it('lists Map entries (an object key expandable too), Set members and typed arrays', async () => {
    const arg = await logged('console.log({ m: new Map([["k", { v: 1 }], [{ id: 7 }, "obj"]]), s: new Set([1, "two", [3]]), t: new Uint8Array([5, 6]) })')
    expect(rows(arg.tree)).toEqual([
      ["m: Map(2) { 'k' => [Object], [Object] => 'obj' }", [["'k' => { v: 1 }", ['v: 1']], "{ id: 7 } => 'obj'"]],
      ["s: Set(3) { 1, 'two', [Array] }", ['1', "'two'", ['[ 3 ]', ['0: 3']]]],
      ['t: Uint8Array(2) [ 5, 6 ]', ['0: 5', '1: 6']],
    ])
    const objectKey = child(arg, 'm').tree!.children[1]
    expect(objectKey).toMatchObject({ kind: 'entry', key: '{ id: 7 }', keyArg: { text: '{ id: 7 }', tree: { children: [{ key: 'id', value: { text: '7' } }] } } })
  })

  it("names a class instance by its constructor, as Node does, and shows functions' and errors' properties", async () => {
    const source = [
      'class DataHolder { constructor(d) { this.data = d } }',
      'class Bar extends Array {}',
      'class WithStatic { static count = 3 }',
      'const e = new RangeError("bad\\nsecond line"); e.code = "E_BAD"',
      'console.log({ h: new DataHolder(1), n: Object.assign(Object.create(null), { x: 1 }), b: Bar.from([1, 2]), c: WithStatic,',
      '  f: Object.assign(function named() {}, { p: 1 }), e, d: Object.assign(new Date(0), { tag: 1 }), r: Object.assign(/x+/gi, { q: 1 }),',
      '  boxed: Object.assign(new String("ab"), { extra: 1 }), empty: new DataHolder(undefined), w: new WeakMap() })',
    ].join('\n')
    const arg = await logged(source)
    expect(rows(arg.tree)).toEqual([
      ['h: DataHolder { data: 1 }', ['data: 1']],
      ['n: [Object: null prototype] { x: 1 }', ['x: 1']],
      ['b: Bar(2) [ 1, 2 ]', ['0: 1', '1: 2']],
      ['c: [class WithStatic] { count: 3 }', ['count: 3']],
      ['f: [Function: named] { p: 1 }', ['p: 1']],
      ["e: [RangeError: bad] { code: 'E_BAD' }", ["code: 'E_BAD'"]],
      ['d: 1970-01-01T00:00:00.000Z { tag: 1 }', ['tag: 1']],
      ['r: /x+/gi { q: 1 }', ['q: 1']],
      ["boxed: [String: 'ab'] { extra: 1 }", ['extra: 1']],
      ['empty: DataHolder { data: undefined }', ['data: undefined']],
      'w: WeakMap { <items unknown> }',
    ])
  })

  it('shows accessors as [Getter], [Setter] and [Getter/Setter] without calling them, and runs no code of the program', async () => {
    const source = [
      'let calls = 0',
      'const count = () => { calls++; throw new Error("the console ran program code") }',
      'class Tagged { get [Symbol.toStringTag]() { return count() } }',
      'Object.defineProperty(Object.prototype, "toJSON", { get: count, configurable: true })',
      'const deep = { l1: { l2: { tagged: new Tagged(), custom: { [Symbol.for("nodejs.util.inspect.custom")]: count } } } }',
      'console.log({ get g() { return count() }, set s(v) { count() }, get gs() { return count() }, set gs(v) { count() }, deep })',
      'console.log("calls", calls)',
    ].join('\n')
    const result = await run(source)
    expect(result.console.at(-1)!.text).toBe('calls 0')
    const arg = result.console[0].args![0]
    expect(rows(arg.tree).slice(0, 3)).toEqual(['g: [Getter]', 's: [Setter]', 'gs: [Getter/Setter]'])
    // Node's text stops at depth 2; the tree goes on to objects the text never touched, and reads
    // neither their Symbol.toStringTag getter nor their custom inspect.
    expect(arg.text).toContain('deep: { l1: { l2: [Object] } }')
    expect(child(arg, 'deep', 'l1', 'l2', 'tagged').text).toBe('Tagged {}')
    expect(child(arg, 'deep', 'l1', 'l2', 'custom')).toEqual({ text: '[Object]', tree: { children: [], more: 1, cut: 'depth' } })
  })

  it("shows a proxy's target and handler without running a trap", async () => {
    const source = [
      'let traps = 0',
      'const handler = {}',
      'for (const trap of ["get", "has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf", "apply", "defineProperty"]) {',
      '  handler[trap] = (...args) => { traps++; return Reflect[trap](...args) }',
      '}',
      'const p = new Proxy({ t: 1 }, handler)',
      // depth -1: the text is [Object] and never reaches the proxy; the tree does.
      'console.dir({ p }, { depth: -1 })',
      'console.log({ l1: { l2: { l3: { p } } } })',
      'console.log("traps", traps)',
    ].join('\n')
    const result = await run(source)
    expect(result.console.at(-1)!.text).toBe('traps 0')
    const arg = result.console[0].args![0]
    expect(arg.text).toBe('[Object]')
    const proxy = child(arg, 'p')
    expect(proxy.text).toBe('Proxy [ [Object], [Object] ]')
    expect(rows(proxy.tree)).toEqual([
      ['[[Target]]: { t: 1 }', ['t: 1']],
      ['[[Handler]]: { get: [Function (anonymous)], has: [Function (anonymous)], … }', expect.any(Array)],
    ])
    expect(child(result.console[1].args![0], 'l1', 'l2', 'l3', 'p')).toEqual({
      text: '[Proxy]',
      tree: { children: [], more: 2, cut: 'depth' },
    })
  })

  it('lists own symbol keys, and quotes keys that are not identifiers as Node does', async () => {
    const arg = await logged('console.log({ [Symbol("sym key")]: 1, [Symbol.for("registered")]: [1], "a-b": 2, valid_$: 3, ok_1: 5, 7: "n", ["__proto__"]: 4 })')
    expect(rows(arg.tree)).toEqual([
      "'7': 'n'",
      "'a-b': 2",
      "'valid_$': 3",
      'ok_1: 5',
      "['__proto__']: 4",
      '[Symbol(sym key)]: 1',
      ['[Symbol(registered)]: [ 1 ]', ['0: 1']],
    ])
  })

  it('is a snapshot: a later change to the object is not seen in an earlier line', async () => {
    const result = await run('const o = { n: 1, list: [1] }\nconsole.log(o)\no.n = 2\no.list.push(2)\nconsole.log(o)')
    expect(rows(result.console[0].args![0].tree)).toEqual(['n: 1', ['list: [ 1 ]', ['0: 1']]])
    expect(rows(result.console[1].args![0].tree)).toEqual(['n: 2', ['list: [ 1, 2 ]', ['0: 1', '1: 2']]])
  })

  it('gives primitives, empty objects and functions without properties no tree, and such a line no parts', async () => {
    const result = await run('console.log("a", 1, 2n, null, undefined, Symbol("s"), {}, [], new Map(), function f() {}, class K {}, new Date(0), /r/, new Error("x"))')
    expect(result.console[0].args).toBeUndefined()
    expect(Object.keys(result.console[0])).toEqual(['level', 'text'])
  })

  it('keeps working when the program patches the built-ins it uses', async () => {
    const source = [
      'Array.prototype.push = function () { throw new Error("patched push") }',
      'Object.keys = Reflect.ownKeys = () => { throw new Error("patched keys") }',
      'Object.getOwnPropertyDescriptor = () => { throw new Error("patched descriptor") }',
      'Map.prototype.entries = Map.prototype[Symbol.iterator] = () => { throw new Error("patched entries") }',
      'JSON.stringify = () => { throw new Error("patched stringify") }',
      'console.log({ a: [1], m: new Map([[1, 2]]) })',
    ].join('\n')
    const arg = await logged(source)
    expect(rows(arg.tree)).toEqual([['a: [ 1 ]', ['0: 1']], ['m: Map(1) { 1 => 2 }', ['1 => 2']]])
  })
})

describe("a tree's bounds", () => {
  it('lists 100 children per object, then says how many more', async () => {
    const arg = await logged('console.log({ list: Array.from({ length: 250 }, (_, i) => i), obj: Object.fromEntries(Array.from({ length: 150 }, (_, i) => ["k" + i, i])), set: new Set(Array.from({ length: 120 }, (_, i) => i)) })')
    const list = child(arg, 'list').tree!
    expect(list.children).toHaveLength(100)
    expect(list.children.at(-1)).toEqual({ key: '99', value: { text: '99' } })
    expect(list).toMatchObject({ more: 150 })
    expect(list.cut).toBeUndefined()
    expect(child(arg, 'obj').tree).toMatchObject({ more: 50 })
    expect(child(arg, 'obj').tree!.children).toHaveLength(100)
    expect(child(arg, 'set').tree).toMatchObject({ more: 20 })
  })

  it('goes 4 levels below the logged object, and says what it did not keep deeper', async () => {
    const arg = await logged('console.log({ l1: { l2: { l3: { l4: { l5: 1, other: 2 } } } } })')
    expect(child(arg, 'l1', 'l2', 'l3').text).toBe('{ l4: [Object] }')
    expect(child(arg, 'l1', 'l2', 'l3', 'l4')).toEqual({ text: '[Object]', tree: { children: [], more: 2, cut: 'depth' } })
  })

  it('keeps 2,000 values and a bounded size per line, however big the object', async () => {
    const source = [
      'const cube = Array.from({ length: 50 }, (_, i) => Array.from({ length: 50 }, (_, j) => Array.from({ length: 50 }, (_, k) => ({ i, j, k }))))',
      'const wide = { text: "x".repeat(1000000), ["k".repeat(100000)]: 1 }',
      'console.log(cube)',
      'console.log(wide)',
    ].join('\n')
    const result = await run(source, { timeoutMs: 20_000 })
    const [cube, wide] = result.console.map((entry) => entry.args![0])
    let values = 0
    let sizeCut = false
    const visit = (tree: ConsoleTree | undefined): void => {
      if (!tree) return
      if (tree.cut === 'size') sizeCut = true
      for (const c of tree.children) {
        values++
        if (c.keyArg) visit(c.keyArg.tree)
        visit(c.value.tree)
      }
    }
    visit(cube.tree)
    expect(values).toBeGreaterThan(1500)
    expect(values).toBeLessThanOrEqual(2000)
    expect(sizeCut).toBe(true)
    expect(JSON.stringify(cube).length).toBeLessThan(400_000)
    // A million-character string or key is cut to a line's worth.
    const [text, key] = wide.tree!.children
    expect(text.value.text.length).toBeLessThanOrEqual(240)
    expect(text.value.text).toMatch(/^'x+'\.\.\. 999880 more characters$/)
    expect(key.key.length).toBeLessThanOrEqual(120)
  })

  it('keeps 100,000 values over a run, then prints lines as text only', async () => {
    // 99 values a line: 1,010 lines fit, the next is cut short, and the rest have no parts.
    const source = 'const row = Object.fromEntries(Array.from({ length: 99 }, (_, i) => ["k" + i, i]))\nfor (let i = 0; i < 1100; i++) console.log(row)'
    const result = await run(source, { timeoutMs: 30_000 })
    expect(result.console).toHaveLength(1100)
    const kept = result.console.map((entry) => entry.args?.[0].tree?.children.length ?? 0)
    expect(kept.slice(0, 1010).every((n) => n === 99)).toBe(true)
    expect(kept[1010]).toBe(100_000 - 1010 * 99)
    expect(result.console[1010].args![0].tree).toMatchObject({ more: 99 - kept[1010], cut: 'size' })
    expect(result.console.slice(1011).every((entry) => entry.args === undefined)).toBe(true)
    expect(result.console.at(-1)!.text).toBe(result.console[0].text)
  })
})

describe('console entries as data', () => {
  it('round-trips JSON and structured clone unchanged, as it crosses to the page and `leaklab run --json`', async () => {
    const result = await run('const o = { a: [1, { b: 2 }], m: new Map([[{ k: 1 }, new Set([1])]]), s: "quote\\"d\\u0000nul" }\no.self = o\nconsole.log("x", o, [o])\nconsole.log("plain")')
    expect(result.console[0].args).toBeDefined()
    expect(JSON.parse(JSON.stringify(result.console))).toEqual(result.console)
    expect(structuredClone(result.console)).toEqual(result.console)
  })

  it('cuts a long line and its parts alike, so the parts still join to the text', () => {
    const args: ConsoleArg[] = [{ text: 'a'.repeat(6) }, { text: 'b'.repeat(8), tree: { children: [{ key: 'k', value: { text: '1' } }] } }, { text: 'c'.repeat(5) }]
    const text = args.map((arg) => arg.text).join('')
    const encoded = JSON.stringify({ text, args })
    const cut: ConsoleEntry = consoleEntry('log', encoded, 10)
    expect(cut.text).toBe('aaaaaabbbb… (9 more characters)')
    expect(cut.args).toEqual([args[0], { text: 'bbbb', tree: args[1].tree }, { text: '… (9 more characters)' }])
    expect(consoleEntry('warn', encoded, 19)).toEqual({ level: 'warn', text, args })
    expect(consoleEntry('log', JSON.stringify('plain'), 10)).toEqual({ level: 'log', text: 'plain' })
  })
})

describe('logging objects and the counts the learner sees', () => {
  it('adds no objects to the engine counts or the heap snapshot', async () => {
    const body = 'const item = { i, tags: ["a", "b"], m: new Map([[i, { v: i }]]), s: new Set([i]) }\n  list.push(item)'
    const plain = await run(`const list = []\nfunction step(i) {\n  ${body}\n}`, { steps: 40 })
    // The program keeps item; the console must keep neither it nor the temporary it logs alongside.
    const logged = 'console.log("item", item, list, { temporary: [i], m: new Map([[{ i }, new Set([i])]]) })'
    const logging = await run(`const list = []\nfunction step(i) {\n  ${body}\n  ${logged}\n}`, { steps: 40 })
    expect(logging.console).toHaveLength(40)
    expect(logging.console.every((entry) => entry.args?.filter((arg) => arg.tree).length === 3)).toBe(true)
    const growth = (result: RunResult) => result.samples.map((s) => s.objects - result.start.objects)
    expect(growth(logging)).toEqual(growth(plain))
    expect(logging.memory.objects - logging.start.objects).toBe(plain.memory.objects - plain.start.objects)
    const nodes = (result: RunResult) => result.heap!.snapshot!.nodes.length
    expect(nodes(logging)).toBe(nodes(plain))
  })
})
