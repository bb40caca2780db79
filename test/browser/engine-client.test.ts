/**
 * The page's engine client against a fake worker, in Node: the real worker cannot be made to hang
 * or crash on demand, and these are exactly the cases the client exists for.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { GraphQuery, GraphView, RunView } from '../../src/analysis/view-types'
import { WALK_BUDGET_MS } from '../../src/engine/defaults'
import { EngineClient, EngineCrashError, RunCancelledError, RunGoneError } from '../../src/worker/engine-client'
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

function fakeView(overrides: Partial<RunView> = {}): RunView {
  // Only the fields the client passes through; it never looks inside a view it did not make.
  return { ok: true, error: null, console: [], samples: [], steps: 3, stepsRequested: 3, heap: null, ...overrides } as RunView
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
    worker.send({ type: 'sample', id, sample: { step: 1, time: 0, objects: 10, bytes: 100, nativeBytes: 0 } })
    const view = fakeView({ runId: id })
    worker.send({ type: 'done', id, view })

    await expect(done).resolves.toEqual(view)
    expect(onConsole).toHaveBeenCalledWith({ level: 'warn', text: 'hi' })
    expect(onSample).toHaveBeenCalledWith({ step: 1, time: 0, objects: 10, bytes: 100, nativeBytes: 0 })
    expect(client.running).toBe(false)
    expect(workers).toHaveLength(1)
  })

  test('ignores messages for any id but the latest', async () => {
    const onConsole = vi.fn()
    const done = client.run('x', {}, { onConsole })
    const [worker] = workers
    const id = worker.lastId
    worker.send({ type: 'console', id: id - 1, entry: { level: 'log', text: 'stale' } })
    worker.send({ type: 'done', id: id + 1, view: fakeView({ ok: false }) })
    expect(client.running).toBe(true)
    worker.send({ type: 'done', id, view: fakeView() })
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
    stuck.send({ type: 'done', id: stuck.lastId, view: fakeView({ ok: false }) })

    const next = client.run('1')
    const fresh = workers[1]
    expect(fresh.posted).toHaveLength(1)
    fresh.send({ type: 'done', id: fresh.lastId, view: fakeView() })
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
    expect(fresh.posted.map((m) => (m.type === 'run' ? m.source : m.type))).toEqual(['1'])
    fresh.send({ type: 'done', id: fresh.lastId, view: fakeView() })
    await expect(second).resolves.toMatchObject({ ok: true })
  })

  test('the watchdog ends a run silent for longer than a heap walk may take, plus grace, with a readable timeout result', async () => {
    vi.useFakeTimers()
    const done = client.run('await forever', { timeoutMs: 1_000, steps: 10 })
    const [worker] = workers
    const id = worker.lastId
    worker.send({ type: 'console', id, entry: { level: 'log', text: 'started' } })
    worker.send({ type: 'sample', id, sample: { step: 0, time: 0, objects: 50, bytes: 500, nativeBytes: 0 } })
    worker.send({ type: 'sample', id, sample: { step: 4, time: 40, objects: 90, bytes: 900, nativeBytes: 0 } })

    // Silence is what counts: the program's budget is 1 s, but a heap walk may take WALK_BUDGET_MS.
    vi.advanceTimersByTime(WALK_BUDGET_MS + 49)
    expect(client.running).toBe(true)
    vi.advanceTimersByTime(1)
    const result = await done

    expect(result.ok).toBe(false)
    expect(result.error).toMatchObject({ kind: 'timeout', name: 'TimeoutError', line: null })
    // It states the allowance it waited, the walk's and the grace, not the program's budget alone.
    expect(result.error?.message).toContain(`went silent for ${Math.round((WALK_BUDGET_MS + 50) / 100) / 10} s`)
    expect(result.error?.message).toMatch(/Is there an endless loop/)
    expect(result.console).toEqual([{ level: 'log', text: 'started' }])
    expect(result.steps).toBe(4)
    expect(result.stepsRequested).toBe(10)
    expect(result.start.objects).toBe(50)
    expect(result.memory.objects).toBe(90)
    expect(result.limits.timeoutMs).toBe(1_000)
    expect(result.heap).toBeNull()
    expect(result.runId).toBe(id)
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
      worker.send({ type: 'sample', id, sample: { step, time: step, objects: 50 + step, bytes: 500, nativeBytes: 0 } })
    }
    expect(client.running).toBe(true)
    worker.send({ type: 'done', id, view: { ok: true } as unknown as RunView })
    expect((await done).ok).toBe(true)
  })

  test("'analysing' tells the page and restarts the watchdog: the heap's analysis is the engine's work, not the program's", async () => {
    vi.useFakeTimers()
    const onAnalysing = vi.fn()
    const done = client.run('1', { timeoutMs: 1_000 }, { onAnalysing })
    const [worker] = workers
    const id = worker.lastId
    vi.advanceTimersByTime(WALK_BUDGET_MS + 40)
    worker.send({ type: 'analysing', id })
    expect(onAnalysing).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(WALK_BUDGET_MS + 40)
    expect(client.running).toBe(true)
    worker.send({ type: 'done', id, view: fakeView({ runId: id }) })
    await expect(done).resolves.toMatchObject({ ok: true, runId: id })
    expect(workers).toHaveLength(1)
  })

  test('a finished run cancels its watchdog', async () => {
    vi.useFakeTimers()
    const done = client.run('1', { timeoutMs: 100 })
    const [worker] = workers
    worker.send({ type: 'done', id: worker.lastId, view: fakeView() })
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

const QUERY: GraphQuery = { target: { group: '["object","DataHolder","main.js:3"]', by: 'line' }, expand: [] }

function fakeGraph(path: string): GraphView {
  return { nodes: [], edges: [], path, truncated: false, notation: 'javascript' }
}

/** Run to completion against the fake worker; resolves with the run's id. */
async function finishRun(): Promise<number> {
  const done = client.run('leak()')
  const worker = workers.at(-1)!
  const id = worker.lastId
  worker.send({ type: 'done', id, view: fakeView({ runId: id }) })
  await done
  return id
}

describe('EngineClient.graph', () => {
  test('asks the worker about the heap of the run it finished, and resolves with the graph', async () => {
    const runId = await finishRun()
    const [worker] = workers
    const answer = client.graph(runId, QUERY)
    const request = worker.posted.at(-1)!
    expect(request).toEqual({ type: 'graph', id: expect.any(Number), runId, query: QUERY })
    expect(request.id).not.toBe(runId)
    worker.send({ type: 'graph', id: request.id, graph: fakeGraph('leakList[0]') })
    await expect(answer).resolves.toEqual(fakeGraph('leakList[0]'))
  })

  test('answers concurrent queries each with its own reply, in whatever order they come', async () => {
    const runId = await finishRun()
    const [worker] = workers
    const first = client.graph(runId, QUERY)
    const second = client.graph(runId, { ...QUERY, expand: ['c1'] })
    const [a, b] = worker.posted.slice(-2)
    worker.send({ type: 'graph', id: b.id, graph: fakeGraph('second') })
    worker.send({ type: 'graph', id: a.id, graph: fakeGraph('first') })
    await expect(first).resolves.toMatchObject({ path: 'first' })
    await expect(second).resolves.toMatchObject({ path: 'second' })
  })

  test('rejects at once, without asking, for a run the worker does not hold', async () => {
    await expect(client.graph(1, QUERY)).rejects.toBeInstanceOf(RunGoneError)
    const runId = await finishRun()
    // A newer run has started: the worker drops the old heap as it begins.
    const newer = client.run('again()')
    const posted = workers[0].posted.length
    await expect(client.graph(runId, QUERY)).rejects.toEqual(new RunGoneError(runId))
    expect(workers[0].posted).toHaveLength(posted)
    workers[0].send({ type: 'done', id: workers[0].lastId, view: fakeView() })
    await newer
    await expect(client.graph(runId, QUERY)).rejects.toBeInstanceOf(RunGoneError)
  })

  test("a worker's 'gone' reply is RunGoneError; a failed drawing is EngineCrashError and keeps the worker and its heap", async () => {
    const runId = await finishRun()
    const [worker] = workers
    const gone = client.graph(runId, QUERY)
    worker.send({ type: 'graph-error', id: worker.lastId, reason: 'gone', message: 'The engine holds no heap for run 1.' })
    await expect(gone).rejects.toEqual(new RunGoneError(runId, 'The engine holds no heap for run 1.'))

    const failed = client.graph(runId, QUERY)
    worker.send({ type: 'graph-error', id: worker.lastId, reason: 'failed', message: 'RangeError: no such group', stack: 'at graphView' })
    await expect(failed).rejects.toEqual(new EngineCrashError('RangeError: no such group', 'at graphView'))
    expect(worker.terminated).toBe(false)

    const again = client.graph(runId, QUERY)
    worker.send({ type: 'graph', id: worker.lastId, graph: fakeGraph('ok') })
    await expect(again).resolves.toMatchObject({ path: 'ok' })
  })

  test('a query the worker never answers rejects after the graph timeout, and the worker is replaced', async () => {
    client.dispose()
    client = new EngineClient({
      graceMs: 50,
      graphTimeoutMs: 2_000,
      createWorker: () => {
        const worker = new FakeWorker()
        workers.push(worker)
        return worker as unknown as Worker
      },
    })
    vi.useFakeTimers()
    const runId = await finishRun()
    const stuck = workers.at(-1)!
    const answer = client.graph(runId, QUERY)
    const other = client.graph(runId, QUERY)
    const settled = Promise.allSettled([answer, other])
    vi.advanceTimersByTime(1_999)
    expect(stuck.terminated).toBe(false)
    vi.advanceTimersByTime(1)
    const [a, b] = await settled
    expect(a).toMatchObject({ status: 'rejected', reason: expect.any(EngineCrashError) })
    expect((a as PromiseRejectedResult).reason.message).toMatch(/did not answer a question about the heap within 2000 ms/)
    // The other query died with the worker, and with it the heap.
    expect(b).toMatchObject({ status: 'rejected', reason: expect.any(RunGoneError) })
    expect(stuck.terminated).toBe(true)
    expect(workers.at(-1)).not.toBe(stuck)
    await expect(client.graph(runId, QUERY)).rejects.toBeInstanceOf(RunGoneError)
  })

  test('an answered query cancels its timeout', async () => {
    vi.useFakeTimers()
    const runId = await finishRun()
    const [worker] = workers
    const answer = client.graph(runId, QUERY)
    worker.send({ type: 'graph', id: worker.lastId, graph: fakeGraph('ok') })
    await answer
    vi.advanceTimersByTime(60_000)
    expect(worker.terminated).toBe(false)
  })

  test('a pending query rejects when the worker goes: stop, a crash of the worker, dispose', async () => {
    const runId = await finishRun()
    const pending = client.graph(runId, QUERY)
    // A run started after the query was sent, then stopped: the worker that held the heap is gone.
    const stopped = client.run('while (true) {}')
    client.stop()
    await expect(stopped).rejects.toEqual(new RunCancelledError('stopped'))
    await expect(pending).rejects.toBeInstanceOf(RunGoneError)

    const second = await finishRun()
    const failing = client.graph(second, QUERY)
    workers.at(-1)!.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent)
    await expect(failing).rejects.toEqual(new EngineCrashError('The engine worker failed: out of memory'))

    const third = await finishRun()
    const disposed = client.graph(third, QUERY)
    client.dispose()
    await expect(disposed).rejects.toEqual(new RunCancelledError('disposed'))
  })

  test("a 'crash' under a query's id rejects that query only; the worker keeps answering", async () => {
    const runId = await finishRun()
    const [worker] = workers
    const crashed = client.graph(runId, QUERY)
    worker.send({ type: 'crash', id: worker.lastId, message: "Could not send the 'graph' reply: DataCloneError" })
    await expect(crashed).rejects.toBeInstanceOf(EngineCrashError)
    expect(worker.terminated).toBe(false)
    const next = client.graph(runId, QUERY)
    worker.send({ type: 'graph', id: worker.lastId, graph: fakeGraph('ok') })
    await expect(next).resolves.toMatchObject({ path: 'ok' })
  })

  test('a reply from a replaced worker never reaches a query to the new one', async () => {
    const runId = await finishRun()
    const old = workers[0]
    const pending = client.graph(runId, QUERY)
    const oldId = old.lastId
    const stopped = client.run('x')
    client.stop()
    await expect(stopped).rejects.toBeInstanceOf(RunCancelledError)
    await expect(pending).rejects.toBeInstanceOf(RunGoneError)
    const next = await finishRun()
    const fresh = workers.at(-1)!
    const answer = client.graph(next, QUERY)
    old.send({ type: 'graph', id: oldId, graph: fakeGraph('stale') })
    old.send({ type: 'graph', id: fresh.lastId, graph: fakeGraph('stale') })
    fresh.send({ type: 'graph', id: fresh.lastId, graph: fakeGraph('fresh') })
    await expect(answer).resolves.toMatchObject({ path: 'fresh' })
  })
})

describe('EngineClient.heapSnapshot', () => {
  test("asks the worker for the held heap's .heapsnapshot file and resolves with its bytes; a 'gone' reply is RunGoneError", async () => {
    const runId = await finishRun()
    const [worker] = workers
    const file = client.heapSnapshot(runId)
    const request = worker.posted.at(-1)!
    expect(request).toEqual({ type: 'heapsnapshot', id: expect.any(Number), runId })
    const bytes = new TextEncoder().encode('{"snapshot":{}}')
    worker.send({ type: 'heapsnapshot', id: request.id, file: bytes })
    await expect(file).resolves.toEqual(bytes)
    const gone = client.heapSnapshot(runId)
    worker.send({ type: 'graph-error', id: worker.lastId, reason: 'gone', message: 'The engine holds no heap for run 1.' })
    await expect(gone).rejects.toBeInstanceOf(RunGoneError)
    await expect(client.heapSnapshot(runId + 100)).rejects.toBeInstanceOf(RunGoneError)
  })
})
