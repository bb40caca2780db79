/**
 * Grading across machines: `grade --shard K/N` grades one part of the files, every file in exactly one
 * part whatever the order they are given in, and `grade merge` joins the parts' --json into exactly
 * what one run over all the files prints: the same JSON, CSV and table, byte for byte.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { gradeJson } from '../../src/grade/grade-report'
import { partSize, shardFiles } from '../../src/grade/grade-shard'
import { allFixtures, SCENARIO_DIR, tempDir, write } from './fixtures'
import { cli } from '../cli/run-cli'

type GradeJson = ReturnType<typeof gradeJson>

/** The same list in a fixed shuffled order (a small LCG, so a failure can be replayed). */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list]
  let state = seed
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

const N = 3
let dir: string
/** A handful of the fixtures, graded for real: passes, fails, flags and files that cannot be graded. */
let files: string[]
/** Files that never reach a worker (broken, missing, a folder…), some sharing a base name: cheap to grade many times. */
let cheap: string[]
const one = { json: '', csv: '', table: '', code: -1 }
const parts: { path: string; json: GradeJson; table: string; code: number }[] = []

beforeAll(async () => {
  dir = tempDir()
  const fixtures = await allFixtures(dir)
  files = (['passing', 'failing', 'liar', 'wrongHash', 'otherExercise', 'malformed', 'missingField', 'nonexistent', 'directory', 'otherSettings', 'broke', 'huge'] as const).map((name) => fixtures[name])
  for (const learner of ['amy', 'ben', 'cat']) {
    mkdirSync(join(dir, learner))
    write(dir, `${learner}/submission.leaklab.json`, { format: 'leaklab-submission', version: 9, learner })
  }
  cheap = [
    fixtures.malformed,
    fixtures.missingField,
    fixtures.nonexistent,
    fixtures.directory,
    fixtures.huge,
    ...['amy', 'ben', 'cat'].map((learner) => join(dir, learner, 'submission.leaklab.json')),
    write(dir, 'zed.leaklab.json', '[]'),
  ]

  // One run over all the files, as the table, and as JSON with the CSV beside it.
  const csv = join(dir, 'one.csv')
  const json = await cli('grade', ...files, '--scenario', SCENARIO_DIR, '--json', '--csv', csv, '--jobs', '2')
  const table = await cli('grade', ...files, '--scenario', SCENARIO_DIR, '--jobs', '2')
  Object.assign(one, { json: json.stdout, csv: readFileSync(csv, 'utf8'), table: table.stdout, code: json.code })
  expect(table.code).toBe(json.code)
  // The parts, as N machines would grade them: each given the same list.
  for (let k = 1; k <= N; k++) {
    const part = await cli('grade', ...files, '--scenario', SCENARIO_DIR, '--json', '--shard', `${k}/${N}`, '--jobs', '2')
    const path = write(dir, `part-${k}.json`, part.stdout)
    const table = await cli('grade', ...cheap, '--scenario', SCENARIO_DIR, '--shard', `${k}/${N}`)
    parts.push({ path, json: JSON.parse(part.stdout) as GradeJson, table: table.stdout, code: part.code })
  }
}, 240_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the split (shardFiles)', () => {
  const paths = [
    'hand-ins/zoe.leaklab.json',
    'hand-ins/ada.leaklab.json',
    './other/ada.leaklab.json',
    ...Array.from({ length: 12 }, (_, i) => `class/learner-${i}/submission.leaklab.json`),
    'C:\\hand-ins\\Émile.leaklab.json',
    'b.json',
    'hand-ins/ada.leaklab.json',
  ]

  test('every file lands in exactly one of N parts, the parts as even as they can be', () => {
    for (let of = 1; of <= 7; of++) {
      const seen = new Array<number>(paths.length).fill(0)
      for (let part = 1; part <= of; part++) {
        const { files: mine, info } = shardFiles(paths, { part, of })
        expect(info).toMatchObject({ part, of, files: paths.length })
        expect(mine).toEqual(info.positions.map((p) => paths[p]))
        expect(info.positions).toEqual([...info.positions].sort((a, b) => a - b))
        expect(mine).toHaveLength(partSize(paths.length, { part, of }))
        expect(Math.abs(mine.length - paths.length / of)).toBeLessThan(1)
        for (const p of info.positions) seen[p]++
      }
      expect(seen).toEqual(paths.map(() => 1))
    }
  })

  test('a file\'s part does not depend on the order the files are given in', () => {
    const partsOf = (list: readonly string[]) => Array.from({ length: 4 }, (_, i) => shardFiles(list, { part: i + 1, of: 4 }).files.sort())
    const given = partsOf(paths)
    for (const seed of [1, 2, 3, 42]) {
      const other = shuffled(paths, seed)
      expect(partsOf(other)).toEqual(given)
      const [a, b] = [shardFiles(paths, { part: 1, of: 4 }).info, shardFiles(other, { part: 1, of: 4 }).info]
      expect(b.set).toBe(a.set)
      expect(b.list).not.toBe(a.list)
    }
    expect(partsOf([...paths].reverse())).toEqual(given)
  })

  test('files are split by base name, so learners\' folders holding one file name each are spread over the parts', () => {
    const folders = paths.filter((p) => p.startsWith('class/'))
    const split = Array.from({ length: 4 }, (_, i) => shardFiles(folders, { part: i + 1, of: 4 }).files.length)
    expect(split).toEqual([3, 3, 3, 3])
    // Sorted by base name (by code unit, not locale), then by the full path.
    expect(shardFiles(['x/b', 'y/a', 'a/B', 'z/a'], { part: 1, of: 1 }).info.positions).toEqual([0, 1, 2, 3])
    expect(['x/b', 'y/a', 'a/B', 'z/a'].map((_, i) => [1, 2, 3, 4].find((k) => shardFiles(['x/b', 'y/a', 'a/B', 'z/a'], { part: k, of: 4 }).info.positions.includes(i)))).toEqual([4, 2, 1, 3])
    expect(shardFiles([], { part: 2, of: 3 })).toMatchObject({ files: [], info: { files: 0, positions: [] } })
  })
})

describe('leaklab grade --shard K/N', () => {
  test('each part grades only its files, and together they are every file once', () => {
    const graded = parts.flatMap((p) => p.json.results.map((r) => r.file))
    expect([...graded].sort()).toEqual([...files].sort())
    for (const [i, part] of parts.entries()) {
      expect(part.json.shard).toMatchObject({ part: i + 1, of: N, files: files.length })
      expect(part.json.results).toHaveLength(4)
      expect(part.json.summary.submissions).toBe(4)
      expect(part.json.results.map((r) => r.file)).toEqual(part.json.shard!.positions.map((p) => files[p]))
    }
  })

  test('a part\'s results are the ones one run gives those files, and its exit code is its own', () => {
    const all = (JSON.parse(one.json) as GradeJson).results
    for (const part of parts) {
      expect(part.json.results).toEqual(part.json.shard!.positions.map((p) => all[p]))
      expect(part.code).toBe(part.json.results.some((r) => r.result === 'error') ? 1 : 0)
    }
  })

  test('the table says which part it is', () => {
    const lines = parts[1].table.split('\n')
    expect(lines[0]).toMatch(/^Grading against growing-list /)
    expect(lines[1]).toBe(`Part 2 of 3: 3 of the ${cheap.length} files (leaklab grade merge joins the parts' --json)`)
    expect(lines.at(-2)).toBe('0 graded: 0 passed, 0 failed; 3 could not be graded')
  })

  test('the parts do not depend on the order the files are given in', async () => {
    const partFiles = async (list: readonly string[]) => {
      const out: string[][] = []
      for (let k = 1; k <= N; k++) {
        const { code, stdout } = await cli('grade', ...list, '--scenario', SCENARIO_DIR, '--shard', `${k}/${N}`, '--json')
        expect(code).toBe(1)
        out.push((JSON.parse(stdout) as GradeJson).results.map((r) => r.file).sort())
      }
      return out
    }
    const given = await partFiles(cheap)
    expect(given.flat().sort()).toEqual([...cheap].sort())
    // The three learners' submission.leaklab.json land in three different parts.
    expect(given.map((part) => part.filter((f) => f.endsWith('submission.leaklab.json')).length)).toEqual([1, 1, 1])
    expect(await partFiles([...cheap].reverse())).toEqual(given)
    expect(await partFiles(shuffled(cheap, 7))).toEqual(given)
  })

  test('a bad K/N is bad usage', async () => {
    for (const bad of ['0/3', '4/3', '1/0', '0/0', '1.5/3', '1/2.0', 'a/b', '2', '1/3/4', '-1/3', '1/', '/3', '', '1/100001']) {
      const { code, stdout, stderr } = await cli('grade', files[0], '--scenario', SCENARIO_DIR, `--shard=${bad}`)
      expect({ bad, code, stdout }).toEqual({ bad, code: 2, stdout: '' })
      expect(stderr).toBe(`leaklab: --shard must be K/N, part K of N parts: whole numbers with 1 ≤ K ≤ N ≤ 100,000 (e.g. --shard 2/4), not '${bad}'\n`)
    }
    expect(await cli('run', 'a.js', '--shard', '1/2')).toMatchObject({ code: 2, stderr: 'leaklab: --shard is for grade\n' })
    expect(await cli('validate', '--shard', '1/2')).toMatchObject({ code: 2, stderr: 'leaklab: --shard is not an option of validate\n' })
    expect(await cli('assign', 'x', '--shard', '1/2')).toMatchObject({ code: 2, stderr: 'leaklab: --shard is not an option of assign\n' })
  })
})

describe('leaklab grade merge', () => {
  const paths = () => parts.map((p) => p.path)

  test('joins the parts into exactly the JSON, CSV and table of one run over all the files, with its exit code', async () => {
    expect(one.code).toBe(1)
    const csv = join(dir, 'merged.csv')
    const json = await cli('grade', 'merge', ...paths(), '--json', '--csv', csv)
    expect(json).toEqual({ code: one.code, stdout: one.json, stderr: '' })
    expect(readFileSync(csv, 'utf8')).toBe(one.csv)
    const table = await cli('grade', 'merge', ...paths())
    expect(table).toEqual({ code: one.code, stdout: one.table, stderr: '' })
    // The one run's JSON has no "shard"; the table no "Part" line.
    expect(JSON.parse(one.json)).not.toHaveProperty('shard')
    expect(one.table).not.toMatch(/^Part /m)
  })

  test('in whatever order the parts are given', async () => {
    const [a, b, c] = paths()
    expect(await cli('grade', 'merge', c, a, b, '--json')).toEqual({ code: one.code, stdout: one.json, stderr: '' })
  })

  test('the JSON of one run has what it takes to make its table again (the exercise\'s checks)', () => {
    const report = JSON.parse(one.json) as GradeJson
    expect(report.scenario.checks.map((c) => c.kind)).toEqual(['no-suspects', 'live', 'behaviour'])
  })

  test('parts that overlap, or a part missing, are bad usage naming the files', async () => {
    const [a, b, c] = paths()
    const twice = await cli('grade', 'merge', a, b, a, c)
    expect(twice).toEqual({ code: 2, stdout: '', stderr: `leaklab: ${a} is given twice: merge takes each part once\n` })
    const copy = write(dir, 'copy-of-part-2.json', readFileSync(b, 'utf8'))
    expect((await cli('grade', 'merge', a, b, c, copy)).stderr).toBe(`leaklab: ${b} and ${copy} are both part 2 of 3: they overlap\n`)
    expect(await cli('grade', 'merge', a, c)).toEqual({ code: 2, stdout: '', stderr: 'leaklab: part 2 of 3 is missing: merge needs every part of the grading\n' })
    expect((await cli('grade', 'merge', b)).stderr).toBe('leaklab: parts 1, 3 of 3 are missing: merge needs every part of the grading\n')
  })

  test('parts graded against another exercise, cut into another number of parts or from another list are bad usage', async () => {
    const [a, b, c] = paths()
    const other = JSON.parse(readFileSync(b, 'utf8')) as GradeJson
    other.scenario = { ...other.scenario, id: 'lru-cache', hash: 'e'.repeat(64) }
    const otherPath = write(dir, 'other-exercise.json', other)
    const hash = parts[0].json.scenario.hash.slice(0, 12)
    expect(await cli('grade', 'merge', a, otherPath, c)).toEqual({
      code: 2,
      stdout: '',
      stderr: `leaklab: ${otherPath} was graded against "lru-cache" (exercise hash eeeeeeeeeeee…) and ${a} against "growing-list" (exercise hash ${hash}…): merge joins the parts of one grading\n`,
    })
    const settings = JSON.parse(readFileSync(b, 'utf8')) as GradeJson
    settings.scenario.settings = { steps: 5, timeMs: 60_000 }
    const settingsPath = write(dir, 'other-settings.json', settings)
    expect((await cli('grade', 'merge', a, settingsPath, c)).stderr).toMatch(/were both graded against "growing-list" .*, but with different settings or checks/)

    // Cheap parts (no file reaches a worker): in halves, from another list, and from the same list in another order.
    const cut = async (name: string, list: readonly string[], shard: string) => {
      const { stdout } = await cli('grade', ...list, '--scenario', SCENARIO_DIR, '--json', '--shard', shard)
      return write(dir, name, stdout)
    }
    const half = await cut('half-1.json', cheap, '1/2')
    expect((await cli('grade', 'merge', half, await cut('third-2.json', cheap, '2/3'))).stderr).toMatch(/^leaklab: .*third-2\.json is part 2 of 3 and .*half-1\.json part 1 of 2: every part must come from the same --shard K\/2\n$/)
    const fewer = await cut('fewer-2.json', cheap.slice(1), '2/2')
    expect((await cli('grade', 'merge', half, fewer)).stderr).toBe(`leaklab: ${fewer} was cut from another list of files (${cheap.length - 1}) than ${half} (${cheap.length}): give every part the same SUBMISSION files\n`)
    const reordered = await cut('reordered-2.json', [...cheap].reverse(), '2/2')
    expect((await cli('grade', 'merge', half, reordered)).stderr).toBe(`leaklab: ${reordered} was given the same files as ${half} in another order, so no one run's order exists to merge into: give every part the files in the same order\n`)
    const whole = await cli('grade', 'merge', half, await cut('half-2.json', cheap, '2/2'), '--json')
    expect(whole.code).toBe(1)
    expect((JSON.parse(whole.stdout) as GradeJson).results.map((r) => r.file)).toEqual(cheap)
  })

  test('a file that is not a part is bad usage naming it', async () => {
    const [a] = paths()
    const part = readFileSync(a, 'utf8')
    const bad = async (name: string, content: string | null, message: string | RegExp) => {
      const path = content === null ? join(dir, name) : write(dir, name, content)
      const result = await cli('grade', 'merge', a, path)
      expect(result).toMatchObject({ code: 2, stdout: '' })
      if (typeof message === 'string') expect(result.stderr).toBe(`leaklab: ${message.replace('PATH', path)}\n`)
      else expect(result.stderr).toMatch(message)
    }
    await bad('cut-short.json', part.slice(0, 200), /^leaklab: .*cut-short\.json is not valid JSON: .* \(parts are what leaklab grade … --shard K\/N --json prints\)\n$/)
    await bad('whole.json', one.json, 'PATH is the JSON of a whole grading, not of a part: it has no "shard" (parts are what leaklab grade … --shard K/N --json prints)')
    await bad('list.json', '[1, 2]', 'PATH is not a part of a grading: it holds JSON, but not an object (parts are what leaklab grade … --shard K/N --json prints)')
    await bad('other.json', '{"a": 1}', 'PATH is not the JSON of leaklab grade: it has no "scenario" and "results" (parts are what leaklab grade … --shard K/N --json prints)')
    const edit = (change: (json: GradeJson) => void) => {
      const json = JSON.parse(part) as GradeJson
      change(json)
      return JSON.stringify(json)
    }
    await bad('no-result.json', edit((j) => (j.results[0].result = 'great' as never)), /^leaklab: .*no-result\.json is not a valid part: results\[0\]\.result: invalid type: Expected \("pass" \| "fail" \| "unsure" \| "error"\) but received "great"\n$/)
    await bad('no-checks.json', edit((j) => delete (j.scenario as Partial<GradeJson['scenario']>).checks), /^leaklab: .*no-checks\.json is not a valid part: scenario\.checks: /)
    await bad('summary.json', edit((j) => (j.summary.passed += 1)), 'PATH is not a valid part: its summary does not match its results (was it edited?)')
    await bad('dropped.json', edit((j) => (j.results as unknown[]).pop()), 'PATH is not a valid part: it has 3 results and 4 positions')
    await bad('places.json', edit((j) => (j.shard!.positions = [...j.shard!.positions].reverse())), 'PATH is not a valid part: its positions are not ascending places in a list of 12 files')
    await bad('part-9.json', edit((j) => (j.shard!.part = 9)), 'PATH is not a valid part: it says it is part 9 of 3')
    await bad('nowhere.json', null, 'cannot read PATH: it does not exist')
    mkdirSync(join(dir, 'a-part-folder'))
    await bad('a-part-folder', null, 'PATH is a directory, not a part file')
  })

  test('more parts than files: the empty parts are parts too', async () => {
    const two = cheap.slice(0, 2)
    const whole = await cli('grade', ...two, '--scenario', SCENARIO_DIR, '--json')
    const paths: string[] = []
    for (let k = 1; k <= 4; k++) {
      const part = await cli('grade', ...two, '--scenario', SCENARIO_DIR, '--json', '--shard', `${k}/4`)
      expect(part.code).toBe(k <= 2 ? 1 : 0)
      expect((JSON.parse(part.stdout) as GradeJson).results).toHaveLength(k <= 2 ? 1 : 0)
      paths.push(write(dir, `small-${k}.json`, part.stdout))
    }
    expect(await cli('grade', 'merge', ...paths.reverse(), '--json')).toEqual({ code: 1, stdout: whole.stdout, stderr: '' })
    expect((await cli('grade', 'merge', ...paths.slice(1))).stderr).toBe('leaklab: part 4 of 4 is missing: merge needs every part of the grading\n')
  })

  test('takes only --json and --csv, and needs the part files', async () => {
    expect(await cli('grade', 'merge')).toEqual({ code: 2, stdout: '', stderr: 'leaklab: grade merge needs the PART.json files that grade --shard K/N --json wrote\n' })
    for (const option of [['--scenario', 'x'], ['--exercise', 'x'], ['--jobs', '2'], ['--shard', '1/2'], ['--lang', 'python']]) {
      expect(await cli('grade', 'merge', 'a.json', ...option)).toEqual({ code: 2, stdout: '', stderr: `leaklab: ${option[0]} is not an option of grade merge: the parts say what they were graded against\n` })
    }
    expect((await cli('grade', 'merge', 'a.json', '--steps', '2')).stderr).toMatch(/--steps is not an option of grade/)
    const unwritable = await cli('grade', 'merge', ...paths(), '--csv', join(dir, 'no/such/dir.csv'))
    expect(unwritable).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/cannot write .*no\/such\/dir\.csv: ENOENT/) })
  })
})

test('fixture sanity: the handful graded for real covers pass, fail and could not be graded', () => {
  const summary = (JSON.parse(one.json) as GradeJson).summary
  expect(summary).toMatchObject({ submissions: 12, passed: expect.any(Number), failed: expect.any(Number), notGraded: 5 })
  expect(summary.passed).toBeGreaterThan(0)
  expect(summary.failed).toBeGreaterThan(0)
})
