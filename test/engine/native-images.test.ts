import { describe, expect, it } from 'vitest'
import { summarizeHeap } from '../../src/analysis'
import { MAX_NATIVE_BLOCKS } from '../../src/engine/native-heap'
import { runProgram } from '../../src/engine/run'
import type { RunOptions, RunResult } from '../../src/engine/types'
import { output } from './run-helpers'

const MiB = 1024 * 1024

async function run(source: string, options: Partial<RunOptions> = {}): Promise<RunResult> {
  const result = await runProgram(source, options)
  expect(result.error).toBeNull()
  return result
}

describe('imageLib: a library whose memory is outside the JS heap', () => {
  it('accounts each image until close(), which is idempotent', async () => {
    const result = await run(`const a = imageLib.decode('a.png', 100, 50)
const b = imageLib.decode('b.png', 10, 10)
console.log(a.name, a.width, a.height, a.byteLength, a.closed, JSON.stringify(imageLib.stats()))
a.close()
a.close()
console.log(a.byteLength, a.closed, a.width, JSON.stringify(imageLib.stats()))`)
    expect(output(result)).toEqual(['a.png 100 50 20000 false {"images":2,"bytes":20400}', '0 true 100 {"images":1,"bytes":400}'])
    expect(result.native).toEqual({ bytes: 400, blocks: 1, allocatedBytes: 20400, freedBytes: 20000, peakBytes: 20400 })
  })

  it('reports zeros, and no native bytes in any sample, when the program uses none', async () => {
    const result = await run('function step(i) { return { i } }', { steps: 3 })
    expect(result.native).toEqual({ bytes: 0, blocks: 0, allocatedBytes: 0, freedBytes: 0, peakBytes: 0 })
    expect(result.samples.map((s) => s.nativeBytes)).toEqual([0, 0, 0, 0])
  })

  it('checks its arguments as Node checks them', async () => {
    const result = await run(`for (const args of [[1, 2, 2], ['x', '2', 2], ['x', 0, 2], ['x', 2, 2.5], ['x', 2, 16385]]) {
  try { imageLib.decode(...args) } catch (e) { console.log(e.name + ': ' + e.message) }
}
try { new imageLib.NativeImage() } catch (e) { console.log(String(e)) }`)
    expect(output(result)).toEqual([
      'TypeError: The "name" argument must be of type string. Received 1',
      `TypeError: The "width" argument must be of type number. Received '2'`,
      'RangeError: The value of "width" is out of range. It must be an integer >= 1 && <= 16384. Received 0',
      'RangeError: The value of "height" is out of range. It must be an integer >= 1 && <= 16384. Received 2.5',
      'RangeError: The value of "height" is out of range. It must be an integer >= 1 && <= 16384. Received 16385',
      'TypeError: Illegal constructor',
    ])
    expect(result.native.allocatedBytes).toBe(0)
  })

  describe("samples' nativeBytes over the steps", () => {
    const IMAGE = 256 * 256 * 4
    const stepped = (body: string) => run(`const kept = []\nfunction step(i) {\n  const image = imageLib.decode('frame' + i, 256, 256)\n  ${body}\n}`, { steps: 10, sampleEvery: 1 })

    it('grow when the images are kept', async () => {
      const result = await stepped('kept.push(image)')
      expect(result.samples.map((s) => s.nativeBytes)).toEqual(result.samples.map((s) => s.step * IMAGE))
      expect(result.native).toMatchObject({ bytes: 10 * IMAGE, blocks: 10 })
    })

    it('grow when the handles are dropped without close(): the library never learns they died', async () => {
      const result = await stepped('// dropped')
      expect(result.samples.map((s) => s.nativeBytes)).toEqual(result.samples.map((s) => s.step * IMAGE))
      // The handles themselves are gone: the JS heap does not grow.
      expect(result.samples.at(-1)!.objects).toBe(result.samples[0].objects)
      expect(result.native).toMatchObject({ bytes: 10 * IMAGE, blocks: 10, freedBytes: 0 })
    })

    it('stay flat when each image is closed', async () => {
      const result = await stepped('image.close()')
      expect(result.samples.map((s) => s.nativeBytes)).toEqual(result.samples.map(() => 0))
      expect(result.native).toEqual({ bytes: 0, blocks: 0, allocatedBytes: 10 * IMAGE, freedBytes: 10 * IMAGE, peakBytes: IMAGE })
    })
  })

  it('shows the heap inspector only the small handle, a NativeImage, and keeps its bytes out of the JS heap', async () => {
    const result = await run(`const kept = []\nfunction step(i) { kept.push(imageLib.decode('big' + i, 1024, 1024)) }`, { steps: 12 })
    expect(result.heap?.error).toBeNull()
    const { groups, suspects } = summarizeHeap(result.heap!)
    const images = groups.find((g) => g.name === 'NativeImage')
    expect(images).toMatchObject({ kind: 'object', count: 12 })
    expect(images!.shallowBytes).toBeLessThan(12 * 200)
    expect(suspects.find((s) => s.name === 'NativeImage')).toMatchObject({ count: 12, retainerPath: 'kept[0]' })
    expect(result.native.bytes).toBe(12 * MiB * 4)
    expect(result.memory.bytes - result.start.bytes).toBeLessThan(64 * 1024)
    expect(result.memory.objects - result.start.objects).toBeLessThan(20)
  })

  it('is invisible to tracemalloc, as C allocations are to Python\'s', async () => {
    const result = await run(`tracemalloc.start()
const kept = []
for (let i = 0; i < 4; i++) kept.push(imageLib.decode('img' + i, 1024, 1024), { i })
const [current, peak] = tracemalloc.getTracedMemory()
console.log(current, peak, imageLib.stats().bytes)`)
    const [current, peak, native] = output(result)[0].split(' ').map(Number)
    expect(native).toBe(16 * MiB)
    expect(current).toBeGreaterThan(0)
    expect(current).toBeLessThan(4096)
    expect(peak).toBeLessThan(4096)
  })

  it('throws a readable RangeError past the memory budget, and the host survives', async () => {
    const bomb = await runProgram(`const images = []\nwhile (true) images.push(imageLib.decode('huge', 4096, 1024))`, { memoryBytes: 64 * MiB })
    expect(bomb.error).toMatchObject({ kind: 'runtime', name: 'RangeError', line: 2, phase: 'script' })
    expect(bomb.error!.message).toBe(`imageLib: out of native memory (64 MiB in use, budget 64 MiB; 'huge' needs 16 MiB)`)
    expect(bomb.native).toMatchObject({ bytes: 64 * MiB, blocks: 4, peakBytes: 64 * MiB })
    expect(bomb.engine.disposeError).toBeNull()

    const caught = await run(`const images = []
try { for (;;) images.push(imageLib.decode('x', 2048, 2048)) } catch (e) { console.log(e.message) }
for (const image of images) image.close()
console.log(imageLib.decode('after', 2048, 2048).byteLength)`, { memoryBytes: 32 * MiB })
    expect(output(caught)).toEqual([`imageLib: out of native memory (32 MiB in use, budget 32 MiB; 'x' needs 16 MiB)`, String(16 * MiB)])

    const next = await run('console.log(imageLib.stats().bytes)')
    expect(output(next)).toEqual(['0'])
  })

  it('limits the images open at once, so dropped handles cannot exhaust the host', async () => {
    const result = await runProgram(`for (;;) imageLib.decode('tiny', 1, 1)`, { timeoutMs: 20_000 })
    expect(result.error).toMatchObject({ kind: 'runtime', name: 'RangeError', message: `imageLib: too many images open (${MAX_NATIVE_BLOCKS}, the library's limit)` })
    expect(result.native.blocks).toBe(MAX_NATIVE_BLOCKS)
  }, 30_000)

  it("gives the learner's code no way to the host's block id or the host's functions", async () => {
    const result = await run(`const seen = []
const record = (what) => function (...args) { seen.push(what); return this === undefined ? undefined : original[what].apply(this, args) }
const original = { get: WeakMap.prototype.get, set: WeakMap.prototype.set, has: WeakMap.prototype.has }
WeakMap.prototype.get = record('get')
WeakMap.prototype.set = record('set')
WeakMap.prototype.has = record('has')
const image = imageLib.decode('secret.png', 3, 3)
image.close()
const proto = Object.getPrototypeOf(image)
console.log(JSON.stringify(Reflect.ownKeys(image)), Object.getOwnPropertySymbols(image).length, JSON.stringify(image))
console.log(JSON.stringify(Reflect.ownKeys(proto)), Object.getOwnPropertySymbols(proto).length, proto === imageLib.NativeImage.prototype)
console.log(JSON.stringify(Reflect.ownKeys(imageLib)), typeof host, typeof globalThis.nativeAlloc, typeof globalThis.nativeFree)
console.log(JSON.stringify(Object.getOwnPropertyDescriptors(image)))
console.log(imageLib.decode.toString(), proto.close.toString())
const forged = Object.create(proto)
for (const attempt of [() => proto.close.call(forged), () => forged.byteLength, () => proto.close.call({ name: 'x', width: 1, height: 1 })]) {
  try { attempt() } catch (e) { console.log(e.name + ': ' + e.message) }
}
image.width = 999
console.log(image.width, seen.length)`)
    expect(output(result)).toEqual([
      '["name","width","height"] 0 {"name":"secret.png","width":3,"height":3}',
      '["constructor","byteLength","closed","close"] 0 true',
      '["decode","stats","NativeImage"] undefined undefined undefined',
      '{"name":{"value":"secret.png","writable":false,"enumerable":true,"configurable":false},"width":{"value":3,"writable":false,"enumerable":true,"configurable":false},"height":{"value":3,"writable":false,"enumerable":true,"configurable":false}}',
      'function decode() {\n    [native code]\n} function close() {\n    [native code]\n}',
      'TypeError: Value of "this" must be of type NativeImage',
      'TypeError: Value of "this" must be of type NativeImage',
      'TypeError: Value of "this" must be of type NativeImage',
      '3 0',
    ])
  })
})
