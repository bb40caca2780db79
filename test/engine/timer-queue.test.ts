import { describe, expect, it } from 'vitest'
import { TimerQueue } from '../../src/engine/timer-queue'

describe('TimerQueue', () => {
  it('fires timers in due order, then creation order for equal times', () => {
    const q = new TimerQueue<string>(() => {})
    q.add('late', 0, 50, false)
    q.add('first', 0, 10, false)
    q.add('second', 0, 10, false)
    const order: string[] = []
    for (let t = q.nextDue(100); t; t = q.nextDue(100)) {
      order.push(t.callback)
      q.settle(t)
    }
    expect(order).toEqual(['first', 'second', 'late'])
  })

  it('reschedules an interval and releases a timeout once fired', () => {
    const released: string[] = []
    const q = new TimerQueue<string>((cb) => released.push(cb))
    q.add('tick', 0, 100, true)
    q.add('once', 0, 100, false)
    let fired = 0
    for (let t = q.nextDue(1000); t; t = q.nextDue(1000)) {
      fired++
      q.settle(t)
    }
    expect(fired).toBe(11)
    expect(released).toEqual(['once'])
    expect(q.size).toBe(1)
    q.clear()
    expect(released).toEqual(['once', 'tick'])
  })

  it('clamps a zero interval to 1 ms so time always moves', () => {
    const q = new TimerQueue<string>(() => {})
    q.add('spin', 0, 0, true)
    const t = q.nextDue(10)!
    expect(t.due).toBe(1)
  })
})
