/**
 * The page's engine client against a fake worker, in Node: the real worker cannot be made to hang
 * or crash on demand, and these are exactly the cases the client exists for.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { WALK_BUDGET_MS } from '../../src/engine/defaults'
import type { RunResult } from '../../src/engine/types'
import { EngineClient, EngineCrashError, RunCancelledError } from '../../src/worker/engine-client'
import type { PageToWorker, WorkerToPage } from '../../src/worker/protocol'

class FakeWorker {
  posted: PageToWorker[] = []
  terminated = false
  onmessage: ((event: MessageEvent<WorkerToPage>) => void) | null = null
  onerror: ((event: ErrorEvent) => void) | null = null
  onmessageerror: ((event: MessageEvent) => void) | null = null

  postMessage(message: PageToWorker): void {
    // The real worker gets a structured clone; this catches anything that is not plain data.
    this.posted.push(structuredClone(message))
  }

  terminate(): void {
    this.terminated = true
  }

  send(message: WorkerToPage): void {
    this.onmessage?.({ data: structuredClone(message) } as MessageEvent<WorkerToPage>)
  }

  get lastId(): number {
    const last = this.posted.at(-1)
    if (!last) throw new Error('nothing was posted')
    return last.id
  }
}

function fakeResult(overrides: Partial<RunResult> = {}): RunResult {
  // Only the fields the client passes through; it never looks inside a result it did not make.
  return { ok: true, error: null, console: [], samples: [], steps: 3, stepsRequested: 3, ...overrides } as RunResult
}

let workers: FakeWorker[]
let client: EngineClient

beforeEach(() => {
  workers = []
  client = new EngineClient({
    graceMs: 50,
    createWorker: () => {
      const worker = new FakeWorker()
      workers.push(worker)
      return worker as unknown as Worker
    },
  })
})

afterEach(() => {
  client.dispose()
  vi.useRealTimers()
})

describe('EngineClient', () => {
  test('starts its worker at once, so the first run does not wait for it to load', () => {
    expect(workers).toHaveLength(1)
    expect(client.running).toBe(false)
  })

  test('sends one run request with resolved options, streams progress, and resolves with the result', async () => {
    const onConsole = vi.fn()
    const onSample = vi.fn()
    const done = client.run('step()', { steps: 3 }, { onConsole, onSample })
    const [worker] = workers
    expect(worker.posted).toEqual([
      { type: 'run', id: worker.lastId, source: 'step()', options: expect.objectContaining({ steps: 3, timeoutMs: 5_000, sampleEvery: 1 }) },
    ])
    expect(client.running).toBe(true)

    const id = worker.lastId
    worker.send({ type: 'console', id, entry: { level: 'warn', text: 'hi' } })
    worker.send({ type: 'sample', id, sample: { step: 1, time: 0, objects: 10, bytes: 100 } })
    const result = fakeResult()
    worker.send({ type: 'done', id, result })

    await expect(done).resolves.toEqual(result)
    expect(onConsole).toHaveBeenCalledWith({ level: 'warn', text: 'hi' })
    expect(onSample).toHaveBeenCalledWith({ step: 1, time: 0, objects: 10, bytes: 100 })
    expect(client.running).toBe(false)
    expect(workers).toHaveLength(1)
  })

  test('ignores messages for any id but the latest', async () => {
    const onConsole = vi.fn()
    const done = client.run('x', {}, { onConsole })
    const [worker] = workers
    const id = worker.lastId
    worker.send({ type: 'console', id: id - 1, entry: { level: 'log', text: 'stale' } })
    worker.send({ type: 'done', id: id + 1, result: fakeResult({ ok: false }) })
    expect(client.running).toBe(true)
    worker.send({ type: 'done', id, result: fakeResult() })
    await expect(done).resolves.toMatchObject({ ok: true })
    expect(onConsole).not.toHaveBeenCalled()
  })

  test('stop() terminates the worker at once, rejects the run, and the next run uses a fresh worker', async () => {
    const done = client.run('while (true) {}')
    const [stuck] = workers
    client.stop()
    await expect(done).rejects.toEqual(new RunCancelledError('stopped'))
    expect(stuck.terminated).toBe(true)
    expect(workers).toHaveLength(2)
    expect(client.running).toBe(false)

    // A reply the stuck worker had already queued must not reach the new run.
    stuck.send({ type: 'done', id: stuck.lastId, result: fakeResult({ ok: false }) })

    const next = client.run('1')
    const fresh = workers[1]
    expect(fresh.posted).toHaveLength(1)
    fresh.send({ type: 'done', id: fresh.lastId, result: fakeResult() })
    await expect(next).resolves.toMatchObject({ ok: true })
  })

  test('stop() with nothing running keeps the worker', () => {
    client.stop()
    expect(workers).toHaveLength(1)
    expect(workers[0].terminated).toBe(false)
  })

  test('a new run replaces a busy worker and the old run rejects as superseded', async () => {
    const first = client.run('while (true) {}')
    const second = client.run('1')
    await expect(first).rejects.toMatchObject({ name: 'RunCancelledError', reason: 'superseded' })
    expect(workers[0].terminated).toBe(true)
    const fresh = workers[1]
    expect(fresh.posted.map((m) => m.source)).toEqual(['1'])
    fresh.send({ type: 'done', id: fresh.lastId, result: fakeResult() })
    await expect(second).resolves.toMatchObject({ ok: true })
  })

  test('the watchdog ends a run silent for longer than a heap walk may take, plus grace, with a readable timeout result', async () => {
    vi.useFakeTimers()
    const done = client.run('await forever', { timeoutMs: 1_000, steps: 10 })
    const [worker] = workers
    const id = worker.lastId
    worker.send({ type: 'console', id, entry: { level: 'log', text: 'started' } })
    worker.send({ type: 'sample', id, sample: { step: 0, time: 0, objects: 50, bytes: 500 } })
    worker.send({ type: 'sample', id, sample: { step: 4, time: 40, objects: 90, bytes: 900 } })

    // Silence is what counts: the program's budget is 1 s, but a heap walk may take WALK_BUDGET_MS.
    vi.advanceTimersByTime(WALK_BUDGET_MS + 49)
    expect(client.running).toBe(true)
    vi.advanceTimersByTime(1)
    const result = await done

    expect(result.ok).toBe(false)
    expect(result.error).toMatchObject({ kind: 'timeout', name: 'TimeoutError', line: null })
    expect(result.error?.message).toMatch(/1000 ms.*Is there an endless loop/)
    expect(result.console).toEqual([{ level: 'log', text: 'started' }])
    expect(result.steps).toBe(4)
    expect(result.stepsRequested).toBe(10)
    expect(result.start.objects).toBe(50)
    expect(result.memory.objects).toBe(90)
    expect(result.limits.timeoutMs).toBe(1_000)
    // Plain data, like every engine result.
    expect(JSON.parse(JSON.stringify(result))).toEqual(result)
    expect(worker.terminated).toBe(true)
    expect(workers).toHaveLength(2)
  })

  test('a run that keeps talking is not cut short, however long it takes', async () => {
    vi.useFakeTimers()
    const done = client.run('long but alive', { timeoutMs: 1_000, steps: 100 })
    const [worker] = workers
    const id = worker.lastId
    for (let step = 0; step < 100; step++) {
      vi.advanceTimersByTime(WALK_BUDGET_MS)
      worker.send({ type: 'sample', id, sample: { step, time: step, objects: 50 + step, bytes: 500 } })
    }
    expect(client.running).toBe(true)
    worker.send({ type: 'done', id, result: { ok: true } as unknown as RunResult })
    expect((await done).ok).toBe(true)
  })

  test('a finished run cancels its watchdog', async () => {
    vi.useFakeTimers()
    const done = client.run('1', { timeoutMs: 100 })
    const [worker] = workers
    worker.send({ type: 'done', id: worker.lastId, result: fakeResult() })
    await done
    vi.advanceTimersByTime(10_000)
    expect(worker.terminated).toBe(false)
  })

  test("a 'crash' reply rejects with EngineCrashError and replaces the worker", async () => {
    const done = client.run('1')
    const [worker] = workers
    worker.send({ type: 'crash', id: worker.lastId, message: 'wasm failed to load' })
    await expect(done).rejects.toEqual(new EngineCrashError('wasm failed to load'))
    expect(worker.terminated).toBe(true)
    expect(workers).toHaveLength(2)
  })

  test('a worker that fails to start rejects the run instead of leaving it waiting', async () => {
    const done = client.run('1')
    const [worker] = workers
    worker.onerror?.({ message: 'SyntaxError in worker script', preventDefault() {} } as ErrorEvent)
    await expect(done).rejects.toBeInstanceOf(EngineCrashError)
    await expect(done).rejects.toThrow(/SyntaxError in worker script/)
  })

  test('dispose() rejects the run in progress and terminates the worker', async () => {
    const done = client.run('while (true) {}')
    client.dispose()
    await expect(done).rejects.toMatchObject({ reason: 'disposed' })
    expect(workers[0].terminated).toBe(true)
    expect(workers).toHaveLength(1)
  })
})
