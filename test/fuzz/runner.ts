/**
 * Runs a batch of generated hostile programs in child processes and judges each: host crashes (the
 * child dies, or runProgram throws, or the host fails inside QuickJS), hangs (no answer within the
 * page watchdog's limit: the child is killed and replaced), runs over budget + grace, wrong error
 * kinds (and malformed results), and carry-over (the canary run after each program in the same
 * process differs from a fresh process's).
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { CANARY_OPTIONS, FINDING_KINDS, fingerprintDiff, hangLimitMs, judge, type Finding, type FindingKind, type RunSummary } from './checker'
import type { ChildMessage, ParentMessage } from './fuzz-child'
import { generateProgram, programSeed, type FuzzProgram, type GenerateOptions } from './hostile-programs'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CHILD = fileURLToPath(new URL('./fuzz-child.ts', import.meta.url))
/** Starting a child (tsx, the engine's modules, compiling the wasm, the fresh canary) on a loaded machine. */
const START_LIMIT_MS = 60_000

export interface BatchOptions extends GenerateOptions {
  seed: number
  count: number
  /** Run these instead of generating `count` programs from `seed` (the known bugs' minimal programs). */
  programs?: FuzzProgram[]
  /** Child processes running programs at once. */
  jobs: number
  /** Called after each program. */
  onProgress?(done: number, total: number, counts: Record<FindingKind, number>): void
}

export interface ProgramReport {
  index: number
  seed: number
  program: FuzzProgram
  /** What the run ended with, or what happened to it. */
  outcome: string
  summary: RunSummary | null
  /** Real time from sending the program to its result, in the parent. */
  elapsedMs: number
  findings: Finding[]
}

export interface BatchReport {
  seed: number
  count: number
  jobs: number
  excludeKnownBugs: boolean
  elapsedMs: number
  /** Programs with at least one finding of each kind. */
  counts: Record<FindingKind, number>
  failures: ProgramReport[]
  /** The slowest programs, by real time. */
  slowest: ProgramReport[]
  /** Programs by how they ended. */
  outcomes: Record<string, number>
  families: Record<string, number>
  /** Programs built to reach a known bug, and how many of those had findings. */
  knownBugPrograms: { total: number; failing: number; byBug: Record<string, { total: number; failing: number }> }
  childStarts: number
  maxChildRssMb: number
  /** Problems of the harness itself (fresh processes that disagree, a child that cannot start). */
  harnessErrors: string[]
}

interface Child {
  process: ChildProcess
  baseline: Record<string, unknown> | null
  stderr: string
  /** Resolves with the next message or the child's end. */
  next(timeoutMs: number): Promise<ChildMessage | { type: 'exit'; code: number | null; signal: string | null } | { type: 'silent' }>
  kill(): void
}

function startChild(): Promise<Child> {
  const child = fork(CHILD, [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
  const inbox: ChildMessage[] = []
  let exited: { type: 'exit'; code: number | null; signal: string | null } | null = null
  let waiter: (() => void) | null = null
  const wake = () => {
    const w = waiter
    waiter = null
    w?.()
  }
  const handle: Child = {
    process: child,
    baseline: null,
    stderr: '',
    async next(timeoutMs) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        if (inbox.length > 0) return inbox.shift()!
        if (exited) return exited
        const left = deadline - Date.now()
        if (left <= 0) return { type: 'silent' }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            waiter = null
            resolve()
          }, left)
          waiter = () => {
            clearTimeout(timer)
            resolve()
          }
        })
      }
    },
    kill() {
      if (exited === null) child.kill('SIGKILL')
    },
  }
  child.stderr!.on('data', (chunk: Buffer) => {
    handle.stderr = (handle.stderr + chunk.toString()).slice(-4000)
  })
  child.on('message', (message: ChildMessage) => {
    inbox.push(message)
    wake()
  })
  child.on('exit', (code, signal) => {
    exited = { type: 'exit', code, signal }
    wake()
  })
  child.on('error', (error) => {
    handle.stderr += `\n${error.message}`
  })
  return handle.next(START_LIMIT_MS).then((first) => {
    if (first.type !== 'ready' || !first.canary) {
      handle.kill()
      throw new Error(`a fuzz child did not start: ${JSON.stringify(first).slice(0, 500)} ${handle.stderr}`)
    }
    handle.baseline = first.canary
    return handle
  })
}

/** Run `count` programs from `seed` and judge them. */
export async function runBatch(batch: BatchOptions): Promise<BatchReport> {
  const options = batch.programs ? { ...batch, count: batch.programs.length } : batch
  const started = performance.now()
  const reports: ProgramReport[] = []
  const counts = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>
  const harnessErrors: string[] = []
  let reference: Record<string, unknown> | null = null
  let childStarts = 0
  let maxRss = 0
  let nextIndex = 0
  let done = 0

  const spawn = async (): Promise<Child> => {
    childStarts++
    const child = await startChild()
    if (!reference) reference = child.baseline
    else {
      const diff = fingerprintDiff(reference, child.baseline!)
      if (diff) harnessErrors.push(`two fresh processes ran the canary differently: ${diff}`)
    }
    return child
  }

  const worker = async () => {
    let child: Child | null = null
    try {
      for (;;) {
        const index = nextIndex++
        if (index >= options.count) return
        child ??= await spawn()
        const program = options.programs?.[index] ?? generateProgram(programSeed(options.seed, index), options)
        const report = await runOne(child, index, program)
        if (report.restart) {
          child.kill()
          child = null
        }
        if (report.rssBytes) maxRss = Math.max(maxRss, report.rssBytes)
        const { restart: _restart, rssBytes: _rss, ...kept } = report
        reports.push(kept)
        for (const kind of new Set(kept.findings.map((f) => f.kind))) counts[kind]++
        options.onProgress?.(++done, options.count, counts)
      }
    } catch (error) {
      harnessErrors.push(error instanceof Error ? error.message : String(error))
    } finally {
      child?.kill()
    }
  }

  const runOne = async (child: Child, index: number, program: FuzzProgram): Promise<ProgramReport & { restart: boolean; rssBytes?: number }> => {
    const sentAt = performance.now()
    const message: ParentMessage = { type: 'run', id: index, source: program.source, options: program.options }
    child.process.send(message)
    const base = { index, seed: program.seed, program, summary: null as RunSummary | null }
    const lost = (reply: { type: 'exit'; code: number | null; signal: string | null } | { type: 'silent' }, what: string, limit: number): ProgramReport & { restart: boolean } => {
      const elapsedMs = Math.round(performance.now() - sentAt)
      if (reply.type === 'silent') {
        return { ...base, outcome: 'hang', elapsedMs, restart: true, findings: [{ kind: 'hang', detail: `no answer ${what} within ${limit} ms: the child was killed` }] }
      }
      return {
        ...base,
        outcome: 'crash',
        elapsedMs,
        restart: true,
        findings: [{ kind: 'crash', detail: `the child process died ${what} (code ${reply.code}, signal ${reply.signal}): ${child.stderr.trim().slice(-1500)}` }],
      }
    }

    const limit = hangLimitMs(program.options)
    const reply = await child.next(limit)
    if (reply.type === 'exit' || reply.type === 'silent') return lost(reply, 'running the program', limit)
    if (reply.type !== 'result' || reply.id !== index) throw new Error(`fuzz child answered out of turn: ${JSON.stringify(reply).slice(0, 300)}`)
    const elapsedMs = Math.round(performance.now() - sentAt)
    const findings: Finding[] = []
    let outcome: string
    if (reply.thrown !== undefined) {
      outcome = 'threw'
      findings.push({ kind: 'crash', detail: `runProgram threw: ${reply.thrown}` })
    } else {
      outcome = reply.summary!.outcome
      findings.push(...judge(program, reply.summary!))
    }

    const canaryLimit = hangLimitMs(CANARY_OPTIONS)
    const after = await child.next(canaryLimit)
    if (after.type === 'exit' || after.type === 'silent') {
      const lostCanary = lost(after, 'running the canary after the program', canaryLimit)
      // The program answered; what went wrong came after it, in the same process.
      return { ...lostCanary, outcome, summary: reply.summary ?? null, elapsedMs, findings: [...findings, ...lostCanary.findings] }
    }
    if (after.type !== 'canary' || after.id !== index) throw new Error(`fuzz child answered out of turn: ${JSON.stringify(after).slice(0, 300)}`)
    if (after.thrown !== undefined) findings.push({ kind: 'carryOver', detail: `the canary after it threw: ${after.thrown}` })
    else {
      const diff = fingerprintDiff(child.baseline!, after.fingerprint!)
      if (diff) findings.push({ kind: 'carryOver', detail: `the canary after it differs from a fresh process's: ${diff}` })
    }
    return { ...base, outcome, summary: reply.summary ?? null, elapsedMs, findings, restart: false, rssBytes: after.rssBytes }
  }

  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, () => worker()))

  reports.sort((a, b) => a.index - b.index)
  const outcomes: Record<string, number> = {}
  const families: Record<string, number> = {}
  const byBug: Record<string, { total: number; failing: number }> = {}
  let knownTotal = 0
  let knownFailing = 0
  for (const r of reports) {
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1
    families[r.program.family] = (families[r.program.family] ?? 0) + 1
    if (r.program.knownBugs.length > 0) {
      knownTotal++
      if (r.findings.length > 0) knownFailing++
      for (const bug of r.program.knownBugs) {
        byBug[bug] ??= { total: 0, failing: 0 }
        byBug[bug].total++
        if (r.findings.length > 0) byBug[bug].failing++
      }
    }
  }
  if (reports.length !== options.count) harnessErrors.push(`${options.count - reports.length} programs were not run`)
  return {
    seed: options.seed,
    count: options.count,
    jobs: options.jobs,
    excludeKnownBugs: options.excludeKnownBugs === true,
    elapsedMs: Math.round(performance.now() - started),
    counts,
    failures: reports.filter((r) => r.findings.length > 0),
    slowest: [...reports].sort((a, b) => b.elapsedMs - a.elapsedMs).slice(0, 10),
    outcomes,
    families,
    knownBugPrograms: { total: knownTotal, failing: knownFailing, byBug },
    childStarts,
    maxChildRssMb: Math.round(maxRss / 1024 / 1024),
    harnessErrors,
  }
}

/** One program's failure as text: enough to reproduce it (its seed regenerates it) and read it. */
export function formatFailure(r: ProgramReport, withSource = true): string {
  const lines = [
    `#${r.index} seed ${r.seed} (${r.program.family}): ${r.findings.map((f) => `[${f.kind}] ${f.detail}`).join('\n    ')}`,
    `  pieces: ${r.program.labels.join(' | ')}`,
    `  options: ${JSON.stringify(r.program.options)}; allowed: ${r.program.allowed.join(', ')}${r.program.knownBugs.length ? `; known bugs: ${r.program.knownBugs.join(', ')}` : ''}`,
  ]
  if (withSource) lines.push(`  source:\n${r.program.source.replace(/^/gm, '    | ')}`)
  return lines.join('\n')
}

export function formatReport(report: BatchReport, options: { failures?: number; sources?: boolean } = {}): string {
  const out: string[] = []
  const known = report.knownBugPrograms
  out.push(
    `Fuzz batch: ${report.count} programs from seed ${report.seed}, ${report.jobs} child process(es), known bugs ${report.excludeKnownBugs ? 'left out' : 'included'}: ${(report.elapsedMs / 1000).toFixed(1)} s`,
  )
  out.push(`  host crashes:        ${report.counts.crash}`)
  out.push(`  hangs:               ${report.counts.hang}`)
  out.push(`  over budget + grace: ${report.counts.overBudget}`)
  out.push(`  wrong error kind:    ${report.counts.wrongKind}`)
  out.push(`  carry-over:          ${report.counts.carryOver}`)
  out.push(`  outcomes: ${Object.entries(report.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}; families: ${Object.entries(report.families).map(([k, v]) => `${k} ${v}`).join(', ')}`)
  if (known.total > 0) {
    out.push(`  programs reaching a known bug: ${known.total}, of which ${known.failing} failed`)
    for (const [bug, n] of Object.entries(known.byBug)) out.push(`    ${bug}: ${n.failing}/${n.total} failed`)
  }
  out.push(`  child processes started: ${report.childStarts}; largest child RSS: ${report.maxChildRssMb} MiB`)
  for (const e of report.harnessErrors) out.push(`  HARNESS ERROR: ${e}`)
  out.push('Slowest programs (real time in the parent, including the canary after each):')
  for (const r of report.slowest) {
    out.push(`  ${String(r.elapsedMs).padStart(6)} ms  seed ${r.seed}  ${r.outcome}${r.summary ? ` (durationMs ${r.summary.durationMs}, budget ${r.program.options.timeoutMs})` : ''}  ${r.program.labels.filter((l) => !l.startsWith('env:')).join(' | ').slice(0, 140)}`)
  }
  // Failures no known bug explains first: those are the news.
  const ordered = [...report.failures.filter((r) => r.program.knownBugs.length === 0), ...report.failures.filter((r) => r.program.knownBugs.length > 0)]
  const unexplained = report.failures.length - known.failing
  const shown = ordered.slice(0, options.failures ?? 20)
  if (shown.length > 0) {
    out.push(
      `Failures (${report.failures.length}, ${unexplained} of them in programs that reach no known bug${shown.length < report.failures.length ? `; first ${shown.length}` : ''}); regenerate one with generateProgram(seed):`,
    )
    for (const r of shown) out.push(formatFailure(r, options.sources ?? true))
  }
  return out.join('\n')
}
