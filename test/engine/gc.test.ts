import { describe, expect, it } from 'vitest'
import { GcRecord, MAX_GC_RECORDS } from '../../src/engine/gc-record'
import { runProgram } from '../../src/engine/run'
import { output, runWithLeakCheck } from './run-helpers'

async function lines(source: string, options = {}): Promise<string[]> {
  const result = await runProgram(source, options)
  expect(result.error).toBeNull()
  return output(result)
}

// The collector also runs by itself once enough is allocated; a heap kept alive first puts that
// point far enough away for a test's own garbage to wait for gc.collect().
const BALLAST = 'const ballast = []\nfor (let i = 0; i < 20000; i++) ballast.push({ i })\ngc.collect()\n'
const MAKE_CYCLES = 'function makeCycles(n) { for (let i = 0; i < n; i++) { const a = {}; const b = { a }; a.b = b } }\n'

describe('gc.collect()', () => {
  it('frees garbage cycles and returns how many objects it freed', async () => {
    const [first, second] = (await lines(`${BALLAST}${MAKE_CYCLES}makeCycles(1000)\nconsole.log(gc.collect())\nconsole.log(gc.collect())`)).map(Number)
    expect(first).toBeGreaterThanOrEqual(2000)
    expect(first).toBeLessThan(2010)
    expect(second).toBe(0)
  })

  it('returns 0 when there is nothing to free; gc() does the same, as with node --expose-gc', async () => {
    expect(await lines('console.log(gc.collect(), gc(), gc.collect())\nconst kept = [{}, {}]\nconsole.log(gc.collect())')).toEqual(['0 0 0', '0'])
  })

  it('leaves nothing behind: the object count after it is the count before, less what it freed', async () => {
    const heap = 'const keep = []\nfor (let i = 0; i < 50000; i++) keep.push({ i })\n'
    const without = await runProgram(heap)
    const collected = await runProgram(`${heap}${MAKE_CYCLES}makeCycles(100)\nconsole.log(gc.collect(), gc.collect(), gc.collect())`)
    expect(output(collected)).toEqual(['200 0 0'])
    // makeCycles is the one object more.
    expect(collected.memory.objects).toBe(without.memory.objects + 1)
    const alone = await runProgram('gc.collect()\ngc.collect()')
    expect(alone.memory.objects).toBe(alone.start.objects)
  })

  it('finds nothing to free on a growing heap without garbage, and leaves nothing behind: 200 collections', async () => {
    // Anything a collection made and left would be freed, and counted, by the next collect().
    const source = `const keep = []
const results = []
for (let k = 0; k < 200; k++) {
  for (let j = 0; j < 37; j++) keep.push({})
  results.push(gc.collect())
}
console.log(results.filter((n) => n !== 0).join(' ') || 'all 0')`
    const result = await runProgram(source)
    expect(output(result)).toEqual(['all 0'])
    expect(result.memory.objects - result.start.objects).toBe(200 * 37 + 2)
  })

  it('lets FinalizationRegistry callbacks run once the code that called it returns', async () => {
    const source = `const registry = new FinalizationRegistry((held) => console.log('finalized', held))
function makeCycle() { const a = {}; const b = { a }; a.b = b; registry.register(a, 'a cycle') }
makeCycle()
registry.register({}, 'an object')
console.log('collected', gc.collect())
Promise.resolve().then(() => console.log('a promise reaction queued after gc.collect()'))
setTimeout(() => console.log('a timer'), 0)
console.log('the rest of the script')`
    expect(await lines(source)).toEqual([
      'collected 2',
      'the rest of the script',
      // Jobs, run by the host after the script: the collector queued these before the reaction.
      'finalized an object',
      'finalized a cycle',
      'a promise reaction queued after gc.collect()',
      'a timer',
    ])
  })

  it('without gc.collect(), bellard’s QuickJS runs no finalizer until its collector runs by itself', async () => {
    const source = `const registry = new FinalizationRegistry((held) => console.log('finalized', held))
registry.register({}, 'an object')
setTimeout(() => console.log('a timer'), 0)`
    expect(await lines(source)).toEqual(['a timer'])
  })

  it('collects in a heap near its memory budget: the engine\'s collector needs no room of its own', async () => {
    const source = `const keep = []\nfor (let i = 0; i < 60000; i++) keep.push({ i })\n${MAKE_CYCLES}makeCycles(100)\nconsole.log(gc.collect())`
    const result = await runProgram(source, { memoryBytes: 4 * 1024 * 1024, snapshots: 0 })
    expect(result.error).toBeNull()
    expect(result.console).toEqual([{ level: 'log', text: '200' }])
    // keep, its 60,000 and makeCycles are left; the cycles' 200 objects are gone.
    expect(result.memory.objects - result.start.objects).toBe(60000 + 2)
  })

  it('costs tens of milliseconds on a 100,000-object heap', async () => {
    const stamps: number[] = []
    const source = `const keep = []\nfor (let i = 0; i < 100000; i++) keep.push({ i })\n${MAKE_CYCLES}makeCycles(1000)
console.log('start')\nconsole.log(gc.collect())\nconsole.log(gc.collect())`
    const result = await runProgram(source, { inspect: false }, { onConsole: () => stamps.push(performance.now()) })
    expect(output(result)).toEqual(['start', '2000', '0'])
    // Measured about 55 ms for the first (two collector runs) and 30 ms for the second.
    expect(stamps[2] - stamps[0]).toBeLessThan(2000)
  })
})

describe("the run's record of gc.collect()", () => {
  it('lists what each call returned, in order, gc() included, and counts the calls', async () => {
    const result = await runProgram(`${BALLAST}${MAKE_CYCLES}const returned = [gc.collect()]
makeCycles(300)
returned.push(gc.collect(), gc())
makeCycles(5)
returned.push(gc.collect())
console.log(returned.join(' '))`)
    expect(result.error).toBeNull()
    const printed = output(result)[0].split(' ').map(Number)
    // The ballast's own collect() comes first.
    expect(result.gc).toEqual({ collections: [expect.any(Number), ...printed], calls: 5 })
    expect(printed[1]).toBeGreaterThanOrEqual(600)
    expect(printed[3]).toBeGreaterThanOrEqual(10)
  })

  it('is empty for a program that never calls it, and keeps the first 1,000 of many calls', async () => {
    expect((await runProgram('const a = 1')).gc).toEqual({ collections: [], calls: 0 })
    const record = new GcRecord()
    for (let i = 0; i < MAX_GC_RECORDS + 5; i++) record.collected(i)
    expect(record.toReport().calls).toBe(MAX_GC_RECORDS + 5)
    expect(record.toReport().collections).toEqual(Array.from({ length: MAX_GC_RECORDS }, (_, i) => i))
  })
})

describe('gc.getReferrers() and gc.getReferents()', () => {
  it('finds the learner’s objects that hold a reference, from the roots, globalThis for a global', async () => {
    const source = `const target = { name: 'target' }
const holder = { ref: target }
const list = [1, target]
const map = new Map([['key', target]])
var global = target
function capture() { const captured = target; return () => captured }
const closure = capture()
const unrelated = { other: {} }
const names = new Map([[globalThis, 'globalThis'], [holder, 'holder'], [list, 'list'], [map, 'map'], [closure, 'closure']])
console.log(gc.getReferrers(target).map((r) => names.get(r) ?? r).join(', '))
console.log(gc.getReferrers(holder, list).length, gc.getReferrers().length, gc.getReferrers(1, 'x').length)`
    expect(await lines(source)).toEqual(['globalThis, holder, list, map, closure', '1 0 0'])
  })

  it('sees what pending timers hold, and never reports LeakLab’s own bookkeeping', async () => {
    const source = `function start() {
  const state = { ticks: 0 }
  setInterval(() => state.ticks++, 1000)
  return state
}
function check() {
  const state = start()
  const local = { only: 'a local variable' }
  console.log(gc.getReferrers(state).map((r) => typeof r).join(', '))
  console.log(gc.getReferrers(local).length)
}
check()`
    expect(await lines(source, { timeMs: 0 })).toEqual(['function', '0'])
  })

  it('lists what objects hold: properties, elements, entries, captured variables, a class prototype', async () => {
    const source = `class Point { constructor() { this.at = { x: 1 } } }
const point = new Point()
const a = { n: 1 }
const b = [2]
const map = new Map([[a, b]])
const set = new Set([a, 'text', 3])
function make() { const hidden = { secret: true }; return () => hidden }
const fn = make()
const holder = { console, proto: Object.prototype, number: 1, a }
console.log(gc.getReferents(point))
console.log(gc.getReferents(map, set))
console.log(gc.getReferents(fn))
console.log(gc.getReferents(holder))
console.log(gc.getReferents(globalThis).length, gc.getReferents(1, null).length)`
    expect(await lines(source)).toEqual([
      '[ { x: 1 }, {} ]',
      '[ { n: 1 }, [ 2 ] ]',
      '[ { secret: true } ]',
      // The environment's objects (console, Object.prototype) are not the learner's.
      '[ { n: 1 } ]',
      // The one learner global: make, a function declaration.
      '1 0',
    ])
  })
})

describe('gc and tracemalloc free every wasm allocation', () => {
  it('on quickjs-ng’s LeakSanitizer build', async () => {
    const result = await runWithLeakCheck(`const registry = new FinalizationRegistry((held) => console.log('finalized', held))
${MAKE_CYCLES}
function tagged() { const a = {}; const b = { a }; a.b = b; registry.register(a, 'cycle') }
makeCycles(200)
tagged()
console.log('collected', gc.collect() >= 2)
tracemalloc.start()
const keep = [{ a: 1 }, [1, 2], () => keep]
const before = tracemalloc.takeSnapshot()
keep.push(new Map([[1, {}]]))
console.log(tracemalloc.takeSnapshot().compareTo(before, 'lineno').length, tracemalloc.getTracedMemory()[0] > 0)
console.log(gc.getReferrers(keep[0]).length, gc.getReferents(keep).length)
tracemalloc.stop()`)
    expect(result.error).toBeNull()
    expect(output(result)).toEqual(['collected true', '2 true', '1 4', 'finalized cycle'])
    expect(result.engine.disposeError).toBeNull()
  })
})
