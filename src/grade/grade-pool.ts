/**
 * A pool of grading workers (node:worker_threads), one job at a time each. The engine already
 * bounds a program's time and memory; the pool guards against what slips past it: a worker that
 * crashes, runs out of host memory or goes past a hard wall-clock limit is terminated, its job comes
 * back as `crashed` with the reason, and a fresh worker takes the next job.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads'
import type { GradeJob, RunAnswer } from './grade-submission'
import type { JobMessage, WorkerMessage } from './grade-worker'

/** The worker's entry: plain JavaScript that registers tsx and loads grade-worker.ts. */
export const GRADE_WORKER_ENTRY = new URL('./grade-worker-entry.mjs', import.meta.url)

/** Longest one job may take, start to answer, before its worker is stopped: the engine's 5 s budget plus its heap walk, with room. */
export const HARD_LIMIT_MS = 30_000
/** Longest a fresh worker may take to load (tsx, the engine, the analysis) before it counts as crashed. */
const BOOT_LIMIT_MS = 60_000
/** Host memory for one worker: the analysis of a program's heap runs there. Past it, only that worker dies. */
const WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 1024 }
/** How much of a dying worker's stderr its job's reason may quote. */
const STDERR_TAIL = 500

export interface PoolOptions {
  /** How many workers run at once. */
  size: number
  /** Per job, after the worker is ready (default HARD_LIMIT_MS). */
  hardLimitMs?: number
  /** Another worker script speaking the same protocol: for tests. */
  entry?: URL
  /** Told each time a job is answered, with how many have been. */
  onSettled?(done: number, total: number): void
}

function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(1)} s`
}

/** One worker, and the job it is working on. Once dead (crashed, stopped), it answers nothing more. */
class PoolWorker {
  private readonly worker: Worker
  private readonly ready: Promise<boolean>
  private pending: { id: number; settle(answer: RunAnswer): void } | null = null
  private deathReason: string | null = null
  private onDeath: (() => void) | null = null
  private stderr = ''
  private nextId = 0

  constructor(entry: URL) {
    this.worker = new Worker(entry, { resourceLimits: WORKER_LIMITS, stdout: true, stderr: true })
    // Nothing a worker prints may reach our stdout (--json prints one object there); stderr's tail explains a crash.
    this.worker.stdout.resume()
    this.worker.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL)
    })
    this.ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => this.die(`the grading worker did not start within ${seconds(BOOT_LIMIT_MS)}`), BOOT_LIMIT_MS)
      this.onDeath = () => {
        clearTimeout(timer)
        resolve(false)
      }
      this.worker.on('message', (message: WorkerMessage) => {
        if ('ready' in message) {
          clearTimeout(timer)
          resolve(true)
        } else if (this.pending && message.id === this.pending.id) {
          this.pending.settle(message.answer)
        }
      })
    })
    this.worker.on('error', (error) => this.die(`the grading worker crashed: ${error.message}`))
    this.worker.on('exit', (code) => this.die(`the grading worker exited unexpectedly (exit code ${code})`))
  }

  get dead(): boolean {
    return this.deathReason !== null
  }

  private die(reason: string): void {
    if (this.deathReason !== null) return
    const tail = this.stderr.trim().split('\n').at(-1)?.trim()
    this.deathReason = tail && !reason.includes(tail) ? `${reason} (${tail})` : reason
    this.onDeath?.()
    this.pending?.settle({ kind: 'crashed', message: this.deathReason })
    void this.worker.terminate()
  }

  async run(job: GradeJob, hardLimitMs: number): Promise<RunAnswer> {
    if (!(await this.ready) || this.deathReason !== null) return { kind: 'crashed', message: this.deathReason ?? 'the grading worker is gone' }
    const id = this.nextId++
    return new Promise<RunAnswer>((resolve) => {
      const timer = setTimeout(() => this.die(`grading took longer than ${seconds(hardLimitMs)}, so its worker was stopped`), hardLimitMs)
      this.pending = {
        id,
        settle: (answer) => {
          clearTimeout(timer)
          this.pending = null
          resolve(answer)
        },
      }
      this.worker.postMessage({ id, job } satisfies JobMessage)
    })
  }

  async close(): Promise<void> {
    this.deathReason ??= 'closed'
    await this.worker.terminate()
  }
}

/**
 * Run every job on `options.size` workers (at most one per job) and return the answers in the jobs'
 * order. Never rejects for a job: a crash or a stopped worker is that job's answer.
 */
export async function runJobs(jobs: readonly GradeJob[], options: PoolOptions): Promise<RunAnswer[]> {
  const answers: RunAnswer[] = new Array(jobs.length)
  const entry = options.entry ?? GRADE_WORKER_ENTRY
  const hardLimitMs = options.hardLimitMs ?? HARD_LIMIT_MS
  let next = 0
  let done = 0
  const lane = async () => {
    let worker: PoolWorker | null = null
    try {
      while (next < jobs.length) {
        const index = next++
        try {
          worker ??= new PoolWorker(entry)
        } catch (error) {
          answers[index] = { kind: 'crashed', message: `the grading worker could not be started: ${(error as Error).message}` }
          options.onSettled?.(++done, jobs.length)
          continue
        }
        answers[index] = await worker.run(jobs[index], hardLimitMs)
        // A worker that crashed or was stopped is replaced for the next job.
        if (worker.dead) worker = null
        options.onSettled?.(++done, jobs.length)
      }
    } finally {
      await worker?.close()
    }
  }
  const size = Math.max(1, Math.min(options.size, jobs.length))
  await Promise.all(Array.from({ length: jobs.length === 0 ? 0 : size }, lane))
  return answers
}
