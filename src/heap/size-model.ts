import { NODE_KINDS, type NodeKind } from './snapshot'

/**
 * Shallow sizes in bytes, estimated from what the walker can see (own properties, elements, a
 * length) and calibrated against QuickJS's own `memory_used_size` deltas on this wasm32 build
 * (2025-09-13), 20,000 objects of each shape:
 *
 * | shape                         | measured B | model B |
 * |-------------------------------|-----------:|--------:|
 * | `{}`, `{ a }`, `new D(i)`     | 72         | 64 + 8/property → 64, 72 |
 * | `{ 4 properties }`            | 88         | 96      |
 * | `{ 16 properties }`           | 208        | 192     |
 * | `[]`, `[4 items]`, `[16]`     | 64, 96, 192| 64 + 8/element |
 * | a function or closure         | 72–80      | 72 + 32/captured variable (see below) |
 * | `new Map()` / `new Set()`     | 72         | 72 + 48/entry (see below) |
 * | a 1,000-character string      | 1,030      | 16 + length |
 * | `new ArrayBuffer(1024)`       | 1,128      | 104 + byteLength |
 *
 * QuickJS's `memory_used_size` sums the structures it knows, not the allocator's total, and it
 * leaves out Map and Set records and closure variable cells: a 64-entry Map makes 68 allocations
 * (malloc_count) and grows the wasm heap by about 3.5 KB, yet adds 72 bytes to memory_used_size.
 * Those two terms are estimated from QuickJS's record layouts on wasm32 (a map record, with its
 * list links, key and value, about 40 bytes plus the allocator's 8; a variable cell about 24 plus 8).
 *
 * test/heap/size-model.test.ts checks whole workloads against the engine's own totals where the
 * engine counts them.
 */
/** `elements` are array items, Map or Set entries, or a closure's captured variables. */
export function shallowSize(kind: NodeKind, props: number, elements: number, length: number): number {
  switch (kind) {
    case 'root':
      return 0
    case 'string':
      return 16 + length
    case 'arraybuffer':
      return 104 + length
    case 'typed-array':
      return 72 + 8 * props
    case 'array':
      return 64 + 8 * (elements + props)
    case 'map':
    case 'set':
      return 72 + 48 * elements + 8 * props
    case 'frame':
      // JSAsyncFunctionState and its stack frame, then a value per argument, local and stack slot
      return 96 + 8 * elements
    case 'function':
    case 'closure':
    case 'class':
    case 'bound-function':
      return 72 + 8 * props + 32 * elements
    default:
      return 64 + 8 * props
  }
}

/**
 * The model as coefficients, per kind in NODE_KINDS order: the bytes of an object with nothing, then
 * per property, per element and per unit of length. Read off `shallowSize` itself, so the model stays
 * in one place; the engine sizes tracemalloc's objects with them (test/heap/size-model.test.ts checks
 * that the model is linear).
 */
export const SIZE_COEFFICIENTS: [NodeKind, [number, number, number, number]][] = NODE_KINDS.map((kind) => {
  const base = shallowSize(kind, 0, 0, 0)
  return [kind, [base, shallowSize(kind, 1, 0, 0) - base, shallowSize(kind, 0, 1, 0) - base, shallowSize(kind, 0, 0, 1) - base]]
})
