/**
 * An attempt shown as what the learner would have changed: its lines against leaky.js, in hunks with
 * a little context, as `git diff` shows them. jsdiff computes it (see the README's architecture).
 */
import { structuredPatch } from 'diff'

export interface DiffLine {
  kind: 'same' | 'added' | 'removed'
  text: string
  /** The line's number in the file it belongs to: the attempt for added and kept lines, leaky.js for removed ones. */
  line: number
}

export interface DiffHunk {
  lines: DiffLine[]
}

export function attemptDiff(leaky: string, attempt: string, context = 2): DiffHunk[] {
  const patch = structuredPatch('leaky.js', 'attempt.js', leaky, attempt, '', '', { context })
  return patch.hunks.map((hunk) => {
    let oldLine = hunk.oldStart
    let newLine = hunk.newStart
    const lines: DiffLine[] = []
    for (const raw of hunk.lines) {
      const mark = raw[0]
      const text = raw.slice(1)
      // "\ No newline at end of file" is the patch format's, not the program's.
      if (mark === '\\') continue
      if (mark === '+') lines.push({ kind: 'added', text, line: newLine++ })
      else if (mark === '-') lines.push({ kind: 'removed', text, line: oldLine++ })
      else {
        lines.push({ kind: 'same', text, line: newLine })
        oldLine++
        newLine++
      }
    }
    return { lines }
  })
}
