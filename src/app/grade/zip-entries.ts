/**
 * A `.zip` a teacher drops, read defensively: its central directory's sizes are checked before anything
 * is inflated, and fflate inflates each entry into a buffer of the size the directory declares, so a
 * lying entry (a zip bomb) is cut short there, never grown. Nothing is written anywhere: the bytes stay
 * in the page.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate'

export interface ZipLimits {
  /** Entries kept at most; more is refused as a whole. */
  entries: number
  /** One entry's size at most, inflated: a larger one is skipped and named. */
  entryBytes: number
  /** All kept entries together, inflated. */
  totalBytes: number
}

export interface ZipEntry {
  /** Its path inside the zip, with `/` between folders. */
  path: string
  bytes: Uint8Array
}

export type ReadZip =
  | { ok: true; entries: ZipEntry[]; tooLarge: { path: string; bytes: number }[]; skipped: string[] }
  | { ok: false; reason: string }

/** What macOS and Windows put in a zip beside the files: never a hand-in. */
const SYSTEM_LITTER = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$|desktop\.ini$)/i

/**
 * The zip's files whose path `wanted` accepts (folders and system litter never), each as bytes.
 * `tooLarge` names the entries over `limits.entryBytes`, `skipped` the ones `wanted` refused.
 */
export function readZip(data: Uint8Array, limits: ZipLimits, wanted: (path: string) => boolean): ReadZip {
  const tooLarge: { path: string; bytes: number }[] = []
  const skipped: string[] = []
  let declared = 0
  let kept = 0
  let refusal: string | null = null
  const filter = (file: UnzipFileInfo): boolean => {
    if (refusal !== null || file.name.endsWith('/') || SYSTEM_LITTER.test(file.name)) return false
    if (!wanted(file.name)) {
      skipped.push(file.name)
      return false
    }
    if (file.originalSize > limits.entryBytes) {
      tooLarge.push({ path: file.name, bytes: file.originalSize })
      return false
    }
    declared += file.originalSize
    kept += 1
    if (kept > limits.entries) refusal = `holds more than ${limits.entries} files`
    else if (declared > limits.totalBytes) refusal = `would take more than ${Math.round(limits.totalBytes / 2 ** 20)} MB once unpacked`
    return refusal === null
  }
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(data, { filter })
  } catch (error) {
    return { ok: false, reason: `is not a zip file that can be read (${error instanceof Error ? error.message : String(error)})` }
  }
  if (refusal !== null) return { ok: false, reason: `${refusal}, so it was not read` }
  const entries = Object.entries(files)
    .map(([path, bytes]) => ({ path, bytes }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return { ok: true, entries, tooLarge, skipped }
}

/** Whether the bytes begin as a zip does (a local file header, or an empty archive's end record). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06)
}
