import { describe, expect, test } from 'vitest'
import * as v from 'valibot'
import { checksSchema, manifestChecksSchema, verifierOf, type Check } from '../../src/content/check-schema'
import { evaluateCheck, evaluateChecks, objectsPerStep, type CheckedRun } from '../../src/content/checks'
import type { GroupRow, SuspectRow } from '../../src/analysis/view-types'

function group(name: string, count: number): GroupRow {
  return { key: name, name, kind: 'object', site: 'main.js:3:5', line: 3, count, shallowBytes: count * 72, retainedBytes: count * 72, path: 'leakList[0]' }
}

function suspect(name: string, growthPerStep: number): SuspectRow {
  return { ...group(name, growthPerStep * 100), growthPerStep, cluster: null }
}

function run(overrides: Partial<CheckedRun> = {}): CheckedRun {
  return {
    ok: true,
    error: null,
    steps: 100,
    console: [{ level: 'log', text: 'done: 3 left' }],
    timers: { fired: 0, pending: 0 },
    samples: [0, 1, 2, 3].map((step) => ({ step, time: 0, objects: 500 + step * 10, bytes: 0 })),
    heap: { byConstructor: [group('DataHolder', 10_000), group('Array', 1)], byLine: [], suspects: [suspect('DataHolder', 100)], clusters: [], growth: [], lines: [], nodeCount: 10_001, edgeCount: 10_001, error: null },
    ...overrides,
  } as CheckedRun
}

const says = (check: Check, r: CheckedRun = run()) => evaluateCheck(check, r)

describe('each kind of check measures the run and says so', () => {
  test('no-suspects and suspect', () => {
    expect(says({ kind: 'no-suspects' })).toMatchObject({ check: { kind: 'no-suspects' }, pass: false, explains: null, says: '1 group still grew with the steps, first DataHolder (line 3) by 100 a step' })
    const clean = run({ heap: { ...run().heap!, suspects: [] } })
    expect(says({ kind: 'no-suspects' }, clean).pass).toBe(true)
    // Objects the libraries make (a bound function, a DOM node) have no line to name.
    const siteless = run({ heap: { ...run().heap!, suspects: [{ ...suspect('bound render', 1), site: null, line: null }] } })
    expect(says({ kind: 'no-suspects' }, siteless).says).toBe('1 group still grew with the steps, first bound render by 1 a step')
    expect(says({ kind: 'suspect', group: 'DataHolder' }).says).toBe('DataHolder grew by 100 a step: a leak suspect')
    expect(says({ kind: 'suspect', group: 'Entry' }).pass).toBe(false)
  })

  test('live counts every group of that name, against at most and at least', () => {
    expect(says({ kind: 'live', group: 'DataHolder', atMost: 10 })).toMatchObject({ pass: false, says: '10,000 DataHolder objects alive after the run (the goal is at most 10)' })
    expect(says({ kind: 'live', group: 'DataHolder', atLeast: 10_000 }).pass).toBe(true)
    expect(says({ kind: 'live', group: 'Missing', atMost: 0 })).toMatchObject({ pass: true, says: '0 Missing objects alive after the run (the goal is at most 0)' })
    const withClass = run({ heap: { ...run().heap!, byConstructor: [{ ...group('DataHolder', 1), kind: 'class' }, group('DataHolder', 5)] } })
    expect(says({ kind: 'live', group: 'DataHolder', atMost: 5 }, withClass).says).toBe('5 DataHolder objects alive after the run (the goal is at most 5)')
  })

  test('growth of a group, and of all objects from the samples', () => {
    expect(says({ kind: 'growth', group: 'DataHolder', below: 1 }).says).toBe('DataHolder objects grew by 100 a step (the goal is under 1)')
    expect(says({ kind: 'growth', group: 'Other', below: 0.01 }).pass).toBe(true)
    expect(objectsPerStep(run())).toBe(10)
    expect(says({ kind: 'objects-growth', below: 11 }).pass).toBe(true)
    expect(says({ kind: 'objects-growth', below: 5 }).says).toBe('live objects grew by 10 a step (the goal is under 5)')
    expect(says({ kind: 'objects-growth', below: 5 }, run({ samples: [] })).pass).toBe(false)
  })

  test('gc.collect() results, native bytes, pending timers', () => {
    expect(says({ kind: 'gc-collected', atLeast: 1 }).says).toBe('the program never called gc.collect()')
    expect(says({ kind: 'gc-collected', atLeast: 50 }, run({ gc: { collections: [0, 50], calls: 2 } })).pass).toBe(true)
    expect(says({ kind: 'native-bytes', atMost: 0 }, run({ native: { bytes: 4 * 1024 * 1024, blocks: 2 } })).says).toBe('4.0 MiB of native memory still held after the run, in 2 blocks (the goal is at most 0 B)')
    expect(says({ kind: 'pending-timers', atMost: 0 }, run({ timers: { fired: 3, pending: 1 } })).says).toBe('1 timer was still scheduled when the run ended (the goal is at most 0)')
  })

  test('console includes and excludes', () => {
    expect(says({ kind: 'console', includes: '3 left' }).pass).toBe(true)
    expect(says({ kind: 'console', excludes: 'done' }).says).toBe('the console printed “done”')
  })

  test("behaviour: the verifier's words, whichever way it went, and no verdict without a verifier's run", () => {
    const check = { kind: 'behaviour', verify: 'x()', message: 'The fix broke the metrics.' } as const
    expect(says(check, run({ behaviour: { pass: true, says: 'all 5,000 samples reached the server', line: null } }))).toMatchObject({ pass: true, says: 'all 5,000 samples reached the server' })
    expect(says(check, run({ behaviour: { pass: false, says: 'only 0 of 5,000 samples reached the server', line: null } }))).toMatchObject({
      pass: false,
      explains: 'The fix broke the metrics.',
      measured: 'the program no longer does its job: only 0 of 5,000 samples reached the server',
    })
    expect(says(check, run())).toMatchObject({ pass: false, measured: "the program's behaviour was not verified in this run" })
    expect(verifierOf([{ kind: 'no-suspects' }, check])).toBe('x()')
    expect(verifierOf([{ kind: 'no-suspects' }])).toBeNull()
  })
})

test("a failed run fails every check but the console's, saying why; the author's message comes first", () => {
  const failed = run({ ok: false, error: { kind: 'timeout', name: 'InternalError', message: 'interrupted', line: 3, column: 1, phase: 'step' } as CheckedRun['error'] })
  const outcome = evaluateChecks([{ kind: 'ok' }, { kind: 'live', group: 'DataHolder', atMost: 10, message: 'Still too many.' }, { kind: 'console', includes: 'done' }], failed)
  expect(outcome.pass).toBe(false)
  expect(outcome.outcomes.map((o) => [o.pass, o.says])).toEqual([
    [false, 'the run ended with a timeout error: interrupted'],
    [false, 'Still too many. Measured: the run ended with a timeout error: interrupted.'],
    [true, 'the console printed “done”'],
  ])
  // The page shows the two apart: the author's words, and the figure under them.
  expect(outcome.outcomes[1]).toMatchObject({ explains: 'Still too many.', measured: 'the run ended with a timeout error: interrupted' })
})

test('the schema refuses an empty list, unknown kinds and fields, and checks without a bound', () => {
  const issues = (value: unknown) => {
    const result = v.safeParse(checksSchema, value)
    return result.success ? [] : result.issues.map((i) => `${v.getDotPath(i) ?? ''} ${i.message}`)
  }
  expect(issues([])).toEqual([' at least one check is needed'])
  expect(issues([{ kind: 'fixed' }])[0]).toMatch(/^0\.kind /)
  expect(issues([{ kind: 'live', group: 'A', atMost: 1, typo: 2 }])[0]).toMatch(/^0\.typo /)
  expect(issues([{ kind: 'live', group: 'A' }])).toEqual(['0 a "live" check needs atMost, atLeast or both'])
  expect(issues([{ kind: 'live', group: 'A', atMost: -1 }])[0]).toMatch(/^0\.atMost /)
  expect(issues([{ kind: 'no-suspects' }, { kind: 'console', includes: 'x' }])).toEqual([])
  expect(issues([{ kind: 'behaviour', verify: ' ' }])[0]).toMatch(/^0\.verify a verifier needs some code/)
  expect(issues([{ kind: 'behaviour', verify: 'a()' }, { kind: 'behaviour', verify: 'b()' }])).toEqual([' at most one "behaviour" check: put everything it verifies in one verifier'])
  // A manifest names the verifier's file; an exercise carries its code.
  expect(v.safeParse(manifestChecksSchema, [{ kind: 'behaviour', verify: 'verify.js' }]).success).toBe(true)
  expect(v.safeParse(manifestChecksSchema, [{ kind: 'behaviour', verify: 'if (x) throw 1' }]).success).toBe(false)
})
