import { expect, test } from 'vitest'
import { elideZeroPages, restoreZeroPages } from '../../src/worker/snapshot-pages'

function memoryLike(length: number): Uint8Array {
  // Pages of zeros between written ones, and a short last page, as wasm memory is.
  const bytes = new Uint8Array(length)
  for (let i = 0; i < length; i++) if (Math.floor(i / 4096) % 3 !== 1 && i % 7 === 0) bytes[i] = (i * 31) & 0xff
  return bytes
}

test('a snapshot kept without its pages of zeros comes back byte for byte, and smaller', () => {
  for (const length of [0, 1, 4095, 4096, 4097, 3 * 4096 + 128, 100_003]) {
    const snapshot = memoryLike(length)
    const packed = elideZeroPages(snapshot)
    expect(restoreZeroPages(packed)).toEqual(snapshot)
    if (length > 3 * 4096) expect(packed.length).toBeLessThan(snapshot.length * 0.75)
  }
  const zeros = new Uint8Array(1 << 20)
  expect(elideZeroPages(zeros).length).toBe(20 + 256)
  expect(restoreZeroPages(elideZeroPages(zeros))).toEqual(zeros)
})

test('a damaged kept copy is refused in words, never restored wrong', () => {
  const packed = elideZeroPages(memoryLike(5 * 4096))
  expect(() => restoreZeroPages(packed.subarray(0, 10))).toThrow('The kept Python snapshot is damaged (too short).')
  expect(() => restoreZeroPages(packed.subarray(0, packed.length - 1))).toThrow('(it is cut short)')
  const extra = new Uint8Array(packed.length + 1)
  extra.set(packed)
  expect(() => restoreZeroPages(extra)).toThrow('(it has bytes to spare)')
  const raw = memoryLike(5 * 4096)
  expect(() => restoreZeroPages(raw)).toThrow('(not a snapshot LeakLab kept)')
  const badHeader = packed.slice()
  new DataView(badHeader.buffer).setUint32(16, 99, true)
  expect(() => restoreZeroPages(badHeader)).toThrow('(its header does not add up)')
})
