import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'
import type { GrowthSample } from '../../src/engine/types'

/**
 * The heap walk reads the engine's structures and never runs the program's code: a getter is an
 * edge to its function, a proxy's target and handler are slots, a name comes from the function's own
 * data property. Each program below hides ten kept `Payload`s behind accessors that would spin,
 * throw, change themselves or count if anything called them, and keeps its own count of calls in
 * `calls`. The program itself never reads them, so `calls` must stay 0 through every walk (a growth
 * walk at each of the ten steps and the final one), the run must end without error (a walk that ran
 * a spinning trap would end it at its time limit), and the ten payloads must be found and counted.
 */
const COMMON = `globalThis.calls = 0
class Payload { constructor(i) { this.i = i; this.rows = new Array(50).fill(i) } }
function trap() { globalThis.calls++; for (;;) {} }
function teardown() { console.log('calls ' + globalThis.calls) }
`

const HOSTILE: Record<string, string> = {
  'a getter that spins, on every kept object': `const kept = []
function step(i) { const o = { payload: new Payload(i) }; Object.defineProperty(o, 'spin', { get: trap, enumerable: true }); kept.push(o) }`,
  'a getter that throws': `const kept = []
function step(i) { kept.push(Object.defineProperty({ payload: new Payload(i) }, 'bad', { get() { globalThis.calls++; throw new Error('no') }, enumerable: true })) }`,
  'a getter that replaces itself when read': `const kept = []
function step(i) {
  const o = { payload: new Payload(i) }
  Object.defineProperty(o, 'lazy', { configurable: true, enumerable: true, get() { globalThis.calls++; Object.defineProperty(o, 'lazy', { value: [] }); return o.lazy } })
  kept.push(o)
}`,
  'objects wrapped in a proxy whose every trap spins': `const traps = { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap, defineProperty: trap, deleteProperty: trap, set: trap, apply: trap }
const kept = []
function step(i) { kept.push(new Proxy({ payload: new Payload(i) }, traps)) }`,
  'a list behind a proxy, and a proxy as a prototype': `const real = []
const kept = new Proxy(real, { get: trap, ownKeys: trap, getOwnPropertyDescriptor: trap })
const base = Object.setPrototypeOf({}, new Proxy({}, { get: trap, getPrototypeOf: trap }))
function step(i) { real.push(Object.setPrototypeOf({ payload: new Payload(i) }, base)) }`,
  'toString, valueOf, toPrimitive and toStringTag that spin': `const kept = []
function step(i) {
  kept.push({ payload: new Payload(i), toString: trap, valueOf: trap, [Symbol.toPrimitive]: trap, get [Symbol.toStringTag]() { return trap() } })
}`,
  'a class whose static name getter and prototype getter spin': `class Sneaky extends Payload { static get name() { return trap() } get kind() { return trap() } }
const kept = []
function step(i) { kept.push(new Sneaky(i)) }`,
  'elements behind index getters on the array itself and on Array.prototype': `const kept = []
Object.defineProperty(Array.prototype, 100000, { get: trap, configurable: true })
function step(i) { kept.push(new Payload(i)); Object.defineProperty(kept, 'length' + i, { get: trap, enumerable: true }) }`,
  'a Map subclass whose iteration and accessors spin': `class Trapped extends Map { get size() { return trap() } entries() { return trap() } forEach() { trap() } [Symbol.iterator]() { return trap() } get(k) { return trap() } }
const kept = new Trapped()
function step(i) { Map.prototype.set.call(kept, i, new Payload(i)) }`,
  'a Symbol.species and a Symbol.iterator on Object.prototype that spin': `Object.defineProperty(Object.prototype, Symbol.iterator, { get: trap, configurable: true })
Object.defineProperty(Array, Symbol.species, { get: trap, configurable: true })
const kept = []
function step(i) { kept.push(new Payload(i)) }`,
}

describe('a walk that runs none of the program’s code', () => {
  for (const [name, body] of Object.entries(HOSTILE)) {
    it(`${name}: calls nothing and counts the ten payloads`, async () => {
      const result = await runProgram(COMMON + body, { steps: 10, snapshots: 11, timeoutMs: 5000 })
      expect(result.error, JSON.stringify(result.error)).toBeNull()
      expect(result.console.map((entry) => entry.text)).toContain('calls 0')
      expect(result.heap?.error ?? null).toBeNull()
      // Each payload holds its rows: the instances, not the class or its prototype.
      const snapshot = result.heap!.snapshot!
      const holdsRows = new Set(snapshot.edges.filter((e) => e.label === 'rows').map((e) => e.from))
      expect(holdsRows.size).toBe(10)
      // The growth walks saw the rows arrays (made on line 2) grow to ten.
      const rowsAt = (sample: GrowthSample) =>
        sample.groups.filter((g) => { const [kind, , site] = JSON.parse(g.key); return kind === 'array' && site?.endsWith(':2') }).reduce((sum, g) => sum + g.count, 0)
      expect(result.heap!.growth.map(rowsAt).at(-1)).toBe(10)
    })
  }
})
