/**
 * A seeded generator of hostile programs for the engine (issue 14). Every program comes from one
 * 32-bit seed, `generateProgram(seed)`, and carries the outcomes it may legitimately have, so that a
 * checker can tell "the engine stopped it the right way" from "the engine reported the wrong thing".
 *
 * A program is built from pieces in three families:
 *
 * - hostile (H): one or two hostile actions (endless loops, native loops over huge array-likes,
 *   memory and stack bombs, thrown non-Errors…), each placed in a position (top level, step(), a
 *   getter, a toString a built-in calls, a Proxy trap, a promise job, a timer, a finalizer, a class
 *   static block…), with environment uses around them and sometimes prototype tampering;
 * - environment (E): prototype and global tampering, then uses of the guest environment (console,
 *   timers, EventEmitter, the DOM, imageLib, gc, tracemalloc) that must not run the tampered code: the
 *   environment is LeakLab's, so each of these programs must end ok (or with the error it throws at
 *   the end on purpose);
 * - syntax (S): a piece that does not parse, anywhere: the program must end with a syntax error and
 *   nothing else, or with a runtime SyntaxError when the text only reaches eval or new Function.
 *
 * The outcomes are worked out from the pieces, never from running them: each action says how it may
 * end (`ends`) and whether it may also finish normally (`continues`); each position says when it runs
 * (its rank: the script first, then its promise jobs, setup(), steps and timers, teardown()) and which
 * errors it turns into a normal finish (a try/catch, a promise job whose error becomes an unhandled
 * rejection). Tampering adds its own outcome (spin: timeout; throw: runtime) only when the program's
 * own code uses what was tampered with; the environment's code never may, except where Node's own
 * console and timers trip the same tampering (Tamper.envMayTrip: index accessors on Array.prototype,
 * replaced array iterators, getters for well-known symbols on Object.prototype, err.cause/err.errors,
 * a replaced RegExp.prototype.exec).
 */
import type { RunErrorKind, RunOptions } from '../../src/engine/types'

/** How a run may end: ok, or one of the error kinds. */
export type Outcome = 'ok' | RunErrorKind

export const OUTCOMES: readonly Outcome[] = ['ok', 'syntax', 'runtime', 'timeout', 'memory', 'stack']

export interface FuzzProgram {
  /** Reproduces the program exactly: generateProgram(seed). */
  seed: number
  family: 'hostile' | 'environment' | 'syntax'
  source: string
  options: Partial<RunOptions>
  /** The outcomes the program may legitimately have. */
  allowed: Outcome[]
  /** The pieces it was built from, for reports and for minimizing. */
  labels: string[]
  /** Known engine bugs its pieces are built to reach (see KNOWN_BUGS), when any. */
  knownBugs: string[]
}

export interface GenerateOptions {
  /** Leave out pieces that reach a known engine bug (the CI batch does; the bench does not). */
  excludeKnownBugs?: boolean
}

const MIB = 1024 * 1024

// ---------------------------------------------------------------------------------------------------
// The random source: sfc32, seeded from one 32-bit number through splitmix32.

export type Rng = {
  /** A float in [0, 1). */
  next(): number
  int(n: number): number
  pick<T>(items: readonly T[]): T
  chance(p: number): boolean
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

export function makeRng(seed: number): Rng {
  const mix = splitmix32(seed)
  let a = mix()
  let b = mix()
  let c = mix()
  let d = mix()
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t / 4294967296
  }
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  }
}

/** The seed of program `index` in the batch with seed `base`: programs can be regenerated one by one. */
export function programSeed(base: number, index: number): number {
  const mix = splitmix32((base ^ Math.imul(index + 1, 0x27d4eb2d)) >>> 0)
  return mix()
}

// ---------------------------------------------------------------------------------------------------
// Known engine bugs the generator can reach. Each has a minimal program in fuzz.test.ts (marked
// it.fails until it is fixed); the CI batch leaves out the pieces that reach them, so that it checks
// everything else, and the bench runs them too, so that its counts say how far from zero we are.

export const KNOWN_BUGS: Record<string, string> = {
}

// ---------------------------------------------------------------------------------------------------
// Pieces.

/**
 * Features whose tampering changes what a piece does: 'idx' reads or writes array indexes that may
 * be missing (holes, push onto an empty array); 'iter' the array/string iteration protocol (spread,
 * for-of, destructuring, new Map(array)); 'species' Array methods that make arrays; 'prim' the
 * conversion of a plain object to a primitive; 'then' resolving a promise with an object; 'json'
 * JSON.stringify; 'desc' a property descriptor literal (Object.defineProperty). Globals and method
 * names are found in the code itself (tamperHits).
 */
type Feature = 'idx' | 'iter' | 'species' | 'prim' | 'then' | 'json' | 'desc'

/** A hostile action: statements, with `$$` standing for a suffix unique to the piece. */
interface Action {
  label: string
  code: string
  /** How the run may end while this runs. */
  ends: Outcome[]
  /** It may also finish normally. */
  continues?: boolean
  uses?: Feature[]
  knownBug?: string
  /** Tampers with a built-in before it ends the run: never placed where its error is caught and the run goes on. */
  tampers?: boolean
  /** Ends the run only from the promise jobs it queues: after the rest of the script, whatever catches around it. */
  deferred?: boolean
  /** The program fails before it runs (compiling it): its outcomes are this action's, wherever it is. */
  compileFails?: boolean
}

const HUGE = '{ length: 2 ** 53 - 1 }'

const LOOPS: Action[] = [
  { label: 'for(;;)', code: 'for (;;) {}', ends: ['timeout'] },
  { label: 'while(true)', code: 'while (true) {}', ends: ['timeout'] },
  { label: 'do-while', code: 'do {} while (true)', ends: ['timeout'] },
  { label: 'loop catching its own interrupt', code: 'for (;;) {\n  try { while (true) {} } catch (e) { console.log("caught", e) }\n}', ends: ['timeout'] },
  { label: 'loop of caught TypeErrors', code: 'for (;;) {\n  try { null.x } catch (e) {}\n}', ends: ['timeout'] },
  { label: 'loop with finally continue', code: 'for (;;) {\n  try { throw new Error("x") } finally { continue }\n}', ends: ['timeout'] },
  { label: 'counter loop', code: 'let n$$ = 0\nwhile (n$$ >= 0) n$$ = (n$$ + 1) % 1000', ends: ['timeout'] },
  { label: 'labelled loop', code: 'outer$$: for (;;) {\n  for (let i = 0; i < 3; i++) continue outer$$\n}', ends: ['timeout'] },
  { label: 'endless generator in for-of', code: 'for (const v$$ of (function* () { for (;;) yield 1 })()) {}', ends: ['timeout'] },
  { label: 'spinning IIFE', code: '(function spin$$() { for (;;) {} })()', ends: ['timeout'] },
  { label: 'catastrophic regex', code: '/(a+)+b/.test("a".repeat(40))', ends: ['timeout'], uses: [] },
  { label: 'console.log forever', code: 'for (;;) console.log("again")', ends: ['timeout'] },
  { label: 'console.error of objects forever', code: 'for (;;) console.error({ a: [1, 2, { b: "c" }] })', ends: ['timeout'] },
  { label: 'microtask storm', code: 'function again$$() { Promise.resolve().then(again$$) }\nagain$$()', ends: ['timeout'], deferred: true },
  { label: 'await forever', code: '(async () => { for (;;) await null })()', ends: ['timeout'], deferred: true },
  { label: 'rejections forever', code: 'for (;;) Promise.reject(new Error("x"))', ends: ['timeout', 'memory'] },
  { label: 'eval forever', code: 'for (;;) eval("1 + 1")', ends: ['timeout'] },
  { label: 'garbage cycles forever', code: 'for (;;) {\n  const o = {}\n  o.self = o\n}', ends: ['timeout', 'memory'] },
  { label: 'indexOf in a loop', code: 'let k$$ = 0\nfor (;;) k$$ += [1, 2, 3].indexOf(3)', ends: ['timeout'] },
  { label: 'indexOf over 100 KB, forever', code: 'const s$$ = "x".repeat(1e5)\nfor (;;) s$$.indexOf("y")', ends: ['timeout'], knownBug: 'tick-granularity' },
  { label: 'toUpperCase of 1 MB, forever', code: 'for (;;) "x".repeat(1e6).toUpperCase()', ends: ['timeout'], knownBug: 'tick-granularity' },
  { label: 'recursion caught forever', code: 'function dive$$() { dive$$() }\nfor (;;) {\n  try { dive$$() } catch (e) {}\n}', ends: ['timeout'] },
]

const NATIVE_LOOPS: Action[] = [
  ...(
    [
      ['indexOf', `Array.prototype.indexOf.call(${HUGE}, 1)`],
      ['lastIndexOf', `Array.prototype.lastIndexOf.call(${HUGE}, 1)`],
      ['includes', `Array.prototype.includes.call(${HUGE}, 1)`],
      ['reverse', `Array.prototype.reverse.call(${HUGE})`],
      ['copyWithin', `Array.prototype.copyWithin.call(${HUGE}, 0, 1)`],
      ['shift', `Array.prototype.shift.call(${HUGE})`],
      ['unshift', 'Array.prototype.unshift.call({ length: 2 ** 53 - 2 }, 1)'],
      ['slice', `Array.prototype.slice.call(${HUGE}, 0, 2 ** 32 - 1)`],
      ['splice', `Array.prototype.splice.call(${HUGE}, 0, 2 ** 32 - 1)`],
      ['concat', '[].concat({ length: 2 ** 53 - 1, [Symbol.isConcatSpreadable]: true })'],
      ['forEach', `Array.prototype.forEach.call(${HUGE}, () => {})`],
      ['forEach with a native callback', `Array.prototype.forEach.call({ length: 2 ** 53 - 1, 0: 1 }, Math.abs)`],
      ['some', `Array.prototype.some.call(${HUGE}, () => true)`],
      ['every', `Array.prototype.every.call(${HUGE}, () => false)`],
      ['find with a native callback', `Array.prototype.find.call(${HUGE}, Number.isNaN)`],
      ['findLastIndex with a native callback', `Array.prototype.findLastIndex.call(${HUGE}, Number.isNaN)`],
      ['filter', `Array.prototype.filter.call(${HUGE}, () => true)`],
      ['reduce', `Array.prototype.reduce.call(${HUGE}, (a) => a, 0)`],
      ['reduceRight', `Array.prototype.reduceRight.call(${HUGE}, (a) => a, 0)`],
      ['flat', `Array.prototype.flat.call(${HUGE})`],
      ['sort', `Array.prototype.sort.call(${HUGE})`],
      ['fill through a typed array', 'Array.prototype.fill.call(Object.create(new Uint8Array(0), { length: { value: 2 ** 53 - 1 } }), 0)'],
      ['sparse indexOf', 'new Array(2 ** 32 - 1).indexOf(1)'],
      ['sparse join', 'new Array(2 ** 32 - 1).join("")'],
      ['iterator some with a native callback', 'new Array(2 ** 32 - 1).keys().some(Number.isNaN)'],
      ['iterator reduce with a native callback', 'new Array(2 ** 32 - 1).keys().reduce(Math.max)'],
      ['Array.from with a native mapper', 'Array.from({ length: 2 ** 32 - 1 }, Math.abs)'],
      ['new Set from a huge iterator', 'new Set(new Array(2 ** 32 - 1).keys())'],
    ] as const
  ).map(([label, code]) => ({ label: `native ${label}`, code, ends: ['timeout', 'memory'] as Outcome[], uses: ['idx'] as Feature[] })),
  ...(
    [
      ['map', 'Array.prototype.map.call({ length: 2 ** 32 - 1 }, (x) => x)'],
      ['join', `Array.prototype.join.call(${HUGE}, "")`],
      ['toString', `Array.prototype.toString.call({ length: 2 ** 53 - 1, join: Array.prototype.join })`],
      ['toLocaleString', `Array.prototype.toLocaleString.call(${HUGE})`],
      ['JSON.stringify of a sparse array', 'JSON.stringify(new Array(2 ** 32 - 1))'],
      ['String.raw', `String.raw({ raw: ${HUGE} })`],
      ['Array.from with a mapper', 'Array.from({ length: 2 ** 32 - 1 }, (x) => x)'],
      ['fill of a sparse array', 'new Array(1e9).fill(0)'],
      ['Object.keys of a filled array', 'Object.keys(new Array(1e7).fill(0))'],
      ['Object.entries of a filled array', 'Object.entries(new Array(1e7).fill(0))'],
      ['JSON.stringify of a filled array', 'JSON.stringify(new Array(1e7).fill(1))'],
      ['flat(Infinity) of a filled array', 'new Array(1e7).fill(0).flat(Infinity)'],
    ] as const
  ).map(([label, code]) => ({ label: `native ${label}`, code, ends: ['timeout', 'memory'] as Outcome[], uses: ['idx', 'species', 'json'] as Feature[] })),
  // Not polled (KNOWN_BUGS): each ends, by its budget or by memory, far too late or never.
  ...(
    [
      ['indexOf of a long needle', '"x".repeat(1e6).indexOf("x".repeat(1e4) + "y")', 'string-search'],
      ['includes of a long needle', '"x".repeat(1e6).includes("x".repeat(1e5) + "y")', 'string-search'],
      ['lastIndexOf of a long needle', '"x".repeat(5e6).lastIndexOf("x".repeat(1e4) + "y")', 'string-search'],
      ['split on a long separator', '"x".repeat(5e6).split("x".repeat(1000) + "y")', 'string-search'],
      ['replaceAll of a long pattern', '"x".repeat(2e6).replaceAll("x".repeat(5000) + "y", "")', 'string-search'],
      ['Iterator drop over a sparse array', 'new Array(2 ** 32 - 1).keys().drop(2 ** 40).next()', 'iterator-drop'],
      ['Iterator filter/toArray of nothing', 'new Array(2 ** 32 - 1).keys().filter(Number.isNaN).toArray()', 'iterator-drop'],
      ['Array.from of an array-like', 'Array.from({ length: 2 ** 32 - 1 })', 'unpolled-natives'],
      ['spread of a sparse array', '[...new Array(1e8)]', 'unpolled-natives'],
      ['spread of a sparse array\'s keys', '[...new Array(1e8).keys()]', 'unpolled-natives'],
      ['Uint8Array sort', 'new Uint8Array(6e7).sort()', 'unpolled-natives'],
      ['string iterator drop', '"x".repeat(6e7)[Symbol.iterator]().drop(1e10).next()', 'unpolled-natives'],
      ['split("") of a long string', '"ab".repeat(1e7).split("")', 'unpolled-natives'],
    ] as const
  ).map(([label, code, bug]) => ({
    label: `unpolled ${label}`,
    code,
    ends: ['timeout', 'memory', 'runtime'] as Outcome[],
    // An 8-bit array is sorted by counting now (patches/0007): 6e7 bytes in well under a second.
    continues: label === 'Uint8Array sort',
    knownBug: bug,
  })),
]

const MEMORY_BOMBS: Action[] = [
  { label: "'x'.repeat(2**28)", code: '"x".repeat(2 ** 28)', ends: ['memory'] },
  { label: "'x'.repeat(2**30) (past the string limit)", code: 'const s$$ = "x".repeat(2 ** 30)', ends: ['runtime'] },
  { label: 'padStart 2**28', code: '"x".padStart(2 ** 28)', ends: ['memory'] },
  { label: 'padEnd 2**30', code: '"x".padEnd(2 ** 30)', ends: ['runtime'] },
  { label: 'Array(1e9).fill', code: 'Array(1e9).fill(0)', ends: ['memory', 'timeout'] },
  { label: 'array pushed forever', code: 'const a$$ = []\nwhile (true) a$$.push({ i: a$$.length })', ends: ['memory', 'timeout'], uses: ['idx'] },
  { label: 'nested arrays growing', code: 'let d$$ = []\nfor (;;) d$$ = [d$$, d$$.length, "x"]', ends: ['memory', 'timeout'] },
  { label: 'Map growing', code: 'const m$$ = new Map()\nfor (let i = 0; ; i++) m$$.set(i, { i })', ends: ['memory', 'timeout'] },
  { label: 'Set growing', code: 'const s$$ = new Set()\nfor (;;) s$$.add({})', ends: ['memory', 'timeout'] },
  { label: 'object with endless keys', code: 'const o$$ = {}\nfor (let i = 0; ; i++) o$$["k" + i] = i', ends: ['memory', 'timeout'] },
  // Few iterations, each longer than the last: the interrupt handler is not reached before the cap.
  { label: 'string doubling', code: 'let s$$ = "leak"\nwhile (true) { s$$ = s$$ + s$$; s$$.indexOf("z") }', ends: ['memory', 'runtime', 'timeout'], knownBug: 'tick-granularity' },
  { label: 'string repeat doubling', code: 'let s$$ = "x"\nfor (;;) s$$ = s$$.repeat(2)', ends: ['memory', 'runtime', 'timeout'], knownBug: 'tick-granularity' },
  { label: 'ArrayBuffers kept', code: 'const b$$ = []\nfor (;;) b$$.push(new ArrayBuffer(1 << 20))', ends: ['memory', 'timeout'], uses: ['idx'] },
  { label: 'ArrayBuffers kept, out of memory caught', code: 'const b$$ = []\ntry { while (true) b$$.push(new ArrayBuffer(1 << 20)) } catch (e) {}\nconsole.log("survived", b$$.length)', ends: ['memory', 'timeout'], uses: ['idx'] },
  { label: 'one 1 GiB ArrayBuffer', code: 'const b$$ = new ArrayBuffer(1024 * 1024 * 1024)', ends: ['memory'] },
  { label: 'one 2 GiB Uint8Array', code: 'const b$$ = new Uint8Array(2 ** 31)', ends: ['memory', 'runtime'] },
  { label: 'closures kept', code: 'const fs$$ = []\nfor (;;) fs$$.push(() => fs$$)', ends: ['memory', 'timeout'], uses: ['idx'] },
  { label: 'strings kept', code: 'const ss$$ = []\nfor (;;) ss$$.push("x".repeat(1e5) + ss$$.length)', ends: ['memory', 'timeout'], uses: ['idx'], knownBug: 'tick-granularity' },
  { label: 'huge JSON.parse', code: 'JSON.parse("[" + "1,".repeat(2e7) + "1]")', ends: ['memory', 'timeout', 'runtime'], knownBug: 'unpolled-natives' },
  { label: 'Array.from of objects', code: 'Array.from({ length: 1e8 }, () => ({}))', ends: ['memory', 'timeout'] },
  { label: 'filled array mapped to arrays', code: 'new Array(2 ** 25).fill(0).map(() => [])', ends: ['memory', 'timeout'], uses: ['species'] },
  { label: 'native images kept', code: 'const im$$ = []\nfor (;;) im$$.push(imageLib.decode("bomb", 1024, 1024))', ends: ['runtime', 'memory', 'timeout'], uses: ['idx'] },
  { label: 'a 4e6 array in a promise job', code: 'Promise.resolve().then(() => { new Array(4e6).fill(0) })', ends: ['memory', 'timeout'], continues: true, deferred: true },
  { label: 'an allocation retried after out of memory', code: 'try { "x".repeat(2 ** 28) } catch (e) { console.log("caught", String(e)) }\nconst after$$ = new ArrayBuffer(8e6)', ends: ['memory'] },
]

const STACK_BOMBS: Action[] = [
  { label: 'plain recursion', code: 'function dive$$(n) { return dive$$(n + 1) + 1 }\ndive$$(0)', ends: ['stack'] },
  { label: 'recursion through a getter', code: 'const o$$ = { get x() { return this.x } }\no$$.x', ends: ['stack'] },
  { label: 'recursion through toString', code: 'const o$$ = { toString() { return String(this) } }\nString(o$$)', ends: ['stack'] },
  { label: 'recursion through valueOf', code: 'const o$$ = { valueOf() { return +this } }\n;+o$$', ends: ['stack'] },
  { label: 'recursion through Symbol.toPrimitive', code: 'const o$$ = { [Symbol.toPrimitive]() { return this * 2 } }\nMath.abs(o$$)', ends: ['stack'] },
  { label: 'recursion through a Proxy get trap', code: 'const p$$ = new Proxy({}, { get(t, k, r) { return r[k] } })\np$$.x', ends: ['stack'] },
  { label: 'recursion through a Proxy has trap', code: 'const p$$ = new Proxy({}, { has(t, k) { return k in p$$ } })\n"x" in p$$', ends: ['stack'] },
  { label: 'recursion through a Proxy apply trap', code: 'const p$$ = new Proxy(function () {}, { apply() { return p$$() } })\np$$()', ends: ['stack'] },
  { label: 'recursion through Array.prototype.map', code: 'function r$$() { return [1].map(r$$) }\nr$$()', ends: ['stack'], uses: ['species'] },
  { label: 'recursion through Function.prototype.call', code: 'function r$$() { return r$$.call(null) }\nr$$()', ends: ['stack'] },
  { label: 'recursion through Reflect.apply', code: 'function r$$() { return Reflect.apply(r$$, null, []) }\nr$$()', ends: ['stack'] },
  { label: 'recursion through toJSON', code: 'const o$$ = { toJSON() { return JSON.stringify(o$$) } }\nJSON.stringify(o$$)', ends: ['stack'], uses: ['json'] },
  { label: 'recursion through sort', code: 'function r$$() { [2, 1].sort(r$$); return 0 }\nr$$()', ends: ['stack'] },
  { label: 'recursion through String.prototype.replace', code: 'function r$$(s) { return String(s).replace(/a/, r$$) }\nr$$("a")', ends: ['stack'] },
  // The innermost executor's overflow rejects its promise: the recursion unwinds, with an unhandled rejection.
  { label: 'recursion through a Promise executor', code: 'function r$$() { new Promise(r$$) }\nr$$()', ends: ['stack'], continues: true },
  { label: 'recursion through a constructor', code: 'class R$$ { constructor() { new R$$() } }\nnew R$$()', ends: ['stack'] },
  { label: 'recursion through eval', code: 'function r$$() { eval("r$$()") }\nr$$()', ends: ['stack'], knownBug: 'parse-stack-kind' },
  { label: 'recursion through new Function', code: 'function r$$() { new Function("f", "f()")(r$$) }\nr$$()', ends: ['stack'], knownBug: 'parse-stack-kind' },
  { label: 'recursion through a defineProperty getter', code: 'function r$$() { return Object.defineProperty({}, "x", { get: r$$ }).x }\nr$$()', ends: ['stack'], uses: ['desc'] },
  { label: 'recursion through yield*', code: 'function* g$$() { yield* g$$() }\ng$$().next()', ends: ['stack'] },
  { label: 'recursion through Array.from', code: 'function r$$() { return Array.from({ length: 1 }, r$$) }\nr$$()', ends: ['stack'] },
  { label: 'async recursion (becomes a rejection)', code: 'async function r$$() { await r$$() }\nr$$()', ends: ['stack'], continues: true },
  { label: 'JSON.stringify of 3e3-deep nesting', code: 'let d$$ = []\nfor (let i = 0; i < 3000; i++) d$$ = [d$$]\nJSON.stringify(d$$)', ends: ['stack', 'memory', 'timeout'], continues: true, uses: ['json'] },
  { label: 'JSON.stringify of 1e4-deep nesting', code: 'let d$$ = []\nfor (let i = 0; i < 1e4; i++) d$$ = [d$$]\nJSON.stringify(d$$)', ends: ['stack', 'memory', 'timeout'], uses: ['json'], knownBug: 'native-host-stack' },
  { label: 'getPrototypeOf through 1e5 Proxies', code: 'let d$$ = {}\nfor (let i = 0; i < 1e5; i++) d$$ = new Proxy(d$$, {})\nObject.getPrototypeOf(d$$)', ends: ['stack', 'memory', 'timeout'], knownBug: 'native-host-stack' },
  { label: 'get through 1e5 Proxies', code: 'let d$$ = {}\nfor (let i = 0; i < 1e5; i++) d$$ = new Proxy(d$$, {})\nd$$.x', ends: ['stack', 'memory', 'timeout'] },
  { label: 'call through 1e5 bound functions', code: 'let d$$ = function () {}\nfor (let i = 0; i < 1e5; i++) d$$ = d$$.bind(null)\nd$$()', ends: ['stack', 'memory', 'timeout'] },
  { label: 'JSON.stringify of 1e5-deep nesting', code: 'let d$$ = []\nfor (let i = 0; i < 1e5; i++) d$$ = [d$$]\nJSON.stringify(d$$)', ends: ['stack', 'memory', 'timeout'], uses: ['json'], knownBug: 'native-host-stack' },
  { label: 'String() of 1e5-deep nesting', code: 'let d$$ = []\nfor (let i = 0; i < 1e5; i++) d$$ = [d$$]\nString(d$$)', ends: ['stack', 'memory', 'timeout'], uses: ['prim'] },
  { label: 'JSON.parse of 1e5-deep text', code: 'JSON.parse("[".repeat(1e5))', ends: ['stack'], knownBug: 'parse-stack-kind' },
  { label: 'JSON.parse of 3e3-deep text', code: 'JSON.parse("[".repeat(3000) + "]".repeat(3000))', ends: [], continues: true },
  { label: 'apply with a huge argument array', code: 'Math.max.apply(null, new Array(1e7))', ends: ['runtime', 'stack', 'memory'] },
  { label: 'spread of a huge argument array', code: 'function f$$(...a) { return a.length }\nf$$(...new Array(1e6))', ends: ['runtime', 'stack', 'memory', 'timeout'], uses: ['iter'], knownBug: 'unpolled-natives' },
  { label: 'bind with many arguments', code: 'Function.prototype.bind.apply(Math.max, new Array(70000))', ends: ['runtime', 'stack'] },
  { label: 'deeply nested array in the source', code: `const nest$$ = ${'['.repeat(1000)}${']'.repeat(1000)}`, ends: ['stack', 'syntax'], knownBug: 'parser-host-stack', compileFails: true },
  { label: 'deeply nested parentheses in eval', code: 'eval("(".repeat(3000) + "1" + ")".repeat(3000))', ends: ['stack', 'runtime'], knownBug: 'parser-host-stack' },
]

/** Thrown values that are not Errors, and Errors with a twist. */
const THROWS: Action[] = [
  { label: 'throw 42', code: 'throw 42', ends: ['runtime'] },
  { label: 'throw null', code: 'throw null', ends: ['runtime'] },
  { label: 'throw undefined', code: 'throw undefined', ends: ['runtime'] },
  { label: 'throw a string', code: 'throw "plain string"', ends: ['runtime'] },
  { label: 'throw a symbol', code: 'throw Symbol("thrown")', ends: ['runtime'] },
  { label: 'throw a bigint', code: 'throw 10n ** 30n', ends: ['runtime'] },
  { label: 'throw a plain object', code: 'throw { code: 1, detail: [1, 2] }', ends: ['runtime'], uses: ['prim'] },
  { label: 'throw an array', code: 'throw [1, "two"]', ends: ['runtime'], uses: ['prim'] },
  { label: 'throw a function', code: 'throw function thrown() {}', ends: ['runtime'] },
  { label: 'throw a null-prototype object', code: 'throw Object.create(null)', ends: ['runtime'] },
  { label: 'throw an error look-alike', code: 'throw { name: "FakeError", message: "not really" }', ends: ['runtime'] },
  { label: 'throw an Error subclass', code: 'class MyError$$ extends Error {}\nthrow new MyError$$("mine")', ends: ['runtime'] },
  { label: 'throw an Error with a cause cycle', code: 'const e$$ = new Error("outer")\ne$$.cause = e$$\nthrow e$$', ends: ['runtime'] },
  { label: 'throw an AggregateError', code: 'throw new AggregateError([new Error("a"), 1], "many")', ends: ['runtime'] },
  { label: 'throw an Error with a throwing name getter', code: 'const e$$ = new Error("x")\nObject.defineProperty(e$$, "name", { get() { throw new Error("no name") } })\nthrow e$$', ends: ['runtime'] },
  { label: 'throw a harmless Proxy', code: 'throw new Proxy({}, {})', ends: ['runtime'] },
  { label: 'throw a Proxy whose traps throw', code: 'throw new Proxy({}, { get() { throw new Error("trap") }, getPrototypeOf() { throw new Error("trap") } })', ends: ['runtime'] },
  { label: 'throw an object with a spinning name getter', code: 'throw { get name() { for (;;) {} } }', ends: ['runtime'], knownBug: 'describe-runs-getters' },
  { label: 'throw an Error with a spinning message getter', code: 'const e$$ = new Error("x")\nObject.defineProperty(e$$, "message", { get() { for (;;) {} } })\nthrow e$$', ends: ['runtime'], knownBug: 'describe-runs-getters' },
  { label: 'throw a Proxy whose get trap spins', code: 'throw new Proxy({}, { get() { for (;;) {} } })', ends: ['runtime'], knownBug: 'describe-runs-getters' },
  { label: 'ReferenceError', code: 'undefinedName$$()', ends: ['runtime'] },
  { label: 'TypeError', code: 'null.x', ends: ['runtime'] },
  { label: 'runtime SyntaxError', code: 'JSON.parse("{")', ends: ['runtime'] },
  { label: 'unhandled rejections (not an error)', code: 'Promise.reject(new Error("unhandled"))\nPromise.reject(42)\n;(async () => { throw { code: 7 } })()', ends: [], continues: true },
]

/** Prototype tampering whose effect the action itself triggers: the outcome is the tamper's. */
const SELF_TAMPERS: Action[] = ([
  { label: 'Array.prototype[0] getter that spins, then a hole read', code: 'Object.defineProperty(Array.prototype, 0, { get() { for (;;) {} }, set(v) {}, configurable: true })\n;[, 1].indexOf(1)\n;[, 1][0]', ends: ['timeout'] },
  { label: 'Object.prototype.then getter that spins, then a resolve', code: 'Object.defineProperty(Object.prototype, "then", { get() { for (;;) {} }, configurable: true })\nPromise.resolve({})', ends: ['timeout'] },
  { label: 'Array species getter that spins, then map', code: 'Object.defineProperty(Array, Symbol.species, { get() { for (;;) {} }, configurable: true })\n;[1, 2].map((x) => x)', ends: ['timeout'] },
  { label: 'Symbol.species class whose constructor recurses', code: 'class S$$ extends Array { static get [Symbol.species]() { return S$$ } constructor(n) { super(n); this.map((x) => x) } }\nnew S$$(2).map((x) => x)', ends: ['stack', 'runtime'] },
  { label: 'Array iterator replaced by an endless one, then a spread', code: 'Array.prototype[Symbol.iterator] = function* () { for (;;) yield 1 }\nconst all$$ = [...[1, 2]]', ends: ['memory', 'timeout'] },
  { label: 'Object.prototype.toString that recurses, then String({})', code: 'Object.prototype.toString = function () { return String(this) }\nString({})', ends: ['stack'] },
  { label: 'JSON replaced by a spinning one, then used', code: 'globalThis.JSON = { stringify() { for (;;) {} } }\nJSON.stringify(1)', ends: ['timeout'] },
  { label: 'Map replaced, then used', code: 'globalThis.Map = function () { throw new Error("no maps here") }\nnew Map()', ends: ['runtime'] },
  { label: 'Promise replaced, then async used', code: 'globalThis.Promise = function () { for (;;) {} }\n;(async () => 1)()\nnew Promise(() => {})', ends: ['timeout'] },
] as Action[]).map((a) => ({ ...a, tampers: true }))

// ---------------------------------------------------------------------------------------------------
// Positions: where an action runs.

interface Placed {
  /** Code at the top level of the script. */
  top?: string
  step?: string
  setup?: string
  teardown?: string
}

interface Position {
  label: string
  /** When it runs: 0 the script itself, 1 its promise jobs, 2 setup(), 3 steps and timers, 4 teardown(). */
  rank: number
  /** Outcomes this position turns into a normal finish (a try/catch, a promise that rejects). */
  absorbs?: Outcome[]
  uses?: Feature[]
  /** Wrap action code `a` (statements) for the piece with suffix `s`. */
  place(a: string, s: string, rng: Rng): Placed
  /** Eval-like positions: a syntax error in the text is a runtime SyntaxError. */
  evaluates?: boolean
}

const indent = (code: string) => code.replace(/^/gm, '  ')
const block = (code: string) => `{\n${indent(code)}\n}`

const TO_STRING_CALLERS = ['String(wStr$$)', ';[wStr$$].join("")', '"a".concat(wStr$$)', ';`${wStr$$}`', 'parseInt(wStr$$)', '"abc".indexOf(wStr$$)', ';({})[wStr$$]', 'new RegExp(wStr$$)']
const VALUE_OF_CALLERS = ['Math.max(wVal$$)', 'Number(wVal$$)', 'isNaN(wVal$$)', 'new Array(3).fill(0, wVal$$)', '"abc".charAt(wVal$$)', ';[1, 2].slice(wVal$$)', 'new Uint8Array(2).fill(wVal$$)']
const PRIMITIVE_CALLERS = ['Math.abs(wPrim$$)', 'String(wPrim$$)', 'new Date(wPrim$$)', 'Date.UTC(wPrim$$)', '"x".repeat(wPrim$$)', ';[wPrim$$].join()']

const POSITIONS: Position[] = [
  { label: 'top level', rank: 0, place: (a) => ({ top: block(a) }) },
  { label: 'a function', rank: 0, place: (a, s) => ({ top: `function wRun${s}() {\n${indent(a)}\n}\nwRun${s}()` }) },
  { label: 'a try/finally', rank: 0, place: (a) => ({ top: `try {\n${indent(a)}\n} finally {}` }) },
  { label: 'a try/catch', rank: 0, absorbs: ['runtime', 'stack'], place: (a) => ({ top: `try {\n${indent(a)}\n} catch (e) {}` }) },
  { label: 'a getter', rank: 0, place: (a, s) => ({ top: `const wGetter${s} = {\n  get value() {\n${indent(indent(a))}\n    return 1\n  },\n}\nwGetter${s}.value` }) },
  { label: 'a class getter', rank: 0, place: (a, s) => ({ top: `class WGetter${s} {\n  get value() {\n${indent(indent(a))}\n    return 1\n  }\n}\nnew WGetter${s}().value` }) },
  { label: 'a setter', rank: 0, place: (a, s) => ({ top: `const wSetter${s} = {\n  set value(v) {\n${indent(indent(a))}\n  },\n}\nwSetter${s}.value = 1` }) },
  {
    label: 'a toString a built-in calls',
    rank: 0,
    place: (a, s, rng) => ({ top: `const wStr${s} = {\n  toString() {\n${indent(indent(a))}\n    return "x"\n  },\n}\n${rng.pick(TO_STRING_CALLERS).replaceAll('$$', s)}` }),
  },
  {
    label: 'a valueOf a built-in calls',
    rank: 0,
    place: (a, s, rng) => ({ top: `const wVal${s} = {\n  valueOf() {\n${indent(indent(a))}\n    return 1\n  },\n}\n${rng.pick(VALUE_OF_CALLERS).replaceAll('$$', s)}` }),
  },
  {
    label: 'a Symbol.toPrimitive a built-in calls',
    rank: 0,
    place: (a, s, rng) => ({ top: `const wPrim${s} = {\n  [Symbol.toPrimitive]() {\n${indent(indent(a))}\n    return 1\n  },\n}\n${rng.pick(PRIMITIVE_CALLERS).replaceAll('$$', s)}` }),
  },
  {
    label: 'a Proxy trap',
    rank: 0,
    place: (a, s, rng) => {
      const [trap, result, use] = rng.pick([
        ['get', 'undefined', `wProxy${s}.x`],
        ['has', 'false', `"x" in wProxy${s}`],
        ['set', 'true', `wProxy${s}.x = 1`],
        ['ownKeys', '[]', `Object.keys(wProxy${s})`],
        ['getOwnPropertyDescriptor', 'undefined', `Object.getOwnPropertyDescriptor(wProxy${s}, "x")`],
        ['getPrototypeOf', 'null', `Object.getPrototypeOf(wProxy${s})`],
        ['deleteProperty', 'true', `delete wProxy${s}.x`],
        ['defineProperty', 'true', `Object.defineProperty(wProxy${s}, "x", { value: 1 })`],
      ] as const)
      return { top: `const wProxy${s} = new Proxy({}, {\n  ${trap}() {\n${indent(indent(a))}\n    return ${result}\n  },\n})\n${use}` }
    },
  },
  {
    label: 'a Proxy apply/construct trap',
    rank: 0,
    place: (a, s, rng) => {
      const construct = rng.chance(0.5)
      const trap = construct ? 'construct' : 'apply'
      const result = construct ? '{}' : '1'
      return { top: `const wCall${s} = new Proxy(function () {}, {\n  ${trap}() {\n${indent(indent(a))}\n    return ${result}\n  },\n})\n${construct ? `new wCall${s}()` : `wCall${s}()`}` }
    },
  },
  { label: 'a promise job', rank: 1, absorbs: ['runtime', 'stack'], place: (a) => ({ top: `Promise.resolve().then(() => {\n${indent(a)}\n})` }) },
  { label: 'an async function after await', rank: 1, absorbs: ['runtime', 'stack'], place: (a) => ({ top: `;(async () => {\n  await null\n${indent(a)}\n})()` }) },
  { label: 'a Promise executor', rank: 0, absorbs: ['runtime', 'stack'], place: (a) => ({ top: `new Promise(() => {\n${indent(a)}\n})` }) },
  { label: 'a thenable', rank: 1, absorbs: ['runtime', 'stack'], place: (a, s) => ({ top: `const wThen${s} = {\n  then(resolve) {\n${indent(indent(a))}\n    resolve(1)\n  },\n}\nPromise.resolve(wThen${s})` }) },
  { label: 'queueMicrotask', rank: 1, absorbs: ['runtime', 'stack'], place: (a) => ({ top: `queueMicrotask(() => {\n${indent(a)}\n})` }) },
  { label: 'a timer', rank: 3, place: (a, _s, rng) => ({ top: `setTimeout(() => {\n${indent(a)}\n}, ${rng.pick([0, 1, 10, 250, 900])})` }) },
  {
    label: 'an interval (twice)',
    rank: 3,
    place: (a, s, rng) => ({ top: `let wTicks${s} = 0\nconst wIv${s} = setInterval(() => {\n  if (++wTicks${s} >= 2) clearInterval(wIv${s})\n${indent(a)}\n}, ${rng.pick([1, 50, 300])})` }),
  },
  {
    // gc.collect() runs the cleanup as a job; an error it throws fails the run, as a timer's does.
    label: 'a finalizer',
    rank: 1,
    place: (a, s) => ({ top: `const wFin${s} = new FinalizationRegistry(() => {\n${indent(a)}\n})\nglobalThis.wKeepRegistry${s} = wFin${s}\nwFin${s}.register({}, 0)\ngc.collect()` }),
  },
  { label: 'a class static block', rank: 0, place: (a, s) => ({ top: `class WStatic${s} {\n  static {\n${indent(indent(a))}\n  }\n}` }) },
  { label: 'a class field initializer', rank: 0, place: (a, s) => ({ top: `class WField${s} {\n  x = (() => {\n${indent(indent(a))}\n  })()\n}\nnew WField${s}()` }) },
  { label: 'a generator', rank: 0, place: (a, s) => ({ top: `function* wGen${s}() {\n${indent(a)}\n  yield 1\n}\nwGen${s}().next()` }) },
  { label: 'a sort comparator', rank: 0, place: (a) => ({ top: `;[3, 1, 2].sort(() => {\n${indent(a)}\n  return 0\n})` }) },
  { label: 'a toJSON', rank: 0, uses: ['json'], place: (a) => ({ top: `JSON.stringify({\n  toJSON() {\n${indent(indent(a))}\n    return 1\n  },\n})` }) },
  { label: 'a JSON.parse reviver', rank: 0, uses: ['json'], place: (a) => ({ top: `JSON.parse("[1]", (k, v) => {\n${indent(a)}\n  return v\n})` }) },
  { label: 'a replace callback', rank: 0, place: (a) => ({ top: `"abc".replace("b", () => {\n${indent(a)}\n  return ""\n})` }) },
  { label: 'an Array.from mapper', rank: 0, place: (a) => ({ top: `Array.from({ length: 1 }, () => {\n${indent(a)}\n})` }) },
  { label: 'a Map.forEach callback', rank: 0, uses: ['iter'], place: (a) => ({ top: `new Map([[1, 1]]).forEach(() => {\n${indent(a)}\n})` }) },
  { label: 'a tagged template', rank: 0, place: (a, s) => ({ top: `function wTag${s}(strings) {\n${indent(a)}\n}\nwTag${s}\`x\`` }) },
  { label: 'an EventEmitter listener', rank: 0, place: (a, s) => ({ top: `const wEm${s} = new EventEmitter()\nwEm${s}.on("go", () => {\n${indent(a)}\n})\nwEm${s}.emit("go")` }) },
  {
    label: 'an EventTarget listener',
    rank: 0,
    place: (a, s) => ({ top: `const wEt${s} = new EventTarget()\nwEt${s}.addEventListener("go", () => {\n${indent(a)}\n})\nwEt${s}.dispatchEvent(new Event("go"))` }),
  },
  { label: 'a DOM click handler', rank: 0, place: (a, s) => ({ top: `const wBtn${s} = document.createElement("button")\ndocument.body.appendChild(wBtn${s})\nwBtn${s}.addEventListener("click", () => {\n${indent(a)}\n})\nwBtn${s}.click()` }) },
  { label: 'eval', rank: 0, evaluates: true, place: (a) => ({ top: `eval(${JSON.stringify(a)})` }) },
  { label: 'new Function', rank: 0, evaluates: true, place: (a) => ({ top: `new Function(${JSON.stringify(a)})()` }) },
  { label: 'step()', rank: 3, place: (a) => ({ step: a }) },
  { label: 'setup()', rank: 2, place: (a) => ({ setup: a }) },
  { label: 'teardown()', rank: 4, place: (a) => ({ teardown: a }) },
]

// ---------------------------------------------------------------------------------------------------
// Tampering with what the program's own code and the environment might use.

interface Tamper {
  label: string
  code: string
  /** Features of the program's own code the tamper changes. */
  breaks: Feature[]
  /** Code that trips it, found in the text of the program's own pieces. */
  trigger?: RegExp
  /** What it does when tripped. */
  effect: 'spin' | 'throw'
  /** Also a TypeError when tripped (a namespace such as JSON replaced by a function has no methods). */
  alsoRuntime?: boolean
  knownBug?: string
  /**
   * So deep that the environment may trip it too, as Node's own console, timers and events do (an
   * index accessor on Array.prototype, a replaced array iterator, getters for well-known symbols on
   * Object.prototype: Node throws or hangs on each). Named properties and methods, on the contrary,
   * the environment must never reach: it keeps its own copies of the built-ins it uses.
   */
  envMayTrip?: boolean
}

const SPIN = 'for (;;) {}'
const THROW = 'throw new Error("tampered")'

/** Names a getter on Object.prototype catches whenever an object lacks them, with what else they mean. */
/**
 * Names a getter (and setter) on Object.prototype catches whenever an object lacks them: what else
 * they mean for the program's own code, the known bug they reach, and code of the program that may
 * trip them through the environment as Node's own inspect and the DOM's WebIDL rules would (Node
 * reads err.cause and err.errors through the prototype; an event's init dictionary is read whole).
 */
const ERROR_PRINTING = /console\.|Error|reject|throw|async|trace/
const EVENT_DICTIONARIES = /Event|AbortController|click|addEventListener/
const PROTO_NAMES: [string, Feature[], string?, RegExp?][] = [
  ['then', ['then']],
  ['cause', [], undefined, ERROR_PRINTING],
  ['errors', [], undefined, ERROR_PRINTING],
  ['toJSON', ['json']],
  ['stack', [], 'env-objects-inherit'],
  ['message', []],
  ['name', []],
  ['fileName', []],
  ['lineNumber', []],
  ['constructor', []],
  ['length', []],
  ['size', [], 'env-objects-inherit'],
  ['next', []],
  ['done', []],
  ['value', ['desc'], 'env-objects-inherit'],
  ['get', ['desc'], 'env-objects-inherit'],
  ['set', ['desc'], 'env-objects-inherit'],
  ['writable', ['desc'], 'env-objects-inherit'],
  ['enumerable', ['desc'], 'env-objects-inherit'],
  ['configurable', ['desc'], 'env-objects-inherit'],
  ['return', ['iter']],
  ['prototype', []],
  ['handleEvent', []],
  ['once', [], 'env-objects-inherit'],
  ['passive', [], 'env-objects-inherit'],
  ['capture', [], 'env-objects-inherit'],
  ['signal', [], 'env-objects-inherit'],
  ['bubbles', [], 'env-objects-inherit'],
  ['detail', [], undefined, EVENT_DICTIONARIES],
  ['cancelable', [], undefined, EVENT_DICTIONARIES],
  ['composed', [], undefined, EVENT_DICTIONARIES],
  ['depth', [], 'env-objects-inherit'],
  ['colors', [], 'env-objects-inherit'],
  ['compact', [], 'env-objects-inherit'],
  ['breakLength', [], 'env-objects-inherit'],
  ['showHidden', [], 'env-objects-inherit'],
  ['index', []],
  ['groups', []],
  ['lastIndex', []],
  ['raw', []],
  ['nodeType', []],
  ['parentNode', []],
  ['textContent', []],
]

const GLOBALS = [
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'Promise', 'JSON', 'Array', 'Object', 'Symbol', 'Reflect', 'Proxy', 'Error', 'TypeError',
  'RangeError', 'String', 'Number', 'Boolean', 'Math', 'Date', 'RegExp', 'Function', 'Uint8Array', 'ArrayBuffer', 'Int32Array',
  'FinalizationRegistry', 'Iterator', 'BigInt', 'parseInt', 'isNaN', 'eval', 'queueMicrotask', 'EventTarget', 'Event', 'EventEmitter', 'require',
]

const METHODS: [string, string, Feature[]][] = [
  ...['push', 'pop', 'join', 'slice', 'splice', 'map', 'filter', 'forEach', 'indexOf', 'includes', 'sort', 'concat', 'keys', 'values', 'entries', 'reverse', 'fill', 'find', 'every', 'some', 'reduce', 'flat', 'unshift', 'shift', 'at', 'toString'].map(
    (m): [string, string, Feature[]] => ['Array.prototype', m, m === 'join' || m === 'toString' ? ['prim'] : m === 'values' ? ['iter'] : []],
  ),
  ...['slice', 'indexOf', 'includes', 'startsWith', 'endsWith', 'repeat', 'padStart', 'padEnd', 'split', 'replace', 'replaceAll', 'trim', 'toString', 'charCodeAt', 'codePointAt', 'normalize', 'toUpperCase', 'concat', 'match', 'search', 'localeCompare'].map(
    (m): [string, string, Feature[]] => ['String.prototype', m, []],
  ),
  ...['keys', 'values', 'entries', 'assign', 'defineProperty', 'defineProperties', 'getOwnPropertyNames', 'getOwnPropertyDescriptor', 'getOwnPropertyDescriptors', 'getOwnPropertySymbols', 'getPrototypeOf', 'setPrototypeOf', 'create', 'freeze', 'is', 'hasOwn', 'fromEntries'].map(
    (m): [string, string, Feature[]] => ['Object', m, []],
  ),
  ...['hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'valueOf', 'toString'].map((m): [string, string, Feature[]] => ['Object.prototype', m, ['prim']]),
  ['Function.prototype', 'call', []],
  ['Function.prototype', 'apply', []],
  ['Function.prototype', 'bind', []],
  ['Function.prototype', 'toString', []],
  ...['get', 'set', 'has', 'delete', 'forEach', 'keys', 'values', 'entries'].map((m): [string, string, Feature[]] => ['Map.prototype', m, []]),
  ...['add', 'has', 'delete', 'forEach', 'values'].map((m): [string, string, Feature[]] => ['Set.prototype', m, []]),
  ...['get', 'set', 'has', 'delete'].map((m): [string, string, Feature[]] => ['WeakMap.prototype', m, []]),
  ...['then', 'catch', 'finally'].map((m): [string, string, Feature[]] => ['Promise.prototype', m, []]),
  ...['resolve', 'reject', 'all'].map((m): [string, string, Feature[]] => ['Promise', m, []]),
  ...['exec', 'test', 'toString'].map((m): [string, string, Feature[]] => ['RegExp.prototype', m, []]),
  ['Number.prototype', 'toString', []],
  ['Number.prototype', 'toFixed', []],
  ['Date.prototype', 'toISOString', []],
  ['Date.prototype', 'getTime', []],
  ['Error.prototype', 'toString', []],
  ['Symbol.prototype', 'toString', []],
  ['JSON', 'stringify', ['json']],
  ['JSON', 'parse', []],
  ...['max', 'min', 'floor', 'round', 'abs', 'ceil', 'trunc', 'sqrt', 'log10', 'pow'].map((m): [string, string, Feature[]] => ['Math', m, []]),
  ...['ownKeys', 'apply', 'get', 'has', 'getPrototypeOf', 'defineProperty'].map((m): [string, string, Feature[]] => ['Reflect', m, []]),
  ['Array', 'isArray', []],
  ['Array', 'from', []],
  ['Number', 'isInteger', []],
  ['Number', 'isFinite', []],
  ['String', 'fromCharCode', []],
  ['Symbol', 'for', []],
]

const word = (name: string) => new RegExp(`\\b${name}\\b`)

/** Built-ins that call a method through its property, as the spec says: code that uses them trips a replaced one. */
const IMPLICIT_CALLERS: Record<string, RegExp> = {
  'Set.prototype.add': /new (Set|WeakSet)\(/,
  'Map.prototype.set': /new (Map|WeakMap)\(|groupBy/,
  'WeakMap.prototype.set': /new WeakMap\(/,
  'Promise.resolve': /Promise\.(all|race|any|allSettled)/,
  'Promise.prototype.then': /await|async|Promise\.(all|race|any|allSettled)|\.catch\(|\.finally\(|thenable|then\(resolve\)/,
  'Array.prototype.join': /String\(|`|\+ ""|"" \+|console\./,
  'Array.prototype.toString': /String\(|`|\+ ""|"" \+/,
  'Object.prototype.toString': /String\(|`|\+ ""|"" \+|\[object/,
  'Object.prototype.valueOf': /[+*/-] ?[a-zA-Z_(]|Number\(|Math\./,
  'Error.prototype.toString': /String\(|`|\+ ""|"" \+/,
  'RegExp.prototype.exec': /\.test\(|\.match\(|\.replace\(|\.split\(|matchAll|search\(|replaceAll/,
  'Date.prototype.toISOString': /JSON\.stringify|toJSON/,
  'Function.prototype.toString': /String\(|`|\+ ""|"" \+/,
}

function makeTamper(rng: Rng): Tamper {
  const effect = rng.chance(0.7) ? 'spin' : 'throw'
  const body = effect === 'spin' ? SPIN : THROW
  switch (rng.int(10)) {
    case 0:
      return { label: `Array.prototype[0] accessor (${effect})`, code: `Object.defineProperty(Array.prototype, 0, { get() { ${body} }, set(v) { ${body} }, configurable: true })`, breaks: ['idx'], effect, envMayTrip: true }
    case 1:
      return { label: `Array.prototype[Symbol.iterator] (${effect})`, code: `Array.prototype[Symbol.iterator] = function* () { ${body} }`, breaks: ['iter'], effect, envMayTrip: true }
    case 2: {
      const target = rng.pick(['Array', 'Promise', 'Map', 'Uint8Array'])
      return { label: `${target}[Symbol.species] getter (${effect})`, knownBug: target === 'Array' ? 'species-in-env' : undefined, code: `Object.defineProperty(${target}, Symbol.species, { get() { ${body} }, configurable: true })`, breaks: target === 'Array' ? ['species'] : [], trigger: word(target), effect }
    }
    case 3: {
      const symbol = rng.pick(['toPrimitive', 'toStringTag', 'iterator', 'isConcatSpreadable', 'asyncIterator'])
      const breaks: Feature[] = symbol === 'toPrimitive' || symbol === 'toStringTag' ? ['prim'] : symbol === 'iterator' ? ['iter'] : []
      // Node's inspect reads Symbol.toStringTag of what it prints, getters included: so may the guest's.
      const trigger = symbol === 'isConcatSpreadable' ? /\.concat\(/ : symbol === 'asyncIterator' ? /for await/ : symbol === 'toStringTag' ? /console\./ : undefined
      return {
        label: `Object.prototype[Symbol.${symbol}] getter (${effect})`,
        code: `Object.defineProperty(Object.prototype, Symbol.${symbol}, { get() { ${body} }, configurable: true })`,
        breaks,
        trigger,
        effect,
        envMayTrip: true,
      }
    }
    case 4:
    case 5: {
      const [name, breaks, knownBug, alsoTrips] = rng.pick(PROTO_NAMES)
      return {
        label: `Object.prototype.${name} accessor (${effect})`,
        code: `Object.defineProperty(Object.prototype, ${JSON.stringify(name)}, { get() { ${body} }, set(v) { ${body} }, configurable: true })`,
        breaks,
        trigger: alsoTrips ? new RegExp(`\\b${name}\\b|${alsoTrips.source}`) : word(name),
        effect,
        knownBug,
      }
    }
    case 6: {
      const name = rng.pick(GLOBALS)
      return { label: `global ${name} replaced (${effect})`, code: `globalThis.${name} = function () { ${body} }`, breaks: [], trigger: word(name), effect, alsoRuntime: true }
    }
    case 7:
    case 8: {
      const [owner, method, breaks] = rng.pick(METHODS)
      const del = rng.chance(0.15)
      const implicit = IMPLICIT_CALLERS[`${owner}.${method}`]
      const trigger = implicit ? new RegExp(`\\b${method}\\b|${implicit.source}`) : word(method)
      // RegExp.prototype[Symbol.replace] calls exec through the property, in Node's inspect as in the guest's.
      const envMayTrip = owner === 'RegExp.prototype' && method === 'exec'
      if (del) return { label: `${owner}.${method} deleted`, code: `delete ${owner}.${method}`, breaks, trigger, effect: 'throw', envMayTrip }
      return { label: `${owner}.${method} replaced (${effect})`, code: `${owner}.${method} = function () { ${body} }`, breaks, trigger, effect, envMayTrip }
    }
    default: {
      // Iterator prototypes' next, shared by every array, Map, Set and string iteration.
      const [label, expression] = rng.pick([
        ['array iterator', '[][Symbol.iterator]()'],
        ['Map iterator', 'new Map().entries()'],
        ['Set iterator', 'new Set().values()'],
        ['string iterator', '""[Symbol.iterator]()'],
        ['generator', '(function* () {})()'],
      ] as const)
      return {
        label: `${label} next replaced (${effect})`,
        code: `Object.getPrototypeOf(${expression}).next = function () { ${body} }`,
        breaks: ['iter'],
        trigger: label === 'generator' ? /function\*|yield/ : label === 'array iterator' ? undefined : word(label.split(' ')[0]),
        effect,
        envMayTrip: label === 'array iterator',
      }
    }
  }
}

/** Prototype-chain tampering of the global object: unresolved names (and the host's own lookups) reach it. */
const GLOBAL_PROXY: Tamper = {
  label: "a spinning Proxy on the global object's prototype chain",
  code: 'Object.setPrototypeOf(globalThis, new Proxy(Object.getPrototypeOf(globalThis), { get(t, k, r) { if (k === "step" || k === "setup" || k === "teardown") for (;;) {} return Reflect.get(t, k, r) } }))',
  breaks: [],
  trigger: /\btypeof\b|undefinedName/,
  effect: 'spin',
  knownBug: 'swallowed-interrupt',
}

function tamperHits(t: Tamper, code: string, uses: Feature[]): boolean {
  return t.breaks.some((f) => uses.includes(f)) || (t.trigger !== undefined && t.trigger.test(code))
}

// ---------------------------------------------------------------------------------------------------
// Uses of the environment: each must end ok whatever the program tampered with, unless its own code
// (not the environment's) uses the tampered thing.

interface EnvUse {
  label: string
  code: string
  uses?: Feature[]
  knownBug?: string
}

const ENV_USES: EnvUse[] = [
  { label: 'console.log of literals', code: 'console.log({ a: 1, b: "two", c: [1, 2, 3], d: { e: null } })' },
  { label: 'console.log of holes', code: 'console.log([1, , 3], new Array(5))' },
  { label: 'console.log of a Map and a Set', code: 'console.log(new Map([[1, { x: 1 }]]), new Set([1, "a"]))', uses: ['iter'] },
  { label: 'console.log of errors', code: 'console.log(new Error("boom"), new TypeError("t"))' },
  { label: 'console.log of odd values', code: 'console.log(function named() {}, class K {}, Symbol("s"), 10n, -0, NaN, undefined, null)' },
  { label: 'console.log of a spinning Proxy', knownBug: 'inspect-asks-proxies', code: 'console.log(new Proxy({ a: 1 }, { get() { for (;;) {} }, ownKeys() { for (;;) {} }, getOwnPropertyDescriptor() { for (;;) {} }, getPrototypeOf() { for (;;) {} } }))' },
  { label: 'console.log of spinning accessors', code: 'console.log({ get spin() { for (;;) {} }, set spin(v) { for (;;) {} } })' },
  { label: 'console.log of a cycle', code: 'const cyc$$ = { a: 1 }\ncyc$$.self = cyc$$\nconsole.log(cyc$$)' },
  { label: 'console.table', code: 'console.table([{ a: 1, b: 2 }, { a: 3 }])' },
  { label: 'console.dir with depth', code: 'console.dir({ deep: { deeper: { deepest: { bottom: 1 } } } }, { depth: 0 })' },
  { label: 'console format specifiers', code: 'console.log("%s and %d and %o and %j", "str", 42, { o: 1 }, 5)' },
  { label: 'console assert/count/group/time/trace', code: 'console.assert(false, "assertion")\nconsole.count()\nconsole.count()\nconsole.group("g")\nconsole.info("in")\nconsole.groupEnd()\nconsole.time("t")\nconsole.timeEnd("t")\nconsole.trace("here")' },
  { label: 'a timer', code: 'setTimeout(() => console.log("timer"), 5)' },
  { label: 'a timer with arguments', code: 'setTimeout((a, b) => console.log(a, b), 5, "x", "y")' },
  { label: 'an interval cleared', code: 'const iv$$ = setInterval(() => clearInterval(iv$$), 5)' },
  { label: 'a timer cleared', code: 'clearTimeout(setTimeout(() => {}, 5))' },
  { label: 'queueMicrotask', code: 'queueMicrotask(() => console.log("micro"))' },
  { label: 'a promise chain', code: 'Promise.resolve(1).then((v) => console.log("then", v))' },
  { label: 'gc', code: 'gc.collect()\ngc()\nconst held$$ = { x: 1 }\nconsole.log(gc.getReferrers(held$$).length)' },
  { label: 'tracemalloc', code: 'tracemalloc.start()\nconst kept$$ = { a: 1 }\nconst snap$$ = tracemalloc.takeSnapshot()\nconsole.log(snap$$.statistics("lineno").length >= 0)\ntracemalloc.stop()' },
  { label: 'imageLib', code: 'const im$$ = imageLib.decode("a", 8, 8)\nconsole.log(im$$, imageLib.stats())\nim$$.close()' },
  { label: 'EventEmitter', code: 'const em$$ = new EventEmitter()\nem$$.on("x", (v) => console.log("got", v))\nem$$.once("x", () => {})\nem$$.emit("x", 1)\nem$$.removeAllListeners()' },
  { label: 'EventTarget', code: 'const et$$ = new EventTarget()\net$$.addEventListener("x", (e) => console.log(e.type), { once: true })\net$$.dispatchEvent(new CustomEvent("x", { detail: 1 }))' },
  { label: 'AbortController', code: 'const ac$$ = new AbortController()\nac$$.signal.addEventListener("abort", () => console.log("aborted"))\nac$$.abort()' },
  { label: 'the DOM', code: 'const div$$ = document.createElement("div")\ndiv$$.textContent = "hi"\ndocument.body.appendChild(div$$)\nconsole.log(document.body.children.length, div$$)\ndiv$$.remove()' },
  { label: 'the clock', code: 'console.log(performance.now() >= 0, Date.now() > 0, new Date(0).toISOString())' },
  { label: 'console.log of weak collections', code: 'console.log(new WeakMap(), new WeakSet(), new WeakRef({}))' },
  { label: 'console.log of promises', code: 'console.log(Promise.resolve(1), new Promise(() => {}))' },
  { label: 'console.log of binary data', code: 'console.log(new Uint8Array([1, 2, 3]), new ArrayBuffer(8), new DataView(new ArrayBuffer(4)))' },
  { label: 'console.log of a regex and a date', code: 'console.log(/re+gex/gi, new Date(0))' },
  { label: 'console.log of nesting', code: 'console.log([1, [2, [3, [4, [5]]]]], { a: { b: { c: { d: { e: 1 } } } } })' },
  { label: 'a caught TypeError logged', code: 'try { null.x } catch (e) { console.log(e) }' },
  { label: 'a caught 42 logged', code: 'try { throw 42 } catch (e) { console.error("caught", e) }' },
  { label: 'an unhandled rejection', code: 'Promise.reject(new Error("unhandled"))' },
  { label: 'an async function that throws', code: 'async function af$$() { throw new Error("async") }\naf$$()' },
  { label: 'a class with private state logged', code: 'class Acc$$ { #p = 1; get v() { return this.#p } }\nconsole.log(new Acc$$())' },
  { label: 'null-prototype objects logged', code: 'console.log(Object.create(null), Object.assign(Object.create({ inherited: 1 }), { own: 2 }))' },
  { label: 'globalThis logged', code: 'console.log(globalThis)' },
  { label: 'a subclassed array logged', code: 'class Arr$$ extends Array {}\nconsole.log(new Arr$$(3))' },
  { label: 'symbol keys logged', code: 'console.log({ [Symbol.for("k")]: 1 })' },
  { label: '300 lines', code: 'for (let i = 0; i < 300; i++) console.log("line", i)' },
  { label: 'a 100,000-character line', code: 'console.log("x".repeat(1e5))' },
  { label: 'a 2,000-deep list', code: 'let list$$ = null\nfor (let i = 0; i < 2000; i++) list$$ = { next: list$$ }\nconsole.log(list$$)' },
  { label: 'a 1,000-deep list, depth null', code: 'let list$$ = null\nfor (let i = 0; i < 1000; i++) list$$ = { next: list$$ }\nconsole.dir(list$$, { depth: null })' },
  { label: 'a 100,000-element array', code: 'console.log(new Array(1e5).fill(0))' },
  { label: '1,000 arguments', code: 'console.log(...new Array(1000).fill("arg"))', uses: ['iter'] },
  { label: 'a wide object', code: 'const wide$$ = {}\nfor (let i = 0; i < 1000; i++) wide$$["k" + i] = i\nconsole.log(wide$$)' },
  { label: 'a leaky global', code: 'globalThis.leftBehind$$ = { big: new Array(1000).fill("x") }' },
  { label: 'require', code: 'const ev$$ = require("events")\nconsole.log(typeof ev$$)' },
]

/** What an environment program may end with on purpose. */
const ENV_ENDINGS: Action[] = THROWS.filter((t) => t.ends.includes('runtime') && !t.label.startsWith('ReferenceError'))

// ---------------------------------------------------------------------------------------------------
// Composition.

interface Piece {
  label: string
  knownBug?: string
  rank: number
  ends: Outcome[]
  continues: boolean
  placed: Placed
  /** The program's own code in it, for tamper triggers. */
  code: string
  uses: Feature[]
}

/** The outcomes a program may have, from its pieces in the order they run. */
export function outcomesOf(pieces: readonly Pick<Piece, 'rank' | 'ends' | 'continues'>[]): Set<Outcome> {
  const allowed = new Set<Outcome>()
  const ranks = [...new Set(pieces.map((p) => p.rank))].sort((a, b) => a - b)
  let reachable = true
  for (const rank of ranks) {
    if (!reachable) break
    const group = pieces.filter((p) => p.rank === rank)
    if (rank === 0) {
      // The script runs its pieces in order: a piece that cannot finish stops the rest.
      for (const p of group) {
        if (!reachable) break
        p.ends.forEach((o) => allowed.add(o))
        reachable = p.continues
      }
    } else {
      // Jobs, steps and timers of the same rank interleave: any may run first.
      group.forEach((p) => p.ends.forEach((o) => allowed.add(o)))
      reachable = group.every((p) => p.continues)
    }
  }
  if (reachable) allowed.add('ok')
  return allowed
}

/** Features a piece of code uses that its text shows. */
function autoFeatures(code: string): Feature[] {
  const found: Feature[] = []
  if (/defineProperty|defineProperties|Object\.create\(/.test(code)) found.push('desc')
  if (/\.\.\.|for \(const [^)]* of |new (Map|Set|WeakMap|WeakSet)\(\[|Array\.from\(\[|yield\*|const \[|let \[/.test(code)) found.push('iter')
  if (/JSON\.stringify/.test(code)) found.push('json')
  if (/\.(map|filter|slice|splice|concat|flat|flatMap)\(/.test(code)) found.push('species')
  if (/\.push\(|\.unshift\(|\.fill\(|new Array\(|Array\(|\.indexOf\(|\.includes\(|\.join\(|, ,|\[,/.test(code)) found.push('idx')
  if (/String\(|`|\+ ""|"" \+|\.join\(/.test(code)) found.push('prim')
  if (/async|await|Promise\.resolve\(\{|Promise\.all/.test(code)) found.push('then')
  return found
}

const placedText = (placed: Placed) => [placed.top, placed.step, placed.setup, placed.teardown].filter(Boolean).join('\n')

/** Code that starts a statement with ( [ / + - or a template would continue the line before it. */
const guarded = (code: string) => (/^[([/+\-`]/.test(code) ? `;${code}` : code)

function placeAction(action: Action, position: Position, suffix: string, rng: Rng): Piece {
  // What a deferred action queues runs as promise jobs, out of reach of its position's catch.
  const absorbed = action.deferred ? [] : action.ends.filter((o) => position.absorbs?.includes(o))
  const ends = action.ends.filter((o) => !absorbed.includes(o))
  const placed = position.place(guarded(action.code.replaceAll('$$', suffix)), suffix, rng)
  const code = placedText(placed)
  return {
    label: `${action.label} in ${position.label}`,
    rank: action.deferred ? Math.max(position.rank, 1) : position.rank,
    ends,
    continues: action.continues === true || absorbed.length > 0,
    placed,
    code,
    uses: [...(action.uses ?? []), ...(position.uses ?? []), ...autoFeatures(code)],
    knownBug: action.knownBug,
  }
}

function envPiece(use: EnvUse, position: Position, suffix: string, rng: Rng): Piece {
  const placed = position.place(guarded(use.code.replaceAll('$$', suffix)), suffix, rng)
  const code = placedText(placed)
  return { label: `env: ${use.label} in ${position.label}`, rank: position.rank, ends: [], continues: true, placed, code, uses: [...(use.uses ?? []), ...autoFeatures(code)], knownBug: use.knownBug }
}

/** Tampers in order, each left out when the ones before it would trip its own code. */
function addTamper(tampers: Tamper[], t: Tamper): void {
  if (!tampers.some((prev) => tamperHits(prev, t.code, autoFeatures(t.code)))) tampers.push(t)
}

/** Positions an environment use may take: plain ones, whose own code uses nothing a tamper breaks. */
const ENV_POSITIONS = POSITIONS.filter((p) => ['top level', 'a function', 'a timer', 'a promise job', 'step()', 'setup()', 'teardown()', 'a class static block', 'a getter'].includes(p.label))

function assemble(pieces: Piece[], tampers: Tamper[], stepIndex: number): string {
  const top: string[] = tampers.map((t) => t.code)
  const step: string[] = []
  const setup: string[] = []
  const teardown: string[] = []
  for (const p of pieces) {
    if (p.placed.top) top.push(`// ${p.label}\n${p.placed.top}`)
    if (p.placed.step) step.push(`if (i === ${stepIndex}) {\n${indent(`// ${p.label}\n${p.placed.step}`)}\n}`)
    if (p.placed.setup) setup.push(block(`// ${p.label}\n${p.placed.setup}`))
    if (p.placed.teardown) teardown.push(block(`// ${p.label}\n${p.placed.teardown}`))
  }
  // Hooks first: a hook is defined even when the script stops early, as a function declaration is.
  const hooks: string[] = []
  if (step.length) hooks.push(`function step(i) {\n${indent(step.join('\n'))}\n}`)
  if (setup.length) hooks.push(`function setup() {\n${indent(setup.join('\n'))}\n}`)
  if (teardown.length) hooks.push(`function teardown() {\n${indent(teardown.join('\n'))}\n}`)
  return [...hooks, ...top].join('\n')
}

/**
 * Short budgets for programs that may time out (most do, and each costs its budget); 1-2 s for those
 * that must finish, so that a loaded machine cannot turn a slow finish into a "wrong" timeout.
 */
function pickOptions(rng: Rng, steps: number, mayTimeOut: boolean): Partial<RunOptions> {
  const inspect = rng.chance(0.5)
  return {
    timeoutMs: mayTimeOut ? rng.pick([300, 300, 300, 500, 1000]) : rng.pick([1000, 2000]),
    memoryBytes: rng.pick([16, 32, 64]) * MIB,
    steps,
    timeMs: 1000,
    inspect,
    snapshots: inspect ? rng.pick([0, 1, 2]) : 0,
    maxConsoleEntries: rng.pick([100, 1000, 5000]),
  }
}

const ACTION_GROUPS: [number, Action[]][] = [
  [5, LOOPS],
  [4, NATIVE_LOOPS],
  [4, MEMORY_BOMBS],
  [4, STACK_BOMBS],
  [3, THROWS],
  [1, SELF_TAMPERS],
]

function pickWeighted<T>(rng: Rng, groups: [number, T[]][]): T {
  const total = groups.reduce((sum, [w]) => sum + w, 0)
  let r = rng.next() * total
  for (const [w, items] of groups) {
    if ((r -= w) < 0) return rng.pick(items)
  }
  return rng.pick(groups.at(-1)![1])
}

/**
 * Generate the program for `seed`: the same seed always gives the same program. With known bugs
 * excluded, a program that reaches one is replaced by the one from a seed derived from it; the
 * program's `seed` is always the one that regenerates it, with no options.
 */
export function generateProgram(seed: number, options: GenerateOptions = {}): FuzzProgram {
  let current = seed >>> 0
  for (let attempt = 0; ; attempt++) {
    const program = generateOne(current)
    if (!options.excludeKnownBugs || program.knownBugs.length === 0 || attempt >= 100) return program
    current = programSeed(current, attempt)
  }
}

function generateOne(seed: number): FuzzProgram {
  const rng = makeRng(seed)
  const roll = rng.next()
  if (roll < 0.62) return hostileProgram(rng, seed)
  if (roll < 0.95) return environmentProgram(rng, seed)
  return syntaxProgram(rng, seed)
}

function hostileProgram(rng: Rng, seed: number): FuzzProgram {
  const pieces: Piece[] = []
  const knownBugs = new Set<string>()
  let n = 0
  const suffix = () => `_${n++}`
  const stepIndex = rng.int(3)
  const steps = stepIndex + 1 + rng.int(3)

  const envBefore = rng.int(3)
  for (let i = 0; i < envBefore; i++) pieces.push(envPiece(rng.pick(ENV_USES), rng.pick(ENV_POSITIONS), suffix(), rng))
  const actions = rng.chance(0.25) ? 2 : 1
  const usedHooks = new Set<string>()
  const chosen: Action[] = []
  for (let i = 0; i < actions; i++) {
    const action = pickWeighted(rng, ACTION_GROUPS)
    let position = rng.pick(POSITIONS)
    // One action per hook keeps each hook's outcome its action's; a tamper's error must not be caught.
    while ((['step()', 'setup()', 'teardown()'].includes(position.label) && usedHooks.has(position.label)) || (action.tampers && position.absorbs)) position = rng.pick(POSITIONS)
    usedHooks.add(position.label)
    chosen.push(action)
    pieces.push(placeAction(action, position, suffix(), rng))
  }
  const envAfter = rng.int(3)
  for (let i = 0; i < envAfter; i++) pieces.push(envPiece(rng.pick(ENV_USES), rng.pick(ENV_POSITIONS), suffix(), rng))
  const compileFails = chosen.find((a) => a.compileFails)

  const tampers: Tamper[] = []
  if (rng.chance(0.3)) tampers.push(makeTamper(rng))
  const allowed = compileFails ? new Set(compileFails.ends) : outcomesOf(pieces)
  for (const t of tampers) {
    if (compileFails) break
    const hit = t.envMayTrip || pieces.some((p) => tamperHits(t, p.code, p.uses))
    // Tampered, the program's own code may stop anywhere it uses what was tampered with.
    if (hit) allowed.add(t.effect === 'spin' ? 'timeout' : 'runtime')
    if (hit && t.alsoRuntime) allowed.add('runtime')
    // A tamper can also defuse a bomb (a replaced method that throws before allocating, caught).
    if (hit && (t.effect === 'throw' || t.alsoRuntime)) allowed.add('ok')
  }
  return finish(seed, 'hostile', pieces, tampers, stepIndex, steps, allowed, knownBugs, rng)
}

function environmentProgram(rng: Rng, seed: number): FuzzProgram {
  const knownBugs = new Set<string>()
  const tampers: Tamper[] = []
  const count = 1 + rng.int(3)
  for (let i = 0; i < count; i++) addTamper(tampers, makeTamper(rng))
  if (rng.chance(0.06)) addTamper(tampers, GLOBAL_PROXY)
  tampers.forEach((t) => t.knownBug && knownBugs.add(t.knownBug))
  let n = 0
  const suffix = () => `_${n++}`
  const stepIndex = rng.int(3)
  const steps = stepIndex + 1 + rng.int(3)
  const pieces: Piece[] = []
  const uses = 1 + rng.int(4)
  // Only pieces whose own code (with its position's) does not trip the tampering: what runs tampered
  // code in these programs is the environment.
  const untouched = (piece: Piece) => !tampers.some((t) => tamperHits(t, piece.code, piece.uses))
  for (let i = 0; i < uses; i++) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const piece = envPiece(rng.pick(ENV_USES), rng.pick(ENV_POSITIONS), suffix(), rng)
      if (untouched(piece)) {
        pieces.push(piece)
        break
      }
    }
  }
  if (rng.chance(0.3)) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const ending = rng.pick(ENV_ENDINGS)
      const piece = placeAction(ending, POSITIONS[0], suffix(), rng)
      if (untouched(piece)) {
        if (ending.knownBug) knownBugs.add(ending.knownBug)
        pieces.push(piece)
        break
      }
    }
  }
  // A thrown plain object is described by the host, which reads its name and message: through
  // Object.prototype's getters too (KNOWN_BUGS['describe-runs-getters']).
  const thrownObject = pieces.some((p) => p.ends.includes('runtime') && /throw (\{|\[|Object\.create|new Proxy|function)/.test(p.code))
  if (thrownObject && tampers.some((t) => /^Object\.prototype\.(name|message|stack) /.test(t.label))) knownBugs.add('describe-runs-getters')
  const allowed = outcomesOf(pieces)
  for (const t of tampers) if (t.envMayTrip && pieces.length > 0) allowed.add(t.effect === 'spin' ? 'timeout' : 'runtime')
  return finish(seed, 'environment', pieces, tampers, stepIndex, steps, allowed, knownBugs, rng)
}

// None of these parses in any statement position (`}{` would: it can close a wrapper's block).
const SYNTAX_ERRORS = ['(', 'const = 1', 'let let = 1', 'function (', 'a b c', '"unterminated', 'class { }', 'return return', '@@@', 'x => => 1', 'if (1) else {}']

function syntaxProgram(rng: Rng, seed: number): FuzzProgram {
  const pieces: Piece[] = []
  let n = 0
  const suffix = () => `_${n++}`
  const bad = rng.pick(SYNTAX_ERRORS)
  // Around it, anything hostile: none of it may run.
  for (let i = rng.int(3); i > 0; i--) pieces.push(placeAction(pickWeighted(rng, ACTION_GROUPS.filter(([, g]) => g !== NATIVE_LOOPS && g !== STACK_BOMBS)), rng.pick(POSITIONS.filter((p) => !p.evaluates)), suffix(), rng))
  const inEval = rng.chance(0.3)
  const position = inEval ? rng.pick(POSITIONS.filter((p) => p.evaluates)) : rng.pick(POSITIONS.filter((p) => !p.evaluates))
  pieces.splice(rng.int(pieces.length + 1), 0, { ...placeAction({ label: `syntax error ${JSON.stringify(bad)}`, code: bad, ends: [] }, position, suffix(), rng), ends: [], continues: true })
  let allowed: Set<Outcome>
  if (inEval) {
    // Only eval sees it: a SyntaxError thrown where the eval runs, like any other runtime error.
    const evalIndex = pieces.findIndex((p) => p.label.startsWith('syntax error'))
    pieces[evalIndex] = { ...pieces[evalIndex], ends: position.absorbs?.includes('runtime') ? [] : ['runtime'], continues: position.absorbs?.includes('runtime') === true }
    allowed = outcomesOf(pieces)
  } else {
    allowed = new Set(['syntax'])
  }
  return finish(seed, 'syntax', pieces, [], 0, 3, allowed, new Set(), rng)
}

/** Known bugs a program reaches through the combination of its pieces. */
function combinedBugs(pieces: Piece[], tampers: Tamper[], knownBugs: Set<string>): void {
  const code = pieces.map((p) => p.code).join('\n')
  for (const p of pieces) if (p.knownBug) knownBugs.add(p.knownBug)
  if (pieces.some((p) => /^throw 42 in a finalizer/.test(p.label))) knownBugs.add('job-number-exception')
  // A tamper the guest's inspect trips, and a rejection nobody handles, which the host inspects.
  const tripsInspect = tampers.some((t) => t.envMayTrip || /^Object\.prototype\.(cause|errors) /.test(t.label))
  if (tripsInspect && /Promise|\.then\(|async|queueMicrotask/.test(code)) knownBugs.add('swallowed-interrupt')
  for (const t of tampers) {
    if (t.knownBug) knownBugs.add(t.knownBug)
    const calls = (pattern: RegExp, uses: RegExp) => pattern.test(t.label) && uses.test(code)
    if (calls(/^Object\.prototype\.(name|message|stack|fileName|lineNumber) /, /setTimeout|setInterval|tracemalloc\.(start|stop)|getReferrers|getReferents/)) knownBugs.add('host-dump-getters')
    if (
      calls(/^global Number replaced/, /setTimeout|setInterval/) ||
      calls(/^(global Promise replaced|Promise\.resolve |Promise\.prototype\.then |Promise\[Symbol\.species\])/, /queueMicrotask/) ||
      calls(/^Function\.prototype\.apply /, /setTimeout\(\(a, b\)/) ||
      calls(/^Object\.create /, /console\.table/)
    ) {
      knownBugs.add('env-calls-live-builtins')
    }
  }
}

/**
 * A rejection nobody handles is shown with the guest's inspect, which reads what Node's inspect
 * reads of an error (its message, its stack, accessors on Object.prototype the inspect trips): a
 * getter there that spins ends the run at its time limit, as it hangs Node.
 */
function inspectedRejections(pieces: Piece[], tampers: Tamper[], allowed: Set<Outcome>): void {
  const code = pieces.map((p) => p.code).join('\n')
  const tripsInspect = tampers.some((t) => t.envMayTrip || /^Object\.prototype\.(cause|errors) /.test(t.label))
  const spinsInspect = pieces.some((p) => /spinning message getter/.test(p.label))
  if ((tripsInspect || spinsInspect) && /Promise|\.then\(|async|queueMicrotask/.test(code)) allowed.add('timeout')
}

function finish(seed: number, family: FuzzProgram['family'], pieces: Piece[], tampers: Tamper[], stepIndex: number, steps: number, allowed: Set<Outcome>, knownBugs: Set<string>, rng: Rng): FuzzProgram {
  if (!(family === 'syntax' && allowed.size === 1 && allowed.has('syntax'))) inspectedRejections(pieces, tampers, allowed)
  // A program that does not parse runs none of its pieces: it reaches none of their bugs.
  if (!(family === 'syntax' && allowed.size === 1 && allowed.has('syntax'))) combinedBugs(pieces, tampers, knownBugs)
  const source = assemble(pieces, tampers, stepIndex)
  return {
    seed,
    family,
    source,
    options: pickOptions(rng, steps, allowed.has('timeout')),
    allowed: OUTCOMES.filter((o) => allowed.has(o)),
    labels: [...tampers.map((t) => `tamper: ${t.label}`), ...pieces.map((p) => p.label)],
    // A bug fixed (gone from KNOWN_BUGS) no longer keeps its pieces out of the CI batch.
    knownBugs: [...knownBugs].filter((bug) => bug in KNOWN_BUGS).sort(),
  }
}
