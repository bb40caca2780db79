import type { NativeMemoryReport } from './types'

/**
 * Live native blocks at most. Each costs the host a Map entry whatever its size, and a program that
 * drops its handles without close() keeps every block: a million 1x1 images must end as the guest's
 * RangeError, not as the host's own memory running out.
 */
export const MAX_NATIVE_BLOCKS = 100_000

/**
 * The host's account of the guest's "native" memory (imageLib, prelude/native-images.ts): blocks by
 * id, numbers only, never a guest handle. The bytes exist only as this account, outside QuickJS's
 * heap and its wasm memory, as a C library's buffers are outside the Python heap.
 */
export class NativeHeap {
  private readonly blocks = new Map<number, number>()
  private nextId = 1
  private liveBytes = 0
  private allocatedBytes = 0
  private freedBytes = 0
  private peakBytes = 0

  /** budgetBytes: the most bytes live at once (the run's memory budget, held apart from the JS heap's). */
  constructor(readonly budgetBytes: number) {}

  /** Live bytes now. */
  get bytes(): number {
    return this.liveBytes
  }

  get count(): number {
    return this.blocks.size
  }

  /** A new block's id (from 1); 0 when it would take the live bytes past the budget, -1 past MAX_NATIVE_BLOCKS. */
  alloc(bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes <= 0 || this.liveBytes + bytes > this.budgetBytes) return 0
    if (this.blocks.size >= MAX_NATIVE_BLOCKS) return -1
    const id = this.nextId++
    this.blocks.set(id, bytes)
    this.liveBytes += bytes
    this.allocatedBytes += bytes
    this.peakBytes = Math.max(this.peakBytes, this.liveBytes)
    return id
  }

  /** Free a live block; an unknown or already freed id is ignored. */
  free(id: number): void {
    const bytes = this.blocks.get(id)
    if (bytes === undefined) return
    this.blocks.delete(id)
    this.liveBytes -= bytes
    this.freedBytes += bytes
  }

  report(): NativeMemoryReport {
    return {
      bytes: this.liveBytes,
      blocks: this.blocks.size,
      allocatedBytes: this.allocatedBytes,
      freedBytes: this.freedBytes,
      peakBytes: this.peakBytes,
    }
  }
}
