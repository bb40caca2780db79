/** One scheduled callback, as the host's event loop holds it. */
export interface Timer<Callback> {
  id: number
  callback: Callback
  /** Simulated time it is due, in ms. */
  due: number
  /** Repeat period for intervals; null for a one-shot timeout. */
  interval: number | null
  /** Creation order, so timers due at the same time fire in the order they were set. */
  seq: number
}

/**
 * The virtual event loop's timer list. It owns the callbacks it holds (the engine passes a
 * `release` function to free them), which is what keeps a pending timer's closure alive, exactly
 * as a real event loop does.
 */
export class TimerQueue<Callback> {
  #timers = new Map<number, Timer<Callback>>()
  #nextId = 1
  #seq = 0
  fired = 0

  constructor(private readonly release: (callback: Callback) => void) {}

  /** Schedule `callback` at `now + delay`. Intervals are clamped to at least 1 ms, as in Node. */
  add(callback: Callback, now: number, delay: number, repeat: boolean): number {
    const ms = Number.isFinite(delay) && delay > 0 ? Math.floor(delay) : 0
    const interval = repeat ? Math.max(1, ms) : null
    const id = this.#nextId++
    this.#timers.set(id, { id, callback, due: now + (repeat ? interval! : ms), interval, seq: this.#seq++ })
    return id
  }

  /** Cancel a timer; unknown ids are ignored, as `clearTimeout` does. */
  remove(id: number): void {
    const timer = this.#timers.get(id)
    if (!timer) return
    this.#timers.delete(id)
    this.release(timer.callback)
  }

  /** The next timer due at or before `until`, in due order, or undefined. */
  nextDue(until: number): Timer<Callback> | undefined {
    let best: Timer<Callback> | undefined
    for (const timer of this.#timers.values()) {
      if (timer.due > until) continue
      if (!best || timer.due < best.due || (timer.due === best.due && timer.seq < best.seq)) best = timer
    }
    return best
  }

  /**
   * Call after a timer's callback ran: an interval still scheduled is set to its next due time
   * (at the back of the queue for that time); a timeout is removed and its callback released.
   */
  settle(timer: Timer<Callback>): void {
    this.fired++
    if (this.#timers.get(timer.id) !== timer) return
    if (timer.interval === null) {
      this.remove(timer.id)
    } else {
      timer.due += timer.interval
      timer.seq = this.#seq++
    }
  }

  get size(): number {
    return this.#timers.size
  }

  /** The pending timers, in due order: the event loop's roots. */
  pending(): Timer<Callback>[] {
    return [...this.#timers.values()].sort((a, b) => a.due - b.due || a.seq - b.seq)
  }

  /** Release every callback still held. */
  clear(): void {
    for (const id of [...this.#timers.keys()]) this.remove(id)
  }
}
