/**
 * The CLI's hard stop: `run`, `snapshot` and `validate --prove` run the guest in a worker thread with
 * a watchdog (src/cli/guarded-run.ts). The engine stops every hang we know of itself, so the hangs
 * here are simulated in the host by a test worker (hanging-worker.mjs): a `for (;;) {}` in the
 * worker's own JavaScript, before runProgram or inside it, which no interrupt handler can reach.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { summarizeHeap } from '../../src/analysis'
import { main, type Io } from '../../src/cli/main'
import { formatRun, plain } from '../../src/cli/format-run'
import { Allowance, GRACE_MS, GuestWorker, walkAllowance } from '../../src/cli/guarded-run'
import type { ContentRunSettings } from '../../src/content/run-settings-schema'
import { validateContent, type ProveRunner } from '../../src/content/node/validate'
import { MIB, resolveOptions } from '../../src/engine/defaults'
import { runProgram } from '../../src/engine/run'
import type { RunResult } from '../../src/engine/types'

const hanging = new URL('./hanging-worker.mjs', import.meta.url)
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leaklab-guarded-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

async function cli(argv: string[], worker?: Io['worker']) {
  let stdout = ''
  let stderr = ''
  const started = performance.now()
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    worker,
  })
  return { code, stdout, stderr, ms: performance.now() - started }
}

/** How late a watchdog may fire on a machine busy with other work (the spinning workers here among it). */
const SLACK_MS = 2_500
/** Loading a worker (tsx, the engine) is not part of the budget; under a busy CI it can take seconds. */
const BOOT_SLACK_MS = 15_000

describe('a hang the engine cannot stop', () => {
  it('`leaklab run` ends it at the budget plus the grace, prints a timeout and exits as a timeout exits', async () => {
    const hang = file('hang.js', '// HANG_BEFORE_RUN\nconsole.log("never printed")\n')
    const budget = 500
    const [text, json, snapshot] = await Promise.all([
      cli(['run', hang, '--timeout', `${budget}`], { entry: hanging }),
      cli(['run', hang, '--timeout', `${budget}`, '--json'], { entry: hanging }),
      cli(['snapshot', hang, '--timeout', `${budget}`, '--out', join(dir, 'never.heapsnapshot')], { entry: hanging }),
    ])

    // The same exit code as an engine timeout (test/cli/cli.test.ts: a failing program exits 1).
    expect(text.code).toBe(1)
    expect(text.stderr).toBe('')
    expect(text.stdout).toMatch(/✖ TimeoutError: The program ran longer than its time budget of 500 ms and the engine did not stop it, so LeakLab stopped the engine after 3\.\d s \(the budget, the engine's heap walks and 3000 ms grace\)\. Is there an endless loop\?\n/)
    expect(text.stdout).toContain('  while running the script [timeout]')
    expect(text.stdout).toMatch(/── hang\.js ─+\nsteps {4}none/)
    expect(text.stdout).not.toContain('never printed')

    expect(json.code).toBe(1)
    const result = JSON.parse(json.stdout) as RunResult & { groups: unknown[] }
    expect(result).toMatchObject({ ok: false, heap: null, groups: [], limits: { timeoutMs: budget } })
    expect(result.error).toEqual({ kind: 'timeout', name: 'TimeoutError', message: expect.stringMatching(/^The program ran longer than its time budget of 500 ms/), line: null, column: null, phase: 'script' })
    // Counted from when the job reached a loaded worker: the budget and the grace, never less.
    expect(result.durationMs).toBeGreaterThanOrEqual(budget + GRACE_MS)
    expect(result.durationMs).toBeLessThan(budget + GRACE_MS + SLACK_MS)

    expect(snapshot.code).toBe(1)
    expect(snapshot.stderr).toMatch(/^leaklab: no heap to write: The program ran longer than its time budget of 500 ms/)

    for (const run of [text, json, snapshot]) {
      expect(run.ms).toBeGreaterThanOrEqual(budget + GRACE_MS)
      expect(run.ms).toBeLessThan(budget + GRACE_MS + SLACK_MS + BOOT_SLACK_MS)
    }
  }, 60_000)

  it('ends a hang inside the run with what was streamed before it: the console lines, the samples, the step last heard of', async () => {
    const worker = new GuestWorker({ entry: hanging, graceMs: 300 })
    try {
      // A budget the engine's own work (loading, the first steps) stays well inside on a busy machine.
      const options = resolveOptions({ steps: 10, timeoutMs: 2_000, walkTimeoutMs: 200 })
      const source = '// HANG_AT_SAMPLE_3\nfunction step(i) { console.log("step", i) }\n'
      const answer = await worker.run({ kind: 'run', source, options })
      if (answer.ok) throw new Error('the hang was not stopped')
      const { result } = answer
      expect(result.error).toMatchObject({ kind: 'timeout', name: 'TimeoutError', line: null, column: null, phase: 'step' })
      expect(result.error!.message).toMatch(/stopped the engine after \d+(\.\d)? s, last heard from after step 3 \(/)
      expect(result.console.map((e) => e.text)).toEqual(['step 0', 'step 1', 'step 2'])
      expect(result.samples.map((s) => s.step)).toEqual([0, 1, 2, 3])
      expect(result).toMatchObject({ ok: false, steps: 3, stepsRequested: 10, hooks: { step: true }, heap: null })
      // Step 3 is a growth step (growthSteps(10, 5)), so a walk was due after its sample: the budget
      // (2,000), that walk (200), the final walk (200) and the grace (300).
      expect(result.durationMs).toBeGreaterThanOrEqual(2_700)
      expect(result.durationMs).toBeLessThan(2_700 + SLACK_MS)

      // The stopped worker is replaced: the next program runs.
      const next = await worker.run({ kind: 'run', source: 'function step(i) { console.log("again", i) }', options: resolveOptions({ steps: 2 }) })
      expect(next.ok && next.reply.result.console.map((e) => e.text)).toEqual(['again 0', 'again 1'])
    } finally {
      await worker.close()
    }
  }, 60_000)

  it('reports a worker that dies, or never loads, as the sandbox failing, and goes on', async () => {
    const worker = new GuestWorker({ entry: hanging })
    try {
      const options = resolveOptions({ steps: 1 })
      const died = await worker.run({ kind: 'run', source: '// EXIT_WORKER', options })
      expect(!died.ok && died.result.error).toEqual({
        kind: 'runtime',
        name: 'EngineError',
        message: "The sandbox failed: the engine's worker exited unexpectedly (exit code 7)",
        line: null,
        column: null,
        phase: 'script',
      })
      const next = await worker.run({ kind: 'run', source: 'console.log("fine")', options })
      expect(next.ok && next.reply.result).toMatchObject({ ok: true, console: [{ text: 'fine' }] })
    } finally {
      await worker.close()
    }
    const missing = new GuestWorker({ entry: new URL('./no-such-worker.mjs', import.meta.url) })
    const answer = await missing.run({ kind: 'run', source: '1', options: resolveOptions({}) })
    await missing.close()
    expect(!answer.ok && answer.result.error?.message).toMatch(/^The sandbox failed: the engine's worker crashed: .*no-such-worker/)
  }, 60_000)
})

describe('a normal run through the worker', () => {
  it('prints what running in the CLI\'s own thread printed: the console, the summary, the heap', async () => {
    const path = fixture('stepped-leak.js')
    const source = readFileSync(path, 'utf8')
    const { code, stdout, stderr } = await cli(['run', path, '--steps', '20'])
    const direct = await runProgram(source, { steps: 20, filename: 'stepped-leak.js' })
    const expected = formatRun(direct, source, 'stepped-leak.js', plain, summarizeHeap(direct.heap!))
    const took = (text: string) => text.replace(/^took .*$/m, 'took N ms')
    expect(code).toBe(0)
    expect(stderr).toBe('')
    expect(took(stdout)).toBe(took(expected))

    const json = JSON.parse((await cli(['run', path, '--steps', '20', '--json'])).stdout)
    const { snapshot: _snapshot, kept: _kept, ...heap } = direct.heap!
    const summary = summarizeHeap(direct.heap!)
    expect({ ...json, durationMs: 0 }).toEqual(JSON.parse(JSON.stringify({ ...direct, heap, ...summary, durationMs: 0 })))
  }, 60_000)

  it('keeps a run whose heap walks take longer than its budget: they are not charged to the program', () => {
    const options = resolveOptions({ steps: 10, timeoutMs: 1_000, walkTimeoutMs: 10_000 })
    const allowance = new Allowance(options, 3_000, 0)
    expect(allowance.deadline()).toBe(4_000) // loading: no walk can be under way
    allowance.started()
    expect(allowance.deadline()).toBe(14_000) // the final walk is allowed from the start
    // growthSteps(10, 5) = {0, 3, 5, 8, 10}; sampleEvery is 1.
    allowance.sample(0, 100)
    expect(allowance.deadline()).toBe(24_000) // the walk after sample 0
    allowance.sample(1, 2_100) // it took 2 s, more than the budget and the grace left
    expect(allowance.deadline()).toBe(16_000)
    allowance.sample(2, 2_200)
    expect(allowance.deadline()).toBe(16_000)
    allowance.sample(3, 2_300)
    allowance.sample(4, 2_400) // a walk of 0.1 s
    expect(allowance.deadline()).toBe(16_100)
    allowance.ran(5_000)
    expect(allowance.deadline()).toBe(18_000) // making the reply: a walk's allowance and the grace
  })

  it('grants a walk between samples before it happens, and a sample repeated at step 0 (no step function) only once', () => {
    // sampleEvery 4: samples at 0, 4, 8, 10; the growth walk at step 3 (and at 5) comes between samples.
    const allowance = new Allowance(resolveOptions({ steps: 10, sampleEvery: 4, timeoutMs: 1_000, walkTimeoutMs: 10_000 }), 0, 0)
    allowance.sample(0, 0)
    expect(allowance.deadline()).toBe(1_000 + 2 * 10_000 + 10_000) // steps 0 and 3, and the final walk
    allowance.sample(4, 500)
    expect(allowance.deadline()).toBe(1_500 + 10_000 + 10_000) // step 5's walk
    const unstepped = new Allowance(resolveOptions({ timeoutMs: 1_000, walkTimeoutMs: 10_000 }), 0, 0)
    unstepped.sample(0, 10)
    unstepped.sample(0, 20)
    unstepped.sample(0, 30)
    expect(unstepped.deadline()).toBe(1_010 + 10_000)
    const uninspected = new Allowance(resolveOptions({ inspect: false, timeoutMs: 1_000 }), 500, 0)
    uninspected.started()
    uninspected.sample(0, 10)
    expect(uninspected.deadline()).toBe(1_500)
  })

  it('allows for a walk the program asks for (leaklab.snapshot), from its start to its end', () => {
    const allowance = new Allowance(resolveOptions({ inspect: true, snapshots: 0, timeoutMs: 1_000, walkTimeoutMs: 10_000 }), 0, 0)
    allowance.started()
    expect(allowance.deadline()).toBe(1_000)
    allowance.walk('start', 200)
    expect(allowance.deadline()).toBe(11_000)
    allowance.walk('end', 700) // it took 0.5 s
    expect(allowance.deadline()).toBe(1_500)
  })

  it('allows a bigger memory budget, which can hold a bigger heap, proportionally longer walks', () => {
    expect(walkAllowance(resolveOptions({}))).toBe(10_000)
    expect(walkAllowance(resolveOptions({ memoryBytes: 16 * MIB }))).toBe(10_000)
    expect(walkAllowance(resolveOptions({ memoryBytes: 2048 * MIB }))).toBe(320_000)
    const big = new Allowance(resolveOptions({ memoryBytes: 256 * MIB, timeoutMs: 1_000 }), 0, 0)
    big.started()
    expect(big.deadline()).toBe(1_000 + 40_000)
  })
})

describe('validate --prove with a program that hangs', () => {
  const growingList = fileURLToPath(new URL('../../scenarios/01-growing-list', import.meta.url))

  it('fails that program, naming the scenario and the file, and proves the rest', async () => {
    const library = join(dir, 'scenarios')
    mkdirSync(library)
    const hung = join(library, '01-growing-list')
    cpSync(growingList, hung, { recursive: true })
    writeFileSync(join(hung, 'leaky.js'), `// HANG_BEFORE_RUN\n${readFileSync(join(hung, 'leaky.js'), 'utf8')}`)
    const other = join(library, '02-other-list')
    cpSync(growingList, other, { recursive: true })
    const manifest = JSON.parse(readFileSync(join(other, 'manifest.json'), 'utf8'))
    writeFileSync(join(other, 'manifest.json'), JSON.stringify({ ...manifest, id: 'other-list' }))

    const { code, stdout } = await cli(['validate', library, '--prove'], { entry: hanging, graceMs: 300 })
    expect(code).toBe(1)
    const lines = stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(
      /^FAIL {2}\S*scenarios\/01-growing-list\/leaky\.js: scenario "growing-list": LeakLab had to stop this program, so it proves nothing: The program ran longer than its time budget of 5000 ms and the engine did not stop it/,
    )
    // Its fixed.js still ran, and passed: no line names it. The other scenario is proved.
    expect(stdout).not.toContain('fixed.js')
    expect(lines).toContainEqual(expect.stringMatching(/^ok {4}\S*scenarios\/02-other-list \(proved\)$/))
    expect(lines.at(-1)).toMatch(/^2 scenarios, 0 lessons: \d problems?$/)
  }, 60_000)

  it("names a lesson step's file, carried from an earlier step when the step has no code of its own", async () => {
    const lesson = fileURLToPath(new URL('../../lessons/01-seed-article', import.meta.url))
    type Track = { code?: string; solution?: string; checkpoint?: unknown }
    const steps = (JSON.parse(readFileSync(join(lesson, 'manifest.json'), 'utf8')) as { steps: (Track & { python?: Track })[] }).steps
    // Stop every program: each checkpoint's starter and solution is then reported with its file.
    const stopAll: ProveRunner = async (_code: string, _settings: ContentRunSettings) => ({
      ok: false,
      error: { kind: 'timeout', name: 'TimeoutError', message: 'stopped', line: null, column: null, phase: 'script' },
      heap: null,
      samples: [],
      timers: { fired: 0, pending: 0 },
      console: [],
      steps: 0,
      stoppedBy: 'stopped by the test',
    })
    const { errors } = await validateContent([lesson], process.cwd(), stopAll)
    const stopped = errors.filter((e) => e.message.includes('stopped by the test')).map((e) => `${e.file}: ${e.message.split(': LeakLab')[0]}`)
    const expected: string[] = []
    // Each language's track carries its own code from step to step; JavaScript's is proved first.
    for (const [track, language] of [[(step: (typeof steps)[number]) => step, ''], [(step: (typeof steps)[number]) => step.python, ' in Python']] as const) {
      let carried: string | undefined
      steps.forEach((whole, i) => {
        const step = track(whole)
        if (!step) return
        const starter = step.code ?? carried
        carried = step.solution ?? starter
        if (!(step.checkpoint ?? whole.checkpoint)) return
        const title = (JSON.parse(readFileSync(join(lesson, 'manifest.json'), 'utf8')) as { steps: { title: string }[] }).steps[i].title
        const who = `lesson "seed-article", step ${i + 1} ("${title}")${language}`
        expected.push(`lessons/01-seed-article/${starter}: ${who}: its starter`)
        if (step.solution) expected.push(`lessons/01-seed-article/${step.solution}: ${who}: its solution`)
      })
    }
    expect(expected.length).toBeGreaterThan(2)
    expect(stopped).toEqual(expected)
  })
})
