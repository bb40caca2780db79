/**
 * A hard stop for the CLI's runs (`run`, `snapshot`, `validate --prove`). The engine bounds a
 * program's time itself, through QuickJS's interrupt handler; this guards against what slips past it,
 * a hang in the host (a bug in the engine, a native path that never polls), which would otherwise
 * hang the CLI for good. The program runs in a worker thread (guest-worker.ts); this thread keeps a
 * watchdog, and a run that goes past its allowance is ended by terminating the worker and comes back
 * as a RunResult-shaped `timeout` failure, with what was streamed before it (console lines, samples).
 *
 * The allowance, counted from when the job is handed to a loaded worker:
 *   the program's time budget (RunOptions.timeoutMs)
 *   + each heap walk the engine makes, which it does not charge to the program: walkTimeoutMs (10 s,
 *     more for a memory budget above 64 MiB: walkAllowance) is allowed for each, granted when the
 *     sample before it arrives and cut to the time the walk really took once the next sample shows
 *     it is over (the growth walks at growthSteps), or from the start of a walk the program asked
 *     for (`leaklab.snapshot()`, which the worker reports) to its end
 *   + one more walk's allowance, from when the engine has loaded, for the final walk (it follows the
 *     program's last code, which no message marks)
 *   + GRACE_MS.
 * Before the engine has loaded, no walk can be under way: the budget and the grace only. Once the
 * engine has returned, the reply (the heap's analysis, the .heapsnapshot text) gets a walk's
 * allowance and the grace of its own. The engine streams no source positions, so a stopped run's
 * error has no line (null); its message names the last step the worker was heard from at.
 *
 * A worker that does not load within BOOT_LIMIT_MS, crashes or exits is an engine failure
 * (`runtime`, EngineError: "The sandbox failed: …"), worded as run.ts words its own.
 *
 * One GuestWorker runs one job at a time and keeps its worker (and its compiled wasm) for the next;
 * a worker that was stopped or died is replaced by a fresh one. Nothing here is specific to the CLI's
 * commands: `leaklab grade` could run its jobs on it too.
 */
import { Worker } from 'node:worker_threads'
import { DEFAULT_OPTIONS } from '../engine/defaults'
import { growthSteps } from '../engine/heap-inspector'
import type { ConsoleEntry, RunError, RunOptions, RunResult, Sample } from '../engine/types'
import { unfinishedResult } from '../engine/unfinished-run'
import type { GuestJob, GuestJobKind, GuestMessage, GuestReplies, JobMessage } from './guest-worker'

/** The worker's entry: plain JavaScript that registers tsx and loads guest-worker.ts. */
export const GUEST_WORKER_ENTRY = new URL('./guest-worker-entry.mjs', import.meta.url)

/**
 * How far past its allowance a run may go before the watchdog ends it. The engine's own timeout must
 * win whenever the engine works, since its answer says more (the line the loop was at, the heap's
 * totals): measured, an engine timeout returns 0.05-0.25 s past the budget (the interrupt, the
 * unwinding, freeing a 400,000-object runtime), on a loaded 2-core machine. 3 s leaves ten times
 * that for a garbage collection or a busy machine, it is the grace the page's watchdog gives
 * (DEFAULT_GRACE_MS in src/worker/engine-client.ts), so the CLI and the page stop the same runs,
 * and it is paid only by a run that really hung.
 */
export const GRACE_MS = 3_000

/** Longest a fresh worker may take to load (tsx, the engine, the analysis, the wasm) before it counts as failed. */
export const BOOT_LIMIT_MS = 60_000

/** How much of a dying worker's stderr its failure may quote. */
const STDERR_TAIL = 500

export interface GuestWorkerOptions {
  /** Another worker script speaking the same protocol (guest-worker.ts's serve()): for tests. */
  entry?: URL
  /** Defaults to GRACE_MS. */
  graceMs?: number
  /** Defaults to BOOT_LIMIT_MS. */
  bootLimitMs?: number
}

/**
 * What a guarded run gives: the worker's reply, or, when LeakLab had to stop the run (the watchdog)
 * or the worker failed, a RunResult-shaped failure saying why in its `error`, with the console lines
 * and samples the worker streamed before.
 */
export type GuardedAnswer<K extends GuestJobKind> = { ok: true; reply: GuestReplies[K] } | { ok: false; result: RunResult }

type JobHandler = (message: GuestMessage) => void

/** One worker thread: its messages go to the job in hand; once dead (stopped, crashed), it answers nothing more. */
class Spawned {
  private readonly worker: Worker
  /** Null once loaded; else why it could not be. */
  readonly ready: Promise<string | null>
  private stderr = ''
  private deathReason: string | null = null
  private onDeath: ((reason: string) => void) | null = null
  handler: JobHandler | null = null

  constructor(entry: URL, bootLimitMs: number) {
    // No resourceLimits: the worker gets the V8 heap the CLI's own thread had (Node's default), so no
    // run that worked in-thread fails now; past it, only the worker dies, and that is reported.
    this.worker = new Worker(entry, { stdout: true, stderr: true })
    // Nothing a worker prints may reach our stdout (--json prints one object there); stderr's tail explains a crash.
    this.worker.stdout.resume()
    this.worker.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL)
    })
    this.ready = new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => this.kill(`the engine's worker did not start within ${seconds(bootLimitMs)}`), bootLimitMs)
      this.onDeath = (reason) => {
        clearTimeout(timer)
        resolve(reason)
      }
      this.worker.on('message', (message: GuestMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer)
          this.onDeath = null
          resolve(null)
        } else this.handler?.(message)
      })
    })
    this.worker.on('error', (error) => this.kill(`the engine's worker crashed: ${error.message}`))
    this.worker.on('exit', (code) => this.kill(`the engine's worker exited unexpectedly (exit code ${code})`))
  }

  get dead(): boolean {
    return this.deathReason !== null
  }

  /** Why it died, with the last line it printed on stderr when that says more. */
  get reason(): string {
    return this.deathReason ?? 'the engine\'s worker is gone'
  }

  /** Terminate it (idempotent); whoever waits on it (the boot, the job in hand) hears why. */
  kill(reason: string): void {
    if (this.deathReason !== null) return
    const tail = this.stderr.trim().split('\n').at(-1)?.trim()
    this.deathReason = tail && !reason.includes(tail) ? `${reason} (${tail})` : reason
    const onDeath = this.onDeath
    this.onDeath = null
    onDeath?.(this.deathReason)
    void this.worker.terminate()
  }

  /** Who hears of the worker's death next: the job in hand, or nobody (null). */
  listen(onDeath: ((reason: string) => void) | null): void {
    this.onDeath = onDeath
  }

  post(message: JobMessage): void {
    this.worker.postMessage(message)
  }

  async close(): Promise<void> {
    this.deathReason ??= 'closed'
    this.onDeath = null
    await this.worker.terminate()
  }
}

export class GuestWorker {
  private spawned: Spawned | null = null
  private nextId = 0
  private readonly entry: URL
  private readonly graceMs: number
  private readonly bootLimitMs: number

  constructor(options: GuestWorkerOptions = {}) {
    this.entry = options.entry ?? GUEST_WORKER_ENTRY
    this.graceMs = options.graceMs ?? GRACE_MS
    this.bootLimitMs = options.bootLimitMs ?? BOOT_LIMIT_MS
  }

  /** Start the worker loading now, so it is ready by the time the first job comes (the CLI reads its file meanwhile). */
  warm(): void {
    this.worker()
  }

  /**
   * Run one job; never rejects for what the program or the worker does. `job.options` must be
   * resolved (resolveOptions): the watchdog reads the budget the engine is given.
   */
  async run<K extends GuestJobKind>(job: Extract<GuestJob, { kind: K }>): Promise<GuardedAnswer<K>> {
    let spawned: Spawned
    try {
      spawned = this.worker()
    } catch (error) {
      return { ok: false, result: failedResult(job.options, sandboxFailed(`the engine's worker could not be started: ${(error as Error).message}`), 0) }
    }
    const failure = await spawned.ready
    if (failure !== null || spawned.dead) return { ok: false, result: failedResult(job.options, sandboxFailed(failure ?? spawned.reason), 0) }
    return new Promise<GuardedAnswer<K>>((resolve) => new Watch(spawned, this.nextId++, job, this.graceMs, resolve as (answer: GuardedAnswer<GuestJobKind>) => void).start())
  }

  async close(): Promise<void> {
    const spawned = this.spawned
    this.spawned = null
    await spawned?.close()
  }

  private worker(): Spawned {
    if (!this.spawned || this.spawned.dead) this.spawned = new Spawned(this.entry, this.bootLimitMs)
    return this.spawned
  }
}

/**
 * What one heap walk, or the analysis of the heap after the run, is allowed: walkTimeoutMs (the page's
 * allowance, for what the default 64 MiB budget can hold, about a million objects), in proportion to
 * a bigger memory budget, which can hold a proportionally bigger heap (`--memory 2048`: 32 times).
 */
export function walkAllowance(options: RunOptions): number {
  return options.walkTimeoutMs * Math.max(1, options.memoryBytes / DEFAULT_OPTIONS.memoryBytes)
}

/**
 * How long a run may take, as what the worker streams comes in (see the top of this file). Pure, on
 * the times it is given: the watchdog feeds it performance.now().
 */
export class Allowance {
  /** loading: the engine is not running the program yet; running: it is; finishing: it has returned and the reply is being made. */
  phase: 'loading' | 'running' | 'finishing' = 'loading'
  /** The program's budget plus the heap walks credited so far, as a time. */
  private budgetEnd: number
  private finishingSince = 0
  /** The walks granted at the latest sample, until the next sample shows how long they really took. */
  private credit: { at: number; amount: number } | null = null
  private readonly growthAt: Set<number>
  private readonly credited = new Set<number>()
  /** Whether the engine walks the heap at all (run.ts: only an inspected run, with snapshots). */
  private readonly walks: boolean
  /** What one walk (or the reply's analysis) is allowed: see walkAllowance. */
  readonly walkMs: number

  constructor(
    private readonly options: RunOptions,
    private readonly graceMs: number,
    startedAt: number,
  ) {
    this.budgetEnd = startedAt + options.timeoutMs
    this.walks = options.inspect && options.snapshots > 0
    this.growthAt = this.walks ? growthSteps(options.steps, options.snapshots) : new Set()
    this.walkMs = walkAllowance(options)
  }

  /** When the watchdog fires, as things stand. */
  deadline(): number {
    const walkMs = this.walkMs
    if (this.phase === 'finishing') return this.finishingSince + walkMs + this.graceMs
    // The final walk follows the program's last code, which no message marks: allowed from the start.
    const finalWalk = this.phase === 'running' && this.walks ? walkMs : 0
    return this.budgetEnd + finalWalk + this.graceMs
  }

  /** The engine has loaded and runs the program: a heap walk can come at any time from here. */
  started(): void {
    if (this.phase === 'loading') this.phase = 'running'
  }

  /**
   * A sample: the walks granted at the previous one are over. The engine walks the heap for growth
   * right after the sample at a growth step or, when no sample falls on the step, between the
   * samples around it (run.ts's runSteps): grant the walks due before the next sample, once each.
   */
  sample(step: number, now: number, measureMs = 0): void {
    this.started()
    this.settle(now)
    // The engine gave the sample's measuring back to the program's budget: so does the watchdog.
    this.budgetEnd += measureMs
    const { steps, sampleEvery } = this.options
    const nextSample = step >= steps ? step + 1 : Math.min(steps, (Math.floor(step / sampleEvery) + 1) * sampleEvery)
    let count = 0
    for (const at of this.growthAt) {
      if (at >= step && at < nextSample && !this.credited.has(at)) {
        this.credited.add(at)
        count++
      }
    }
    if (count === 0) return
    this.credit = { at: now, amount: count * this.walkMs }
    this.budgetEnd += this.credit.amount
  }

  /** The program's own walk (`leaklab.snapshot()`): a walk's allowance from its start, cut to what it took at its end. */
  walk(state: 'start' | 'end', now: number): void {
    this.started()
    this.settle(now)
    if (state === 'end') return
    this.credit = { at: now, amount: this.walkMs }
    this.budgetEnd += this.credit.amount
  }

  /** runProgram returned: its walks are over, and the reply is being made. */
  ran(now: number): void {
    this.settle(now)
    this.phase = 'finishing'
    this.finishingSince = now
  }

  /** Granted walks took at most the time since they were granted: keep only that. */
  private settle(now: number): void {
    if (!this.credit) return
    const used = now - this.credit.at
    if (used < this.credit.amount) this.budgetEnd -= this.credit.amount - used
    this.credit = null
  }
}

/** One job in a worker, and its watchdog. */
class Watch {
  private readonly options: RunOptions
  private readonly startedAt = performance.now()
  private readonly allowance: Allowance
  private readonly console: ConsoleEntry[] = []
  private readonly samples: Sample[] = []
  private timer: ReturnType<typeof setTimeout> | null = null
  private settled = false

  constructor(
    private readonly spawned: Spawned,
    private readonly id: number,
    private readonly job: GuestJob,
    private readonly graceMs: number,
    private readonly resolve: (answer: GuardedAnswer<GuestJobKind>) => void,
  ) {
    this.options = job.options
    this.allowance = new Allowance(job.options, graceMs, this.startedAt)
  }

  start(): void {
    this.spawned.handler = (message) => this.onMessage(message)
    this.spawned.listen((reason) => this.finish({ ok: false, result: failedResult(this.options, sandboxFailed(reason), this.elapsed(), this.console, this.samples) }))
    this.arm()
    try {
      this.spawned.post({ id: this.id, job: this.job })
    } catch (error) {
      this.spawned.kill(`the program could not be sent to the engine's worker: ${(error as Error).message}`)
    }
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => this.onTimer(), Math.max(0, this.allowance.deadline() - performance.now()))
  }

  private onTimer(): void {
    if (this.settled) return
    if (performance.now() < this.allowance.deadline()) return this.arm()
    const result = failedResult(this.options, this.timeoutError(), this.elapsed(), this.console, this.samples)
    this.finish({ ok: false, result })
    this.spawned.kill('stopped by the watchdog')
  }

  private onMessage(message: GuestMessage): void {
    if (this.settled || !('id' in message) || message.id !== this.id) return
    switch (message.type) {
      case 'started':
        this.allowance.started()
        break
      case 'console':
        this.console.push(message.entry)
        return
      case 'sample':
        this.samples.push(message.sample)
        this.allowance.sample(message.sample.step, performance.now(), message.measureMs)
        break
      case 'walk':
        this.allowance.walk(message.state, performance.now())
        break
      case 'ran':
        this.allowance.ran(performance.now())
        break
      case 'done':
        return this.finish({ ok: true, reply: message.reply })
      case 'failed':
        return this.finish({ ok: false, result: failedResult(this.options, sandboxFailed(message.message), this.elapsed(), this.console, this.samples) })
    }
    this.arm()
  }

  private timeoutError(): RunError {
    const { timeoutMs } = this.options
    const last = this.samples.at(-1)
    const stepped = last !== undefined && last.step > 0
    const where = stepped ? `, last heard from after step ${last.step}` : ''
    const message =
      this.allowance.phase === 'finishing'
        ? `The program finished, but making its result (the heap's analysis) took longer than ${Math.round(this.allowance.walkMs)} ms (plus ${this.graceMs} ms grace), so LeakLab stopped the engine and the result was lost.`
        : `The program ran longer than its time budget of ${timeoutMs} ms and the engine did not stop it, so LeakLab stopped the engine after ${seconds(this.elapsed())}${where} (the budget, the engine's heap walks and ${this.graceMs} ms grace). Is there an endless loop?`
    return { kind: 'timeout', name: 'TimeoutError', message, line: null, column: null, phase: stepped ? 'step' : 'script' }
  }

  private elapsed(): number {
    return performance.now() - this.startedAt
  }

  private finish(answer: GuardedAnswer<GuestJobKind>): void {
    if (this.settled) return
    this.settled = true
    if (this.timer) clearTimeout(this.timer)
    this.spawned.handler = null
    this.spawned.listen(null)
    this.resolve(answer)
  }
}

function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(1)} s`
}

/** The host failing, not the program: worded as run.ts words its own host failures. */
function sandboxFailed(reason: string): RunError {
  return { kind: 'runtime', name: 'EngineError', message: `The sandbox failed: ${reason}`, line: null, column: null, phase: 'script' }
}


/**
 * The result of a run LeakLab ended or lost, made of what the worker streamed before (as the page's
 * watchdog makes its view): the console lines and samples; the first sample stands in for the start
 * totals, which were never sent.
 */
export function failedResult(options: RunOptions, error: RunError, elapsedMs: number, console: ConsoleEntry[] = [], samples: Sample[] = []): RunResult {
  return unfinishedResult({ options, error, elapsedMs, console, samples, endedBy: "LeakLab terminated the engine's worker" })
}
