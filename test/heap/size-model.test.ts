import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'

/**
 * The size model (src/heap/size-model.ts) against QuickJS's own accounting: for each workload the
 * shallow sizes of every live object the walker found, added up, must be within 25% of what the
 * engine's `memory_used_size` grew by over the same run. Map and Set entries and closure variable
 * cells are not in that figure (see size-model.ts), so they are checked against QuickJS's
 * allocation count instead: one block per entry or captured variable.
 */
const workloads: Record<string, string> = {
  'class instances with one field': 'class DataHolder { constructor(d) { this.data = d } }\nkeep.push(new DataHolder(i))',
  'objects with four properties': 'keep.push({ a: i, b: i, c: i, d: i })',
  'arrays of sixteen numbers': 'keep.push([i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i])',
  '1,000-character strings': 'keep.push("x".repeat(1000) + i)',
  'ArrayBuffers of 1 KiB': 'keep.push(new ArrayBuffer(1024))',
}

describe('the size model', () => {
  for (const [name, allocation] of Object.entries(workloads)) {
    it(`estimates ${name} within 25% of the engine's own count`, async () => {
      const [declaration, statement] = allocation.includes('\n') ? allocation.split('\n') : ['', allocation]
      const source = `${declaration}\nconst keep = []\nfunction step() {\n  for (let i = 0; i < 5000; i++) ${statement}\n}`
      const result = await runProgram(source, { steps: 1, snapshots: 2 })
      const snapshot = result.heap!.snapshot!
      const estimated = snapshot.nodes.filter((n) => n.kind !== 'root').reduce((sum, n) => sum + n.size, 0)
      const measured = result.memory.bytes - result.start.bytes
      expect(estimated / measured).toBeGreaterThan(0.75)
      expect(estimated / measured).toBeLessThan(1.25)
    })
  }
})

describe('what QuickJS does not count', () => {
  it('gives Map entries and captured variables their own bytes, one allocation each', async () => {
    const source = 'const keep = []\nfunction step() {\n  const m = new Map()\n  for (let j = 0; j < 64; j++) m.set(j, j)\n  keep.push(m, ((x, y, z) => () => x + y + z)(1, 2, 3))\n}'
    const result = await runProgram(source, { steps: 100, snapshots: 2 })
    const nodes = result.heap!.snapshot!.nodes
    const map = nodes.find((n) => n.kind === 'map')!
    const closure = nodes.find((n) => n.kind === 'closure')!
    expect(map.size).toBe(72 + 48 * 64)
    expect(closure.size).toBe(72 + 8 * 2 + 32 * 3) // its own length and name, three cells
    // QuickJS's allocation count agrees there is a block per entry and per captured variable.
    const blocks = (result.memory.malloc_count - result.start.malloc_count) / 100
    expect(blocks).toBeGreaterThanOrEqual(64 + 3)
  })
})
