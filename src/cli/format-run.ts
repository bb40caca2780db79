import type { HeapSummary, IgnoredSummary } from '../analysis'
import { formatDuration } from '../engine/duration'
import type { ConsoleEntry, RunError, RunResult } from '../engine/types'
import { formatBytes, formatCount, formatSigned } from '../format/numbers'
import { codeFrame } from './code-frame'
import { sparkline } from './sparkline'

export interface Style {
  red(text: string): string
  yellow(text: string): string
  dim(text: string): string
  bold(text: string): string
}

const same = (text: string) => text
export const plain: Style = { red: same, yellow: same, dim: same, bold: same }
const sgr = (code: number) => (text: string) => `\x1b[${code}m${text}\x1b[0m`
export const ansi: Style = { red: sgr(31), yellow: sgr(33), dim: sgr(2), bold: sgr(1) }

export function formatConsoleEntry(entry: ConsoleEntry, style: Style): string {
  if (entry.level === 'error') return style.red(entry.text)
  if (entry.level === 'warn') return style.yellow(entry.text)
  if (entry.level === 'debug') return style.dim(entry.text)
  return entry.text
}

const PHASES: Record<RunError['phase'], string> = {
  script: 'while running the script',
  setup: 'in setup()',
  step: 'in step',
  teardown: 'in teardown()',
  timer: 'in a timer callback',
  microtask: 'in a promise job',
  verify: "while the exercise's verifier ran",
}

export function formatError(error: RunError, source: string, filename: string, style: Style): string {
  const where = error.phase === 'step' && error.step !== undefined ? `in step(${error.step})` : PHASES[error.phase]
  const at = error.line !== null ? `at ${filename}:${error.line}${error.column !== null ? `:${error.column}` : ''}, ` : ''
  const lines = [style.red(style.bold(`✖ ${error.name}: ${error.message}`)), style.dim(`  ${at}${where} [${error.kind}]`)]
  if (error.line !== null) {
    const frame = codeFrame(source, error.line, error.column)
    if (frame) lines.push('', frame.replace(/^/gm, '  '))
  }
  return lines.join('\n')
}

/** The run summary: steps, objects and bytes at start and end, growth, and a sparkline of the samples. */
export function formatSummary(result: RunResult, style: Style): string {
  const rows: [string, string][] = []
  const { samples } = result
  if (result.hooks.step) {
    rows.push(['steps', `${formatCount(result.steps)} of ${formatCount(result.stepsRequested)}`])
  } else {
    rows.push(['steps', 'none (the program defines no step function)'])
  }
  const objectGrowth = result.memory.objects - result.start.objects
  let objects = `${formatCount(result.start.objects)} at start → ${formatCount(result.memory.objects)} at end (${formatSigned(objectGrowth)})`
  const first = samples[0]
  const last = samples.at(-1)
  if (first && last && last.step > first.step) {
    objects += `, ${formatSigned((last.objects - first.objects) / (last.step - first.step), 1)} per step`
  }
  rows.push(['objects', objects])
  rows.push(['memory', `${formatBytes(result.start.bytes)} → ${formatBytes(result.memory.bytes)} (${formatBytes(result.memory.bytes - result.start.bytes).replace(/^(?!-)/, '+')})`])
  // Only for a program that used imageLib: nothing else allocates native memory.
  const native = result.native
  if (native.allocatedBytes > 0) {
    let line = `${formatBytes(0)} → ${formatBytes(native.bytes)} (+${formatBytes(native.bytes)}), ${formatCount(native.blocks)} ${native.blocks === 1 ? 'image' : 'images'} live`
    if (native.peakBytes > native.bytes) line += `, peak ${formatBytes(native.peakBytes)}`
    rows.push(['native', line])
  }
  const timers = result.timers
  let time = `${formatDuration(result.time)} simulated`
  if (timers.fired > 0 || timers.pending > 0) {
    time += `, ${formatCount(timers.fired)} timer callbacks run, ${formatCount(timers.pending)} still pending`
  }
  rows.push(['time', time])
  if (samples.length > 1) {
    const counts = samples.map((s) => s.objects)
    rows.push(['samples', `${sparkline(counts)}  ${samples.length} samples, ${formatCount(Math.min(...counts))}–${formatCount(Math.max(...counts))} objects`])
  }
  // Python's count includes cycles its collector has not freed yet: a climbing count that is not a leak.
  const waiting = samples.findLast((s) => (s.unreachable ?? 0) > 0)
  if (waiting) {
    rows.push(['garbage', `${formatCount(waiting.unreachable!)} of the ${formatCount(waiting.objects)} objects at step ${formatCount(waiting.step)} were cycles nothing alive refers to, not yet freed by the collector (gc.collect() frees them)`])
  }
  rows.push(['took', `${formatCount(result.durationMs)} ms`])
  const width = Math.max(...rows.map(([label]) => label.length))
  return rows.map(([label, value]) => `${style.dim(label.padEnd(width))}  ${value}`).join('\n')
}

/** `--ignore`: what would be freed without the references named, and what still holds each suspect. */
export function formatIgnored(ignored: IgnoredSummary, style: Style): string {
  const named = ignored.paths.map((p) => style.bold(p)).join(', ')
  const lines = [style.dim(`What if ${ignored.paths.length === 1 ? 'this reference were' : 'these references were'} gone (the program is unchanged): ${named}`)]
  if (ignored.freedObjects === 0) lines.push('Nothing would be freed.')
  else {
    lines.push(`${formatCount(ignored.freedObjects)} ${ignored.freedObjects === 1 ? 'object' : 'objects'} would be freed, ${formatBytes(ignored.freedBytes)}:`)
    for (const g of ignored.groups.slice(0, TOP_GROUPS)) lines.push(`  ${formatCount(g.freed).padStart(9)}  ${g.name}${g.site ? style.dim(` (${g.site})`) : ''}  ${formatBytes(g.freedBytes)}`)
    if (ignored.groups.length > TOP_GROUPS) lines.push(style.dim(`  … ${ignored.groups.length - TOP_GROUPS} more groups`))
  }
  for (const s of ignored.suspects) {
    const where = s.site ? ` (${s.site})` : ''
    lines.push(s.stillHeldBy ? `${s.name}${where} is still held by ${style.bold(s.stillHeldBy)}` : `${s.name}${where} would be freed in full`)
  }
  return lines.join('\n')
}

const TOP_GROUPS = 8
/** Instances read as their class name; functions and classes say what they are. */
export const KIND_PREFIX: Record<string, string> = { class: 'class ', function: 'function ', closure: 'closure ', 'bound-function': 'bound function ', string: '' }

/** What the run left alive (the top groups by line) and the leak suspects with their retainer paths. */
export function formatHeap(heap: HeapSummary, style: Style): string {
  const lines: string[] = []
  const top = heap.groups.slice(0, TOP_GROUPS)
  if (top.length > 0) {
    const label = (g: { name: string; kind: string; site: string | null }) =>
      `${KIND_PREFIX[g.kind] ?? ''}${g.name}${g.site ? `  ${g.site}` : ''}`
    const width = Math.max(...top.map((g) => label(g).length))
    lines.push(style.dim(`${'live objects, by line'.padEnd(width)}  ${'count'.padStart(9)}  ${'retained'.padStart(10)}`))
    for (const g of top) lines.push(`${label(g).padEnd(width)}  ${formatCount(g.count).padStart(9)}  ${formatBytes(g.retainedBytes).padStart(10)}`)
    if (heap.groups.length > TOP_GROUPS) lines.push(style.dim(`… ${heap.groups.length - TOP_GROUPS} more groups (--json lists them all)`))
  }
  if (heap.suspects.length === 0) {
    lines.push('', 'No leak suspects: no group of objects grew with the steps.')
  } else {
    lines.push('', style.bold(`Leak suspects (${heap.suspects.length})`))
    for (const s of heap.suspects) {
      lines.push(
        `${style.red('●')} ${KIND_PREFIX[s.kind] ?? ''}${s.name}${s.site ? ` (${s.site})` : ''}: ${formatSigned(s.growthPerStep, 1)} per step, ${formatCount(s.count)} alive, retaining ${formatBytes(s.retainedBytes)}`,
        `  ${style.dim('kept alive by')} ${s.retainerPath}`,
      )
    }
  }
  return lines.join('\n')
}

/**
 * Everything `leaklab run` prints for a human: the console, the summary, the heap, then the error.
 * `heap` is the summary of the run's final snapshot, null when there is none (the worker that ran the
 * program made it and kept the snapshot, so `result.heap.snapshot` may be null either way).
 */
export function formatRun(result: RunResult, source: string, filename: string, style: Style = plain, heap: HeapSummary | null = null): string {
  const parts: string[] = []
  const consoleLines = result.console.map((entry) => formatConsoleEntry(entry, style))
  if (result.consoleDropped > 0) consoleLines.push(style.dim(`… ${formatCount(result.consoleDropped)} more console lines were not kept`))
  if (consoleLines.length) parts.push(consoleLines.join('\n'))
  parts.push(`${style.dim('──')} ${style.bold(filename)} ${style.dim('─'.repeat(Math.max(4, 40 - filename.length)))}\n${formatSummary(result, style)}`)
  if (heap) parts.push(formatHeap(heap, style))
  else if (result.heap?.error) parts.push(style.dim(result.heap.error))
  if (heap?.ignored) parts.push(formatIgnored(heap.ignored, style))
  if (result.error) parts.push(formatError(result.error, source, filename, style))
  return `${parts.join('\n\n')}\n`
}
