/**
 * Python programs run in CPython (Pyodide) with the same contract as JavaScript's: the article's code
 * verbatim, a stepped leak found with its path in Python's notation, a fixed program clean, errors at
 * the learner's lines, each limit, and each way out of the sandbox tried from the guest's side.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { toRunView } from '../../src/analysis/run-view'
import { PYTHON_FILENAME, runPythonProgram } from '../../src/python/run-python'

const LEAK = `class DataHolder:
    def __init__(self, data):
        self.data = data

leak_list = []

def step(i):
    for k in range(20):
        leak_list.append(DataHolder(i * 20 + k))
`
const view = async (source: string, steps = 10) =>
  toRunView(await runPythonProgram(source, { steps, timeoutMs: 20_000 }), { runId: 0, filename: PYTHON_FILENAME }).view
const lines = (result: { console: { text: string }[] }) => result.console.map((e) => e.text)

describe('the Python runtime', () => {
  test("runs the article's own code verbatim, and prints as CPython does", async () => {
    const seed = readFileSync(new URL('../../scenarios/01-growing-list/original.py', import.meta.url), 'utf8')
    const result = await runPythonProgram(seed, { timeoutMs: 30_000 })
    expect(result.error).toBeNull()
    expect(lines(result)).toContain('Objects created and stored in leak_list.')
    expect(result.engine.build).toMatch(/^CPython 3\.14/)
  }, 60_000)

  test('finds a stepped leak, with its path in Python notation and its line', async () => {
    const v = await view(LEAK)
    expect(v.ok).toBe(true)
    const top = v.heap?.suspects[0]
    expect(top).toMatchObject({ name: 'DataHolder', line: 9 })
    expect(top?.growthPerStep).toBeCloseTo(20, 0)
    expect(top?.path).toMatch(/^leak_list\[\d+\]$/)
  }, 60_000)

  test('a fixed program leaves nothing growing', async () => {
    const v = await view(LEAK.replace('        leak_list.append(DataHolder(i * 20 + k))', '        leak_list.append(DataHolder(i * 20 + k))\n    leak_list.clear()'))
    expect(v.heap?.suspects.map((s) => s.name)).toEqual([])
  }, 60_000)

  test("a fixed program's object count stays flat, however much it prints: LeakLab's own records are not counted", async () => {
    const fixed = LEAK.replace('        leak_list.append(DataHolder(i * 20 + k))', '        leak_list.append(DataHolder(i * 20 + k))\n    leak_list.clear()\n    print("step", i, {"done": i})')
    const result = await runPythonProgram(fixed, { steps: 60, timeoutMs: 20_000 })
    expect(lines(result)).toHaveLength(60)
    // The first step makes what every step reuses; from then on nothing is kept, so nothing is counted.
    const counts = result.samples.slice(2).map((s) => s.objects)
    expect(new Set(counts).size).toBe(1)
    expect(result.memory.objects).toBe(counts[0])
  }, 60_000)

  test("garbage cycles waiting for CPython's collector are counted as such where a walk looked: exactly what gc.collect() then frees", async () => {
    // Scenario 02's fix: each step drops a tree of 21 nodes (parent ⇄ children cycles, with __del__).
    const fixed = readFileSync(new URL('../../scenarios/02-reference-cycles/fixed.py', import.meta.url), 'utf8')
    const result = await runPythonProgram(fixed, { steps: 60, timeoutMs: 20_000 })
    const looked = result.samples.filter((s) => s.unreachable !== undefined)
    expect(looked.map((s) => s.step)).toEqual([0, 15, 30, 45, 60])
    const last = looked.at(-1)!
    // CPython 3.14 has freed none of them by the last step; teardown's gc.collect() frees them all,
    // nodes and their children lists: the walk's count is the collector's.
    const freed = Number(/gc\.collect\(\) freed (\d+)/.exec(lines(result).join('\n'))?.[1])
    expect(last.unreachable).toBe(freed)
    expect(freed).toBe(60 * 21 * 2)
    expect(last.unreachable).toBeLessThan(last.objects)
    // The leak keeps its trees: nothing of it is garbage, and no sample says otherwise.
    const leaky = await runPythonProgram(readFileSync(new URL('../../scenarios/02-reference-cycles/leaky.py', import.meta.url), 'utf8'), { steps: 30, timeoutMs: 20_000 })
    expect(leaky.samples.filter((s) => s.unreachable !== undefined).map((s) => s.unreachable)).toEqual([0, 0, 0, 0, 0])
  }, 90_000)

  test('a closure keeps what it captured: the path goes through the cell', async () => {
    const v = await view(`handlers = []

class Blob:
    pass

def step(i):
    blob = Blob()
    def handler():
        return blob
    handlers.append(handler)
`)
    const blob = v.heap?.suspects.find((s) => s.name === 'Blob')
    expect(blob?.path).toMatch(/^handlers\[\d+\] → \(closure handler\)\.blob$/)
  }, 60_000)

  test("finds what the library's containers, lru_cache and paused generators keep, and runs none of a hostile dict's code", async () => {
    const program = readFileSync(new URL('./fixtures/kinds.py', import.meta.url), 'utf8')
    const v = await view(program, 30)
    expect(v.error).toBeNull()
    const paths = Object.fromEntries((v.heap?.suspects ?? []).filter((s) => s.name === 'Blob').map((s) => [s.line, s.path]))
    expect(paths).toEqual({
      20: expect.stringMatching(/^render\.<dict>/),
      23: expect.stringMatching(/^paused\[\d+\] → \(frame reader\)\.data\[\d+\]$/),
      27: expect.stringMatching(/^by_user\[\d+\]\[\d+\]$/),
      28: expect.stringMatching(/^recent\[\d+\]$/),
      29: expect.stringMatching(/^sneaky\[\d+\]$/),
    })
  }, 60_000)

  test("the walks leave the program's heap as it was: no instance is given a __dict__ it did not have", async () => {
    const program = `class Holder:
    def __init__(self, i):
        self.i = i

class Blob:
    pass

kept = []

def step(i):
    h = Holder(i)
    h.extra = Blob()
    kept.append(h)
`
    const unwalked = await runPythonProgram(program, { steps: 50, snapshots: 0 })
    const walked = await runPythonProgram(program, { steps: 50, snapshots: 5 })
    const last = (r: typeof walked) => r.samples.at(-1)?.objects ?? 0
    // The driver's own small caches aside (a few dozen), not one object per instance walked (50 a walk).
    expect(Math.abs(last(walked) - last(unwalked))).toBeLessThan(50)
    // An attribute set from outside the class's methods is still followed, by the collector's list.
    const v = toRunView(walked, { runId: 0, filename: PYTHON_FILENAME }).view
    expect(v.heap?.suspects.find((s) => s.name === 'Blob')?.path).toMatch(/^kept\[\d+\]\.<Blob>$/)
  }, 60_000)

  test("gc.collect() frees cycles with __del__ (PEP 442), and gc.garbage stays empty", async () => {
    const result = await runPythonProgram(`import gc
freed = []
class Node:
    def __init__(self):
        self.other = None
    def __del__(self):
        freed.append(1)
for _ in range(100):
    a, b = Node(), Node()
    a.other, b.other = b, a
del a, b
print(gc.collect() >= 200, len(freed), gc.garbage)
`, { timeoutMs: 20_000 })
    expect(result.error).toBeNull()
    expect(lines(result)).toEqual(['True 200 []'])
  }, 60_000)

  test('errors are at their lines: a traceback in a step, a syntax error, print to stderr and warnings by level', async () => {
    const runtime = await runPythonProgram('import sys, warnings\nprint("to err", file=sys.stderr)\nwarnings.warn("careful")\ndef step(i):\n    if i == 3:\n        {}["missing"]\n', { steps: 5 })
    expect(runtime.error).toMatchObject({ kind: 'runtime', name: 'KeyError', message: "'missing'", line: 6, phase: 'step', step: 3 })
    expect(runtime.console.map((e) => [e.level, e.text])).toEqual([['error', 'to err'], ['warn', 'main.py:3: UserWarning: careful']])
    const syntax = await runPythonProgram('x = 1\ndef f(:\n    pass\n')
    expect(syntax.error).toMatchObject({ kind: 'syntax', name: 'SyntaxError', line: 2 })
  }, 60_000)
})

describe('imagelib: memory a C library manages', () => {
  test("its pixels are native bytes, which tracemalloc and the heap walk do not see; close() frees them", async () => {
    const program = `import imagelib, tracemalloc
tracemalloc.start()
thumbs = {}

def step(i):
    image = imagelib.decode(f'photo{i}.jpg', 256, 256)
    thumbs[i] = image

def teardown():
    current, _peak = tracemalloc.get_traced_memory()
    print('traced under 1 MiB:', current < 1024 * 1024, imagelib.stats())
`
    const leaked = await runPythonProgram(program, { steps: 20, timeoutMs: 20_000 })
    expect(leaked.error).toBeNull()
    expect(leaked.native).toMatchObject({ bytes: 20 * 256 * 256 * 4, blocks: 20 })
    expect(leaked.samples.at(-1)?.nativeBytes).toBe(20 * 256 * 256 * 4)
    expect(lines(leaked)).toEqual([`traced under 1 MiB: True {'images': 20, 'bytes': ${20 * 256 * 256 * 4}}`])
    const closed = await runPythonProgram(program.replace('    thumbs[i] = image', '    thumbs[i] = image\n    old = thumbs.pop(i - 1, None)\n    if old:\n        old.close()'), { steps: 20, timeoutMs: 20_000 })
    expect(closed.native.bytes).toBe(256 * 256 * 4)
  }, 60_000)
})

describe('limits', () => {
  test('an endless loop ends as timeout at its line, even one that catches BaseException', async () => {
    const plain = await runPythonProgram('n = 0\nwhile True:\n    n += 1\n', { timeoutMs: 500 })
    expect(plain.error).toMatchObject({ kind: 'timeout', line: 3 })
    const stubborn = await runPythonProgram('while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass\n', { timeoutMs: 500 })
    expect(stubborn.error?.kind).toBe('timeout')
  }, 60_000)

  test('a program that silences SIGINT is still stopped: its thread is ended', async () => {
    const result = await runPythonProgram('import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n', { timeoutMs: 300, walkTimeoutMs: 300 })
    expect(result.error).toMatchObject({ kind: 'timeout', line: null })
    expect(result.error?.message).toMatch(/LeakLab ended it/)
  }, 60_000)

  test('a memory bomb ends as memory, even caught; deep recursion as stack', async () => {
    const bomb = await runPythonProgram('a = []\ntry:\n    while True:\n        a.append(bytearray(10**6))\nexcept MemoryError:\n    pass\n', { memoryBytes: 32 * 1024 * 1024 })
    expect(bomb.error).toMatchObject({ kind: 'memory' })
    const deep = await runPythonProgram('def f(n):\n    return f(n + 1)\nf(0)\n')
    expect(deep.error).toMatchObject({ kind: 'stack', name: 'RecursionError', line: 2 })
  }, 60_000)
})

describe('no way out of the sandbox', () => {
  const tries: Record<string, string> = {
    'import js': 'import js\nprint(js.fetch)',
    'pyodide_js, its module and file systems': 'import pyodide_js\nprint(pyodide_js._module.FS.filesystems.NODEFS)',
    'mountNodeFS': 'import pyodide_js\npyodide_js.mountNodeFS("/host", "/")\nprint(open("/host/etc/hostname").read())',
    'a Function from any JavaScript object': 'from pyodide.ffi import to_js\nF = to_js([]).constructor.constructor\nprint(F("return typeof process")())',
    'run_js': 'from pyodide.code import run_js\nprint(run_js("typeof process"))',
    'the network, through Pyodide\'s loader': 'import pyodide_js\npyodide_js.loadPackage("http://127.0.0.1:9/x.whl")',
    'the network, through the realm': 'from pyodide.ffi import to_js\nprint(to_js({}).constructor.constructor("return fetch")())',
    'files outside the scratch folder': 'print(open("/etc/passwd").read())',
    'JavaScript through ctypes (emscripten_run_script)': 'import ctypes\nctypes.CDLL(None).emscripten_run_script(b"globalThis.leaked = typeof process")\nprint(ctypes.CDLL(None).emscripten_run_script_string(b"typeof process"))',
    'timers through asyncio': 'import asyncio\nloop = asyncio.get_event_loop()\nloop.call_later(0.01, print, "later")\nloop.run_until_complete(asyncio.sleep(0.02))',
  }
  test.each(Object.entries(tries))('%s', async (_name, code) => {
    const result = await runPythonProgram(code, { timeoutMs: 5_000 })
    // Whatever went wrong, it went wrong inside the guest: nothing of the host's was printed.
    expect(result.error?.kind).toBe('runtime')
    expect(lines(result).join('\n')).not.toMatch(/object|function|NODEFS|root:/)
  }, 30_000)
})
