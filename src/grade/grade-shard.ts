/**
 * Grading across machines: `leaklab grade … --shard K/N` grades the K-th of N parts of the files, and
 * `leaklab grade merge PART.json…` joins the parts' --json into exactly what one run over all the
 * files gives: the same results in the same order, the same summary, table and CSV.
 *
 * The split: the files sorted by base name, then by full path (comparing UTF-16 code units, never the
 * locale's collation, so machines with other locales agree), and part K takes the files at K-1,
 * K-1+N, K-1+2N… of that order. A file's part depends only on the list of files, never on the order
 * they were given in. This is chosen over hashing each file's name because:
 * - the parts are as even as they can be (they differ by one file at most), so N machines finish
 *   together, where a hash leaves some parts a good deal larger than others on a class's worth of
 *   files;
 * - hand-ins kept one folder per learner often share one base name (`alice/submission.leaklab.json`,
 *   `bob/submission.leaklab.json`): a hash of the base name would send them all to one part, and a
 *   hash of the full path would tie the split to where the folder is.
 * What it costs: a file's part depends on the whole list, so every part must be given the same list
 * (the same glob in the same folder does it). Each part records a digest of the list, and merge
 * refuses parts cut from different lists rather than join them wrongly.
 */
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import * as v from 'valibot'
import { checksSchema, type Check } from '../content/check-schema'
import { schemaErrors } from '../content/content-error'
import { runSettingsSchema } from '../content/run-settings-schema'
import { summarize } from './grade-report'
import type { GradeResult, GradeTarget } from './grade-submission'

/** `--shard K/N`: part K (1-based) of N. */
export interface Shard {
  part: number
  of: number
}

/** What a part's --json says about the part, so merge can put the parts back together and check they belong together. */
export interface ShardInfo extends Shard {
  /** Files in the whole list, every part's. */
  files: number
  /** SHA-256 of the whole list as given (JSON of the paths, in order): the same in every part of one grading. */
  list: string
  /** SHA-256 of the whole list in the split's order: the same files, whatever the order they were given in. */
  set: string
  /** Each result's place in the whole list as given (0-based), ascending: where merge puts it. */
  positions: number[]
}

const baseName = (path: string) => path.split(/[\\/]/).pop() || path
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const digest = (list: readonly string[]) => createHash('sha256').update(JSON.stringify(list)).digest('hex')

/** The files in the split's order, with their places in the list as given: by base name, then full path. */
function splitOrder(files: readonly string[]): { file: string; position: number }[] {
  return files
    .map((file, position) => ({ file, position, base: baseName(file) }))
    .sort((a, b) => byCodeUnits(a.base, b.base) || byCodeUnits(a.file, b.file))
    .map(({ file, position }) => ({ file, position }))
}

/** How many of `files` files part `part` of `of` holds. */
export function partSize(files: number, { part, of }: Shard): number {
  return part > files ? 0 : Math.floor((files - part) / of) + 1
}

/** Part `shard` of `files`: its files in the order given, and what its --json records about it. */
export function shardFiles(files: readonly string[], shard: Shard): { files: string[]; info: ShardInfo } {
  const order = splitOrder(files)
  const positions = order
    .filter((_, i) => i % shard.of === shard.part - 1)
    .map((entry) => entry.position)
    .sort((a, b) => a - b)
  return {
    files: positions.map((position) => files[position]),
    info: { part: shard.part, of: shard.of, files: files.length, list: digest(files), set: digest(order.map((entry) => entry.file)), positions },
  }
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0))
const sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex'))
const nullable = v.nullable

const resultSchema = v.object({
  file: v.string(),
  learner: nullable(v.string()),
  result: v.picklist(['pass', 'fail', 'unsure', 'error']),
  hashMatches: nullable(v.boolean()),
  settingsMatch: nullable(v.boolean()),
  figure: nullable(v.string()),
  reason: nullable(v.string()),
  handedInAt: nullable(v.string()),
  claimedPass: nullable(v.boolean()),
  settings: nullable(v.object(runSettingsSchema.entries)),
  notes: v.array(v.string()),
  checks: v.array(v.object({ kind: v.string(), pass: v.boolean(), measured: v.string(), explains: nullable(v.string()) })),
})

const partSchema = v.object({
  scenario: v.object({
    id: v.string(),
    title: v.string(),
    language: v.optional(v.picklist(['javascript', 'python'])),
    hash: sha256,
    settings: v.object(runSettingsSchema.entries),
    checks: checksSchema,
  }),
  shard: v.object({
    part: v.pipe(count, v.minValue(1)),
    of: v.pipe(count, v.minValue(1)),
    files: count,
    list: sha256,
    set: sha256,
    positions: v.array(count),
  }),
  summary: v.record(v.string(), v.number()),
  results: v.array(resultSchema),
})

type PartJson = v.InferInput<typeof partSchema>

/** One part file, read and checked. Its results are the JSON as written (never valibot's copy of it), so merging changes nothing in them. */
export interface Part {
  file: string
  target: GradeTarget
  shard: ShardInfo
  results: GradeResult[]
}

export type Read<T> = { ok: true; value: T } | { ok: false; error: string }

/** A part file this large is not read: 10,000 results take a few tens of MB. */
export const MAX_PART_BYTES = 512 * 1024 * 1024

const HOW = 'parts are what leaklab grade … --shard K/N --json prints'

/** A part's text (what `grade --shard K/N --json` printed), checked; `file` names it in the errors. */
export function readPart(file: string, text: string): Read<Part> {
  let data: unknown
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    return { ok: false, error: `${file} is not valid JSON: ${(error as Error).message} (${HOW})` }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ok: false, error: `${file} is not a part of a grading: it holds JSON, but not an object (${HOW})` }
  const record = data as Record<string, unknown>
  if (!('results' in record) || !('scenario' in record)) return { ok: false, error: `${file} is not the JSON of leaklab grade: it has no "scenario" and "results" (${HOW})` }
  if (!('shard' in record)) return { ok: false, error: `${file} is the JSON of a whole grading, not of a part: it has no "shard" (${HOW})` }
  const parsed = v.safeParse(partSchema, data)
  if (!parsed.success) {
    const first = schemaErrors('', parsed.issues)[0]
    return { ok: false, error: `${file} is not a valid part: ${first.field ?? 'the part'}: ${first.message}` }
  }
  const part = data as PartJson
  const { shard, scenario } = part
  const results = part.results as GradeResult[]
  const malformed = (why: string): Read<Part> => ({ ok: false, error: `${file} is not a valid part: ${why}` })
  if (shard.part > shard.of) return malformed(`it says it is part ${shard.part} of ${shard.of}`)
  if (shard.positions.length !== results.length) return malformed(`it has ${results.length} results and ${shard.positions.length} positions`)
  if (results.length !== partSize(shard.files, shard)) return malformed(`part ${shard.part} of ${shard.of} of ${shard.files} files holds ${partSize(shard.files, shard)}, not ${results.length}`)
  if (shard.positions.some((p, i) => p >= shard.files || (i > 0 && p <= shard.positions[i - 1]))) return malformed(`its positions are not ascending places in a list of ${shard.files} files`)
  if (JSON.stringify(summarize(results)) !== JSON.stringify(part.summary)) return malformed('its summary does not match its results (was it edited?)')
  const target: GradeTarget = {
    id: scenario.id,
    title: scenario.title,
    language: scenario.language ?? 'javascript',
    hash: scenario.hash,
    settings: scenario.settings,
    checks: scenario.checks as Check[],
  }
  return { ok: true, value: { file, target, shard: shard as ShardInfo, results } }
}

const describeTarget = (t: GradeTarget) => `"${t.id}"${t.language === 'javascript' ? '' : ` in ${t.language}`} (exercise hash ${t.hash.slice(0, 12)}…)`

/**
 * The parts joined: the target and every result in the order of the list the parts were cut from,
 * as one run over that list gives them. Refused, naming the file: parts graded against different
 * exercises, cut into a different number of parts or from different lists, two copies of one part
 * (they would overlap), or a part missing.
 */
export function mergeParts(parts: readonly Part[]): Read<{ target: GradeTarget; results: GradeResult[] }> {
  if (parts.length === 0) return { ok: false, error: 'no parts to merge' }
  const first = parts[0]
  const fail = (error: string) => ({ ok: false as const, error })
  const byPart = new Map<number, Part>()
  for (const part of parts) {
    if (JSON.stringify(part.target) !== JSON.stringify(first.target)) {
      const same = part.target.id === first.target.id && part.target.hash === first.target.hash && part.target.language === first.target.language
      return fail(same
        ? `${part.file} and ${first.file} were both graded against ${describeTarget(first.target)}, but with different settings or checks: merge joins the parts of one grading`
        : `${part.file} was graded against ${describeTarget(part.target)} and ${first.file} against ${describeTarget(first.target)}: merge joins the parts of one grading`)
    }
    if (part.shard.of !== first.shard.of) return fail(`${part.file} is part ${part.shard.part} of ${part.shard.of} and ${first.file} part ${first.shard.part} of ${first.shard.of}: every part must come from the same --shard K/${first.shard.of}`)
    if (part.shard.set !== first.shard.set) {
      return fail(`${part.file} was cut from another list of files (${part.shard.files}) than ${first.file} (${first.shard.files}): give every part the same SUBMISSION files`)
    }
    if (part.shard.list !== first.shard.list) {
      return fail(`${part.file} was given the same files as ${first.file} in another order, so no one run's order exists to merge into: give every part the files in the same order`)
    }
    const twin = byPart.get(part.shard.part)
    if (twin) {
      return fail(twin.file === part.file
        ? `${part.file} is given twice: merge takes each part once`
        : `${twin.file} and ${part.file} are both part ${part.shard.part} of ${part.shard.of}: they overlap`)
    }
    byPart.set(part.shard.part, part)
  }
  const missing = Array.from({ length: first.shard.of }, (_, i) => i + 1).filter((k) => !byPart.has(k))
  if (missing.length > 0) {
    const list = missing.length > 10 ? `${missing.slice(0, 10).join(', ')}… (${missing.length} in all)` : missing.join(', ')
    return fail(`${missing.length === 1 ? 'part' : 'parts'} ${list} of ${first.shard.of} ${missing.length === 1 ? 'is' : 'are'} missing: merge needs every part of the grading`)
  }
  const results: GradeResult[] = new Array(first.shard.files)
  const holder: Part[] = new Array(first.shard.files)
  for (const part of parts) {
    for (const [i, position] of part.shard.positions.entries()) {
      if (holder[position]) return fail(`${holder[position].file} and ${part.file} both hold ${results[position].file} (place ${position + 1} of the list): they overlap`)
      holder[position] = part
      results[position] = part.results[i]
    }
  }
  // Every part has the size its number gives, so N parts of `files` fill every place exactly once.
  return { ok: true, value: { target: first.target, results } }
}

/** A part file's text, or why it cannot be read (a sentence naming it). */
async function readPartFile(file: string): Promise<Read<string>> {
  try {
    const info = await stat(file)
    if (info.isDirectory()) return { ok: false, error: `${file} is a directory, not a part file` }
    if (!info.isFile()) return { ok: false, error: `${file} is not a regular file` }
    if (info.size > MAX_PART_BYTES) return { ok: false, error: `${file} is too large to be a part (${info.size} bytes)` }
    return { ok: true, value: await readFile(file, 'utf8') }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return { ok: false, error: `cannot read ${file}: ${code === 'ENOENT' ? 'it does not exist' : (code ?? (error as Error).message)}` }
  }
}

/** `leaklab grade merge`: the part files read, checked and joined; the first thing wrong is the error. */
export async function mergePartFiles(files: readonly string[]): Promise<Read<{ target: GradeTarget; results: GradeResult[] }>> {
  const parts: Part[] = []
  for (const file of files) {
    const text = await readPartFile(file)
    if (!text.ok) return text
    const part = readPart(file, text.value)
    if (!part.ok) return part
    parts.push(part.value)
  }
  return mergeParts(parts)
}
