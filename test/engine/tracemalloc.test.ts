import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'
import { NODE_KINDS } from '../../src/heap/snapshot'
import { shallowSize, SIZE_COEFFICIENTS } from '../../src/heap/size-model'
import { output } from './run-helpers'

const PYTHON = spawnSync('python3', ['-c', 'import tracemalloc'], { encoding: 'utf8' }).status === 0 ? 'python3' : null
const needsPython = (title: string) => (PYTHON ? title : `${title} (skipped: python3 is not installed)`)

function python(source: string, ...args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'leaklab-tracemalloc-'))
  const file = join(dir, 'seed.py')
  writeFileSync(file, source)
  const run = spawnSync(PYTHON!, [file, ...args], { encoding: 'utf8', cwd: dir })
  expect(run.stderr).toBe('')
  return run.stdout.trimEnd().split('\n')
}

async function lines(source: string, options = {}): Promise<string[]> {
  const result = await runProgram(source, options)
  expect(result.error).toBeNull()
  return output(result)
}

/** The seed's tracemalloc example, line for line (its DataHolder from the article's first example). */
const SEED_JS = `class DataHolder {
  constructor(data) {
    this.data = data
  }
}
tracemalloc.start()
// Run some code that may leak memory
const leakList = []
for (let i = 0; i < 10000; i++) {
  leakList.push(new DataHolder(i))
}
const snapshot = tracemalloc.takeSnapshot()
for (const stat of snapshot.statistics(KEY).slice(0, 5)) console.log(String(stat))
`
const SEED_PY = `class DataHolder:
    def __init__(self, data):
        self.data = data

import sys, tracemalloc
tracemalloc.start()
# Run some code that may leak memory
leak_list = []
for i in range(10000):
    leak_list.append(DataHolder(i))
snapshot = tracemalloc.take_snapshot()
for stat in snapshot.statistics(sys.argv[1])[:5]:
    print(stat)
`
const STATISTIC_LINE = /^(.+):(\d+): size=\d+(\.\d)? (B|KiB|MiB), count=\d+, average=\d+(\.\d)? (B|KiB|MiB)$/

describe("the seed article's tracemalloc example", () => {
  it("prints tracemalloc's statistics by line", async () => {
    expect(await lines(SEED_JS.replace('KEY', "'lineno'"))).toEqual([
      // 10,000 DataHolder objects of 72 bytes, at the line that made them.
      'main.js:10: size=703 KiB, count=10000, average=72 B',
      // The list itself: 64 bytes and 8 per element, at the line that allocated it.
      'main.js:8: size=78.2 KiB, count=1, average=78.2 KiB',
    ])
  })

  it('and by file, as the article has it (line 0, as Python prints it)', async () => {
    expect(await lines(SEED_JS.replace('KEY', "'filename'"))).toEqual(['main.js:0: size=781 KiB, count=10001, average=80 B'])
  })

  it.skipIf(!PYTHON)(needsPython('prints what the Python original prints, line for line in spirit'), async () => {
    const js = await lines(SEED_JS.replace('KEY', "'lineno'"))
    const py = python(SEED_PY, 'lineno')
    // e.g. seed.py:10: size=868 KiB, count=20001, average=44 B / seed.py:9: size=304 KiB, count=9743, average=32 B
    for (const line of [...js, ...py]) expect(line).toMatch(STATISTIC_LINE)
    // The biggest entry is the loop body that makes a DataHolder, in both; Python counts each
    // instance's own blocks, JavaScript one object each.
    const top = (line: string) => STATISTIC_LINE.exec(line)!
    expect(top(py[0])[2]).toBe('10')
    expect(top(js[0])[2]).toBe('10')
    expect(Number(/count=(\d+)/.exec(py[0])![1])).toBeGreaterThanOrEqual(10000)
    expect(Number(/count=(\d+)/.exec(js[0])![1])).toBe(10000)
    // Python's second line is the loop's int objects (line 9); JavaScript's numbers are not objects,
    // and its second line is the array, charged to the line that allocated it (line 8).
    expect(js.length).toBeLessThanOrEqual(5)
    expect(py.length).toBeLessThanOrEqual(5)

    const jsByFile = await lines(SEED_JS.replace('KEY', "'filename'"))
    const pyByFile = python(SEED_PY, 'filename')
    expect(jsByFile).toHaveLength(1)
    expect(pyByFile[0]).toMatch(/^.*seed\.py:0: size=\d+ KiB, count=\d+, average=\d+ B$/)
    expect(jsByFile[0]).toMatch(/^main\.js:0: size=\d+ KiB, count=\d+, average=\d+ B$/)
  })
})

/** [size, count, what Python 3.11's str(Statistic) prints for a traceback main.js:3]. */
const STATISTICS: [number, number, string][] = [
  [0, 0, 'main.js:3: size=0 B, count=0'],
  [1, 1, 'main.js:3: size=1 B, count=1, average=1 B'],
  [145, 2, 'main.js:3: size=145 B, count=2, average=72 B'], // 72.5: a tie, to even
  [147, 2, 'main.js:3: size=147 B, count=2, average=74 B'], // 73.5: a tie, to even
  [1023, 1, 'main.js:3: size=1023 B, count=1, average=1023 B'],
  [10239, 1, 'main.js:3: size=10239 B, count=1, average=10239 B'],
  [10240, 1, 'main.js:3: size=10.0 KiB, count=1, average=10.0 KiB'],
  [10291, 3, 'main.js:3: size=10.0 KiB, count=3, average=3430 B'],
  [10292, 7, 'main.js:3: size=10.1 KiB, count=7, average=1470 B'],
  [102349, 1, 'main.js:3: size=100.0 KiB, count=1, average=100.0 KiB'],
  [102400, 1, 'main.js:3: size=100 KiB, count=1, average=100 KiB'],
  [720000, 10000, 'main.js:3: size=703 KiB, count=10000, average=72 B'],
  [800064, 10001, 'main.js:3: size=781 KiB, count=10001, average=80 B'],
  [12845056, 1, 'main.js:3: size=12.2 MiB, count=1, average=12.2 MiB'], // 12.25: a tie, to even
  [13107200, 3, 'main.js:3: size=12.5 MiB, count=3, average=4267 KiB'],
  [10485759, 1, 'main.js:3: size=10240 KiB, count=1, average=10240 KiB'],
  [1073741824, 1, 'main.js:3: size=1024 MiB, count=1, average=1024 MiB'],
  [5 * 1024 ** 4, 1, 'main.js:3: size=5120 GiB, count=1, average=5120 GiB'],
]
/** [size, sizeDiff, count, countDiff, what Python prints for a StatisticDiff]. */
const DIFFS: [number, number, number, number, string][] = [
  [145, -5, 2, 0, 'main.js:3: size=145 B (-5 B), count=2 (+0), average=72 B'],
  [0, -720000, 0, -10000, 'main.js:3: size=0 B (-703 KiB), count=0 (-10000)'],
  [720000, 720000, 10000, 10000, 'main.js:3: size=703 KiB (+703 KiB), count=10000 (+10000), average=72 B'],
  [102400, -10240, 9, -1, 'main.js:3: size=100 KiB (-10.0 KiB), count=9 (-1), average=11.1 KiB'],
  [51, 51, 1, 1, 'main.js:3: size=51 B (+51 B), count=1 (+1), average=51 B'],
  [12845056, 12845056, 1, 1, 'main.js:3: size=12.2 MiB (+12.2 MiB), count=1 (+1), average=12.2 MiB'],
]

describe('Statistic and StatisticDiff read like Python', () => {
  it("format sizes as tracemalloc's _format_size does, ties to even included", async () => {
    const source = [
      ...STATISTICS.map(([size, count]) => `console.log(String(new tracemalloc.Statistic('main.js', 3, ${size}, ${count})))`),
      ...DIFFS.map(([size, sizeDiff, count, countDiff]) => `console.log(String(new tracemalloc.StatisticDiff('main.js', 3, ${size}, ${sizeDiff}, ${count}, ${countDiff})))`),
    ].join('\n')
    expect(await lines(source)).toEqual([...STATISTICS.map((s) => s[2]), ...DIFFS.map((d) => d[4])])
  })

  it.skipIf(!PYTHON)(needsPython('the expected texts are what Python itself prints'), () => {
    const source = `import json, sys, tracemalloc as t
tb = t.Traceback((('main.js', 3),))
cases = json.loads(sys.argv[1])
for s, c, _ in cases['statistics']: print(t.Statistic(tb, s, c))
for s, sd, c, cd, _ in cases['diffs']: print(t.StatisticDiff(tb, s, sd, c, cd))
`
    expect(python(source, JSON.stringify({ statistics: STATISTICS, diffs: DIFFS }))).toEqual([...STATISTICS.map((s) => s[2]), ...DIFFS.map((d) => d[4])])
  })

  it('console.log prints a statistic as print() does in Python', async () => {
    expect(await lines("console.log(new tracemalloc.Statistic('main.js', 4, 3200, 100))")).toEqual(['main.js:4: size=3200 B, count=100, average=32 B'])
  })
})

describe('tracemalloc', () => {
  it('groups by line and by file, biggest first, and keeps the numbers as fields', async () => {
    const source = `tracemalloc.start()
const small = [{ a: 1 }]
const big = []
for (let i = 0; i < 100; i++) big.push({ i }, { i })
const snap = tracemalloc.takeSnapshot()
for (const s of snap.statistics('lineno')) console.log(JSON.stringify([s.file, s.line, s.size, s.count]))
for (const s of snap.statistics('filename')) console.log(JSON.stringify([s.file, s.line, s.size, s.count]))
console.log(snap.statistics('traceback').map(String).join(' / ') === snap.statistics('lineno').map(String).join(' / '))`
    expect(await lines(source)).toEqual([
      JSON.stringify(['main.js', 4, 200 * 72, 200]),
      JSON.stringify(['main.js', 3, 64 + 200 * 8, 1]),
      JSON.stringify(['main.js', 2, 72 + 72, 2]),
      JSON.stringify(['main.js', 0, 200 * 72 + 64 + 200 * 8 + 144, 203]),
      'true',
    ])
  })

  it('traces only what is allocated while tracing: not before start(), not after stop()', async () => {
    const source = `const before = [{}, {}]
tracemalloc.start()
const during = [{}]
const s1 = tracemalloc.takeSnapshot()
tracemalloc.stop()
const after = [{}]
console.log(tracemalloc.isTracing(), tracemalloc.getTracedMemory())
tracemalloc.start()
const again = [{}]
const s2 = tracemalloc.takeSnapshot()
console.log(s1.statistics('lineno').map(String).join(' / '))
console.log(s2.statistics('lineno').map(String).join(' / '))
try { tracemalloc.stop(); tracemalloc.takeSnapshot() } catch (e) { console.log(e.message) }`
    expect(await lines(source)).toEqual([
      'false [ 0, 0 ]',
      'main.js:3: size=136 B, count=2, average=68 B',
      'main.js:9: size=136 B, count=2, average=68 B',
      'the tracemalloc module must be tracing memory allocations to take a snapshot',
    ])
  })

  it('compares snapshots as compare_to does: new, grown, shrunk and gone lines', async () => {
    const source = `tracemalloc.start()
let gone = [{}]
const shrinks = []
for (let i = 0; i < 10; i++) shrinks.push({ i })
const old = tracemalloc.takeSnapshot()
gone = null
shrinks.length = 5
const grows = []
for (let i = 0; i < 1000; i++) grows.push({ i })
const now = tracemalloc.takeSnapshot()
for (const d of now.compareTo(old, 'lineno')) console.log(String(d))
const d = now.compareTo(old, 'lineno')[0]
console.log(d.file, d.line, d.size, d.sizeDiff, d.count, d.countDiff)`
    expect(await lines(source)).toEqual([
      'main.js:9: size=70.3 KiB (+70.3 KiB), count=1000 (+1000), average=72 B',
      'main.js:8: size=8064 B (+8064 B), count=1 (+1), average=8064 B',
      'main.js:4: size=360 B (-360 B), count=5 (-5), average=72 B',
      'main.js:2: size=0 B (-136 B), count=0 (-2)',
      'main.js:3: size=104 B (-40 B), count=1 (+0), average=104 B',
      'main.js 9 72000 72000 1000 1000',
    ])
  })

  it('reports [current, peak]: the peak stays after the objects are freed', async () => {
    const source = `tracemalloc.start()
let list = []
for (let i = 0; i < 5000; i++) list.push({ i })
const [current, peak] = tracemalloc.getTracedMemory()
console.log(current === 64 + 5000 * 8 + 5000 * 72, peak === current)
list = null
const [after, peakAfter] = tracemalloc.getTracedMemory()
console.log(after, peakAfter === peak)
tracemalloc.resetPeak()
console.log(tracemalloc.getTracedMemory())`
    expect(await lines(source)).toEqual(['true true', '0 true', '[ 0, 0 ]'])
  })

  it('catches a peak between calls when the trace list is pruned (each time it doubles)', async () => {
    const source = `tracemalloc.start()
function build() { const list = []; for (let i = 0; i < 20000; i++) list.push({ i }) }
build()
const [current, peak] = tracemalloc.getTracedMemory()
console.log(current, peak > 600000)`
    expect(await lines(source)).toEqual(['0 true'])
  })

  it('keeps nothing alive, and tracing costs nothing once stopped', async () => {
    const result = await runProgram(`tracemalloc.start()
function churn() { for (let i = 0; i < 20000; i++) { const o = { i }; const a = [o] } }
churn()
const s = tracemalloc.takeSnapshot()
console.log(s.statistics('lineno').length, tracemalloc.getTracedMemory()[0])
tracemalloc.stop()`)
    expect(output(result)).toEqual(['0 0'])
    // Left: s (the snapshot and its three private arrays), churn, and the site table tracemalloc
    // fetched from the host once (6 objects); none of the 40,000 objects, nor a WeakRef to one.
    expect(result.memory.objects - result.start.objects).toBeLessThanOrEqual(12)
  })

  it('measures each object with the heap walker’s size model: the same sizes as the heap snapshot', async () => {
    const source = `tracemalloc.start()
class Box { constructor(v) { this.v = v; this.w = [v, v] } }
const boxes = []
for (let i = 0; i < 50; i++) boxes.push(new Box(i))
const cache = new Map([['a', { x: 1 }], ['b', { y: 2, z: 3 }]])
const make = function (n) { const data = { n }; const more = [n]; return () => [data, more] }
const fns = [make(1), make(2)]
const set = new Set([boxes[0], {}])
const buffer = new ArrayBuffer(100)
const snap = tracemalloc.takeSnapshot()
for (const s of snap.statistics('lineno')) console.log(JSON.stringify([s.line, s.size, s.count]))`
    const result = await runProgram(source)
    expect(result.error).toBeNull()
    const traced = output(result).map((text) => JSON.parse(text) as [number, number, number])
    const walked = new Map<number, [number, number]>()
    for (const node of result.heap!.snapshot!.nodes) {
      if (!node.site) continue
      const [size, count] = walked.get(node.site.line) ?? [0, 0]
      walked.set(node.site.line, [size + node.size, count + 1])
    }
    expect(traced.length).toBeGreaterThanOrEqual(7)
    for (const [line, size, count] of traced) expect([line, walked.get(line)]).toEqual([line, [size, count]])
  })

  it('reads the size model off shallowSize, which is linear in each input', () => {
    for (const [kind, [base, perProp, perElement, perLength]] of SIZE_COEFFICIENTS) {
      for (const [props, elements, length] of [[0, 0, 0], [3, 0, 0], [0, 7, 0], [0, 0, 1000], [2, 5, 33]]) {
        expect(base + perProp * props + perElement * elements + perLength * length).toBe(shallowSize(kind, props, elements, length))
      }
    }
    expect(SIZE_COEFFICIENTS.map(([kind]) => kind)).toEqual([...NODE_KINDS])
  })

  it('checks its arguments as Python does', async () => {
    const source = `tracemalloc.start()
const s = tracemalloc.takeSnapshot()
for (const f of [() => s.statistics('bad'), () => s.statistics('traceback', true), () => s.compareTo({}, 'lineno')]) {
  try { f() } catch (e) { console.log(e.name + ': ' + e.message) }
}`
    expect(await lines(source)).toEqual([
      "RangeError: unknown key_type: 'bad'",
      "RangeError: cumulative mode cannot be used with key type 'traceback'",
      'TypeError: compareTo() expects a snapshot taken by tracemalloc.takeSnapshot()',
    ])
  })

  it('traces with heap inspection off too: the engine records every object’s line either way', async () => {
    const result = await runProgram('tracemalloc.start()\nconst a = [{}]\nconsole.log(tracemalloc.takeSnapshot().statistics("lineno").map(String).join())', { inspect: false })
    expect(result.console).toEqual([{ level: 'log', text: 'main.js:2: size=136 B, count=2, average=68 B' }])
  })
})

describe('a program that never uses gc or tracemalloc', () => {
  it('pays for them only with the environment’s constant objects, and allocates none at run time', async () => {
    const source = 'const keep = []\nfor (let i = 0; i < 1000; i++) keep.push({ i })'
    const a = await runProgram(source)
    const b = await runProgram(source + '\nfor (let i = 0; i < 1000; i++) keep.push([i])')
    expect(a.start.objects).toBe(b.start.objects)
    expect(a.memory.objects - a.start.objects).toBe(1001)
    expect(b.memory.objects - b.start.objects).toBe(2001)
  })
})

describe('tracing', () => {
  it('adds no object to the heap: the counts grow the same traced or not, and the engine keeps nothing apart', async () => {
    const program = (trace: boolean) => `
      ${trace ? 'tracemalloc.start()' : ''}
      const list = []
      function step(i) { for (let k = 0; k < 1000; k++) list.push({ k }) }`
    const traced = await runProgram(program(true), { steps: 10, snapshots: 2 })
    const plain = await runProgram(program(false), { steps: 10, snapshots: 2 })
    const growth = (r: typeof plain) => r.samples.map((s) => s.objects - r.samples[0].objects)
    expect(growth(traced)).toEqual(growth(plain))
    expect(traced.memory.obj_count - traced.memory.objects).toBe(plain.memory.obj_count - plain.memory.objects)
  })
})
