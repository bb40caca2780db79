/** `leaklab compare`, `--snapshots` and `snapshot --at`: the heaps a run kept, from the command line (issue 18). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test, vi } from 'vitest'
import { findKept } from '../../src/analysis/snapshot-compare'
import { compareReply, snapshotReply, type CompareJson } from '../../src/cli/run-replies'
import { resolveOptions } from '../../src/engine/defaults'
import { runProgram } from '../../src/engine/run'
import type { RunResult } from '../../src/engine/types'
import { runPythonProgram } from '../../src/python/run-python'
import { cli } from './run-cli'

// A Python run whose result carries no kept heaps (runPythonProgram may not keep them yet): each test sets what it returns.
vi.mock('../../src/python/run-python', () => ({ runPythonProgram: vi.fn() }))

const dir = mkdtempSync(join(tmpdir(), 'leaklab-compare-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function program(name: string, source: string): string {
  const file = join(dir, name)
  writeFileSync(file, source)
  return file
}

/** One Widget a step into a kept list (line 6); a temp array of two Temps replaced each step (line 7). */
const WIDGETS = `class Widget {}
class Temp {}
const kept = []
let temp = []
function step(i) {
  kept.push(new Widget())
  temp = [new Temp(), new Temp()]
}
`
const widgets = program('widgets.js', WIDGETS)

/** The program's own snapshots: dialogs opened and closed, listeners left behind. */
const DIALOGS = `class Dialog {}
class Listener {}
const listeners = []
let open = []
function openDialogs() {
  for (let i = 0; i < 10; i++) open.push(new Dialog())
  for (let i = 0; i < 5; i++) listeners.push(new Listener())
}
function closeDialogs() { open = [] }
leaklab.snapshot('baseline')
openDialogs()
leaklab.snapshot('after open')
closeDialogs()
leaklab.snapshot('after close')
`
const dialogs = program('dialogs.js', DIALOGS)

const rows = (json: CompareJson) => json.groups.map((g) => [g.name, g.site, g.added, g.freed])

describe('leaklab compare', () => {
  test('--json: exactly from, to, then and the groups, with exact added and freed counts (default: the first and the last kept)', async () => {
    const { code, stdout, stderr } = await cli('compare', widgets, '--steps', '10', '--snapshots', '2', '--json')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const json = JSON.parse(stdout) as CompareJson
    expect(Object.keys(json)).toEqual(['from', 'to', 'then', 'groups'])
    expect(json.from).toEqual({ step: 0, label: null, name: 'step 0' })
    expect(json.to).toEqual({ step: 10, label: null, name: 'step 10' })
    expect(json.then).toBeNull()
    for (const g of json.groups) expect(Object.keys(g)).toEqual(['name', 'kind', 'site', 'added', 'freed', 'addedBytes', 'freedBytes', 'retainerPath'])
    expect(rows(json)).toEqual([
      ['Widget', 'widgets.js:6', 10, 0],
      ['Temp', 'widgets.js:7', 2, 0],
      ['Array', 'widgets.js:7', 1, 0],
      ['Array', 'widgets.js:4', 0, 1],
    ])
    expect(json.groups[0]).toMatchObject({ kind: 'object', retainerPath: expect.stringMatching(/^kept\[\d\]$/) })
    expect(json.groups[0].addedBytes).toBeGreaterThan(0)
    expect(json.groups[3]).toMatchObject({ addedBytes: 0, retainerPath: null })
    expect(json.groups[3].freedBytes).toBeGreaterThan(0)
  })

  test('--from and --to by step number: the temps of step 5 are freed, the new ones added', async () => {
    const { code, stdout } = await cli('compare', widgets, '--steps', '10', '--snapshots', '3', '--from', '5', '--to', '10', '--json')
    expect(code).toBe(0)
    const json = JSON.parse(stdout) as CompareJson
    expect([json.from.name, json.to.name]).toEqual(['step 5', 'step 10'])
    expect(rows(json)).toEqual([
      ['Widget', 'widgets.js:6', 5, 0],
      ['Temp', 'widgets.js:7', 2, 2],
      ['Array', 'widgets.js:7', 1, 1],
    ])
  })

  test('--from and --to by label; --then keeps only what is still alive at the third', async () => {
    const two = JSON.parse((await cli('compare', dialogs, '--from', 'baseline', '--to', 'after open', '--json')).stdout) as CompareJson
    expect(two.from).toEqual({ step: 0, label: 'baseline', name: 'baseline' })
    expect(two.to).toEqual({ step: 0, label: 'after open', name: 'after open' })
    expect(rows(two)).toEqual([
      ['Dialog', 'dialogs.js:6', 10, 0],
      ['Listener', 'dialogs.js:7', 5, 0],
    ])
    const { code, stdout } = await cli('compare', dialogs, '--from', 'baseline', '--to', 'after open', '--then', 'after close', '--json')
    expect(code).toBe(0)
    const three = JSON.parse(stdout) as CompareJson
    expect(three.then).toEqual({ step: 0, label: 'after close', name: 'after close' })
    // The dialogs were made between A and B and freed by C: not listed.
    expect(three.groups).toEqual([{ name: 'Listener', kind: 'object', site: 'dialogs.js:7', added: 5, freed: 0, addedBytes: two.groups[1].addedBytes, freedBytes: 0, retainerPath: 'listeners[0]' }])
  })

  test('prints a table: the header, a row per group with how it is held, the totals', async () => {
    const { code, stdout } = await cli('compare', dialogs, '--from', 'baseline', '--to', 'after open', '--then', 'after close')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Compared 'baseline' with 'after open', still alive at 'after close'\n/)
    expect(stdout).toMatch(/\n {8}5 {10}0 +\d+ B {10}0 B {2}Listener {2}dialogs\.js:7\n {48}held by listeners\[0\]\n/)
    expect(stdout).toMatch(/\n {8}5 {10}0 +\d+ B {10}0 B {2}total, 1 group\n$/)
    expect(stdout).not.toMatch(/Dialog/)
    const steps = await cli('compare', widgets, '--steps', '10', '--snapshots', '2')
    expect(steps.stdout).toMatch(/^Compared step 0 with step 10\n/)
    expect(steps.stdout).toMatch(/\n {7}10 {10}0 +\d+ B {10}0 B {2}Widget {2}widgets\.js:6\n +held by kept\[\d\]\n/)
    expect(steps.stdout).toMatch(/\n {7}13 {10}1 .* total, 4 groups\n$/)
  })

  test('says which snapshots the run did not keep, and why', async () => {
    const many = program('many.js', `const list = []\nfor (let i = 0; i < 52; i++) { list.push({ i }); leaklab.snapshot('s' + i) }\n`)
    const { code, stdout } = await cli('compare', many, '--from', 's0', '--to', 's49')
    expect(code).toBe(0)
    expect(stdout).toMatch(/\n {7}49 {10}0 .* Object {2}many\.js:2\n/)
    expect(stdout).toMatch(/\n\nThe run did not keep 2 snapshots: 's50', 's51' \(a program may take 50 snapshots\)\.\n$/)
  })

  test('a name that matches no kept snapshot is a usage error listing those the run kept', async () => {
    const { code, stdout, stderr } = await cli('compare', dialogs, '--from', 'x')
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe('leaklab: --from "x": the run kept no snapshot of that name; it kept: baseline, after open, after close, the end of the run\n')
    expect((await cli('compare', widgets, '--steps', '4', '--snapshots', '3', '--then', '3')).stderr).toBe(
      'leaklab: --then "3": the run kept no snapshot of that name; it kept: step 0, step 2, step 4\n',
    )
  })

  test('a program that fails is still compared, exiting 1; one that kept fewer than two heaps says so', async () => {
    const fails = program('fails.js', `const list = []\nfunction step(i) {\n  list.push({ i })\n  if (i === 6) throw new Error('boom')\n}\n`)
    const { code, stdout, stderr } = await cli('compare', fails, '--steps', '10', '--json')
    expect(code).toBe(1)
    expect(stderr).toBe('leaklab: the program failed (runtime): boom\n')
    expect(rows(JSON.parse(stdout) as CompareJson)).toEqual([['Object', 'fails.js:3', 7, 0]])
    const early = program('early.js', `throw new Error('at once')\n`)
    const none = await cli('compare', early)
    expect(none.code).toBe(1)
    expect(none.stderr).toBe('leaklab: nothing to compare: the run kept only one snapshot (the end of the run), and a comparison needs two\n')
    expect(none.stdout).toMatch(/^✖ Error: at once\n/)
  })
})

describe('--snapshots', () => {
  test.each([
    [['compare', 'a.js', '--snapshots', '51'], "leaklab: --snapshots must be a whole number from 0 to 50, not '51'\n"],
    [['run', 'a.js', '--snapshots=-1'], "leaklab: --snapshots must be a whole number from 0 to 50, not '-1'\n"],
    [['run', 'a.js', '--snapshots', '-1'], "leaklab: Option '--snapshots' argument is ambiguous\n"],
    [['snapshot', 'a.js', '--out', 'x', '--snapshots', '2.5'], "leaklab: --snapshots must be a whole number from 0 to 50, not '2.5'\n"],
    [['compare', 'a.js', '--snapshots', '0'], 'leaklab: compare reads the heaps the run keeps, and --snapshots 0 keeps none\n'],
    [['validate', '--snapshots', '3'], 'leaklab: --snapshots is not an option of validate\n'],
    [['run', 'a.js', '--from', '3'], 'leaklab: --from is for compare\n'],
    [['compare', 'a.js', '--at', '3'], 'leaklab: --at is for snapshot\n'],
    [['compare', 'a.js', '--out', 'x'], 'leaklab: --out is for snapshot; compare prints its result\n'],
  ])('%j is a usage error', async (argv, message) => {
    const { code, stdout, stderr } = await cli(...argv)
    expect([code, stdout, stderr]).toEqual([2, '', message])
  })

  test('is the number of growth walks', async () => {
    const { code, stdout } = await cli('run', widgets, '--steps', '6', '--snapshots', '4', '--json')
    expect(code).toBe(0)
    expect((JSON.parse(stdout) as RunResult).heap!.growth.map((g) => g.step)).toEqual([0, 2, 4, 6])
  })
})

describe('leaklab snapshot --at', () => {
  test('writes that kept snapshot: its nodes, as the run kept them', async () => {
    const written = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { snapshot: { node_count: number } }
    const open = await cli('snapshot', dialogs, '--at', 'after open', '--out', join(dir, 'open.heapsnapshot'))
    expect(open.code).toBe(0)
    expect(open.stdout).toMatch(/^Wrote .*open\.heapsnapshot: \d+ objects, \d+ references, after step 0 \(the snapshot 'after open'\)\.\n$/)
    expect((await cli('snapshot', dialogs, '--at', 'baseline', '--out', join(dir, 'baseline.heapsnapshot'))).code).toBe(0)
    // Ten dialogs and five listeners more.
    expect(written('open.heapsnapshot').snapshot.node_count - written('baseline.heapsnapshot').snapshot.node_count).toBe(15)
    const result = await runProgram(DIALOGS, resolveOptions({ filename: 'dialogs.js' }))
    const store = result.heap!.kept!
    expect(written('open.heapsnapshot').snapshot.node_count).toBe(store.snapshots[findKept(store, 'after open')!].uids.length)
  })

  test('a name the run kept no snapshot of is a usage error', async () => {
    const { code, stderr } = await cli('snapshot', widgets, '--steps', '4', '--snapshots', '2', '--at', 'after open', '--out', join(dir, 'x.heapsnapshot'))
    expect(code).toBe(2)
    expect(stderr).toBe('leaklab: --at "after open": the run kept no snapshot of that name; it kept: step 0, step 4\n')
  })
})

describe('a run without kept snapshots (a Python run that keeps none)', () => {
  test('compare and snapshot --at fail with a message, exit 1; snapshot without --at still writes', async () => {
    const result = await runProgram(WIDGETS, resolveOptions({ filename: 'main.py', steps: 3 }))
    delete result.heap!.kept
    vi.mocked(runPythonProgram).mockResolvedValue(result)
    const file = program('leak.py', 'kept = []\ndef step(i):\n    kept.append([i])\n')
    expect(await cli('compare', file)).toEqual({ code: 1, stdout: '', stderr: 'leaklab: nothing to compare: this run kept no snapshots\n' })
    expect(await cli('snapshot', file, '--at', '2', '--out', join(dir, 'py.heapsnapshot'))).toEqual({ code: 1, stdout: '', stderr: 'leaklab: no heap to write: this run kept no snapshots\n' })
    expect((await cli('snapshot', file, '--out', join(dir, 'py.heapsnapshot'))).code).toBe(0)
    // The same replies, straight.
    expect(compareReply(result, { from: null, to: null, then: null }).refusal).toEqual({ usage: false, message: 'this run kept no snapshots' })
    expect(snapshotReply(result, 'end').refusal).toEqual({ usage: false, message: 'this run kept no snapshots' })
  })
})
