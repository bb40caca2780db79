import { parse } from 'acorn'
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
  /** Map a column of `code` back to the source's column on the same line (both 1-based). */
  originalColumn(line: number, column: number): number
}

type Node = ESTree.Node & { start: number; end: number; loc: ESTree.SourceLocation }
type FunctionNode = (ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression) & Node

/**
 * Rewrite a learner's script so the heap walker can tell where objects came from and what closures
 * captured, without keeping anything alive that the program did not:
 * - allocation sites: object and array literals, `new`, function and class expressions become
 *   `__leaklab.a(expr, site)` (a WeakMap from object to site id, so it retains nothing);
 *   function declarations are registered the same way at the top of their scope;
 * - closures: a function that captures variables starts with
 *   `if (__leaklab.p) return void __leaklab.p(["x", () => x, …])`, which does nothing unless the
 *   walker is peeking; then it reports the captured values instead of running. No getter object
 *   exists outside a walk, so there is no bookkeeping to count or to keep data alive.
 * Every insertion stays on its line, so lines are unchanged; `originalColumn` maps columns back.
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
  const wrap = (node: Node, extra = '') => {
    out.prependRight(node.start, `${RUNTIME}.a(`)
    out.appendLeft(node.end, `, ${site(node)}${extra})`)
  }

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
      parts.push(`, ${JSON.stringify(key)}, ${record.site}, ${accessor + onPrototype}`)
    }
    return parts.length > 0 ? parts.join('') : null
  }

  const peekStatement = (captures: string[]) =>
    `;if (${RUNTIME}.p) return void ${RUNTIME}.p([${captures.map((n) => `${JSON.stringify(n)}, () => ${n}`).join(', ')}]);`

  /** Insert text at the start of a body, after any directive prologue ('use strict' must stay first). */
  const bodyStart = (body: (ESTree.Statement | ESTree.ModuleDeclaration | ESTree.Directive)[], open: number) => {
    let at = open
    for (const statement of body) {
      if (!('directive' in statement) || typeof statement.directive !== 'string') break
      at = (statement as unknown as Node).end
    }
    return at
  }

  const declaredFunctions = new Map<number, string[]>() // insertion point → registration statements
  const register = (at: number, statement: string) => {
    const list = declaredFunctions.get(at) ?? []
    list.push(statement)
    declaredFunctions.set(at, list)
  }

  // Post-order (children first), so nested insertions at a shared end land inner-first.
  const visit = (node: Node, parent: Node | null, scopeBodyStart: number) => {
    const isFunction = node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression'
    let innerBodyStart = scopeBodyStart
    if (isFunction && (node as FunctionNode).body.type === 'BlockStatement') {
      const block = (node as FunctionNode).body as ESTree.BlockStatement & Node
      innerBodyStart = bodyStart(block.body, block.start + 1)
    } else if (node.type === 'BlockStatement' || node.type === 'StaticBlock') {
      innerBodyStart = node.start + 1
    }
    for (const child of children(node)) visit(child, node, innerBodyStart)

    switch (node.type) {
      case 'ObjectExpression': {
        const methods = capturingMethods((node as ESTree.ObjectExpression).properties, false)
        wrap(node)
        // After wrap: prependRight puts later insertions first, so m( encloses a(.
        if (methods) out.prependRight(node.start, `${RUNTIME}.m(`)
        if (methods) out.appendLeft(node.end, `${methods})`)
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
          break
        }
        wrap(node, !(node as ESTree.ClassExpression).id && inferredName(node, parent) ? `, ${JSON.stringify(inferredName(node, parent))}` : '')
        if (methods) out.prependRight(node.start, `${RUNTIME}.m(`)
        if (methods) out.appendLeft(node.end, `${methods})`)
        break
      }
      case 'ClassDeclaration': {
        // A class is in its TDZ until declared: register it right after the declaration.
        const name = (node as ESTree.ClassDeclaration).id?.name
        classes.push(sites.length)
        const methods = capturingMethods((node as ESTree.ClassDeclaration).body.body, true)
        const registration = `${RUNTIME}.a(${name}, ${site(node)})`
        if (name) out.appendLeft(node.end, `;${methods ? `${RUNTIME}.m(${registration}${methods})` : registration};`)
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
        if (node.type === 'FunctionDeclaration') {
          site(node)
          register(scopeBodyStart, `;${RUNTIME}.a(${ownName}, ${id});`)
        } else if (!isMethodValue(parent)) {
          wrap(node, name && !ownName ? `, ${JSON.stringify(name)}` : '')
        } else {
          site(node)
        }
        break
      }
    }
  }

  const addPeek = (fn: FunctionNode, captures: string[]) => {
    if (fn.body.type === 'BlockStatement') {
      const block = fn.body as ESTree.BlockStatement & Node
      out.appendLeft(bodyStart(block.body, block.start + 1), peekStatement(captures))
    } else {
      const body = fn.body as Node
      out.prependRight(body.start, `(${RUNTIME}.p ? void ${RUNTIME}.p([${captures.map((n) => `${JSON.stringify(n)}, () => ${n}`).join(', ')}]) : `)
      out.appendLeft(body.end, ')')
    }
  }

  const program = ast as ESTree.Program & Node
  const programStart = bodyStart(program.body, 0)
  for (const statement of program.body) visit(statement as Node, program, programStart)
  for (const [at, statements] of declaredFunctions) out.appendLeft(at, statements.join(''))

  const code = out.toString()
  return {
    code,
    sites,
    topLevel: topLevelBindings(program),
    functions,
    classes,
    originalColumn: columnMapper(out),
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
 * Columns move only where text was inserted on the line. A hi-res source map from magic-string
 * gives the original position of every generated character.
 */
function columnMapper(out: MagicString): (line: number, column: number) => number {
  const map = out.generateDecodedMap({ hires: true })
  return (line, column) => {
    const segments = map.mappings[line - 1]
    if (!segments) return column
    let best: number | null = null
    for (const segment of segments) {
      if (segment.length < 4 || segment[0] > column - 1) break
      best = (segment[3] as number) + (column - 1 - segment[0])
    }
    return best === null ? column : best + 1
  }
}

