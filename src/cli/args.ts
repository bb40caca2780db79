import { parseArgs } from 'node:util'
import { MIB } from '../engine/defaults'
import { parseDuration } from '../engine/duration'
import type { RunOptions } from '../engine/types'
import type { ContentLanguage } from '../content/scenario-schema'
import type { Shard } from '../grade/grade-shard'

/** What the command line asked for. */
export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; file: string; options: Partial<RunOptions>; json: boolean; ignore: string[] }
  /** `at`: the kept snapshot to write (a step number, a label or `end`), null for the final heap. */
  | { kind: 'snapshot'; file: string; options: Partial<RunOptions>; out: string; at: string | null }
  /** `from`, `to`, `then`: kept snapshots by step number, label or `end`; null for the default (from: the first, to: the last, then: none). */
  | { kind: 'compare'; file: string; options: Partial<RunOptions>; from: string | null; to: string | null; then: string | null; json: boolean }
  | { kind: 'validate'; dirs: string[]; prove: boolean }
  /** `shard`: grade only that part of the submissions (`--shard K/N`); null for all of them. */
  | { kind: 'grade'; submissions: string[]; against: GradeAgainst; csv: string | null; json: boolean; jobs: number | null; shard: Shard | null }
  /** `grade merge`: the parts' --json files, joined into one grading. */
  | { kind: 'grade-merge'; parts: string[]; csv: string | null; json: boolean }
  | { kind: 'assign'; dir: string; base: string; language: ContentLanguage }

/** What grade grades against: a scenario folder in one of its languages, or an exercise file (which names its own). */
export type GradeAgainst = { scenario: string; language: ContentLanguage } | { exercise: string }

/** Bad usage: the message is the one-line reason printed before exiting with code 2. */
export class UsageError extends Error {}

/** Where `npm start` serves the playground: the default address of the links `assign` prints. */
export const DEFAULT_BASE = 'http://localhost:5173/'

/** The most growth walks `--snapshots` may ask for. */
export const MAX_SNAPSHOTS = 50

/** The most parts `--shard K/N` may cut a grading into. */
export const MAX_SHARDS = 100_000

export const USAGE = `Usage: leaklab run FILE [options]
       leaklab snapshot FILE --out FILE.heapsnapshot [--at STEP|LABEL] [options]
       leaklab compare FILE [--from A] [--to B] [--then C] [--json] [options]
       leaklab validate [DIR...] [--prove]
       leaklab grade SUBMISSION... --scenario DIR [--csv FILE] [--json] [--jobs N] [--lang python]
       leaklab grade SUBMISSION... --exercise FILE.exercise.json [--csv FILE] [--json] [--jobs N]
       leaklab grade SUBMISSION... --scenario DIR|--exercise FILE --shard K/N [--json] [...]
       leaklab grade merge PART.json... [--csv FILE] [--json]
       leaklab assign DIR [--base URL] [--lang python]

run       runs FILE in a sandboxed QuickJS runtime and shows what it left alive:
          the live objects by line, and the leak suspects with their retainer paths.
          If FILE defines step(i), it is called --steps times (with setup() before and
          teardown() after, when defined), and the live heap is sampled as it goes.
          It runs on a worker thread with a watchdog: a run the engine has not ended by
          its --timeout, plus its heap walks (up to 10 s each) and 3 s of grace, is
          stopped and reported as a timeout. snapshot and validate --prove do the same.
snapshot  runs FILE the same way and writes its heap at the end in Chrome's
          .heapsnapshot format (open it in DevTools' Memory panel, or in memlab).
          With --at it writes one of the heaps the run kept instead (see compare).
compare   runs FILE the same way and compares two of the heaps the run kept, object by
          object: what was allocated between them and is still alive (added), and what
          was freed, by line, with how one added object is held. A run keeps the heap
          of each of its --snapshots growth walks, of each leaklab.snapshot('label') the
          program takes, and of the end (within 128 MiB; it says which it dropped).
          A, B and C name one each: a step number, a label, or end (default: A the
          first, B the last). With --then C, added counts only what is still alive at
          C: memlab's baseline, target and final.
validate  checks scenario and lesson folders (default: scenarios and lessons): their
          manifests, the files they name, unique ids. With --prove it also runs them:
          each leaky.js must fail its check and each fixed.js pass; each lesson step's
          starter must fail its checkpoint and its solution pass.
grade     grades submissions (the .leaklab.json files learners hand in from the page)
          against a scenario: each one's code is run again in the sandbox, with the
          scenario's steps and time, and judged by the scenario's check; what a submission
          says about its own result is never trusted. One handed in for another exercise,
          or for a changed one, or with other settings, is graded and flagged. Prints a
          table (file, learner, pass/fail/error, what the check measured, why) and a
          summary. Runs on worker threads, one per core; a file that cannot be read, is
          not a valid submission, or whose worker crashes or passes 30 s is reported as
          "could not be graded" and the others are still graded. With --lang python it
          grades against the scenario's Python variant, running each one in CPython; a
          submission in the other language is reported as "could not be graded".
          With --exercise it grades against an exercise file instead (the author form
          downloads one for a Python exercise, which has no scenario folder), in the
          exercise's own language.
          With --shard K/N it grades only part K of N of the files, to grade on N
          machines at once: the files sorted by base name, then full path, and every
          N-th taken from the K-th. A file's part depends on the list of files, never on
          their order; give every part the same list. A part's --json is what merge reads.
grade merge  joins the parts' --json files into what one run over all the files prints:
          the same table, or --json, and --csv, in the files' order. Every part must be
          given once, graded against the same exercise, cut from the same list.
assign    prints the assignment link of a scenario folder: the whole exercise in the
          link's fragment, without fixed.js or explanation.md. Learners who open it
          get the exercise, and Hand in gives the files grade reads. With --lang python
          the exercise is the scenario's Python variant (leaky.py, its checks, hints).

Options:
  --steps N           times to call step(i)                      (default 100)
  --sample-every K    sample the heap after every K steps        (default: about 100 samples)
  --time DURATION     simulated time for timers, e.g. 60s, 2m    (default 60s)
  --timeout MS        real time budget, e.g. 5000 or 5s          (default 5000)
  --memory MB         memory budget in MiB                       (default 64)
  --snapshots N       heap walks spread over the steps, 0 to ${MAX_SNAPSHOTS}  (default 5)
                      (0: none, and no heap at all); each is kept for compare and
                      snapshot --at
  --json              run, grade, compare: print the result as one JSON object (grade:
                      instead of the table; compare: { from, to, then, groups })
  --ignore PATH       run: what if the reference this retainer path ends with were gone
                      (e.g. 'bus._events.tick'; repeat for several): what would be freed,
                      and the route that still holds each suspect. Nothing in the program changes
  --out FILE          snapshot: where to write the .heapsnapshot
  --at STEP|LABEL     snapshot: write this kept heap instead of the final one
  --from A            compare: the kept heap to compare from     (default: the first)
  --to B              compare: the kept heap to compare it with  (default: the last)
  --then C            compare: count as added only what is still alive at C
                      (A, B, C, --at: a step number, a label, or end)
  --prove             validate: run the programs too
  --scenario DIR      grade: the scenario folder the submissions are for
  --exercise FILE     grade: instead of --scenario, the exercise file they are for
  --csv FILE          grade: also write the results as CSV, one row per submission:
                      file,learner,result,hash_matches,settings_match,figure,reason,
                      handed_in_at
  --jobs N            grade: workers at once                     (default: one per core)
  --shard K/N         grade: grade only part K of N, 1 ≤ K ≤ N (grade merge joins them)
  --base URL          assign: the playground's address           (default ${DEFAULT_BASE})
  --lang LANGUAGE     grade, assign: javascript or python; python needs a scenario
                      with a Python variant                      (default javascript)
  -h, --help          show this help
  --version           show the version

Exit codes:
  assign         0 the link was printed, 2 bad usage or a folder that is not valid (or,
                 with --lang python, has no Python variant).
  run, snapshot  0 the program ran, 1 the program failed (snapshot --at: or kept no heaps),
                 2 bad usage or unreadable file (snapshot --at: or a name that matches no
                 heap the run kept).
  compare        0 compared, 1 the program failed (the heaps it kept are still compared)
                 or the run kept fewer than two heaps, 2 bad usage, an unreadable file,
                 or a name that matches no heap the run kept (the kept ones are listed).
  validate       0 every folder is valid (and proved), 1 some are not, 2 bad usage.
  grade          0 every submission was graded (whether it passed or failed), 1 some
                 could not be graded (unreadable, not a valid submission, in the other
                 language, or its worker crashed or was stopped), 2 bad usage: no
                 submissions, no --scenario or --exercise, a scenario folder or exercise
                 file that is not valid (its errors are printed), a bad --shard K/N, or
                 with --lang python a scenario without a Python variant.
  grade merge    0 or 1 as grade over all the files would exit, 2 bad usage: a part that
                 cannot be read or is not one, or parts that are not one grading (graded
                 against another exercise, cut into another N or from another list of
                 files, a part given twice or missing); the message names the file.`

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text)
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not '${text}'`)
  }
  return value
}

function duration(name: string, text: string, min: number, max: number): number {
  const value = parseDuration(text)
  if (value === null || value < min || value > max) {
    throw new UsageError(`--${name} must be a duration such as 500ms, 60s or 2m (at most ${max / 1000} s), not '${text}'`)
  }
  return value
}

/** A kept snapshot's name (`--from`, `--to`, `--then`, `--at`): a step number, a label or `end`; null when not given. */
function keptName(option: string, text: string | undefined): string | null {
  if (text === undefined) return null
  if (text.trim() === '') throw new UsageError(`--${option} needs a step number, a snapshot's label or 'end'`)
  return text
}

/** `--shard K/N`: part K (1-based) of N, whole numbers with 1 ≤ K ≤ N. */
function shard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  const part = match ? Number(match[1]) : NaN
  const of = match ? Number(match[2]) : NaN
  if (!match || of < 1 || of > MAX_SHARDS || part < 1 || part > of) {
    throw new UsageError(`--shard must be K/N, part K of N parts: whole numbers with 1 ≤ K ≤ N ≤ ${MAX_SHARDS.toLocaleString('en-US')} (e.g. --shard 2/4), not '${text}'`)
  }
  return { part, of }
}

/** `--lang`: which of a scenario's languages grade and assign use. */
function language(text: string | undefined): ContentLanguage {
  if (text === undefined || text === 'javascript') return 'javascript'
  if (text === 'python') return 'python'
  throw new UsageError(`--lang must be javascript or python, not '${text}'`)
}

export function parseCommand(argv: string[]): Command {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        steps: { type: 'string' },
        'sample-every': { type: 'string' },
        time: { type: 'string' },
        timeout: { type: 'string' },
        memory: { type: 'string' },
        json: { type: 'boolean' },
        out: { type: 'string' },
        prove: { type: 'boolean' },
        scenario: { type: 'string' },
        exercise: { type: 'string' },
        csv: { type: 'string' },
        jobs: { type: 'string' },
        shard: { type: 'string' },
        base: { type: 'string' },
        lang: { type: 'string' },
        ignore: { type: 'string', multiple: true },
        snapshots: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        then: { type: 'string' },
        at: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    })
  } catch (error) {
    // parseArgs explains itself in one sentence; its hints about '--' are noise here.
    throw new UsageError((error as Error).message.split(/\.\s/)[0].replace(/\.$/, ''))
  }
  const { values, positionals } = parsed
  if (values.help || positionals[0] === 'help') return { kind: 'help' }
  if (values.version) return { kind: 'version' }
  const [command, file, ...extra] = positionals
  if (command === undefined) throw new UsageError('no command given; try: leaklab run FILE')
  if (command === 'validate') {
    const runOnly = (['steps', 'sample-every', 'time', 'timeout', 'memory', 'snapshots', 'json', 'out', 'at', 'from', 'to', 'then', 'scenario', 'exercise', 'csv', 'jobs', 'shard', 'lang'] as const).find((name) => values[name] !== undefined)
    if (runOnly) throw new UsageError(`--${runOnly} is not an option of validate`)
    return { kind: 'validate', dirs: positionals.slice(1), prove: values.prove ?? false }
  }
  if (command === 'grade') {
    const other = (['steps', 'sample-every', 'time', 'timeout', 'memory', 'snapshots', 'out', 'at', 'from', 'to', 'then', 'prove'] as const).find((name) => values[name] !== undefined)
    if (other) throw new UsageError(`--${other} is not an option of grade: submissions run with the exercise's own settings (the scenario's, or the exercise file's)`)
    if (file === 'merge') {
      // The parts say what they were graded against, and were cut already.
      const gradeOnly = (['scenario', 'exercise', 'lang', 'jobs', 'shard'] as const).find((name) => values[name] !== undefined)
      if (gradeOnly) throw new UsageError(`--${gradeOnly} is not an option of grade merge: the parts say what they were graded against`)
      if (extra.length === 0) throw new UsageError('grade merge needs the PART.json files that grade --shard K/N --json wrote')
      return { kind: 'grade-merge', parts: extra, csv: values.csv ?? null, json: values.json ?? false }
    }
    const submissions = positionals.slice(1)
    if (submissions.length === 0) throw new UsageError('grade needs at least one SUBMISSION file')
    const { scenario, exercise } = values
    if (scenario !== undefined && exercise !== undefined) throw new UsageError('grade takes --scenario DIR or --exercise FILE, not both')
    let against: GradeAgainst
    if (scenario !== undefined) against = { scenario, language: language(values.lang) }
    else if (exercise === undefined) throw new UsageError('grade needs --scenario DIR, the scenario folder the submissions are for (or --exercise FILE, the exercise file)')
    else if (values.lang !== undefined) throw new UsageError('--lang is for --scenario: an exercise file names its own language')
    else against = { exercise }
    return {
      kind: 'grade',
      submissions,
      against,
      csv: values.csv ?? null,
      json: values.json ?? false,
      jobs: values.jobs === undefined ? null : integer('jobs', values.jobs, 1, 256),
      shard: values.shard === undefined ? null : shard(values.shard),
    }
  }
  if (command === 'assign') {
    const other = (['steps', 'sample-every', 'time', 'timeout', 'memory', 'snapshots', 'out', 'at', 'from', 'to', 'then', 'prove', 'json', 'scenario', 'exercise', 'csv', 'jobs', 'shard'] as const).find((name) => values[name] !== undefined)
    if (other) throw new UsageError(`--${other} is not an option of assign`)
    if (file === undefined) throw new UsageError('assign needs the scenario folder DIR')
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`)
    const base = values.base ?? DEFAULT_BASE
    if (!/^https?:\/\/[^\s#]+$/.test(base)) throw new UsageError(`--base must be an http(s) address without a '#', not '${base}'`)
    return { kind: 'assign', dir: file, base, language: language(values.lang) }
  }
  if (values.ignore !== undefined && command !== 'run') throw new UsageError('--ignore is for run')
  if (values.base !== undefined) throw new UsageError('--base is for assign')
  if (values.prove !== undefined) throw new UsageError('--prove is for validate')
  if (command !== 'run' && command !== 'snapshot' && command !== 'compare') throw new UsageError(`unknown command '${command}'; the commands are: run, snapshot, compare, validate, grade, assign`)
  if (values.lang !== undefined) throw new UsageError(`--lang is for grade and assign; ${command} takes the language from the file's name (.py is Python)`)
  const gradeOnly = (['scenario', 'exercise', 'csv', 'jobs', 'shard'] as const).find((name) => values[name] !== undefined)
  if (gradeOnly) throw new UsageError(`--${gradeOnly} is for grade`)
  if (file === undefined) throw new UsageError(`${command} needs a FILE to run`)
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`)

  const options: Partial<RunOptions> = { filename: file.split(/[\\/]/).pop() || file }
  if (values.steps !== undefined) options.steps = integer('steps', values.steps, 0, 10_000_000)
  if (values['sample-every'] !== undefined) options.sampleEvery = integer('sample-every', values['sample-every'], 1, 10_000_000)
  if (values.time !== undefined) options.timeMs = duration('time', values.time, 0, 365 * 24 * 3_600_000)
  if (values.timeout !== undefined) options.timeoutMs = duration('timeout', values.timeout, 1, 3_600_000)
  if (values.memory !== undefined) {
    const mb = Number(values.memory)
    if (!Number.isFinite(mb) || mb < 1 || mb > 2048) throw new UsageError(`--memory must be a number of MiB from 1 to 2048, not '${values.memory}'`)
    options.memoryBytes = Math.round(mb * MIB)
  }
  if (values.snapshots !== undefined) options.snapshots = integer('snapshots', values.snapshots, 0, MAX_SNAPSHOTS)
  const compareOnly = (['from', 'to', 'then'] as const).find((name) => values[name] !== undefined)
  if (compareOnly && command !== 'compare') throw new UsageError(`--${compareOnly} is for compare`)
  if (values.at !== undefined && command !== 'snapshot') throw new UsageError('--at is for snapshot')
  if (options.snapshots === 0 && (command === 'compare' || values.at !== undefined)) {
    throw new UsageError(`${command === 'compare' ? 'compare' : '--at'} reads the heaps the run keeps, and --snapshots 0 keeps none`)
  }
  if (command === 'snapshot') {
    if (values.out === undefined) throw new UsageError('snapshot needs --out FILE.heapsnapshot')
    if (values.json) throw new UsageError('--json is for run; snapshot writes its file with --out')
    return { kind: 'snapshot', file, options, out: values.out, at: keptName('at', values.at) }
  }
  if (values.out !== undefined) throw new UsageError(`--out is for snapshot; ${command} prints its result`)
  if (command === 'compare') {
    return { kind: 'compare', file, options, from: keptName('from', values.from), to: keptName('to', values.to), then: keptName('then', values.then), json: values.json ?? false }
  }
  return { kind: 'run', file, options, json: values.json ?? false, ignore: values.ignore ?? [] }
}
