import { parse, tokenizer } from 'acorn'
import { analyze, type Scope } from 'eslint-scope'
import type * as ESTree from 'estree'
import MagicString from 'magic-string'
import type { AllocationSite } from '../heap/snapshot'
import { inferredName } from './inferred-name'

/** The guest global the instrumented code calls; the prelude defines it, hidden from the learner. */
export const RUNTIME = '__leaklab'

/** A function the instrumentation records: its site, and the variables it captured (if any). */
export interface InstrumentedFunction {
  site: number
  name: string
  captures: string[]
}

export interface Instrumented {
  /** The rewritten program: the same lines as the source, so line numbers never change. */
  code: string
  /** Allocation sites by id (the number passed to `__leaklab.a`). */
  sites: AllocationSite[]
  /** Top-level `let`, `const` and `class` bindings: roots the walker reads, though not on globalThis. */
  topLevel: string[]
  functions: InstrumentedFunction[]
  /** Site ids of class declarations and expressions. */
  classes: number[]
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
 * Rewrite a learner's script so the heap walker can tell where objects came from and what closures
 * captured, without keeping anything alive that the program did not:
 * - allocation sites: object and array literals, `new`, function and class expressions become
 *   `__leaklab.a(expr, site)` (a WeakMap from object to site id, so it retains nothing);
 *   function declarations are registered the same way at the top of their scope (their block, a
 *   function body after its directives, a static block, or a switch's first case test);
 * - closures: a function that captures variables starts with
 *   `if (__leaklab.p) return void __leaklab.p(["x", () => x, …])`, which does nothing unless the
 *   walker is peeking; then it reports the captured values instead of running. No getter object
 *   exists outside a walk, so there is no bookkeeping to count or to keep data alive.
 * Every insertion stays on its line, so lines are unchanged; `originalColumn` maps columns back, and
 * `insertions` lets the guest give a function its own source text (prelude/function-source.ts).
 * Throws acorn's SyntaxError on a program that does not parse.
 */
export function instrument(source: string, filename: string): Instrumented {
  const ast = parse(source, { ecmaVersion: 'latest', sourceType: 'script', locations: true, ranges: true, allowHashBang: true }) as unknown as ESTree.Program & Node
  const scopes = analyze(ast, { ecmaVersion: 2022, sourceType: 'script' })
  const out = new MagicString(source)
  const sites: AllocationSite[] = []
  const functions: InstrumentedFunction[] = []
  const functionSites = new Map<ESTree.Node, InstrumentedFunction>()
  const classes: number[] = []
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

  /** Captured variables: references leaving the function that resolve to an enclosing non-global scope. */
  const capturesOf = (fn: FunctionNode): string[] => {
    const scope = scopes.acquire(fn as ESTree.Node, true) as Scope | null
    if (!scope) return []
    const names = new Set<string>()
    for (const ref of scope.through) {
      const resolved = ref.resolved
      if (resolved && resolved.scope.type !== 'global') names.add(ref.identifier.name)
    }
    return [...names].sort()
  }

  // Each inserted statement starts with ';': a directive before it may lack its own semicolon.
  /**
   * `, "key", site, slot` for each method (or accessor) with a plain key that captures variables:
   * the arguments of `__leaklab.m`, or null when there are none.
   */
  const capturingMethods = (members: ESTree.Node[], isClass: boolean): string | null => {
    const parts: string[] = []
    for (const member of members) {
      if (member.type !== 'Property' && member.type !== 'MethodDefinition') continue
      if (member.computed || member.key.type === 'PrivateIdentifier') continue
      if (member.type === 'Property' && !member.method && member.kind === 'init') continue
      if (member.type === 'MethodDefinition' && member.kind === 'constructor') continue
      const record = functionSites.get(member.value as ESTree.Node)
      if (!record || record.captures.length === 0) continue
      const key = member.key.type === 'Identifier' ? member.key.name : String((member.key as ESTree.Literal).value)
      const accessor = member.kind === 'get' ? 1 : member.kind === 'set' ? 2 : 0
      const onPrototype = isClass && !(member as ESTree.MethodDefinition).static ? 4 : 0
      parts.push(`, ${jsString(key)}, ${record.site}, ${accessor + onPrototype}`)
    }
    return parts.length > 0 ? parts.join('') : null
  }

  const capturedPairs = (captures: string[]) => captures.map((n) => `${jsString(n)}, () => ${jsIdentifier(n)}`).join(', ')
  const peekStatement = (captures: string[]) => `;if (${RUNTIME}.p) return void ${RUNTIME}.p([${capturedPairs(captures)}]);`

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
      case 'ObjectExpression': {
        const methods = capturingMethods((node as ESTree.ObjectExpression).properties, false)
        wrap(node)
        // After wrap: prependRight puts later insertions first, so m( encloses a(.
        if (methods) before(node.start, `${RUNTIME}.m(`)
        if (methods) after(node.end, `${methods})`)
        break
      }
      case 'ArrayExpression':
      case 'NewExpression':
        wrap(node)
        break
      case 'ClassExpression': {
        classes.push(sites.length)
        const methods = capturingMethods((node as ESTree.ClassExpression).body.body, true)
        if (isMethodValue(parent)) {
          site(node)
          wrapped = false
          break
        }
        const name = (node as ESTree.ClassExpression).id ? '' : inferredName(node, parent)
        wrap(node, name ? nameArgument(name) : '')
        if (methods) before(node.start, `${RUNTIME}.m(`)
        if (methods) after(node.end, `${methods})`)
        break
      }
      case 'ClassDeclaration': {
        // A class is in its TDZ until declared: register it right after the declaration.
        const name = (node as ESTree.ClassDeclaration).id?.name
        classes.push(sites.length)
        const methods = capturingMethods((node as ESTree.ClassDeclaration).body.body, true)
        const registration = `${RUNTIME}.a(${name === undefined ? name : jsIdentifier(name)}, ${site(node)})`
        if (name) after(node.end, `;${methods ? `${RUNTIME}.m(${registration}${methods})` : registration};`)
        wrapped = false
        break
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const fn = node as FunctionNode
        const captures = isPeekable(fn, parent) ? capturesOf(fn) : []
        if (captures.length > 0) addPeek(fn, captures)
        const ownName = fn.type === 'ArrowFunctionExpression' ? undefined : fn.id?.name
        const name = ownName ?? inferredName(node, parent)
        const id = sites.length
        const record = { site: id, name, captures }
        functions.push(record)
        functionSites.set(node, record)
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

  const addPeek = (fn: FunctionNode, captures: string[]) => {
    if (fn.body.type === 'BlockStatement') {
      const block = fn.body as ESTree.BlockStatement & Node
      after(bodyStart(block.body, block.start + 1), peekStatement(captures))
    } else {
      // The body is an expression; a comma expression needs its own parentheses, or the peek would
      // run all but its first operand.
      const body = fn.body as Node
      const sequence = body.type === 'SequenceExpression'
      before(body.start, `(${RUNTIME}.p ? void ${RUNTIME}.p([${capturedPairs(captures)}]) : ${sequence ? '(' : ''}`)
      after(body.end, sequence ? '))' : ')')
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
    topLevel: topLevelBindings(program),
    functions,
    classes,
    originalColumn: columnMapper(source, lineStarts, insertions),
    file: filename,
    source,
    insertions,
    lineStarts,
  }
}

/**
 * Peeking calls the function with no arguments: parameters with defaults or patterns would run
 * (or throw) before the body's first statement, and class constructors cannot be called at all.
 */
function isPeekable(fn: FunctionNode, parent: Node | null): boolean {
  if (parent && parent.type === 'MethodDefinition' && (parent as ESTree.MethodDefinition).kind === 'constructor') return false
  return fn.params.every((p) => p.type === 'Identifier')
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

function topLevelBindings(program: ESTree.Program): string[] {
  const names: string[] = []
  for (const statement of program.body) {
    if (statement.type === 'VariableDeclaration' && statement.kind !== 'var') {
      for (const declarator of statement.declarations) names.push(...patternNames(declarator.id))
    } else if (statement.type === 'ClassDeclaration' && statement.id) {
      names.push(statement.id.name)
    }
  }
  return names
}

function patternNames(pattern: ESTree.Pattern): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name]
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => patternNames(p.type === 'RestElement' ? p.argument : p.value))
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => (e ? patternNames(e) : []))
    case 'RestElement':
      return patternNames(pattern.argument)
    case 'AssignmentPattern':
      return patternNames(pattern.left)
    default:
      return []
  }
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
