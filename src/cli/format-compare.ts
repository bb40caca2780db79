/** What `leaklab compare` prints for a human: two kept heaps compared object by object, by line. */
import { KEPT_BUDGET_BYTES, MAX_GUEST_SNAPSHOTS, snapshotName, type DroppedSnapshot } from '../heap/kept-snapshots'
import { formatBytes, formatCount } from '../format/numbers'
import { KIND_PREFIX, type Style } from './format-run'
import type { CompareJson, CompareRefJson, CompareReply } from './run-replies'

/** Groups shown; --json lists them all. */
const TOP_GROUPS = 20

/** A kept heap in a sentence: a label in quotes, else `step 25` or `the end of the run`. */
export function refName(ref: CompareRefJson): string {
  return ref.label !== null ? `'${ref.label}'` : ref.name
}

/** The header line: "Compared step 0 with step 100", and with a third heap ", still alive at 'after close'". */
export function compareHeader(comparison: Pick<CompareJson, 'from' | 'to' | 'then'>): string {
  const then = comparison.then ? `, still alive at ${refName(comparison.then)}` : ''
  return `Compared ${refName(comparison.from)} with ${refName(comparison.to)}${then}`
}

/**
 * The comparison as a table: the header, one row per group (added, freed, the bytes of each, the
 * group's name and line, and under it how one added object is held), the totals, and which heaps
 * the run did not keep.
 */
export function formatComparison(reply: Pick<CompareReply, 'totals' | 'dropped'> & { comparison: CompareJson }, style: Style): string {
  const { comparison, dropped } = reply
  const [a, b] = [refName(comparison.from), refName(comparison.to)]
  const added = comparison.then ? `made between ${a} and ${b}, still alive at ${refName(comparison.then)}` : `made since ${a}, alive at ${b}`
  const lines = [style.bold(compareHeader(comparison)), style.dim(`by line; added: ${added}; freed: alive at ${a}, gone at ${b}`)]
  const groups = comparison.groups
  if (groups.length === 0) {
    lines.push('', comparison.then ? 'Nothing allocated between them is still alive at the third, and nothing was freed.' : 'Nothing was allocated or freed between them.')
  } else {
    const cells = (a: string, f: string, ab: string, fb: string) => `${a.padStart(9)}  ${f.padStart(9)}  ${ab.padStart(11)}  ${fb.padStart(11)}`
    const indent = ' '.repeat(cells('', '', '', '').length + 2)
    lines.push('', style.dim(`${cells('added', 'freed', 'bytes added', 'bytes freed')}  group`))
    for (const g of groups.slice(0, TOP_GROUPS)) {
      const name = `${KIND_PREFIX[g.kind] ?? ''}${g.name}${g.site ? `  ${style.dim(g.site)}` : ''}`
      lines.push(`${cells(formatCount(g.added), formatCount(g.freed), formatBytes(g.addedBytes), formatBytes(g.freedBytes))}  ${name}`)
      if (g.retainerPath) lines.push(`${indent}${style.dim('held by')} ${g.retainerPath}`)
    }
    if (groups.length > TOP_GROUPS) lines.push(style.dim(`… ${groups.length - TOP_GROUPS} more groups (--json lists them all)`))
    const totals = reply.totals ?? sumGroups(comparison)
    lines.push(`${cells(formatCount(totals.added), formatCount(totals.freed), formatBytes(totals.addedBytes), formatBytes(totals.freedBytes))}  ${style.bold('total')}, ${formatCount(groups.length)} ${groups.length === 1 ? 'group' : 'groups'}`)
  }
  const note = droppedLine(dropped)
  if (note) lines.push('', style.yellow(note))
  return `${lines.join('\n')}\n`
}

function sumGroups(comparison: CompareJson): NonNullable<CompareReply['totals']> {
  const totals = { added: 0, freed: 0, addedBytes: 0, freedBytes: 0 }
  for (const g of comparison.groups) {
    totals.added += g.added
    totals.freed += g.freed
    totals.addedBytes += g.addedBytes
    totals.freedBytes += g.freedBytes
  }
  return totals
}

/** Which heaps the run did not keep, and why; null when it kept them all. */
export function droppedLine(dropped: readonly DroppedSnapshot[]): string | null {
  if (dropped.length === 0) return null
  const names = (why: DroppedSnapshot['why']) => dropped.filter((d) => d.why === why).map((d) => (d.label !== null ? `'${d.label}'` : snapshotName(d)))
  const parts: string[] = []
  const budget = names('budget')
  if (budget.length > 0) parts.push(`${budget.join(', ')} (kept heaps may take ${formatBytes(KEPT_BUDGET_BYTES).replace('.0 ', ' ')} in all)`)
  const count = names('count')
  if (count.length > 0) parts.push(`${count.join(', ')} (a program may take ${MAX_GUEST_SNAPSHOTS} snapshots)`)
  return `The run did not keep ${formatCount(dropped.length)} ${dropped.length === 1 ? 'snapshot' : 'snapshots'}: ${parts.join('; ')}.`
}
