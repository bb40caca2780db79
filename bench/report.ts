import type { Case, CaseTable, Derived, RatioGoal, RatioSpec, Skipped } from './case'
import type { Machine } from './machine'
import { summarize, type Summary } from './stats'

export interface CaseFigures extends Summary {
  id: string
  label: string
  includes: string
  /** Every measured time, in round order. */
  samplesMs: number[]
  observed?: Record<string, number>
}

export interface DerivedFigures extends CaseFigures {
  from: [string, string]
}

export interface Report {
  machine: Machine
  settings: { warmup: number; runs: number; order: string; timing: string }
  cases: CaseFigures[]
  derived: DerivedFigures[]
  /** `numerator/denominator` → ratio of medians from this run; absent when a side was skipped. */
  ratios: Record<string, number>
  ratioMeanings: Record<string, string>
  /** The ratios with a goal: the bound and whether this run's ratio met it. */
  goals: Record<string, { ratio: number; goal: string; met: boolean }>
  /** The cases with a time goal (Case.goal): their median, the bound and whether this run met it. */
  timeGoals: Record<string, { medianMs: number; goal: string; met: boolean }>
  /** Cases that count what they processed (observed.submissions): items per second from their median. */
  throughput: Record<string, { items: number; perSecond: number }>
  skipped: Skipped[]
  /** Tables the cases produced in their last run (the coverage per program). */
  tables: (CaseTable & { id: string })[]
}

const round3 = (x: number) => Math.round(x * 1000) / 1000

function figures(base: { id: string; label: string; includes: string }, samples: number[]): CaseFigures {
  const s = summarize(samples)
  return {
    id: base.id,
    label: base.label,
    includes: base.includes,
    medianMs: round3(s.medianMs),
    minMs: round3(s.minMs),
    maxMs: round3(s.maxMs),
    runs: s.runs,
    samplesMs: samples.map(round3),
  }
}

export function buildReport(input: {
  machine: Machine
  warmup: number
  runs: number
  cases: readonly Case[]
  derived: readonly Derived[]
  ratios: readonly RatioSpec[]
  skipped: Skipped[]
  times: Map<string, number[]>
}): Report {
  const cases = input.cases.map((c) => {
    const observed = c.observed?.()
    return { ...figures(c, input.times.get(c.id)!), ...(observed ? { observed } : {}) }
  })
  // Ratios use unrounded medians so rounding for display never shifts them.
  const raw = new Map(input.times)
  const derived = input.derived
    .filter((d) => raw.has(d.minuend) && raw.has(d.subtrahend))
    .map((d) => {
      const b = raw.get(d.subtrahend)!
      const differences = raw.get(d.minuend)!.map((x, i) => x - b[i])
      raw.set(d.id, differences)
      return { ...figures(d, differences), from: [d.minuend, d.subtrahend] as [string, string] }
    })
  const medians = new Map([...raw].map(([id, values]) => [id, summarize(values).medianMs]))
  const ratios: Record<string, number> = {}
  const ratioMeanings: Record<string, string> = {}
  const goals: Report['goals'] = {}
  for (const r of input.ratios) {
    const top = medians.get(r.numerator)
    const bottom = medians.get(r.denominator)
    if (top === undefined || bottom === undefined || bottom <= 0) continue
    const key = `${r.numerator}/${r.denominator}`
    ratios[key] = Math.round((top / bottom) * 1000) / 1000
    ratioMeanings[key] = r.meaning
    // Judged on the unrounded ratio, like the ratio itself.
    if (r.goal) goals[key] = { ratio: ratios[key], goal: goalText(r.goal), met: meets(top / bottom, r.goal) }
  }
  const timeGoals: Report['timeGoals'] = {}
  for (const c of input.cases) {
    const median = medians.get(c.id)
    if (c.goal && median !== undefined) {
      timeGoals[c.id] = { medianMs: round3(median), goal: `≤ ${c.goal.atMostMs.toLocaleString('en-US')} ms (${c.goal.source})`, met: median <= c.goal.atMostMs }
    }
  }
  const throughput: Report['throughput'] = {}
  for (const c of cases) {
    const items = c.observed?.submissions
    if (items !== undefined && c.medianMs > 0) throughput[c.id] = { items, perSecond: Math.round((items / (c.medianMs / 1000)) * 10) / 10 }
  }
  return {
    machine: input.machine,
    settings: {
      warmup: input.warmup,
      runs: input.runs,
      order: 'round-robin: every round runs every case once, starting case rotated each round; warm-up rounds discarded; a full host GC before each sample, outside the clock',
      timing: 'engine cases: performance.now() around the awaited runProgram in the harness process; child cases: timed inside the child around what each case names (the loop, or the snapshot and statistics), so process start-up is excluded; each case\'s includes says exactly what its clock covers',
    },
    cases,
    derived,
    ratios,
    ratioMeanings,
    goals,
    timeGoals,
    throughput,
    skipped: input.skipped,
    tables: input.cases.flatMap((c) => {
      const t = c.table?.()
      return t ? [{ id: c.id, ...t }] : []
    }),
  }
}

const goalText = (goal: RatioGoal) => ('atMost' in goal ? `≤ ${goal.atMost}×` : `≥ ${goal.atLeast}×`)
const meets = (ratio: number, goal: RatioGoal) => ('atMost' in goal ? ratio <= goal.atMost : ratio >= goal.atLeast)

const ms = (x: number) => x.toFixed(2)

/** The reference column of the table; its ratios come from `report.ratios`, not from rounded medians. */
const NODE = 'node-seed'

function table(rows: string[][], rightAligned: Set<number>): string {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)))
  return rows
    .map((r) => r.map((cell, col) => (rightAligned.has(col) ? cell.padStart(widths[col]) : cell.padEnd(widths[col]))).join('  ').trimEnd())
    .join('\n')
}

export function formatHuman(report: Report): string {
  const vsNode = (f: CaseFigures) => {
    const ratio = f.id === NODE ? 1 : report.ratios[`${f.id}/${NODE}`]
    return ratio === undefined ? '—' : `${ratio.toFixed(2)}×`
  }
  const rows = [['case', 'median ms', 'min ms', 'max ms', 'vs node', 'label']]
  for (const f of report.cases) rows.push([f.id, ms(f.medianMs), ms(f.minMs), ms(f.maxMs), vsNode(f), f.label])
  for (const f of report.derived) rows.push([f.id, ms(f.medianMs), ms(f.minMs), ms(f.maxMs), vsNode(f), `${f.label} (derived)`])
  for (const s of report.skipped) rows.push([s.id, 'skipped', '', '', '', s.label])

  const out: string[] = []
  out.push(`Seed workload: 100,000 DataHolder objects pushed onto a list (1,000,000 in the -1m cases). ${report.settings.warmup} warm-up + ${report.settings.runs} measured rounds, round-robin; median, min and max of the measured runs.`)
  out.push('')
  out.push(table(rows, new Set([1, 2, 3, 4])))
  out.push('')
  const ratioRows = Object.entries(report.ratios)
    .filter(([key]) => !key.endsWith(`/${NODE}`))
    .map(([key, value]) => [key, `${value.toFixed(2)}×`, report.ratioMeanings[key]])
  // With --skip, every case a ratio needs may be gone.
  if (ratioRows.length > 0) {
    out.push('Other ratios of medians (same run):')
    out.push(table(ratioRows, new Set([1])).replace(/^/gm, '  '))
  }
  for (const s of report.skipped) out.push(`  (${s.id} skipped: ${s.reason})`)
  const goalRows = [
    ...Object.entries(report.goals).map(([key, g]) => [key, `${g.ratio.toFixed(2)}×`, `goal ${g.goal}`, g.met ? 'met' : 'NOT MET']),
    ...Object.entries(report.timeGoals).map(([id, g]) => [id, `${ms(g.medianMs)} ms`, `goal ${g.goal}`, g.met ? 'met' : 'NOT MET']),
  ]
  if (goalRows.length > 0) {
    out.push('Goals (the ratios above and the case medians that an issue bounds; same run):')
    out.push(table(goalRows, new Set([1])).replace(/^/gm, '  '))
  }
  const throughputRows = Object.entries(report.throughput).map(([id, t]) => [id, `${t.perSecond.toFixed(1)}/s`, `${t.items.toLocaleString('en-US')} submissions in ${(report.cases.find((c) => c.id === id)!.medianMs / 1000).toFixed(1)} s (median)`])
  if (throughputRows.length > 0) {
    out.push('Throughput (from the medians):')
    out.push(table(throughputRows, new Set([1])).replace(/^/gm, '  '))
  }
  for (const t of report.tables) {
    out.push('')
    out.push(`${t.title}:`)
    out.push(table([t.columns, ...t.rows], new Set(t.rightAligned)).replace(/^/gm, '  '))
    for (const note of t.notes) out.push(`  ${note}`)
  }
  out.push('')
  out.push('Sanity (last run):')
  for (const c of report.cases) {
    if (!c.observed) continue
    out.push(`  ${c.id}: ${Object.entries(c.observed).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}`)
  }
  out.push('')
  out.push('What each figure includes:')
  for (const f of [...report.cases, ...report.derived]) out.push(`  ${f.id}: ${f.includes}`)
  out.push(`Timing: ${report.settings.timing}.`)
  out.push(`Order: ${report.settings.order}.`)
  out.push('')
  const m = report.machine
  const python = m.python ? `python ${m.python}` : 'no usable python3'
  out.push(`Machine: node ${m.node}, ${python}, ${m.quickjs}, ${m.cpus} CPUs (${m.cpuModel}), ${m.os}, load ${m.loadBefore} → ${m.loadAfter}`)
  if (Math.max(m.loadBefore, m.loadAfter) >= m.cpus) {
    out.push(`Warning: the load average reached the CPU count; other processes were competing for the CPUs, so these figures are noisier than usual.`)
  }
  return out.join('\n')
}
