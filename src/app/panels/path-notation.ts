/**
 * Splits a retainer path in LeakLab's notation (src/analysis/notation.ts) into the parts a reader
 * follows: the root, then one part per reference. The panels print the parts with a line-break
 * opportunity between them, so a long path wraps at a reference, never inside `.get("u.7")`.
 */

export interface PathPart {
  text: string
  /** root: where the path starts; hop: ` → …`, into a closure or through another root; step: any other reference. */
  kind: 'root' | 'hop' | 'step'
}

const ARROW = ' → '

/** The parts, in order; joined they give `path` back exactly. */
export function splitPath(path: string): PathPart[] {
  const parts: PathPart[] = []
  let start = 0
  let depth = 0
  let inString = false
  const cut = (end: number): void => {
    if (end > start) parts.push({ text: path.slice(start, end), kind: parts.length === 0 ? 'root' : path.startsWith(ARROW, start) ? 'hop' : 'step' })
    start = end
  }
  for (let i = 0; i < path.length; i++) {
    const c = path[i]
    if (inString) {
      // Labels are JSON-quoted, so a quote inside one is always escaped.
      if (c === '\\') i++
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') inString = true
    else if (depth === 0 && (c === '.' || c === '[' || path.startsWith(ARROW, i))) cut(i)
    // Counted after the cut check, so `[` and `(` open the part they start.
    if (c === '(' || c === '[') depth++
    else if ((c === ')' || c === ']') && depth > 0) depth--
    if (path.startsWith(ARROW, i) && depth === 0) i += ARROW.length - 1
  }
  cut(path.length)
  return parts
}
