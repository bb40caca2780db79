/** The programs behind the panel demo's fixtures (make-fixtures.ts runs them through the engine). */

/** The seed leak (leakList of DataHolders) with a marker per step, a cache nothing clears, and a timer nothing stops. */
export const SEED_PROGRAM = `// The seed leak and two more: a cache nothing clears, and a timer nothing stops.
class DataHolder {
  constructor(data) {
    this.data = data
  }
}

const leakList = []
const cache = new Map()

// Every 100 ms a session is cached under a new key, and never removed.
setInterval(function tick() {
  const id = cache.size
  cache.set('u' + id, { id, started: Date.now(), items: [] })
}, 100)

function step(i) {
  for (let k = 0; k < 1000; k++) leakList.push(new DataHolder(i * 1000 + k))
  leakList.push({ step: i, at: Date.now() })
}
`

/**
 * The run before, as a learner might have had it: no cache or timer yet (their groups are new now),
 * and a log since deleted (its groups are gone). Lines 18 and 19 match the seed's, so their groups match.
 */
export const PREVIOUS_PROGRAM = `// The seed leak and two more: a cache nothing clears, and a timer nothing stops.
class DataHolder {
  constructor(data) {
    this.data = data
  }
}

const leakList = []
const log = []

// (no cache yet)





function step(i) {
  for (let k = 0; k < 1000; k++) leakList.push(new DataHolder(i * 1000 + k))
  leakList.push({ step: i, at: Date.now() })
  if (i % 2 === 0) log.push({ step: i })
}
`

/** No step(): the timer alone, sampled as simulated time passes. */
export const TIMER_PROGRAM = `const cache = new Map()

setInterval(function tick() {
  const id = cache.size
  cache.set('u' + id, { id, started: Date.now(), items: [] })
}, 100)
`

/** Listeners added on every step and never removed, each holding a buffer; a Map keyed by objects; bound functions. */
export const BUS_PROGRAM = `// Listeners that are added on every step and never removed, each holding a buffer.
class EventBus {
  constructor() {
    this.listeners = []
  }
  on(fn) {
    this.listeners.push(fn)
  }
}

const bus = new EventBus()
const owners = new Map()
const meta = new WeakMap()

function step(i) {
  const buffer = new Uint8Array(1024)
  const owner = { name: 'widget' + i }
  const onMessage = function onMessage(m) { return buffer[0] + m }
  bus.on(onMessage)
  owners.set(owner, onMessage)
  meta.set(owner, { created: i })
  if (i % 10 === 0) bus.on(onMessage.bind(owner, i))
}
`
