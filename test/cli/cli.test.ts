import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { decodeAssignmentFragment } from '../../src/exercise/assignment-link'
import { exerciseHash } from '../../src/exercise/exercise'
import { loadGradeTarget } from '../../src/grade/grade'
import type { RunResult } from '../../src/engine/types'
import { readWithMemlab } from '../heap/consumers'
import { cli } from './run-cli'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))
const bin = fileURLToPath(new URL('../../bin/leaklab.js', import.meta.url))

describe('leaklab run', () => {
  it("runs the seed workload and summarises what it left alive", async () => {
    const { code, stdout, stderr } = await cli('run', fixture('seed-workload.js'))
    expect(code).toBe(0)
    expect(stderr).toBe('')
    expect(stdout).toMatch(/^Objects created and stored in leakList\.\n/)
    expect(stdout).toMatch(/objects\s+[\d,]+ at start → [\d,]+ at end \(\+100,0\d\d\)/)
    expect(stdout).toMatch(/── seed-workload\.js/)
  })

  it('prints exactly one JSON object with --json: the RunResult', async () => {
    const { code, stdout } = await cli('run', fixture('stepped-leak.js'), '--json', '--steps', '20', '--sample-every', '5')
    expect(code).toBe(0)
    const result = JSON.parse(stdout) as RunResult
    expect(result).toMatchObject({ ok: true, error: null, steps: 20 })
    expect(result.samples.map((s) => s.step)).toEqual([0, 5, 10, 15, 20])
    expect(result.samples[4].objects - result.samples[0].objects).toBeGreaterThanOrEqual(2000)
    for (const key of ['console', 'memory', 'start', 'timers', 'limits']) expect(result).toHaveProperty(key)
  })

  it('shows growth per step and a sparkline for a stepped program', async () => {
    const { stdout } = await cli('run', fixture('stepped-leak.js'), '--steps', '40')
    expect(stdout).toMatch(/steps\s+40 of 40/)
    expect(stdout).toMatch(/\+100 per step/)
    expect(stdout).toMatch(/samples\s+▁[▁-█]*█\s+41 samples/)
  })

  it('shows a failing program\'s error with its line and a caret, and exits 1', async () => {
    const { code, stdout } = await cli('run', fixture('step-error.js'))
    expect(code).toBe(1)
    expect(stdout).toContain("✖ TypeError: cannot read property 'field' of undefined")
    expect(stdout).toContain('at step-error.js:2:19, in step(3) [runtime]')
    expect(stdout).toContain('> 2 |   return o.missing.field\n      |                   ^')
  })

  it('adds a native line only for a program that allocated native memory (imageLib)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leaklab-cli-'))
    const file = join(dir, 'images.js')
    writeFileSync(file, `const kept = []
function step(i) {
  const image = imageLib.decode('frame' + i, 1024, 1024)
  if (i % 2 === 0) kept.push(image)
  else image.close()
}`)
    try {
      const { code, stdout } = await cli('run', file, '--steps', '6')
      expect(code).toBe(0)
      expect(stdout).toMatch(/\nmemory {3}.*\nnative {3}0 B → 12\.0 MiB \(\+12\.0 MiB\), 3 images live, peak 16\.0 MiB\n/)
      const json = JSON.parse((await cli('run', file, '--steps', '6', '--json')).stdout) as RunResult
      expect(json.native).toEqual({ bytes: 12 * 1048576, blocks: 3, allocatedBytes: 24 * 1048576, freedBytes: 12 * 1048576, peakBytes: 16 * 1048576 })
      expect(json.samples.at(-1)!.nativeBytes).toBe(12 * 1048576)
      expect(json.gc).toEqual({ collections: [], calls: 0 })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    expect((await cli('run', fixture('stepped-leak.js'))).stdout).not.toMatch(/^native/m)
  })

  it('applies --time, --timeout and --memory', async () => {
    const { stdout } = await cli('run', fixture('stepped-leak.js'), '--json', '--time', '2m', '--timeout', '3s', '--memory', '32')
    const result = JSON.parse(stdout) as RunResult
    expect(result.time).toBe(120_000)
    expect(result.limits).toMatchObject({ timeoutMs: 3000, memoryBytes: 32 * 1024 * 1024 })
  })

  it.each([
    [['run'], /run needs a FILE/],
    [['run', 'a.js', 'b.js'], /unexpected argument 'b.js'/],
    [['walk', 'a.js'], /unknown command 'walk'/],
    [['run', 'a.js', '--out', 'x'], /--out is for snapshot/],
    [[], /no command given/],
    [['run', 'a.js', '--steps=-1'], /--steps must be a whole number/],
    [['run', 'a.js', '--steps', '2.5'], /--steps must be a whole number/],
    [['run', 'a.js', '--sample-every', '0'], /--sample-every must be a whole number/],
    [['run', 'a.js', '--time', 'soon'], /--time must be a duration/],
    [['run', 'a.js', '--memory', 'lots'], /--memory must be a number of MiB/],
    [['run', 'a.js', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['run', '/no/such/file.js'], /cannot read \/no\/such\/file\.js: ENOENT/],
    [['grade'], /grade needs at least one SUBMISSION file/],
    [['grade', 'a.json'], /grade needs --scenario DIR/],
    [['grade', 'a.json', '--scenario', 'x', '--jobs', '0'], /--jobs must be a whole number from 1 to 256/],
    [['grade', 'a.json', '--scenario', 'x', '--steps', '5'], /--steps is not an option of grade/],
    [['grade', 'a.json', '--scenario'], /--scenario <value>' argument missing/],
    [['run', 'a.js', '--scenario', 'x'], /--scenario is for grade/],
    [['validate', '--csv', 'x.csv'], /--csv is not an option of validate/],
  ])('exits 2 with a one-line reason for %j', async (argv, reason) => {
    const { code, stdout, stderr } = await cli(...argv)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(reason)
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
  })

  it('prints help', async () => {
    const { code, stdout } = await cli('--help')
    expect(code).toBe(0)
    expect(stdout).toMatch(/Usage: leaklab run FILE/)
    expect(stdout).toMatch(/leaklab grade SUBMISSION\.\.\. --scenario DIR \[--csv FILE\] \[--json\] \[--jobs N\]/)
    expect(stdout).toMatch(/grade {10}0 every submission was graded/)
  })
})

describe('the leaklab bin', () => {
  it('works as a command, with exit codes', async () => {
    const run = promisify(execFile)
    const { stdout } = await run(process.execPath, [bin, 'run', fixture('seed-workload.js'), '--json'])
    expect(JSON.parse(stdout).memory.objects).toBeGreaterThan(100_000)
    await expect(run(process.execPath, [bin, 'run', fixture('step-error.js')])).rejects.toMatchObject({ code: 1 })
    await expect(run(process.execPath, [bin, 'run'])).rejects.toMatchObject({ code: 2 })
  })
})

describe('leaklab snapshot', () => {
  it("writes the seed workload's heap as a .heapsnapshot that memlab reads", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leaklab-cli-'))
    const out = join(dir, 'seed.heapsnapshot')
    const { code, stdout } = await cli('snapshot', fixture('seed-workload.js'), '--out', out)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Wrote .*seed\.heapsnapshot: 100,0\d\d objects/)
    const { heap } = await readWithMemlab(out)
    let holders = 0
    heap.nodes.forEach((node) => {
      if (node.name === 'DataHolder' && node.type === 'object') holders++
    })
    expect(holders).toBe(100_000)
    rmSync(dir, { recursive: true, force: true })
  }, 120_000)

  it('needs --out, and refuses a file it cannot write', async () => {
    expect((await cli('snapshot', fixture('seed-workload.js'))).stderr).toMatch(/snapshot needs --out/)
    const { code, stderr } = await cli('snapshot', fixture('seed-workload.js'), '--out', '/no/such/dir/x.heapsnapshot')
    expect(code).toBe(2)
    expect(stderr).toMatch(/cannot write \/no\/such\/dir\/x\.heapsnapshot: ENOENT/)
  })
})

describe('leaklab assign', () => {
  it('prints a scenario folder\'s assignment link: the exercise without its fix, hashed as the grader hashes it', async () => {
    const { code, stdout } = await cli('assign', 'scenarios/01-growing-list', '--base', 'https://leaklab.example/play/')
    expect(code).toBe(0)
    const link = stdout.trim()
    expect(link).toMatch(/^https:\/\/leaklab\.example\/play\/#assignment=/)
    const decoded = decodeAssignmentFragment(new URL(link).hash)
    if (!decoded || !('exercise' in decoded)) throw new Error(`the link does not decode: ${JSON.stringify(decoded)}`)
    expect(decoded.exercise).toMatchObject({ id: 'growing-list', starter: readFileSync('scenarios/01-growing-list/leaky.js', 'utf8') })
    expect(link).not.toContain(encodeURIComponent('leakList.length = 0 //'))
    const target = await loadGradeTarget('scenarios/01-growing-list', process.cwd())
    expect(target.ok && target.target.hash).toBe(await exerciseHash(decoded.exercise))
  })

  it('refuses a library, a lesson and a bad --base, with exit code 2', async () => {
    expect(await cli('assign', 'scenarios')).toMatchObject({ code: 2, stderr: expect.stringContaining('is a library of') })
    expect(await cli('assign', 'lessons/01-seed-article')).toMatchObject({ code: 2, stderr: expect.stringContaining('is a lesson') })
    expect(await cli('assign', 'scenarios/01-growing-list', '--base', 'javascript:alert(1)')).toMatchObject({ code: 2, stderr: expect.stringContaining('--base must be an http(s) address') })
    expect(await cli('assign')).toMatchObject({ code: 2, stderr: expect.stringContaining('assign needs the scenario folder') })
  })
})
