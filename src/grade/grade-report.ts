/**
 * Grading results for people and for programs: an aligned table for the terminal, CSV for a
 * spreadsheet, JSON for scripts. Names, reasons and even file names come from untrusted files, so the
 * table strips what a terminal would obey (escape sequences, carriage returns, bidi overrides) and
 * the CSV defuses what a spreadsheet would evaluate (a cell starting with =, +, - or @).
 */
import { describeSettings, DIFFERENT_EXERCISE, DIFFERENT_SETTINGS, LANGUAGE_NAMES, type GradeResult, type GradeTarget } from './grade-submission'
import type { ShardInfo } from './grade-shard'

export interface GradeSummary {
  submissions: number
  graded: number
  passed: number
  failed: number
  notGraded: number
  differentExercise: number
  differentSettings: number
  /** Passed every check, but the heap walk could not account for the whole heap: not passed. */
  unsure: number
}

export function summarize(results: readonly GradeResult[]): GradeSummary {
  const count = (test: (r: GradeResult) => boolean) => results.filter(test).length
  return {
    submissions: results.length,
    graded: count((r) => r.result !== 'error'),
    passed: count((r) => r.result === 'pass'),
    failed: count((r) => r.result === 'fail'),
    unsure: count((r) => r.result === 'unsure'),
    notGraded: count((r) => r.result === 'error'),
    differentExercise: count((r) => r.hashMatches === false),
    differentSettings: count((r) => r.settingsMatch === false),
  }
}

/** `12 graded: 9 passed, 3 failed; 2 could not be graded; 1 for a different exercise`. */
export function summaryLine(summary: GradeSummary): string {
  const parts = [`${summary.graded} graded: ${summary.passed} passed, ${summary.failed} failed${summary.unsure > 0 ? `, ${summary.unsure} unsure` : ''}`]
  if (summary.notGraded > 0) parts.push(`${summary.notGraded} could not be graded`)
  if (summary.differentExercise > 0) parts.push(`${summary.differentExercise} for a different exercise`)
  if (summary.differentSettings > 0) parts.push(`${summary.differentSettings} handed in with different settings`)
  return parts.join('; ')
}

// Escape sequences: CSI (colours, cursor moves), OSC (titles, hyperlinks) and the two-character ones.
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])?|\x9b[0-?]*[ -/]*[@-~]?/g
const LINE_BREAKS = /[\t\n\v\f\r\x85\u2028\u2029]/g
// Other C0 and C1 controls, and the invisible marks that reorder or hide text (bidi overrides and isolates).
const INVISIBLE = /[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g
/** Longest cell the table prints; the CSV and the JSON keep every character. */
const MAX_CELL = 160

/** Untrusted text made safe to print in a terminal: one line, nothing a terminal would obey. */
export function terminalSafe(text: string, max = MAX_CELL): string {
  const line = text.replace(ESCAPES, '').replace(LINE_BREAKS, ' ').replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim()
  const chars = Array.from(line)
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : line
}

export interface TableStyle {
  pass(text: string): string
  fail(text: string): string
  error(text: string): string
  flag(text: string): string
  dim(text: string): string
}

const same = (text: string) => text
export const plainTable: TableStyle = { pass: same, fail: same, error: same, flag: same, dim: same }
const sgr = (code: number) => (text: string) => `\x1b[${code}m${text}\x1b[0m`
export const ansiTable: TableStyle = { pass: sgr(32), fail: sgr(31), error: sgr(33), flag: sgr(33), dim: sgr(2) }

/** The width a cell takes in a terminal, near enough: one column per code point. */
const width = (text: string) => Array.from(text).length

/** The notes as the table shows them: the flags, short (the JSON has them in full). */
export function shortNotes(r: GradeResult): string[] {
  const notes: string[] = []
  if (r.hashMatches === false) notes.push(DIFFERENT_EXERCISE)
  if (r.settingsMatch === false && r.settings) notes.push(`${DIFFERENT_SETTINGS} (${describeSettings(r.settings)})`)
  if (r.result !== 'error' && r.claimedPass !== null && r.claimedPass !== (r.result === 'pass')) notes.push(`claimed ${r.claimedPass ? 'pass' : 'fail'}`)
  return notes
}

/** ` in Python` for a Python target; nothing for JavaScript, the language a scenario always has. */
const inLanguage = (target: GradeTarget) => (target.language === 'javascript' ? '' : ` in ${LANGUAGE_NAMES[target.language]}`)

/**
 * The table: a line naming the scenario (and for a part of a grading cut with --shard, a line saying
 * which), then one row per file (file, learner, result, figure, reason, notes), then the summary.
 * Columns are padded before they are coloured, so colour never shifts them.
 */
export function formatGradeTable(target: GradeTarget, results: readonly GradeResult[], style: TableStyle = plainTable, shard: ShardInfo | null = null): string {
  const head = ['file', 'learner', 'result', 'figure', 'reason', 'notes']
  const rows = results.map((r) => [
    terminalSafe(r.file),
    terminalSafe(r.learner ?? ''),
    r.result,
    terminalSafe(r.figure ?? ''),
    terminalSafe(r.reason ?? ''),
    shortNotes(r).join('; '),
  ])
  const widths = head.map((h, col) => Math.max(width(h), ...rows.map((row) => width(row[col]))))
  // The last column is not padded: a coloured cell would carry its padding inside the colour.
  const pad = (cell: string, col: number) => (col === head.length - 1 ? cell : cell + ' '.repeat(widths[col] - width(cell)))
  const colour = (r: GradeResult, cell: string, col: number) => {
    if (col === 2) return r.result === 'pass' ? style.pass(cell) : r.result === 'fail' || r.result === 'unsure' ? style.fail(cell) : style.error(cell)
    if (col === 5 && (r.hashMatches === false || r.settingsMatch === false)) return style.flag(cell)
    return cell
  }
  const line = (cells: string[], paint: (cell: string, col: number) => string) => cells.map((cell, col) => paint(pad(cell, col), col)).join('  ').trimEnd()
  const out = [
    `Grading against ${terminalSafe(target.id)} (${terminalSafe(target.title)})${inLanguage(target)}, exercise hash ${target.hash.slice(0, 12)}…: ${describeSettings(target.settings)}, ${target.checks.length} ${target.checks.length === 1 ? 'check' : 'checks'}`,
    ...(shard ? [`Part ${shard.part} of ${shard.of}: ${results.length} of the ${shard.files} ${shard.files === 1 ? 'file' : 'files'} (leaklab grade merge joins the parts' --json)`] : []),
    '',
    line(head, (cell) => style.dim(cell)),
    ...results.map((r, i) => line(rows[i], (cell, col) => colour(r, cell, col))),
    '',
    summaryLine(summarize(results)),
  ]
  return `${out.join('\n').replace(/[ ]+$/gm, '')}\n`
}

export const CSV_COLUMNS = ['file', 'learner', 'result', 'hash_matches', 'settings_match', 'figure', 'reason', 'handed_in_at'] as const

// Controls other than tab and line breaks have no business in a cell, and an escape would reach whoever cats the file.
const CSV_CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g

/** One RFC 4180 field; a cell a spreadsheet would take for a formula gets a leading apostrophe. */
export function csvField(value: string | boolean | null): string {
  let text = value === null ? '' : String(value).replace(ESCAPES, '').replace(CSV_CONTROLS, '')
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A header row and one row per file, CRLF line ends as RFC 4180 has them. */
export function formatGradeCsv(results: readonly GradeResult[]): string {
  const rows = results.map((r) => [r.file, r.learner, r.result, r.hashMatches, r.settingsMatch, r.figure, r.reason, r.handedInAt])
  return [CSV_COLUMNS.join(','), ...rows.map((row) => row.map(csvField).join(','))].map((line) => `${line}\r\n`).join('')
}

/**
 * What --json prints: the scenario graded against (`language` only for Python, as in an exercise; its
 * checks, so the table can be made again from the JSON), for a part cut with --shard what `grade
 * merge` needs to put the parts together (ShardInfo), a summary, and every result.
 */
export function gradeJson(target: GradeTarget, results: readonly GradeResult[], shard: ShardInfo | null = null) {
  const language = target.language === 'javascript' ? {} : { language: target.language }
  return {
    scenario: { id: target.id, title: target.title, ...language, hash: target.hash, settings: target.settings, checks: target.checks },
    ...(shard ? { shard } : {}),
    summary: summarize(results),
    results,
  }
}
