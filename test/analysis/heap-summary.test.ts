import { describe, expect, it } from 'vitest'
import { summarizeHeap } from '../../src/analysis'
import { runProgram } from '../../src/engine/run'

async function suspectsOf(source: string) {
  const result = await runProgram(source, { steps: 30 })
  expect(result.error).toBeNull()
  return summarizeHeap(result.heap!).suspects
}

/** Leaks as lessons will show them, each with its fix: the leak has one suspect and a readable path; the fix has none. */
const cases: { name: string; leaky: string; fixed: string; path: RegExp; also?: RegExp }[] = [
  {
    name: 'a growing list (the seed article)',
    leaky: 'class DataHolder { constructor(d) { this.data = d } }\nconst leakList = []\nfunction step(i) { for (let k = 0; k < 10; k++) leakList.push(new DataHolder(k)) }',
    fixed: 'class DataHolder { constructor(d) { this.data = d } }\nconst leakList = []\nfunction step(i) { for (let k = 0; k < 10; k++) leakList.push(new DataHolder(k)); leakList.length = 0 }',
    path: /^leakList\[\d+\]$/,
  },
  {
    name: 'an unbounded Map cache',
    leaky: 'const cache = new Map()\nfunction step(i) { cache.set("user" + i, { id: i, rows: [i] }) }',
    fixed: 'const cache = new Map()\nfunction step(i) { cache.set("user" + (i % 5), { id: i, rows: [i] }) }',
    path: /^cache\.get\("user\d+"\)/,
  },
  {
    name: 'metadata kept in a Map by object keys (the fix: a WeakMap)',
    leaky: 'class Request {}\nconst meta = new Map()\nfunction step(i) { meta.set(new Request(), { at: i }) }',
    fixed: 'class Request {}\nconst meta = new WeakMap()\nfunction step(i) { meta.set(new Request(), { at: i }) }',
    path: /^meta\.(key|get)\(\{Request\}\)$/,
  },
  {
    name: 'a forgotten interval holding its data',
    leaky: 'function step(i) { const report = { lines: [i] }\n  setInterval(() => report.lines.length, 1000) }',
    fixed: 'function step(i) { const report = { lines: [i] }\n  const id = setInterval(() => report.lines.length, 1000)\n  clearInterval(id) }',
    // The closures grow too, and rank first (each retains a report); the reports follow through them.
    path: /^setInterval#\d+( → \(closure \(anonymous\)\)\.report)?$/,
    also: /^setInterval#\d+ → \(closure \(anonymous\)\)\.report$/,
  },
  {
    name: 'an accidental global',
    leaky: 'function step(i) { history = (typeof history === "undefined" ? [] : history); history.push({ at: i }) }',
    fixed: 'function step(i) { const history = []; history.push({ at: i }) }',
    path: /^globalThis\.history\[\d+\]$/,
  },
]

describe('leak suspects, end to end', () => {
  for (const c of cases) {
    it(`finds ${c.name}, and nothing once it is fixed`, async () => {
      const leaky = await suspectsOf(c.leaky)
      expect(leaky.length).toBeGreaterThan(0)
      expect(leaky[0].retainerPath).toMatch(c.path)
      if (c.also) expect(leaky.map((s) => s.retainerPath)).toContainEqual(expect.stringMatching(c.also))
      expect(leaky[0].growthPerStep).toBeGreaterThan(0.5)
      expect(await suspectsOf(c.fixed)).toEqual([])
    })
  }
})

describe('state captured by methods (the module pattern)', () => {
  it('follows what an object literal method or a class method captured', async () => {
    const store = await suspectsOf('function createStore() {\n  const state = []\n  return { add(x) { state.push(x) }, get size() { return state.length } }\n}\nconst store = createStore()\nfunction step(i) { store.add({ at: i }) }')
    expect(store[0].retainerPath).toMatch(/^store\.add → \(closure add\)\.state\[\d+\]$/)
    const tracker = await suspectsOf('function makeTracker() {\n  const seen = new Set()\n  return class Tracker { track(o) { seen.add(o) } static all() { return seen } }\n}\nconst Tracker = makeTracker()\nconst tracker = new Tracker()\nfunction step(i) { tracker.track({ at: i }) }')
    expect(tracker[0].retainerPath).toMatch(/\(closure (track|all)\)\.seen\.values\(\)\[\d+\]$/)
  })
})
