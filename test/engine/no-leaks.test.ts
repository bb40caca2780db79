import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'
import { runWithLeakCheck } from './run-helpers'

/**
 * Every run, errors included, must free every QuickJS handle: these use quickjs-ng's LeakSanitizer
 * build, which fails the test on a single un-freed allocation.
 */
const programs: Record<string, string> = {
  'a clean run with output': 'console.log({ a: [1, 2, { b: new Map([[1, 2]]) }] })',
  'steps with setup and teardown': 'const kept = []\nfunction setup() { kept.push(1) }\nfunction step(i) { kept.push({ i }) }\nfunction teardown() { kept.length = 0 }',
  'timers left pending': 'setInterval(() => {}, 100)\nsetTimeout(() => {}, 1e9)\nconst id = setTimeout(() => {}, 5)\nclearTimeout(id)',
  'an interval cleared from its own callback': 'let n = 0\nconst id = setInterval(() => { if (++n > 3) clearInterval(id) }, 10)',
  'a promise never settled': 'new Promise(() => {})\nconst p = Promise.reject(new Error("nobody listens"))',
  'a runtime error': 'function f() { null.x }\nf()',
  'a thrown object': 'throw { code: 1, nested: [1, 2] }',
  'an error in a timer': 'setTimeout(() => { throw new Error("late") }, 10)',
  'an error in a promise job': 'Promise.resolve().then(() => { throw new TypeError("job") })',
  'a syntax error': 'let = ;',
  'an infinite loop': 'while (true) {}',
  'an infinite loop in a timer': 'setInterval(() => { for (;;) {} }, 10)',
  'deep recursion': 'function r() { return r() + 1 }\nr()',
  'a memory bomb': 'const a = []\nwhile (true) a.push({ i: a.length, s: "x" + a.length })',
  'cycles and finalizers': 'const r = new FinalizationRegistry(() => console.log("gone"))\nfor (let i = 0; i < 100; i++) { const a = {}; const b = { a }; a.b = b; r.register(a, i) }',
}

describe('no wasm memory is leaked by any run', () => {
  for (const [name, source] of Object.entries(programs)) {
    it(name, async () => {
      const result = await runWithLeakCheck(source, { timeoutMs: 1500, steps: 5 })
      expect(result.start.objects).toBeGreaterThan(0)
    })
  }
})

/**
 * A run that hits the hard wasm memory cap cannot be checked under AddressSanitizer: the sanitizer's
 * own allocator dies when the heap is full. The release build still aborts on dispose if any object
 * handle is left (`list_empty(&rt->gc_obj_list)`), so a run that returns has freed every one.
 */
describe('runs that hit the hard memory cap free every object handle', () => {
  const capped: Record<string, string> = {
    'a caught out-of-memory error': 'const a = []\ntry { while (true) a.push(new ArrayBuffer(1 << 20)) } catch (e) {}',
    'one huge allocation': 'const b = new ArrayBuffer(1 << 30)',
    'strings doubled until the cap': 'let s = "x"\nwhile (true) { s = s + s; s.indexOf("z") }',
  }
  for (const [name, source] of Object.entries(capped)) {
    it(name, async () => {
      const result = await runProgram(source, { memoryBytes: 16 * 1024 * 1024, timeoutMs: 2000 })
      expect(result.error?.kind).toBe('memory')
      expect(result.error?.name).toBe('MemoryError')
    })
  }
})
