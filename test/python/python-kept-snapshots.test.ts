/**
 * Kept snapshots in Python (test/engine/kept-snapshots.test.ts for JavaScript): every walk's heap is
 * kept, each object with its uid for the whole run (driver.py's _Identities: a weak reference where
 * the object takes one, else its type and tracemalloc's record), so walks compare object by object;
 * `import leaklab; leaklab.snapshot(label)` takes one where the program stands.
 */
import { describe, expect, it } from 'vitest'
import { compareKept, findKept } from '../../src/analysis/snapshot-compare'
import type { RunOptions, RunResult } from '../../src/engine/types'
import { snapshotName, unpackKept } from '../../src/heap/kept-snapshots'
import { runPythonProgram } from '../../src/python/run-python'
import { kept, rootNode, rootUids } from '../heap/kept-helpers'

const run = (source: string, options: Partial<RunOptions> = {}) => runPythonProgram(source, { timeoutMs: 20_000, ...options })
const lines = (result: RunResult) => result.console.map((c) => c.text)

describe('kept snapshots of a Python program', () => {
  it('keeps every walk, and the same object has the same id in each: an instance, a list, a dict, a str', async () => {
    const result = await run(
      `class Thing:
    pass

keep = Thing()
items = [Thing()]
table = {'a': [1, 2]}
text = ' '.join(['x'] * 300)
grows = []

def step(i):
    grows.append(Thing())
    items.append(i)
    table[i] = [i]
`,
      { steps: 8, snapshots: 5 },
    )
    expect(result.error).toBeNull()
    const store = kept(result)
    expect(store.notation).toBe('python')
    expect(store.snapshots.map((s) => s.step)).toEqual([0, 2, 4, 6, 8])
    // No code ran after the last step's walk: it is the final snapshot too, not taken again.
    expect(store.snapshots.map((s) => s.taken)).toEqual(['walk', 'walk', 'walk', 'walk', 'walk'])
    for (const root of ['keep', 'items', 'table', 'text', 'grows', 'Thing', 'step']) {
      const uids = rootUids(store, root)
      expect(new Set(uids).size, root).toBe(1)
      expect(uids[0], root).toBeGreaterThan(0)
    }
    // What the objects hold keeps its id too: the Thing in items[0], the list under table['a'].
    const inner = store.snapshots.map((k) => {
      const s = unpackKept(store, k)
      const child = (holder: number, label: string) => s.nodes[s.edges.find((e) => e.from === holder && e.label === label)!.to].uid
      return [child(rootNode(s, 'items').id, '0'), child(rootNode(s, 'table').id, "'a'")]
    })
    for (const ids of inner) expect(ids).toEqual(inner[0])
    // Every node of a walk has its own id; the root's is 0.
    for (const k of store.snapshots) {
      expect(new Set(k.uids).size).toBe(k.uids.length)
      expect(k.uids[0]).toBe(0)
    }
    // The final snapshot carries the ids too: the last walk's.
    const last = unpackKept(store, store.snapshots.at(-1)!)
    expect(result.heap!.snapshot!.nodes.map((n) => n.uid)).toEqual(last.nodes.map((n) => n.uid))
  }, 60_000)

  it("never gives a freed object's id to another, though CPython gives it the freed one's address", async () => {
    const result = await run(
      `class Thing:
    pass

current = Thing()
current_list = [-1]
holder = {'i': -1}
addresses = [id(holder)]

def step(i):
    global current, current_list, holder
    current = Thing()
    current_list = [i]
    # Freed first, then the next made: CPython takes it from its free list, at the freed one's address.
    holder = None
    holder = {'i': i}
    addresses.append(id(holder))

def teardown():
    print(' '.join('same' if a == b else 'moved' for a, b in zip(addresses, addresses[1:])))
`,
      { steps: 6, snapshots: 7 },
    )
    expect(result.error).toBeNull()
    const store = kept(result)
    // The teardown ran after the last step's walk: the end is a walk of its own.
    expect(store.snapshots.map((s) => s.taken)).toEqual([...Array(7).fill('walk'), 'end'])
    // An instance takes a weak reference: exact, whatever its address.
    const things = rootUids(store, 'current').slice(0, 7)
    expect(new Set(things).size).toBe(7)
    // Ids only grow: a new object gets a new one.
    expect([...things].sort((a, b) => a - b)).toEqual(things)
    // A list made while the one it replaces is alive cannot be at its address: a new id each walk.
    expect(new Set(rootUids(store, 'current_list').slice(0, 7)).size).toBe(7)
    // The one ambiguous case (driver.py's _Identities): a dict freed, and another made at its address
    // from CPython's free list (which tracemalloc never records) before the next walk, counts as the
    // same dict. Where the address changed, the id did.
    const moves = lines(result)[0].split(' ')
    expect(moves).toHaveLength(6)
    const holders = rootUids(store, 'holder').slice(0, 7)
    expect(moves).toEqual(holders.slice(1).map((uid, k) => (uid === holders[k] ? 'same' : 'moved')))
  }, 60_000)

  it('compares two walks object by object: exact added and freed counts', async () => {
    const result = await run(
      `class Widget:
    pass

class Temp:
    pass

kept = []
temp = []

def step(i):
    global temp
    kept.append(Widget())
    temp = [Temp(), Temp()]
`,
      { steps: 10, snapshots: 2 },
    )
    const store = kept(result)
    expect(store.snapshots.map((s) => s.step)).toEqual([0, 10])
    const diff = compareKept(store, 0, 1, null, 'line')
    const row = (name: string, line: number) => diff.rows.find((r) => r.name === name && r.site === `main.py:${line}`)
    expect(row('Widget', 12)).toMatchObject({ added: 10, freed: 0, countFrom: 0, countTo: 10 })
    expect(row('Widget', 12)!.retainerPath).toMatch(/^kept\[\d\]$/)
    // Two Temps at the end, none at the start: the 18 made and dropped between are in neither count.
    expect(row('Temp', 13)).toMatchObject({ added: 2, freed: 0, countTo: 2 })
    // The `kept` list is the same list at both walks: neither added nor freed.
    expect(diff.rows.find((r) => r.name === 'list' && r.site === 'main.py:7')).toBeUndefined()
    expect(diff.from).toMatchObject({ index: 0, step: 0, name: 'step 0' })
    expect(diff.to).toMatchObject({ step: 10, name: 'step 10' })
    // By class, the same.
    const byClass = compareKept(store, 0, 1, null, 'constructor')
    expect(byClass.rows.find((r) => r.name === 'Widget')).toMatchObject({ added: 10, freed: 0 })
    expect(byClass.rows.find((r) => r.name === 'Temp')).toMatchObject({ added: 2, freed: 0 })
  }, 60_000)

  it("takes the program's labelled snapshots, and the three-snapshot method keeps only what leaked and stayed", async () => {
    const result = await run(
      `import leaklab

class Dialog:
    pass

class Listener:
    pass

listeners = []
open_dialogs_list = []

def open_dialogs():
    for i in range(10):
        open_dialogs_list.append(Dialog())
    for i in range(5):
        listeners.append(Listener())

def close_dialogs():
    open_dialogs_list.clear()

print(leaklab.snapshot('baseline'))
open_dialogs()
print(leaklab.snapshot('after open'))
close_dialogs()
print(leaklab.snapshot('after close'))
`,
      { steps: 0 },
    )
    expect(lines(result)).toEqual(['True', 'True', 'True'])
    const store = kept(result)
    expect(store.snapshots.map(snapshotName)).toEqual(['baseline', 'after open', 'after close', 'the end of the run'])
    expect(store.snapshots.map((s) => s.taken)).toEqual(['guest', 'guest', 'guest', 'end'])
    const [a, b, c] = ['baseline', 'after open', 'after close'].map((name) => findKept(store, name)!)
    const two = compareKept(store, a, b, null, 'constructor')
    expect(two.rows.find((r) => r.name === 'Dialog')).toMatchObject({ added: 10, freed: 0 })
    expect(two.rows.find((r) => r.name === 'Listener')).toMatchObject({ added: 5, freed: 0 })
    const three = compareKept(store, a, b, c, 'constructor')
    expect(three.rows.find((r) => r.name === 'Dialog')).toBeUndefined()
    expect(three.rows.find((r) => r.name === 'Listener')).toMatchObject({ added: 5, retainerPath: 'listeners[0]' })
    expect(three.then).toMatchObject({ label: 'after close', name: 'after close' })
    // LeakLab's module is no object of the program's.
    for (const k of store.snapshots) expect(unpackKept(store, k).nodes.some((n) => /leaklab/.test(n.name))).toBe(false)
  }, 60_000)

  it('a snapshot inside a function sees its locals as roots, by name, innermost first', async () => {
    const result = await run(
      `import leaklab

class Thing:
    pass

class Other:
    pass

def inner(thing):
    if thing is not None:
        leaklab.snapshot('inside')

def step(i):
    local = Thing()
    mine = Other()
    inner(local if i == 1 else None)
    return local
`,
      { steps: 2, snapshots: 2 },
    )
    const store = kept(result)
    const inside = store.snapshots[findKept(store, 'inside')!]
    // Inside step 1: one step was done.
    expect(inside.step).toBe(1)
    expect(inside.taken).toBe('guest')
    const snapshot = unpackKept(store, inside)
    const held = (name: string) => {
      const node = snapshot.nodes.find((n) => n.name === name && n.kind === 'object')!
      return snapshot.edges.filter((e) => e.to === node.id)
    }
    // The Thing is step's `local` and inner's `thing`: the path goes through the innermost.
    expect(held('Thing')).toEqual([{ from: 0, to: expect.any(Number), kind: 'root', label: '(running inner).thing' }])
    expect(held('Other')).toEqual([{ from: 0, to: expect.any(Number), kind: 'root', label: '(running step).mine' }])
    // Between the steps, nothing holds them.
    const last = unpackKept(store, store.snapshots.at(-1)!)
    expect(last.nodes.some((n) => (n.name === 'Thing' || n.name === 'Other') && n.kind === 'object')).toBe(false)
  }, 60_000)

  it('refuses a label that is no str, trims and cuts one, names one not given, takes 50 at most, and says which it dropped', async () => {
    const result = await run(
      `import leaklab
taken = [leaklab.snapshot('s%d' % i) for i in range(52)]
print(taken.count(True), taken[-1])
try:
    leaklab.snapshot(42)
except TypeError as e:
    print('TypeError', e)
try:
    leaklab.snapshot('   ')
except ValueError as e:
    print('ValueError', e)
`,
      { steps: 0 },
    )
    expect(lines(result)).toEqual([
      '50 False',
      "TypeError leaklab.snapshot(label): the label must be a str, such as 'after open'",
      'ValueError leaklab.snapshot(label): the label must not be empty',
    ])
    const store = kept(result)
    expect(store.snapshots.filter((s) => s.taken === 'guest')).toHaveLength(50)
    expect(store.dropped).toEqual([
      { step: 0, label: 's50', taken: 'guest', why: 'count' },
      { step: 0, label: 's51', taken: 'guest', why: 'count' },
    ])

    const named = await run(`import leaklab\nleaklab.snapshot('  after open  ')\nleaklab.snapshot('x' * 300)\nleaklab.snapshot()`, { steps: 0 })
    expect(kept(named).snapshots.map((s) => s.label)).toEqual(['after open', 'x'.repeat(100), 'snapshot 3', null])
  }, 90_000)

  it("keeps no walk when the run takes none, and the program's snapshot says so", async () => {
    const result = await run(`import leaklab\nprint(leaklab.snapshot('x'))`, { snapshots: 0 })
    expect(lines(result)).toEqual(['False'])
    expect(result.heap?.kept ?? null).toBeNull()
  }, 60_000)

  it("counts none of LeakLab's weak references as the program's objects, and walks a program that uses tracemalloc alike", async () => {
    // A thousand instances get their uids (and LeakLab a weak reference each) at step 0, then go.
    const result = await run(
      `import gc
import weakref

class Thing:
    pass

things = []
kept = []

def setup():
    things.extend(Thing() for _ in range(1000))
    kept.append(Thing())

def step(i):
    if i == 0:
        things.clear()

def teardown():
    # Untracked by the collector, LeakLab's weak references are not among the program's objects either.
    print(sum(1 for o in gc.get_objects() if isinstance(o, weakref.ref) and isinstance(o(), Thing)), weakref.getweakrefcount(kept[0]))
`,
      { steps: 4, snapshots: 5 },
    )
    const objects = result.samples.map((s) => s.objects)
    expect(objects[0] - objects[1]).toBe(1000)
    expect(new Set(objects.slice(1)).size).toBe(1)
    // getweakrefcount() does count LeakLab's (README: the one thing a program can notice).
    expect(lines(result)).toEqual(['0 1'])
    // A program that uses tracemalloc keeps every trace: a record is the same object's when it is the same record.
    const traced = await run(
      `import tracemalloc

class Thing:
    pass

keep = [1, 2]
current = Thing()
current_list = [0]

def step(i):
    global current, current_list
    current = Thing()
    current_list = [i]
    keep.append(tracemalloc.is_tracing())
`,
      { steps: 4, snapshots: 5 },
    )
    expect(traced.error).toBeNull()
    const store = kept(traced)
    expect(new Set(rootUids(store, 'keep')).size).toBe(1)
    expect(new Set(rootUids(store, 'current')).size).toBe(5)
    expect(new Set(rootUids(store, 'current_list')).size).toBe(5)
  }, 90_000)
})

describe('objects CPython makes from its free lists', () => {
  it('sees a kept bound method made after another was dropped (a listener registered with self.paint)', async () => {
    const result = await run(
      `class Dialog:
    def paint(self):
        pass

listeners = []
dialog = Dialog()

def step(i):
    dropped = dialog.paint
    del dropped
    listeners.append(dialog.paint)
`,
      { steps: 4, snapshots: 2 },
    )
    const store = kept(result)
    const diff = compareKept(store, 0, store.snapshots.length - 1, null, 'line')
    const methods = diff.rows.filter((r) => r.name.includes('paint'))
    expect(methods.reduce((n, r) => n + r.added, 0)).toBe(4)
  })
})
