/**
 * The hand-ins a teacher drops or picks, as texts to grade: each file read (a `.zip` unpacked into
 * the files it holds), each with its name as the results show it, or the reason it could not be read.
 * A hand-in file that is too large or not UTF-8 becomes a row that says so, as in `leaklab grade`.
 */
import { MAX_SUBMISSION_BYTES } from '../../exercise/submission'
import { formatCount } from '../../format/numbers'
import type { HandInText } from '../../grade/grade-plan'
import { looksLikeZip, readZip, type ZipLimits } from './zip-entries'

/** What the page needs of a dropped file: the DOM's File has it. */
export interface PickedFile {
  name: string
  size: number
  arrayBuffer(): Promise<ArrayBuffer>
}

/** More hand-ins than a class of a few hundred hands in several times over is surely not meant. */
export const MAX_HAND_INS = 5_000
/** A zip of hand-ins: a class's worth is a few megabytes. */
export const MAX_ZIP_BYTES = 200 * 2 ** 20
const ZIP_LIMITS: ZipLimits = { entries: MAX_HAND_INS, entryBytes: MAX_SUBMISSION_BYTES, totalBytes: 512 * 2 ** 20 }

export interface ReadHandIns {
  handIns: HandInText[]
  /** Sentences about what was left out (files in a zip that are no hand-ins, a zip that could not be read). */
  notes: string[]
}

const decoder = new TextDecoder('utf-8', { fatal: true })

function decode(file: string, bytes: Uint8Array): HandInText {
  try {
    return { file, text: decoder.decode(bytes) }
  } catch {
    return { file, unreadable: 'is not UTF-8 text' }
  }
}

/** As `leaklab grade` says it; a zip's entry gives its size as its directory declares it. */
const tooLarge = (bytes: number) => `is too large (${formatCount(bytes)} bytes; a submission is at most ${formatCount(MAX_SUBMISSION_BYTES)}), so it was not read`

/** A hand-in inside a zip: a JSON file (a submission is `<exercise>--<learner>.leaklab.json`). */
const isJson = (path: string) => /\.json$/i.test(path)

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`

function listed(paths: readonly string[]): string {
  const shown = paths.slice(0, 3).map((p) => `“${p}”`).join(', ')
  return paths.length > 3 ? `${shown} and ${paths.length - 3} more` : shown
}

/** Every picked file's hand-ins, in the order picked; a zip's in its files' order. */
export async function readHandIns(files: readonly PickedFile[]): Promise<ReadHandIns> {
  const handIns: HandInText[] = []
  const notes: string[] = []
  for (const file of files) {
    if (handIns.length >= MAX_HAND_INS) {
      notes.push(`Only the first ${formatCount(MAX_HAND_INS)} hand-ins were taken; “${file.name}” and the files after it were left out.`)
      break
    }
    const zipNamed = /\.zip$/i.test(file.name)
    if (!zipNamed && file.size > MAX_SUBMISSION_BYTES) {
      handIns.push({ file: file.name, unreadable: tooLarge(file.size) })
      continue
    }
    if (zipNamed && file.size > MAX_ZIP_BYTES) {
      notes.push(`“${file.name}” is ${formatCount(Math.round(file.size / 2 ** 20))} MB, more than a zip of hand-ins may be (${MAX_ZIP_BYTES / 2 ** 20} MB), so it was not read.`)
      continue
    }
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await file.arrayBuffer())
    } catch (error) {
      handIns.push({ file: file.name, unreadable: `cannot be read (${error instanceof Error ? error.message : String(error)})` })
      continue
    }
    if (!zipNamed && !looksLikeZip(bytes)) {
      handIns.push(decode(file.name, bytes))
      continue
    }
    const zip = readZip(bytes, ZIP_LIMITS, isJson)
    if (!zip.ok) {
      notes.push(`“${file.name}” ${zip.reason}.`)
      continue
    }
    const room = MAX_HAND_INS - handIns.length
    for (const entry of zip.entries.slice(0, room)) handIns.push(decode(`${file.name}/${entry.path}`, entry.bytes))
    for (const { path, bytes: size } of zip.tooLarge) handIns.push({ file: `${file.name}/${path}`, unreadable: tooLarge(size) })
    if (zip.entries.length > room) notes.push(`Only the first ${formatCount(MAX_HAND_INS)} hand-ins were taken; ${plural(zip.entries.length - room, 'file')} of “${file.name}” were left out.`)
    if (zip.skipped.length > 0) notes.push(`${plural(zip.skipped.length, 'file')} in “${file.name}” ${zip.skipped.length === 1 ? 'is' : 'are'} not JSON and ${zip.skipped.length === 1 ? 'was' : 'were'} left out: ${listed(zip.skipped)}.`)
    if (zip.entries.length === 0 && zip.tooLarge.length === 0) notes.push(`“${file.name}” holds no hand-in (no .json file).`)
  }
  return { handIns, notes }
}
