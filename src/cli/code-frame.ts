/**
 * The offending line with a line or two around it and a caret under the column, as compilers
 * print errors:
 *
 *      3 | function read(o) {
 *   >  4 |   return o.missing.field
 *        |                   ^
 */
export function codeFrame(source: string, line: number, column: number | null, context = 1): string {
  const lines = source.split(/\r?\n/)
  if (line < 1 || line > lines.length) return ''
  const first = Math.max(1, line - context)
  const last = Math.min(lines.length, line + context)
  const gutter = String(last).length
  const out: string[] = []
  for (let n = first; n <= last; n++) {
    const marker = n === line ? '>' : ' '
    out.push(`${marker} ${String(n).padStart(gutter)} | ${lines[n - 1]}`.trimEnd())
    if (n === line && column !== null && column >= 1) {
      // Tabs keep their width so the caret lands under the right character.
      const lead = lines[n - 1].slice(0, column - 1).replace(/[^\t]/g, ' ')
      out.push(`  ${' '.repeat(gutter)} | ${lead}^`)
    }
  }
  return out.join('\n')
}
