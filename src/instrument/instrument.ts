import { parse, tokenizer } from 'acorn'
import type * as ESTree from 'estree'
import MagicString from 'magic-string'
import type { AllocationSite } from '../heap/snapshot'
import { inferredName } from './inferred-name'

/** The guest global the instrumented code calls; the prelude defines it, hidden from the learner. */
export const RUNTIME = '__leaklab'

export interface Instrumented {
  /** The rewritten program: the same lines as the source, so line numbers never change. */
  code: string
  /** Allocation sites by id (the number passed to `__leaklab.a`). */
  sites: AllocationSite[]
  /** Map a column of `code` back to the source's column on the same line (both 1-based, as QuickJS counts). */
  originalColumn(line: number, column: number): number
  /** The file name and source the program was instrumented from. */
  file: string
  source: string
  /**
   * Where text was inserted, ascending: pairs of a source offset and the total length inserted at or
   * before it. The inserted text is ASCII, so its length in UTF-16 units is its length in columns.
   */
  insertions: number[]
  /** The source offset each line starts at. Lines end at `\n` only, as QuickJS counts them. */
  lineStarts: number[]
}

type Node = ESTree.Node & { start: number; end: number; loc: ESTree.SourceLocation }
type FunctionNode = (ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression) & Node

/**
 * Rewrite a learner's script so the heap walk can tell the line each object was made at, without
 * keeping anything alive that the program did not: object and array literals, `new`, function and
 * class expressions become `__leaklab.a(expr, site)` (a WeakMap from object to site id, so it retains
 * nothing, which the engine's walk reads); function declarations are registered the same way at the
 * top of their scope (their block, a function body after its directives, a static block, or a
 * switch's first case test), and class declarations right after them. What a closure captured, what
 * a frame holds and which bindings are top-level the engine knows itself: nothing is rewritten for it.
 * Every insertion stays on its line, so lines are unchanged; `originalColumn` maps columns back, and
 * `insertions` lets the guest give a function its own source text (prelude/function-source.ts).
 * Throws acorn's SyntaxError on a program that does not parse.
 */
export function instrument(source: string, filename: string): Instrumented {
  const ast = parse(source, { ecmaVersion: 'latest', sourceType: 'script', locations: true, ranges: true, allowHashBang: true }) as unknown as ESTree.Program & Node
  const out = new MagicString(source)
  const sites: AllocationSite[] = []
  const site = (node: Node) => sites.push({ file: filename, line: node.loc.start.line, column: node.loc.start.column + 1 }) - 1

  // Every insertion goes through these two, which keep count of what was inserted where (the guest
  // maps a rewritten function's text back to the source with it, the host an error's column).
  const insertedAt = new Map<number, number>()
  const count = (at: number, text: string) => insertedAt.set(at, (insertedAt.get(at) ?? 0) + text.length)
  /** Insert before whatever starts at `at` (an insertion made later lands further out). */
  const before = (at: number, text: string) => {
    out.prependRight(at, text)
    count(at, text)
  }
  /** Insert after whatever ends at `at` (an insertion made later lands further out). */
  const after = (at: number, text: string) => {
    out.appendLeft(at, text)
    count(at, text)
  }
  const wrap = (node: Node, extra = '') => {
    before(node.start, `${RUNTIME}.a(`)
    after(node.end, `, ${site(node)}${extra})`)
  }
  const nameArgument = (name: string) => `, ${jsString(name)}`

  /** Insert text at the start of a body, after any directive prologue ('use strict' must stay first). */
  const bodyStart = (body: (ESTree.Statement | ESTree.ModuleDeclaration | ESTree.Directive)[], open: number) => {
    let at = open
    for (const statement of body) {
      if (!('directive' in statement) || typeof statement.directive !== 'string') break
      at = (statement as unknown as Node).end
    }
    return at
  }

  // Where each scope's function declarations are registered → the registrations. A scope starts
  // after its `{` (or directives); a switch's cases share one scope, which has no place for a
  // statement before its first case: there they are registered in the first case's test, as
  // expressions (`case __leaklab.a(f, 3), 1:`), which runs first whenever the switch does.
  const declaredFunctions = new Map<number, string[]>()
  const expressionScopes = new Set<number>()
  const register = (at: number, registration: string) => {
    const list = declaredFunctions.get(at) ?? []
    list.push(registration)
    declaredFunctions.set(at, list)
  }

  /** Where the declarations a node's children make are registered, if the node starts a scope. */
  const scopeStartOf = (node: Node, parent: Node | null): number | null => {
    if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') && (node as FunctionNode).body.type === 'BlockStatement') {
      const block = (node as FunctionNode).body as ESTree.BlockStatement & Node
      return bodyStart(block.body, block.start + 1)
    }
    if (node.type === 'BlockStatement') {
      // A function's body: its parent already said where (after the directives).
      const isBody = parent !== null && (parent.type === 'FunctionDeclaration' || parent.type === 'FunctionExpression' || parent.type === 'ArrowFunctionExpression') && (parent as FunctionNode).body === node
      return isBody ? null : node.start + 1
    }
    if (node.type === 'StaticBlock') return afterOpeningBrace(source, node.start)
    if (node.type === 'SwitchStatement') {
      const cases = (node as ESTree.SwitchStatement).cases as (ESTree.SwitchCase & Node)[]
      const tested = cases.find((c) => c.test)
      if (tested) {
        const at = (tested.test as Node).start
        expressionScopes.add(at)
        return at
      }
      // Only a default clause: it always runs, from its first statement.
      const first = cases[0]?.consequent[0] as Node | undefined
      return first ? first.start : null
    }
    return null
  }

  // Post-order (children first), so nested insertions at a shared end land inner-first.
  const visit = (node: Node, parent: Node | null, scopeBodyStart: number) => {
    const innerBodyStart = scopeStartOf(node, parent) ?? scopeBodyStart
    for (const child of children(node)) visit(child, node, innerBodyStart)

    let wrapped = true
    switch (node.type) {
      case 'ObjectExpression':
      case 'ArrayExpression':
      case 'NewExpression':
        wrap(node)
        break
      case 'ClassExpression': {
        if (isMethodValue(parent)) {
          site(node)
          wrapped = false
          break
        }
        const name = (node as ESTree.ClassExpression).id ? '' : inferredName(node, parent)
        wrap(node, name ? nameArgument(name) : '')
        break
      }
      case 'ClassDeclaration': {
        // A class is in its TDZ until declared: register it right after the declaration.
        const name = (node as ESTree.ClassDeclaration).id?.name
        const registration = `${RUNTIME}.a(${name === undefined ? name : jsIdentifier(name)}, ${site(node)})`
        if (name) after(node.end, `;${registration};`)
        wrapped = false
        break
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const fn = node as FunctionNode
        const ownName = fn.type === 'ArrowFunctionExpression' ? undefined : fn.id?.name
        const name = ownName ?? inferredName(node, parent)
        const id = sites.length
        wrapped = false
        if (node.type === 'FunctionDeclaration') {
          site(node)
          register(scopeBodyStart, `${RUNTIME}.a(${jsIdentifier(ownName!)}, ${id})`)
        } else if (!isMethodValue(parent)) {
          wrap(node, name && !ownName ? nameArgument(name) : '')
          wrapped = true
        } else {
          site(node)
        }
        break
      }
      default:
        wrapped = false
    }
    // `new __leaklab.a(class {}, 3)()` would construct __leaklab.a: the callee of new needs parentheses.
    if (wrapped && parent?.type === 'NewExpression' && (parent as ESTree.NewExpression).callee === node) {
      before(node.start, '(')
      after(node.end, ')')
    }
  }

  const program = ast as ESTree.Program & Node
  const programStart = bodyStart(program.body, afterHashbang(source))
  for (const statement of program.body) visit(statement as Node, program, programStart)
  for (const [at, registrations] of declaredFunctions) {
    after(at, expressionScopes.has(at) ? registrations.map((r) => `${r}, `).join('') : registrations.map((r) => `;${r};`).join(''))
  }

  const insertions: number[] = []
  let total = 0
  for (const at of [...insertedAt.keys()].sort((a, b) => a - b)) {
    total += insertedAt.get(at)!
    insertions.push(at, total)
  }
  const lineStarts = [0]
  for (let at = source.indexOf('\n'); at >= 0; at = source.indexOf('\n', at + 1)) lineStarts.push(at + 1)
  const code = out.toString()
  return {
    code,
    sites,
    originalColumn: columnMapper(source, lineStarts, insertions),
    file: filename,
    source,
    insertions,
    lineStarts,
  }
}

/**
 * Function values left unwrapped: a method (`{ m() {} }` has no expression to wrap), and a value
 * under a computed key, whose name JavaScript infers from the key at run time
 * (`{ [key]: () => {} }`), which a wrapping call would lose.
 */
function isMethodValue(parent: Node | null): boolean {
  if (!parent) return false
  if (parent.type === 'MethodDefinition') return true
  if (parent.type === 'Property') {
    const property = parent as ESTree.Property
    return property.method || property.kind !== 'init' || property.computed
  }
  return parent.type === 'PropertyDefinition' && (parent as ESTree.PropertyDefinition).computed
}

/** The child nodes of an ESTree node, in source order. */
function children(node: Node): Node[] {
  const result: Node[] = []
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'range' || key === 'start' || key === 'end') continue
    const value = (node as unknown as Record<string, unknown>)[key]
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) result.push(item)
    } else if (isNode(value)) {
      result.push(value)
    }
  }
  return result.sort((a, b) => a.start - b.start)
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && typeof (value as { start?: unknown }).start === 'number'
}

/**
 * Columns move only where text was inserted on the line. QuickJS counts a column in code points (a
 * character outside the BMP is one column, two UTF-16 units); the inserted text is ASCII.
 */
function columnMapper(source: string, lineStarts: number[], insertions: number[]): (line: number, column: number) => number {
  return (line, column) => {
    if (line < 1 || line > lineStarts.length || column < 1) return column
    let at = lineStarts[line - 1]
    // The first insertion at or after the line's start.
    let next = 0
    while (next < insertions.length && insertions[next] < at) next += 2
    let remaining = column - 1
    let original = 0
    while (remaining > 0 && at < source.length) {
      if (next < insertions.length && insertions[next] === at) {
        const length = insertions[next + 1] - (next > 0 ? insertions[next - 1] : 0)
        // A column inside inserted text maps to where it was inserted.
        if (remaining < length) return original + 1
        remaining -= length
        next += 2
        continue
      }
      const code = source.charCodeAt(at)
      if (code === 10) break
      at += code >= 0xd800 && code <= 0xdbff && (source.charCodeAt(at + 1) & 0xfc00) === 0xdc00 ? 2 : 1
      original++
      remaining--
    }
    // Past the line's end (a column QuickJS reports there), the columns go on one by one.
    return original + 1 + remaining
  }
}

/** Where a program's statements may start: after a `#!` line, which must stay first. */
function afterHashbang(source: string): number {
  if (!source.startsWith('#!')) return 0
  const end = source.slice(2).search(/[\n\r\u2028\u2029]/)
  return end < 0 ? source.length : end + 3
}

/** The offset just after the `{` that opens a class static block (a comment may stand before it). */
function afterOpeningBrace(source: string, start: number): number {
  let tokens = 0
  for (const token of tokenizer(source.slice(start), { ecmaVersion: 'latest' })) {
    if (++tokens === 2) return start + token.end
  }
  throw new Error('a static block without its {')
}

/** A string literal of plain ASCII (so an insertion's length is its width in columns). */
function jsString(value: string): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** An identifier in plain ASCII: `café` as `caf\u{e9}`, which names the same binding. */
function jsIdentifier(name: string): string {
  return name.replace(/[^\x00-\x7f]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`)
}
