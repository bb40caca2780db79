import type { HeapEdge, HeapSnapshot } from '../heap/snapshot'
import type { RetainerPath } from './paths'

/**
 * Renders a retainer path as one line, read left to right from a root the way the learner would reach
 * the object in code. The first edge renders as its label, whatever its kind (`globalThis`, `leakList`,
 * `setInterval#1`). Each later edge appends, by kind (LABEL is the edge's label, verbatim):
 *
 * - `property`: `.LABEL` when LABEL is an identifier (a `#private` name too); `[LABEL]` when it has the
 *   form `Symbol(…)`; otherwise `[JSON-quoted LABEL]`: `.cache`, `["weird key"]`, `[Symbol(id)]`.
 * - `element`: `[LABEL]`: `[99]`.
 * - `map-value`: `.get(LABEL)`, LABEL being the key as the snapshot renders it: `.get("u7")`.
 * - `map-key`: `.key(LABEL)`: the key object itself, of the entry whose key renders as LABEL:
 *   `.key(Session {…})`.
 * - `set-member`: `.values()[LABEL]`, LABEL being the position in iteration order: `.values()[3]`.
 * - `closure`: ` → (closure FN).LABEL`, FN the name of the function that captured the variable:
 *   ` → (closure tick).cache`; from a suspended frame, ` → (frame FN).LABEL`, FN the name of the
 *   async function or generator whose argument or local it is: ` → (frame handle).payload`.
 * - `internal`: `.<LABEL>`: `.<target>`, `.<then[0]>` (a promise's first reaction), `.<frame>`.
 * - `weak`: `.<weak LABEL>`: `.<weak target>`.
 * - `prototype`: `.__proto__`.
 * - `root` (from a root-kind node other than the root): ` → LABEL`: `(timers) → setInterval#1`.
 *
 * So `globalThis.leakList[99]` is element 99 of the global's `leakList`; `leakList[99]` the same through a
 * top-level `let`/`const` binding (the root edge is labelled with the binding's name); and
 * `setInterval#1 → (closure tick).cache.get("u7")` is the value under key `"u7"` of the Map `cache`
 * captured by `tick`, the callback of the first pending interval. The path of the root itself renders as
 * `(root)`.
 *
 * With `wildcards`, element and set positions and map keys render as `*` (`[*]`, `.values()[*]`,
 * `.get(*)`, `.key(*)`): the *pattern* of a path, shared by every member of a growing collection.
 */
export function renderPath(
  snapshot: Pick<HeapSnapshot, 'nodes' | 'notation'>,
  path: RetainerPath,
  options: { wildcards?: boolean } = {},
): string {
  if (path.edges.length === 0) return '(root)'
  let out = path.edges[0].label
  for (let i = 1; i < path.edges.length; i++) out += renderStep(snapshot, path.edges[i], options)
  return out
}

/** {@link renderPath} with wildcards: the key suspects are clustered by. */
export function pathPattern(snapshot: Pick<HeapSnapshot, 'nodes' | 'notation'>, path: RetainerPath): string {
  return renderPath(snapshot, path, { wildcards: true })
}

/**
 * One edge as {@link renderPath} appends it after the path that reaches `edge.from`: `.cache`, `[3]`,
 * ` → (closure tick).cache`.
 */
export function renderStep(
  snapshot: Pick<HeapSnapshot, 'nodes' | 'notation'>,
  edge: HeapEdge,
  options: { wildcards?: boolean } = {},
): string {
  const wild = options.wildcards === true
  const label = edge.label
  if (snapshot.notation === 'python') {
    // Python's own notation: `cache['u7']` for a dict's value (the key as repr writes it), a set's
    // members have no position to name.
    switch (edge.kind) {
      case 'map-value':
        return `[${wild ? '*' : label}]`
      case 'map-key':
        return `.<key ${wild ? '*' : label}>`
      case 'set-member':
        return '.<member>'
      case 'property':
        return IDENTIFIER.test(label) ? `.${label}` : `.<${label}>`
      default:
        break
    }
  }
  switch (edge.kind) {
    case 'root':
      return ` → ${label}`
    case 'property':
      if (IDENTIFIER.test(label)) return `.${label}`
      if (SYMBOL.test(label)) return `[${label}]`
      return `[${JSON.stringify(label)}]`
    case 'element':
      return `[${wild ? '*' : label}]`
    case 'map-value':
      return `.get(${wild ? '*' : label})`
    case 'map-key':
      return `.key(${wild ? '*' : label})`
    case 'set-member':
      return `.values()[${wild ? '*' : label}]`
    case 'closure':
      return ` → (${scopeOf(snapshot, edge)}).${label}`
    case 'internal':
      return `.<${label}>`
    case 'weak':
      return `.<weak ${label}>`
    case 'prototype':
      return '.__proto__'
  }
}

/** `closure FN` for a function's captured variable, `frame FN` for a suspended frame's own. */
function scopeOf(snapshot: Pick<HeapSnapshot, 'nodes' | 'notation'>, edge: HeapEdge): string {
  const from = snapshot.nodes[edge.from]
  return `${from?.kind === 'frame' ? 'frame' : 'closure'} ${from?.name ?? '?'}`
}

const IDENTIFIER = /^#?[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u
const SYMBOL = /^Symbol\(.*\)$/s

/**
 * Many edges of one kind as one step, for a collapsed set (a graph draws 100,000 elements as one edge):
 * edges that render alike render once; otherwise positions become a range, `[0…99999]` or
 * `.values()[0…9]`, and keys and names a `*`: `.get(*)`, `.key(*)`, `[*]` for property names,
 * `(closure FN).*`, `.<*>`, and `*` for roots held by a root node.
 */
export function renderSteps(snapshot: Pick<HeapSnapshot, 'nodes' | 'notation'>, edges: readonly HeapEdge[]): string {
  if (edges.length === 0) throw new RangeError('renderSteps needs at least one edge')
  const first = renderStep(snapshot, edges[0])
  if (edges.every((e) => renderStep(snapshot, e) === first)) return first
  const edge = edges[0]
  switch (edge.kind) {
    case 'element':
      return `[${positionRange(edges)}]`
    case 'set-member':
      return `.values()[${positionRange(edges)}]`
    case 'property':
      return '[*]'
    case 'closure':
      return ` → (${scopeOf(snapshot, edge)}).*`
    case 'internal':
      return '.<*>'
    case 'root':
      return ' → *'
    default:
      // map-value and map-key: their wildcard form; prototype edges always render alike.
      return renderStep(snapshot, edge, { wildcards: true })
  }
}

/** `MIN…MAX` of numeric labels, `*` when any label is not a position. */
function positionRange(edges: readonly HeapEdge[]): string {
  let min = Infinity
  let max = -Infinity
  for (const e of edges) {
    if (!POSITION.test(e.label)) return '*'
    const n = Number(e.label)
    if (n < min) min = n
    if (n > max) max = n
  }
  return min === max ? String(min) : `${min}…${max}`
}

const POSITION = /^(0|[1-9]\d*)$/
