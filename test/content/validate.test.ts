/** `leaklab validate` on broken folders: each problem names its file and field, and nothing crashes. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { main } from '../../src/cli/main'
import { findContent } from '../../src/content/node/read-content'
import { validateContent } from '../../src/content/node/validate'
import { parseLesson } from '../../src/content/parse-content'

// A copy of scenario 01 as it was first written: these tests edit it, and the library's own may change.
const growingList = fileURLToPath(new URL('./fixtures/01-growing-list', import.meta.url))
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'leaklab-content-'))
  mkdirSync(join(dir, 'scenarios'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function copyScenario(name: string, edit?: (manifest: Record<string, unknown>) => void): string {
  const target = join(dir, 'scenarios', name)
  cpSync(growingList, target, { recursive: true })
  if (edit) {
    const file = join(target, 'manifest.json')
    const manifest = JSON.parse(readFileSync(file, 'utf8'))
    edit(manifest)
    writeFileSync(file, JSON.stringify(manifest))
  }
  return target
}

async function cli(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {} })
  return { code, stdout, stderr }
}

test('a valid library passes; --prove runs it', async () => {
  copyScenario('01-growing-list')
  expect(await cli('validate', join(dir, 'scenarios'))).toEqual({ code: 0, stdout: expect.stringMatching(/1 scenario, 0 lessons: all valid\n$/), stderr: '' })
  const proved = await cli('validate', join(dir, 'scenarios', '01-growing-list'), '--prove')
  expect(proved.code).toBe(0)
  expect(proved.stdout).toMatch(/ok {4}.*01-growing-list \(proved\)\n1 scenario, 0 lessons: all valid and proved\n$/)
})

test('schema problems name the file and the field', async () => {
  copyScenario('01-growing-list', (m) => {
    m.difficulty = 'easy'
    ;(m.check as Record<string, unknown>[])[1].atMost = -3
    m.hint = ['typo']
  })
  const { errors } = await validateContent([join(dir, 'scenarios')], dir, null)
  const lines = errors.map((e) => `${e.file} ${e.field}`)
  expect(lines).toEqual([
    'scenarios/01-growing-list/manifest.json difficulty',
    'scenarios/01-growing-list/manifest.json check[1].atMost',
    'scenarios/01-growing-list/manifest.json hint',
  ])
  const { code, stdout } = await cli('validate', join(dir, 'scenarios'))
  expect(code).toBe(1)
  expect(stdout).toContain('FAIL  ')
  expect(stdout).toMatch(/1 scenario, 0 lessons: 3 problems\n$/)
})

test('missing files, unreadable JSON, a folder named for another id, and duplicate ids', async () => {
  rmSync(join(copyScenario('01-growing-list'), 'fixed.js'))
  writeFileSync(join(copyScenario('02-broken'), 'manifest.json'), '{ "id": ')
  copyScenario('03-other-name')
  copyScenario('04-growing-list', (m) => (m.python = 'missing.py'))
  copyScenario('05-growing-list')
  copyScenario('06-growing-list')
  const { errors } = await validateContent(['scenarios'], dir, null)
  expect(errors.map((e) => `${e.file}${e.field ? ` ${e.field}` : ''}: ${e.message}`)).toEqual([
    'scenarios/01-growing-list/fixed.js: is missing: every scenario has leaky.js, fixed.js and explanation.md',
    expect.stringMatching(/^scenarios\/02-broken\/manifest.json: is not valid JSON: /),
    'scenarios/03-other-name/manifest.json id: is "growing-list" but the folder is named for "other-name"',
    'scenarios/04-growing-list/manifest.json python: names missing.py, which is not in the folder',
    'scenarios/06-growing-list/manifest.json id: "growing-list" is also the id of scenarios/05-growing-list',
  ])
})

test('--prove reports a fix that does not fix and a leak that does not leak', async () => {
  const target = copyScenario('01-growing-list')
  writeFileSync(join(target, 'fixed.js'), readFileSync(join(target, 'leaky.js'), 'utf8') + '\n// changed\n')
  writeFileSync(join(target, 'leaky.js'), 'function step(i) {}\n')
  const { errors } = await validateContent(['scenarios'], dir, (await import('../../src/content/node/run-content')).runContentInNode)
  expect(errors.map((e) => `${e.file}: ${e.message}`)).toEqual([
    expect.stringMatching(/^scenarios\/01-growing-list\/leaky.js: should fail the check, but every check passed/),
    'scenarios/01-growing-list/leaky.js: has no leak suspect, so the graph cannot show the culprit "leakList"',
    expect.stringMatching(/^scenarios\/01-growing-list\/fixed.js: fixed.js should pass, but: Something still grows with every step\. Measured: 1 group still grew/),
  ])
})

test('bad usage exits 2', async () => {
  expect((await cli('validate', '--steps', '3')).stderr).toBe('leaklab: --steps is not an option of validate\n')
  expect((await cli('run', 'x.js', '--prove')).code).toBe(2)
  expect((await cli('validate', join(dir, 'nowhere'))).stdout).toMatch(/nowhere: is not a directory/)
})

test('a behaviour check reads its verifier from the folder, and a missing one is named', async () => {
  const target = copyScenario('01-growing-list', (m) => {
    ;(m.check as unknown[]).push({ kind: 'behaviour', verify: 'verify.js' }, { kind: 'behaviour', verify: 'other.js' })
  })
  const { errors } = await validateContent(['scenarios'], dir, null)
  expect(errors.map((e) => `${e.field}: ${e.message}`)).toEqual(['check: at most one "behaviour" check: put everything it verifies in one verifier'])
  copyScenario('01-growing-list', (m) => {
    ;(m.check as unknown[]).push({ kind: 'behaviour', verify: 'verify.js' })
  })
  const missing = await validateContent(['scenarios'], dir, null)
  expect(missing.errors.map((e) => `${e.file} ${e.field}: ${e.message}`)).toEqual(['scenarios/01-growing-list/manifest.json check[2].verify: names verify.js, which is not in the folder'])
  writeFileSync(join(target, 'verify.js'), "if (leakList.length > 100) throw new Error('kept')\n")
  expect((await validateContent(['scenarios'], dir, null)).errors).toEqual([])
})

test('--prove proves each attempt for the reason its kind gives', async () => {
  const target = copyScenario('01-growing-list', (m) => {
    ;(m.check as unknown[]).push({ kind: 'behaviour', verify: 'verify.js' })
    m.attempts = [
      { file: 'wrong-moves.js', kind: 'moves-leak', why: 'The list is copied, not emptied.' },
      { file: 'wrong-breaks.js', kind: 'breaks-program', why: 'Nothing is processed.' },
      { file: 'also-right.js', kind: 'correct', why: 'splice() empties it too.' },
      // Each of these says the wrong thing about itself.
      { file: 'said-correct.js', kind: 'correct', why: 'x' },
      { file: 'said-breaks.js', kind: 'breaks-program', why: 'x' },
      { file: 'said-moves.js', kind: 'moves-leak', why: 'x' },
    ]
  })
  const leaky = readFileSync(join(target, 'leaky.js'), 'utf8')
  // What the program does, counted as it happens: every step's objects are made and read.
  const counted = leaky.replace('function step(i) {', 'let processed = 0\nfunction step(i) {\n  processed++')
  expect(counted).not.toBe(leaky)
  writeFileSync(join(target, 'leaky.js'), counted)
  writeFileSync(join(target, 'verify.js'), "if (processed !== 100) throw new Error(`only ${processed} of 100 steps did their work`)\nreturn 'every step did its work'\n")
  const fixed = readFileSync(join(target, 'fixed.js'), 'utf8').replace('function step(i) {', 'let processed = 0\nfunction step(i) {\n  processed++')
  writeFileSync(join(target, 'fixed.js'), fixed)
  const broken = fixed.replace('processed++', 'if (i > 50) return\n  processed++')
  writeFileSync(join(target, 'wrong-moves.js'), counted.replace('function step(i) {', 'const copies = []\nfunction step(i) {\n  copies.push(leakList.slice())'))
  writeFileSync(join(target, 'wrong-breaks.js'), broken)
  writeFileSync(join(target, 'also-right.js'), fixed + '\n// the same, said otherwise\n')
  writeFileSync(join(target, 'said-correct.js'), broken + '\n')
  writeFileSync(join(target, 'said-breaks.js'), counted + '\n')
  writeFileSync(join(target, 'said-moves.js'), broken + '\n\n')
  const { errors } = await validateContent(['scenarios'], dir, (await import('../../src/content/node/run-content')).runContentInNode)
  expect(errors.map((e) => `${e.file}: ${e.message}`)).toEqual([
    expect.stringMatching(/^scenarios\/01-growing-list\/said-correct.js: said-correct.js \(a correct fix\) should pass, but: the program no longer does its job: only 51 of 100 steps did their work$/),
    expect.stringMatching(/^scenarios\/01-growing-list\/said-breaks.js: said-breaks.js \(breaks the program\) should free the memory and fail the behaviour check alone, but it also failed: Something still grows/),
    expect.stringMatching(/^scenarios\/01-growing-list\/said-moves.js: said-moves.js \(moves the leak\) should fail a check of memory, but only the behaviour check failed: the program no longer does its job/),
  ])
})

// A Python variant of the fixture, small enough to run quickly: 20 steps of 10 objects.
const LEAKY_PY = `class DataHolder:
    def __init__(self, data):
        self.data = data


leak_list = []


def step(i):
    for k in range(10):
        leak_list.append(DataHolder(i * 10 + k))
    print(f"step {i} used {len(leak_list[-10:])}")
`
const pythonVariant = (extra: Record<string, unknown> = {}) => ({
  leaky: 'leaky.py',
  fixed: 'fixed.py',
  check: [
    { kind: 'no-suspects' },
    { kind: 'console', includes: 'step 19 used 10' },
  ],
  culprit: 'leak_list',
  hints: ['Empty the list: leak_list.clear().'],
  run: { steps: 20, timeMs: 1000 },
  ...extra,
})

test('a Python variant names its files and may not ask for what a Python run cannot judge', async () => {
  const target = copyScenario('01-growing-list', (m) => {
    m.pythonVariant = pythonVariant({ check: [{ kind: 'behaviour', verify: 'verify.js' }, { kind: 'gc-collected', atLeast: 1 }, { kind: 'ok' }] })
  })
  const { errors } = await validateContent(['scenarios'], dir, null)
  expect(errors.map((e) => `${e.field}: ${e.message}`)).toEqual([
    'pythonVariant.check[0]: a "behaviour" check is JavaScript-only for now (its verifier is run by the JavaScript engine): check what the Python program prints with a "console" check instead',
    'pythonVariant.check[1]: a "gc-collected" check cannot judge a Python run (the Python runtime does not report gc.collect() calls): check what the program prints with a "console" check instead',
  ])
  copyScenario('01-growing-list', (m) => {
    m.pythonVariant = pythonVariant({ fixed: 'fixed.js' })
  })
  expect((await validateContent(['scenarios'], dir, null)).errors.map((e) => `${e.field}: ${e.message}`)).toEqual(['pythonVariant.fixed: must name a .py file in the folder'])
  copyScenario('01-growing-list', (m) => {
    m.pythonVariant = pythonVariant()
  })
  writeFileSync(join(target, 'leaky.py'), LEAKY_PY)
  writeFileSync(join(target, 'fixed.py'), LEAKY_PY)
  expect((await validateContent(['scenarios'], dir, null)).errors.map((e) => `${e.file}${e.field ? ` ${e.field}` : ''}: ${e.message}`)).toEqual(['scenarios/01-growing-list/fixed.py: is the same as leaky.py'])
  rmSync(join(target, 'leaky.py'))
  expect((await validateContent(['scenarios'], dir, null)).errors.map((e) => `${e.field}: ${e.message}`)).toEqual(['pythonVariant.leaky: names leaky.py, which is not in the folder'])
})

test('--prove runs a Python variant in CPython: a fix that does not fix, and a culprit not on the path', async () => {
  const target = copyScenario('01-growing-list', (m) => {
    m.pythonVariant = pythonVariant({ culprit: 'leakList' })
  })
  writeFileSync(join(target, 'leaky.py'), LEAKY_PY)
  // "Fixed" by clearing the list before the step uses it: the leak is gone, and so is the work.
  writeFileSync(join(target, 'fixed.py'), LEAKY_PY.replace('    print(', '    leak_list.clear()\n    print('))
  const { code, stdout } = await cli('validate', join(dir, 'scenarios'), '--prove')
  expect(code).toBe(1)
  expect(stdout.split('\n').filter((line) => line.startsWith('FAIL'))).toEqual([
    expect.stringMatching(/01-growing-list\/manifest.json: pythonVariant.culprit: "leakList" is not on the top suspect's retainer path \(DataHolder: leak_list\[0\]\)$/),
    expect.stringMatching(/01-growing-list\/fixed.py: fixed.py should pass, but: the console never printed “step 19 used 10”$/),
  ])
}, 120_000)

test('a lesson offered in Python is offered whole: each step the JavaScript track judges has its Python counterpart', async () => {
  const lesson = join(dir, 'lessons', '01-demo')
  mkdirSync(lesson, { recursive: true })
  const files: Record<string, string> = {
    '1.md': 'Run it.',
    '1.js': 'const kept = []\nfunction step(i) { kept.push({}) }\n',
    '2.md': 'Fix it.',
    '2-solution.js': 'function step(i) {}\n',
    '1.py': 'kept = []\n\ndef step(i):\n    kept.append(object())\n',
    '2-solution.py': 'def step(i):\n    pass\n',
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(lesson, name), text)
  const write = (steps: unknown[]) => writeFileSync(join(lesson, 'manifest.json'), JSON.stringify({ id: 'demo', title: 'Demo', summary: 'A demo.', run: { steps: 10, timeMs: 1000 }, steps }))
  const check = [{ kind: 'no-suspects' }]
  write([
    { title: 'Run', text: '1.md', code: '1.js', task: 'run', python: { text: '1.md' } },
    { title: 'Fix', text: '2.md', task: 'edit', checkpoint: check, solution: '2-solution.js', python: { checkpoint: check } },
  ])
  const errors = async () => (await validateContent(['lessons'], dir, null)).errors.map((e) => `${e.field}: ${e.message}`)
  expect(await errors()).toEqual([
    'steps[0].python.code: a lesson offered in Python must load Python code in its first step',
    'steps[1].python: the step has a solution, so its Python version needs one too (python.solution)',
  ])
  write([
    { title: 'Run', text: '1.md', code: '1.js', task: 'run', python: { code: '1.py' } },
    { title: 'Fix', text: '2.md', task: 'edit', checkpoint: check, solution: '2-solution.js', python: { checkpoint: check, solution: '2-solution.py', hints: ['kept.clear()'] } },
  ])
  expect(await errors()).toEqual([])
  const parsed = parseLesson((await findContent(['lessons/01-demo'], dir)).folders[0])
  if (!parsed.ok) expect.fail(JSON.stringify(parsed.errors))
  expect(parsed.value.languages).toEqual(['javascript', 'python'])
  // The Python track carries its own code from step to step, and its text falls back to the step's.
  expect(parsed.value.steps[1].python).toEqual({ text: 'Fix it.', checkpoint: check, code: null, starter: files['1.py'], solution: files['2-solution.py'], hints: ['kept.clear()'] })
  expect(parsed.value.steps[0].python?.hints).toEqual([])
})
