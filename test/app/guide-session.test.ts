import { expect, test } from 'vitest'
import { GuideSession, type GuideItem } from '../../src/app/guide/guide-session.svelte'
import { ProgressStore } from '../../src/app/state/progress'
import type { KeyValueStore } from '../../src/app/state/autosave'
import type { RunView } from '../../src/analysis/view-types'
import type { Lesson } from '../../src/content/lesson-schema'

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) }
}

const run = { steps: 10, timeMs: 1000 }
const lesson: Lesson = {
  id: 'demo',
  title: 'Demo',
  summary: 'A demo.',
  folder: '01-demo',
  run,
  steps: [
    { title: 'Read', text: 'Hello', task: 'read', code: 'let a = 1', starter: 'let a = 1', solution: null, hints: [], run },
    { title: 'Fix', text: 'Fix it', task: 'edit', code: null, starter: 'let a = 1', solution: 'let a = 2', hints: ['one', 'two'], run, checkpoint: [{ kind: 'console', includes: 'fixed' }] },
  ],
}
const item: GuideItem = { kind: 'lesson', lesson, language: 'javascript' }
const printed = (text: string) => ({ error: null, console: [{ level: 'log', text }] }) as unknown as RunView

test('a failed run earns a hint, a passing run marks the step; progress survives a new session', () => {
  const store = memoryStore()
  const session = new GuideSession(item, new ProgressStore(store))
  expect(session.index).toBe(0)
  session.goto(1)
  expect(session.hintsAvailable()).toBe(0)
  session.judge(printed('nope'), 'let a = 1', run)
  expect(session.outcome?.result?.pass).toBe(false)
  expect(session.outcome?.result?.outcomes[0].says).toBe('the console never printed “fixed”')
  expect(session.hintsAvailable()).toBe(1)
  session.showHint()
  session.showHint()
  expect(session.hintsShown()).toBe(1)
  session.judge(printed('fixed'), 'let a = 2', run)
  expect(session.passed()).toBe(true)
  expect(session.complete).toBe(true)

  const again = new GuideSession(item, new ProgressStore(store))
  expect({ step: again.index, passed: again.passed(1), hints: again.hintsShown(1), outcome: again.outcome }).toEqual({ step: 1, passed: true, hints: 1, outcome: null })
  again.goto(5)
  expect(again.index).toBe(1)
  expect(again.slot(0)).toBe('lesson-demo-0')
  again.restart()
  expect(new GuideSession(item, new ProgressStore(store)).index).toBe(0)
})

test('a damaged progress record starts over instead of breaking the page', () => {
  const store = memoryStore()
  store.setItem('leaklab:v1:progress:lesson:demo', '{"step": "two"')
  expect(new GuideSession(item, new ProgressStore(store)).index).toBe(0)
  store.setItem('leaklab:v1:progress:lesson:demo', JSON.stringify({ step: 9, passed: [], hints: {}, failures: {} }))
  expect(new GuideSession(item, new ProgressStore(store)).index).toBe(1)
})

test("a run with other settings than the step's is not judged: it neither passes nor earns a hint", () => {
  const session = new GuideSession(item, new ProgressStore(memoryStore()))
  session.goto(1)
  const longer = { steps: 40, timeMs: 1000 }
  session.judge(printed('fixed'), 'let a = 2', longer)
  expect(session.outcome).toEqual({ result: null, code: 'let a = 2', ran: longer })
  expect({ passed: session.passed(), hints: session.hintsAvailable() }).toEqual({ passed: false, hints: 0 })
  session.judge(printed('nope'), 'let a = 1', { steps: 10, timeMs: 2000 })
  expect(session.outcome?.result).toBeNull()
  expect(session.hintsAvailable()).toBe(0)
  session.judge(printed('fixed'), 'let a = 2', { ...run })
  expect(session.passed()).toBe(true)
})
