/** `leaklab run FILE.py` and `leaklab snapshot FILE.py`: the language is the file's, the output the same as for JavaScript. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { cli } from '../cli/run-cli'

const dir = mkdtempSync(join(tmpdir(), 'leaklab-python-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const LEAK = `class Session:
    def __init__(self, user):
        self.user = user

cache = {}

def step(i):
    cache[f'u{i}'] = Session(i)
`

test('run prints the suspect with its Python path; --json carries the same; a failing program exits 1', async () => {
  const file = join(dir, 'sessions.py')
  writeFileSync(file, LEAK)
  const text = await cli('run', file, '--steps', '20')
  expect(text.code).toBe(0)
  expect(text.stdout).toMatch(/● Session \(sessions\.py:8\): \+1 per step, 20 alive/)
  expect(text.stdout).toMatch(/kept alive by cache\['u\d+'\]/)
  const json = JSON.parse((await cli('run', file, '--steps', '20', '--json')).stdout) as { suspects: { name: string }[]; engine: { build: string } }
  expect(json.suspects[0].name).toBe('Session')
  expect(json.engine.build).toMatch(/^CPython 3\.14/)
  writeFileSync(join(dir, 'broken.py'), 'def step(i):\n    return 1 / 0\n')
  const failed = await cli('run', join(dir, 'broken.py'), '--steps', '3')
  expect(failed.code).toBe(1)
  expect(failed.stdout).toMatch(/ZeroDivisionError: division by zero/)
}, 60_000)

test('snapshot writes a .heapsnapshot of the Python heap', async () => {
  const file = join(dir, 'sessions.py')
  writeFileSync(file, LEAK)
  const out = join(dir, 'sessions.heapsnapshot')
  const written = await cli('snapshot', file, '--steps', '10', '--out', out)
  expect(written.code).toBe(0)
  const snapshot = JSON.parse(readFileSync(out, 'utf8')) as { snapshot: { node_count: number }; strings: string[] }
  expect(snapshot.snapshot.node_count).toBeGreaterThan(10)
  expect(snapshot.strings).toContain('Session')
}, 60_000)

test('run says when the count includes cycles the collector has not freed yet, and how many', async () => {
  const fixed = readFileSync(new URL('../../scenarios/02-reference-cycles/fixed.py', import.meta.url), 'utf8')
  const file = join(dir, 'cycles.py')
  writeFileSync(file, fixed)
  const text = await cli('run', file, '--steps', '20')
  expect(text.code).toBe(0)
  expect(text.stdout).toMatch(/garbage +840 of the [\d,]+ objects at step 20 were cycles nothing alive refers to, not yet freed by the collector/)
  expect(text.stdout).toMatch(/gc\.collect\(\) freed 840/)
  // A leak has none: the line is not printed.
  writeFileSync(join(dir, 'sessions2.py'), LEAK)
  expect((await cli('run', join(dir, 'sessions2.py'), '--steps', '20')).stdout).not.toMatch(/garbage/)
}, 60_000)

test('run --ignore asks the same what-if of a Python heap, in its notation', async () => {
  const file = join(dir, 'sessions3.py')
  writeFileSync(file, LEAK)
  const whole = JSON.parse((await cli('run', file, '--steps', '20', '--json', '--ignore', 'cache')).stdout) as { ignored: { freedObjects: number; groups: { name: string; freed: number }[] } }
  expect(whole.ignored.groups.find((g) => g.name === 'Session')?.freed).toBe(20)
  const one = await cli('run', file, '--steps', '20', '--ignore', "cache['u3']")
  expect(one.code).toBe(0)
  expect(one.stdout).toMatch(/1 object would be freed/)
  expect(one.stdout).toMatch(/Session \(sessions3\.py:8\) is still held by cache\['u\d+'\]/)
}, 60_000)
