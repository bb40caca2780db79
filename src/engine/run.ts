import {
  Scope,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
  type VmCallResult,
} from 'quickjs-emscripten-core'
import { SIZE_COEFFICIENTS } from '../heap/size-model'
import { consoleEntry } from './console-entry'
import { MAX_STACK_BYTES, resolveOptions, TARGET_SAMPLES } from './defaults'
import { RELEASE_BUILD, type EngineBuild } from './engine-build'
import { failed, passed, unsettled, VERIFY_FILENAME, wrapVerifier } from './behaviour'
import { EngineNative } from './engine-native'
import { locateInStack } from './error-location'
import { GcRecord } from './gc-record'
import { growthSteps, HeapInspector, type WalkSession } from './heap-inspector'
import { HostReads } from './host-reads'
import { MAX_NATIVE_BLOCKS, NativeHeap } from './native-heap'
import { PendingJobs } from './pending-jobs'
import { PRELUDE_FILENAME, PRELUDE_SOURCE } from './prelude'
import { loadModule, type CappedMemory } from './quickjs'
import { TimerQueue } from './timer-queue'
import type {
  BehaviourReport,
  HeapReport,
  ConsoleEntry,
  ConsoleLevel,
  MemoryTotals,
  QuickJSMemoryUsage,
  RunError,
  RunOptions,
  RunPhase,
  RunResult,
  Sample,
} from './types'

/** Callbacks for watching a run as it goes (the worker streams them to the page) and test hooks. */
export interface RunHooks {
  onConsole?(entry: ConsoleEntry): void
  /**
   * A sample was taken. `measureMs`: what measuring it took (LeakLab's time, not the program's, given
   * back to its budget: at a million objects, about 0.2 s a sample), for a watchdog to allow for.
   */
  onSample?(sample: Sample, measureMs?: number): void
  /**
   * The program asked for a heap walk (`leaklab.snapshot()`): 'start' before it, 'end' after. A
   * watchdog allows for it: the walk is LeakLab's time, not the program's, and it can take seconds.
   */
  onWalk?(state: 'start' | 'end'): void
  /** The QuickJS build to use; tests pass the debug build to check for leaked memory. */
  build?: EngineBuild
  /** Called with the run's QuickJS module before it is used; tests wrap it to assert no leaks. */
  onModule?(module: QuickJSWASMModule): QuickJSWASMModule
}

/** The size model (src/heap/size-model.ts) as the engine's tracemalloc sizing reads it, in NODE_KINDS order. */
const NODE_KINDS_COEFFICIENTS = SIZE_COEFFICIENTS.flatMap(([, c]) => c)

const LEVELS = new Set<ConsoleLevel>(['log', 'info', 'warn', 'error', 'debug'])
const MAX_CONSOLE_TEXT = 10_000

/**
 * Run a learner's program in a fresh QuickJS runtime with time, memory and stack limits, a virtual
 * event loop and heap samples. Never throws for anything the program does: every failure comes back
 * as `result.error`, with the console and samples gathered so far.
 */
export async function runProgram(
  source: string,
  options: Partial<RunOptions> = {},
  hooks: RunHooks = {},
): Promise<RunResult> {
  const resolved = resolveOptions(options)
  const startedAt = performance.now()
  const build = hooks.build ?? RELEASE_BUILD
  const loaded = await loadModule(resolved.memoryBytes, build)
  const module = hooks.onModule ? hooks.onModule(loaded.module) : loaded.module
  const run = new Run(module, loaded.memory, resolved, hooks, startedAt, build.name)
  let result: RunResult
  try {
    result = run.execute(source)
  } catch (error) {
    run.dispose()
    throw error
  }
  const disposeError = run.dispose()
  // QuickJS's own words on why (its assertion, which emscripten printed), kept here instead of on stderr.
  const printed = loaded.output.filter((line) => !disposeError?.includes(line))
  result.engine.disposeError = disposeError && printed.length > 0 ? `${disposeError} (${printed.join('; ')})` : disposeError
  return result
}

type InterruptReason = 'timeout' | 'memory'

/** One program's execution: owns the runtime, its handles, the clock and the timers. */
class Run {
  private readonly ctx: QuickJSContext
  private readonly rt: QuickJSRuntime
  private readonly scope = new Scope()
  private readonly timers: TimerQueue<QuickJSHandle>
  private readonly console: ConsoleEntry[] = []
  private readonly samples: Sample[] = []
  private consoleDropped = 0
  /** Set while the exercise's verifier runs: what it prints is not the learner's output. */
  private muted = false
  private clock = 0
  private stepsDone = 0
  private interrupt: InterruptReason | null = null
  /** Set when the host threw out of QuickJS: nothing may call into this runtime again. */
  private corrupted = false
  private lastTotals: MemoryTotals | null = null
  private deadline: number
  private baselineWasmBytes = 0
  private inspectFn: QuickJSHandle | null = null
  /** Where the engine's rejection tracker hands over the reasons of unhandled rejections. */
  private rejections: QuickJSHandle | null = null
  private unhandledRejections = 0
  private heap: HeapInspector | null = null
  private readonly native: EngineNative
  /** How the host reads guest values: never through a getter, a Proxy trap or a conversion. */
  private reads!: HostReads
  private readonly jobs: PendingJobs
  private growthAt = new Set<number>()
  private walkStarted = 0
  private walkWasmBytes = 0
  private readonly epoch = Date.now()
  private readonly nativeHeap: NativeHeap
  private readonly gcRecord = new GcRecord()

  constructor(
    module: QuickJSWASMModule,
    private readonly memory: CappedMemory,
    private readonly options: RunOptions,
    private readonly hooks: RunHooks,
    private readonly startedAt: number,
    private readonly buildName: string,
  ) {
    this.ctx = module.newContext()
    this.rt = this.ctx.runtime
    this.native = new EngineNative(this.ctx)
    this.jobs = new PendingJobs(this.ctx, this.native)
    this.rt.setMaxStackSize(MAX_STACK_BYTES)
    this.deadline = startedAt + options.timeoutMs
    this.timers = new TimerQueue<QuickJSHandle>((handle) => handle.dispose())
    this.nativeHeap = new NativeHeap(options.memoryBytes)
  }

  execute(source: string): RunResult {
    this.installGuest()
    this.baselineWasmBytes = this.wasmBytes()
    this.rt.setInterruptHandler(() => this.shouldInterrupt())
    const start = this.measure()!
    const hooks = { step: false, setup: false, teardown: false }
    let error = this.guard('script', () => this.compile(source))
    if (!error && this.options.inspect) this.heap = new HeapInspector(this.native, this.walkSession(), this.options.filename, this.options.snapshots > 0)
    error ??= this.call('script', () => this.ctx.evalCode(source, this.options.filename, { type: 'global' }))

    const step = error ? null : this.lookupHook('step')
    const setup = error ? null : this.lookupHook('setup')
    const teardown = error ? null : this.lookupHook('teardown')
    // The lookups run no code of the program's, but the time may have run out during them all the same.
    if (!error && this.interrupt) error = this.limitError(this.interrupt, 'script', null)
    hooks.step = step !== null
    hooks.setup = setup !== null
    hooks.teardown = teardown !== null
    const stepsRequested = step ? this.options.steps : 0
    this.growthAt = this.options.snapshots > 0 ? growthSteps(stepsRequested, this.options.snapshots) : new Set()

    if (!error && setup) error = this.call('setup', () => this.ctx.callFunction(setup, this.ctx.undefined))
    if (!error) {
      this.sample()
      // Growth needs steps; a program without them gets only its final walk.
      if (step && this.growthAt.has(0)) this.heap?.sampleGrowth(0, stepsRequested === 0)
    }
    if (!error && step) error = this.runSteps(step, stepsRequested)
    if (!error && !step) error = this.advanceClock(this.options.timeMs, true, this.options.timeMs / TARGET_SAMPLES)
    if (!error && teardown) error = this.call('teardown', () => this.ctx.callFunction(teardown, this.ctx.undefined))
    const heap = this.finishHeap(error)

    const memory = this.measure() ?? this.lastTotals ?? start
    const result: RunResult = {
      ok: error === null,
      error,
      console: this.console,
      consoleDropped: this.consoleDropped,
      steps: this.stepsDone,
      stepsRequested,
      hooks,
      samples: this.samples,
      start,
      memory,
      time: this.clock,
      timers: { fired: this.timers.fired, pending: this.timers.size },
      unhandledRejections: this.unhandledRejections,
      limits: { timeoutMs: this.options.timeoutMs, memoryBytes: this.options.memoryBytes, stackBytes: MAX_STACK_BYTES },
      wasmMemory: { startBytes: this.baselineWasmBytes, peakBytes: this.wasmBytes() },
      engine: { build: this.buildName, disposeError: null },
      native: this.nativeHeap.report(),
      gc: this.gcRecord.toReport(),
      heap,
      behaviour: null,
      durationMs: Math.round(performance.now() - this.startedAt),
    }
    // After every figure is taken: what the verifier does is no part of the run it judges.
    if (!error && this.options.verify !== null) result.behaviour = this.verify(this.options.verify)
    if (!this.corrupted) this.rt.removeInterruptHandler()
    result.durationMs = Math.round(performance.now() - this.startedAt)
    return result
  }

  /**
   * Run the exercise's verifier in the program's global scope, under what is left of the run's limits,
   * its console muted (it is the exercise's, not the learner's output). Its promise must have settled
   * once the jobs ran: it cannot wait for the program's timers, whose simulated time is over.
   */
  private verify(source: string): BehaviourReport {
    this.muted = true
    let promise: QuickJSHandle | null = null
    let stack: string | undefined
    const error = this.call('verify', () => {
      const result = this.ctx.evalCode(wrapVerifier(source), VERIFY_FILENAME, { type: 'global' })
      if (result.error) {
        stack = this.reads.dataString(result.error, 'stack', true)
        return result
      }
      promise = result.value.dup()
      return result
    })
    try {
      if (error) return failed(error, stack, this.options.filename)
      if (!promise) return unsettled()
      const state = this.ctx.getPromiseState(promise)
      if (state.type === 'pending') return unsettled()
      if (state.type === 'fulfilled') {
        const value = state.value
        const returned = this.ctx.typeof(value) === 'string' ? this.reads.string(value) : null
        value.dispose()
        return passed(returned)
      }
      const thrown = state.error
      stack = this.reads.dataString(thrown, 'stack', true)
      const described = this.describe(thrown, 'verify')
      thrown.dispose()
      return failed(described, stack, this.options.filename)
    } finally {
      ;(promise as QuickJSHandle | null)?.dispose()
    }
  }

  /**
   * Free the runtime; returns why it could not be freed cleanly, or null. Never throws: QuickJS's
   * leak assertion can fire for objects QuickJS stranded itself, and the host must survive that.
   */
  dispose(): string | null {
    // A runtime the host's own stack overflowed inside is corrupt: freeing it would abort.
    if (this.corrupted) return 'not freed: the host failed inside QuickJS'
    try {
      this.release()
      return null
    } catch (error) {
      return (error as { message?: string })?.message ?? String(error)
    }
  }

  private release(): void {
    this.timers.clear()
    this.native.forgetRejections()
    this.scope.dispose()
    // The context was made by module.newContext(), so it owns the runtime and disposes it too.
    this.ctx.dispose()
    if (this.rt.alive) this.rt.dispose()
  }

  /** The final heap walk, unless the run hit a limit: then the guest is in no state to be walked. */
  private finishHeap(error: RunError | null): HeapReport | null {
    if (!this.heap) return null
    if (this.options.snapshots === 0) return this.heap.finish(this.stepsDone, false, null)
    const walkable = !this.corrupted && this.interrupt === null
    const limit = this.interrupt ?? error?.kind ?? 'time'
    return this.heap.finish(this.stepsDone, walkable, walkable ? null : `The heap was not walked: the run stopped at its ${limit} limit.`)
  }

  private walkSession(): WalkSession {
    return {
      beginWalk: () => {
        this.walkStarted = performance.now()
        this.walkWasmBytes = this.wasmBytes()
      },
      endWalk: () => {
        // Neither the walk's time nor the memory its tables took counts against the learner.
        this.deadline += performance.now() - this.walkStarted
        this.baselineWasmBytes += this.wasmBytes() - this.walkWasmBytes
        this.memory.forgive()
      },
      hostRoots: () =>
        this.timers.pending().map((timer) => ({ label: `${timer.interval === null ? 'setTimeout' : 'setInterval'}#${timer.id}`, value: timer.callback })),
      clock: () => this.clock,
    }
  }

  private shouldInterrupt(): boolean {
    if (this.interrupt) return true
    if (this.overMemoryBudget()) this.interrupt = 'memory'
    else if (performance.now() > this.deadline) this.interrupt = 'timeout'
    return this.interrupt !== null
  }

  /**
   * Wasm memory never shrinks, so this is the run's peak: a guest that catches "out of memory"
   * still fails. A refused allocation counts too, though the memory stayed under the budget.
   */
  private overMemoryBudget(): boolean {
    return this.memory.refused() || this.wasmBytes() - this.baselineWasmBytes > this.options.memoryBytes
  }

  private wasmBytes(): number {
    return this.memory.memory.buffer.byteLength
  }

  private installGuest(): void {
    const { ctx, scope } = this
    const reads = new HostReads(ctx, this.native, scope)
    this.reads = reads
    const host = scope.manage(ctx.newObject())
    const fn = (name: string, impl: (...args: QuickJSHandle[]) => QuickJSHandle | void) => {
      ctx.newFunction(name, impl).consume((h) => ctx.setProp(host, name, h))
    }
    fn('print', (level, text) => {
      this.print(reads.string(level) as ConsoleLevel, reads.string(text))
    })
    fn('setTimer', (callback, delay, repeat) =>
      ctx.newNumber(this.timers.add(callback.dup(), this.clock, reads.number(delay), reads.isTrue(repeat))),
    )
    fn('clearTimer', (id) => {
      this.timers.remove(reads.number(id))
    })
    fn('now', () => ctx.newNumber(this.clock))
    fn('promiseState', (value) => {
      const state = ctx.getPromiseState(value)
      if (state.type === 'fulfilled' && state.notAPromise) {
        state.value.dispose()
        return ctx.undefined
      }
      const tuple = ctx.newArray()
      ctx.newString(state.type).consume((h) => ctx.setProp(tuple, 0, h))
      if (state.type === 'fulfilled') state.value.consume((h) => ctx.setProp(tuple, 1, h))
      if (state.type === 'rejected') state.error.consume((h) => ctx.setProp(tuple, 1, h))
      return tuple
    })
    ctx.newNumber(this.epoch).consume((h) => ctx.setProp(host, 'epoch', h))
    ctx.newString(this.options.filename).consume((h) => ctx.setProp(host, 'siteFile', h))
    // gc and tracemalloc (prelude/gc.ts, prelude/tracemalloc.ts): the engine's work, no guest code.
    fn('objectCount', () => ctx.newNumber(this.native.objectCount()))
    fn('runCollector', () => {
      this.native.runGc()
    })
    fn('related', (objects, referrers) => {
      const result = ctx.newArray()
      if (this.native.related(objects, result, reads.isTrue(referrers), this.walkSession().hostRoots()) < 0) {
        result.dispose()
        return ctx.newError('gc: there was not enough memory left to walk the heap')
      }
      return result
    })
    fn('trace', (on) => {
      this.native.trace(reads.isTrue(on))
    })
    fn('traceMemory', (resetPeak) => {
      const [current, peak] = this.native.traceMemory(reads.isTrue(resetPeak))
      const pair = ctx.newArray()
      ctx.newNumber(current).consume((h) => ctx.setProp(pair, 0, h))
      ctx.newNumber(peak).consume((h) => ctx.setProp(pair, 1, h))
      return pair
    })
    fn('traceSnapshot', () => {
      const out = ctx.newArray()
      if (this.native.traceSnapshot(out) < 0) {
        out.dispose()
        return ctx.newError('tracemalloc: there was not enough memory left to take the snapshot')
      }
      return out
    })
    fn('proxyParts', (value) => {
      const out = ctx.newArray()
      if (this.native.proxyParts(value, out) < 0) {
        out.dispose()
        return ctx.undefined
      }
      return out
    })
    // leaklab.snapshot(label) (prelude/leaklab.ts): a walk, kept with the run's others; no guest code runs in it.
    fn('snapshot', (label) => {
      if (!this.heap) return ctx.false
      this.hooks.onWalk?.('start')
      try {
        return this.heap.snapshotForGuest(this.stepsDone, reads.string(label)) ? ctx.true : ctx.false
      } finally {
        this.hooks.onWalk?.('end')
      }
    })
    fn('gcCollected', (freed) => {
      this.gcRecord.collected(reads.number(freed))
    })
    // imageLib (prelude/native-images.ts): the guest gets block ids and plain numbers, never more.
    fn('nativeAlloc', (bytes) => ctx.newNumber(this.nativeHeap.alloc(reads.number(bytes))))
    fn('nativeFree', (id) => {
      this.nativeHeap.free(reads.number(id))
    })
    fn('nativeStats', () => {
      const stats = ctx.newArray()
      const values = [this.nativeHeap.count, this.nativeHeap.bytes, this.nativeHeap.budgetBytes, MAX_NATIVE_BLOCKS]
      values.forEach((value, i) => ctx.newNumber(value).consume((h) => ctx.setProp(stats, i, h)))
      return stats
    })

    const install = scope.manage(ctx.unwrapResult(ctx.evalCode(PRELUDE_SOURCE, PRELUDE_FILENAME)))
    const internals = scope.manage(ctx.unwrapResult(ctx.callFunction(install, ctx.undefined, host)))
    this.inspectFn = scope.manage(ctx.getProp(internals, 'inspect'))
    this.rejections = scope.manage(ctx.newArray())
    this.native.trackRejections()
    Scope.withScope((local) => {
      const slots = local.manage(ctx.getProp(internals, 'slots'))
      const count = ctx.getNumber(local.manage(ctx.getProp(slots, 'length')))
      for (let i = 0; i < count; i++) {
        const pair = local.manage(ctx.getProp(slots, i))
        this.native.declareSlot(local.manage(ctx.getProp(pair, 0)), ctx.getString(local.manage(ctx.getProp(pair, 1))))
      }
      const tools = local.manage(ctx.getProp(internals, 'tools'))
      const toolCount = ctx.getNumber(local.manage(ctx.getProp(tools, 'length')))
      for (let i = 0; i < toolCount; i++) this.native.markTools(local.manage(ctx.getProp(tools, i)))
    })
    for (const tool of reads.tools) this.native.markTools(tool)
    this.native.setSizeModel(NODE_KINDS_COEFFICIENTS)
    // Whatever exists now is the environment, which the heap walk never shows.
    this.native.markBaseline()
    // From here on, what the learner's code makes carries its line (tracemalloc reads it too).
    this.native.setSiteFile(this.options.filename)
  }

  private print(level: ConsoleLevel, encoded: string): void {
    if (this.muted) return
    if (this.console.length >= this.options.maxConsoleEntries) {
      this.consoleDropped++
      return
    }
    const entry = consoleEntry(LEVELS.has(level) ? level : 'log', encoded, MAX_CONSOLE_TEXT)
    this.console.push(entry)
    this.hooks.onConsole?.(entry)
  }

  /** Compile without running, so a syntax error is told apart from a SyntaxError thrown at run time. */
  private compile(source: string): RunError | null {
    const result = this.ctx.evalCode(source, this.options.filename, { type: 'global', compileOnly: true })
    if (!result.error) {
      result.value.dispose()
      return null
    }
    const error = this.describe(result.error, 'script')
    result.error.dispose()
    // A parser that runs out of stack on deeply nested code is a stack error, not a typo.
    return { ...error, kind: error.kind === 'runtime' ? 'syntax' : error.kind }
  }

  /**
   * `step`, `setup` or `teardown` when the program declares it as a function: a top-level binding or
   * an own property of the global object, never one inherited (asking the global object's prototypes
   * could run a Proxy's trap), never a getter.
   */
  private lookupHook(name: string): QuickJSHandle | null {
    const handle = this.reads.globalFunction(name)
    return handle ? this.scope.manage(handle) : null
  }

  private runSteps(step: QuickJSHandle, count: number): RunError | null {
    const tick = count > 0 ? this.options.timeMs / count : 0
    for (let i = 0; i < count; i++) {
      const error = this.call('step', () => Scope.withScope((s) => this.ctx.callFunction(step, this.ctx.undefined, s.manage(this.ctx.newNumber(i)))))
      if (error) return { ...error, step: i }
      this.stepsDone = i + 1
      const timerError = this.advanceClock(Math.round(tick * (i + 1)), false, null)
      if (timerError) return timerError
      if (this.stepsDone % this.options.sampleEvery === 0 || this.stepsDone === count) this.sample()
      if (this.growthAt.has(this.stepsDone) && this.stepsDone > 0) this.heap?.sampleGrowth(this.stepsDone, this.stepsDone === count)
    }
    return null
  }

  /**
   * Move the simulated clock to `until`, firing due timers in order. With `stopWhenIdle` the clock
   * stops at the last timer when none is left; `sampleEveryMs` takes samples as simulated time passes.
   */
  private advanceClock(until: number, stopWhenIdle: boolean, sampleEveryMs: number | null): RunError | null {
    let nextSampleAt = sampleEveryMs ? this.clock + sampleEveryMs : Infinity
    for (;;) {
      const timer = this.timers.nextDue(until)
      const horizon = timer ? timer.due : stopWhenIdle ? this.clock : until
      while (nextSampleAt <= horizon && sampleEveryMs) {
        this.clock = Math.round(nextSampleAt)
        this.sample()
        nextSampleAt += sampleEveryMs
      }
      if (!timer) break
      this.clock = timer.due
      const callback = timer.callback.dup()
      const error = this.call('timer', () => this.ctx.callFunction(callback, this.ctx.undefined))
      callback.dispose()
      this.timers.settle(timer)
      if (error) return error
    }
    if (!stopWhenIdle) this.clock = until
    else if (sampleEveryMs && this.samples.at(-1)?.time !== this.clock) this.sample()
    return null
  }

  /** Run one macrotask, then its microtasks, then check the memory budget. */
  private call(phase: RunPhase, task: () => VmCallResult<QuickJSHandle>): RunError | null {
    this.heap?.changed()
    return this.guard(phase, () => {
      const result = task()
      if (result.error) {
        const error = this.describe(result.error, phase)
        result.error.dispose()
        return error
      }
      result.value.dispose()
      // Bellard's QuickJS turns an interrupt inside a promise job into a rejection the host never
      // sees, so the reason recorded by the interrupt handler is the one that counts.
      const jobError = this.drainJobs()
      if (jobError) return jobError
      if (this.interrupt) return this.limitError(this.interrupt, phase, null)
      this.reportRejections()
      // Showing a reason may run a getter the program put where Node's inspect reads too.
      if (this.interrupt) return this.limitError(this.interrupt, phase, null)
      return this.checkMemory(phase)
    })
  }

  /**
   * Run host-side work that calls into QuickJS. An exception out of it is the host's, not the
   * guest's: in a browser worker the host's own stack can run out inside deep guest recursion.
   */
  private guard(phase: RunPhase, work: () => RunError | null): RunError | null {
    try {
      return work()
    } catch (thrown) {
      this.corrupted = true
      // Emscripten's ExitStatus is not an Error but carries a message.
      const message = (thrown as { message?: unknown })?.message ?? String(thrown)
      if (this.overMemoryBudget()) return this.limitError('memory', phase, null)
      if (thrown instanceof RangeError) {
        return { kind: 'stack', name: 'RangeError', message: `${message}: too deep a recursion for this browser`, line: null, column: null, phase }
      }
      return { kind: 'runtime', name: 'EngineError', message: `The sandbox failed: ${message}`, line: null, column: null, phase }
    }
  }

  /**
   * Print the promise rejections nothing handled by the end of this task and its microtasks, as
   * browsers do at that checkpoint: an error line, `Uncaught (in promise)` and the reason as the
   * console shows it (an Error with its stack, so its line). The run goes on. QuickJS's rejection
   * tracker (quickjs/c/leaklab.c) drops one handled in time.
   */
  private reportRejections(): void {
    const count = this.native.takeRejections(this.rejections!)
    for (let i = 0; i < count; i++) {
      // An own element of the host's own array: no getter on the way.
      const reason = this.ctx.getProp(this.rejections!, i)
      const text = this.inspect(reason)
      reason.dispose()
      // The time ran out while showing it: the caller ends the run.
      if (this.interrupt) break
      this.print('error', JSON.stringify(`Uncaught (in promise) ${text}`))
    }
    if (count > 0) this.ctx.newNumber(0).consume((zero) => this.ctx.setProp(this.rejections!, 'length', zero))
    this.unhandledRejections += Math.max(0, count)
  }

  /** Run the pending jobs, one at a time (pending-jobs.ts), until none is left or one throws. */
  private drainJobs(): RunError | null {
    for (;;) {
      const outcome = this.jobs.runOne()
      if (outcome === 'idle') return null
      if (outcome !== 'ran') {
        const error = this.describe(outcome, 'microtask')
        outcome.dispose()
        return error
      }
      // The caller reports the limit; the jobs left would only be interrupted one by one.
      if (this.interrupt) return null
    }
  }

  private checkMemory(phase: RunPhase): RunError | null {
    if (!this.overMemoryBudget()) return null
    this.interrupt = 'memory'
    return this.limitError('memory', phase, null)
  }

  /**
   * Turn a thrown guest value into a RunError, in the learner's terms. Its name, message and stack
   * are read as data properties only (host-reads.ts): a getter, a Proxy's trap or an accessor on
   * Object.prototype never runs because the host looks at what was thrown.
   */
  private describe(handle: QuickJSHandle, phase: RunPhase): RunError {
    const { reads } = this
    // The engine gives each Error its stack as an own data property.
    const stack = reads.dataString(handle, 'stack', true)
    let name = reads.dataString(handle, 'name', false)
    let message = reads.dataString(handle, 'message', false)
    const at = locateInStack(stack, this.options.filename)
    if (this.interrupt) return this.limitError(this.interrupt, phase, at)
    // At the hard cap bellard's QuickJS cannot even build the error's message, so the size decides.
    if (this.overMemoryBudget() || (name === 'InternalError' && message === 'out of memory')) {
      this.interrupt = 'memory'
      return this.limitError('memory', phase, at)
    }
    const location = { line: at?.line ?? null, column: at?.column ?? null, phase }
    if ((name === 'RangeError' && message === 'Maximum call stack size exceeded') || (name === 'InternalError' && message === 'stack overflow')) {
      return { kind: 'stack', name, message: `${message}: too deep a recursion for the ${MAX_STACK_BYTES / 1024} KiB stack`, ...location }
    }
    if ((name === undefined || message === undefined) && reads.isError(handle)) {
      // An Error whose name or message is an accessor: its class's name, and no message, rather than
      // run the accessor (or the guest's inspect, which would).
      name ??= this.constructorName(handle) ?? 'Error'
      message ??= ''
    }
    if (name !== undefined && message !== undefined) return { kind: 'runtime', name, message, ...location }
    const text = this.inspect(handle)
    if (this.interrupt) return this.limitError(this.interrupt, phase, at)
    return { kind: 'runtime', name: 'Uncaught', message: text, ...location }
  }

  /** The name of a value's constructor, read as data properties only. */
  private constructorName(handle: QuickJSHandle): string | undefined {
    const constructor = this.reads.dataProperty(handle, 'constructor', false)
    if (!constructor) return undefined
    const name = this.reads.dataString(constructor, 'name', true)
    constructor.dispose()
    return name || undefined
  }

  private limitError(kind: InterruptReason, phase: RunPhase, at: { line: number; column: number } | null): RunError {
    const where = at ? ` (stopped at line ${at.line})` : ''
    const message =
      kind === 'timeout'
        ? `The program ran longer than its time budget of ${this.options.timeoutMs} ms${where}. Is there an endless loop?`
        : `The program used more memory than its budget of ${Math.round(this.options.memoryBytes / 1048576)} MiB${where}.`
    return { kind, name: kind === 'timeout' ? 'TimeoutError' : 'MemoryError', message, line: at?.line ?? null, column: at?.column ?? null, phase }
  }

  /**
   * Format a thrown value or a rejection's reason with the guest's own inspect, as Node's console
   * shows it: a proxy as its target, asked nothing. When the inspect fails, the host's own plain text
   * (hostReads), which runs no guest code. The caller checks the interrupt flag after.
   */
  private inspect(handle: QuickJSHandle): string {
    if (!this.inspectFn) return this.reads.plainText(handle)
    const value = this.reads.unwrapProxy(handle)
    try {
      const result = this.ctx.callFunction(this.inspectFn, this.ctx.undefined, value)
      if (result.error) {
        result.error.dispose()
        return this.reads.plainText(value)
      }
      const text = this.reads.string(result.value)
      result.value.dispose()
      return text
    } finally {
      value.dispose()
    }
  }

  private measure(): MemoryTotals | null {
    if (this.corrupted) return null
    try {
      const usage = this.native.memoryUsage()
      // obj_count keeps its engine meaning. objects, which the learner sees, counts what is alive:
      // the garbage the cycle collector would free now is left out, found by the collector's own
      // passes without freeing anything (the program's gc.collect() and finalizers see the heap as
      // they would have), so garbage cycles never make a fixed program's count climb.
      const objects = usage.obj_count - this.native.garbageCount()
      this.lastTotals = { objects, bytes: usage.memory_used_size, ...usage }
      return this.lastTotals
    } catch {
      return null
    }
  }

  private sample(): void {
    const started = performance.now()
    const totals = this.measure()
    // Counting the heap (and its garbage) is LeakLab's work: like a walk, its time is not the program's.
    const measureMs = performance.now() - started
    this.deadline += measureMs
    if (!totals) return
    const sample = { step: this.stepsDone, time: this.clock, objects: totals.objects, bytes: totals.bytes, nativeBytes: this.nativeHeap.bytes }
    this.samples.push(sample)
    this.hooks.onSample?.(sample, measureMs)
  }
}
