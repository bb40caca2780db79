/**
 * A submission's or an exercise file's text, read defensively: whatever path a teacher passes (a missing file, a
 * directory, a device, a file of gigabytes) comes back as text or as one sentence saying why not.
 */
import { open, stat } from 'node:fs/promises'
import { MAX_SUBMISSION_BYTES } from '../exercise/submission'
import { formatCount } from '../format/numbers'

export type ReadText = { ok: true; text: string } | { ok: false; reason: string }

const ERRNO: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: permission denied',
  ENOTDIR: 'does not exist (a part of its path is not a folder)',
  ELOOP: 'cannot be read: too many symbolic links',
  ENAMETOOLONG: 'cannot be read: its name is too long',
  EISDIR: 'is a directory',
}

function errnoReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  return (code && ERRNO[code]) ?? `cannot be read: ${code ?? (error as Error).message}`
}

function tooLarge(bytes: number, limit: number, noun: string): string {
  return `is too large (${formatCount(bytes)} bytes; ${noun === 'exercise' ? 'an' : 'a'} ${noun} is at most ${formatCount(limit)}), so it was not read`
}

/**
 * The file's text. Its size is checked before anything is read (stat), and the read itself stops
 * after `limit` + 1 bytes, so a file that grows in between cannot make it read more.
 */
export async function readSubmissionFile(path: string, limit = MAX_SUBMISSION_BYTES, noun: 'submission' | 'exercise' = 'submission'): Promise<ReadText> {
  let info
  try {
    info = await stat(path)
  } catch (error) {
    return { ok: false, reason: errnoReason(error) }
  }
  if (info.isDirectory()) return { ok: false, reason: `is a directory, not ${noun === 'exercise' ? 'an exercise' : 'a submission'} file` }
  // A FIFO would block the open, a device could be endless: only regular files are read.
  if (!info.isFile()) return { ok: false, reason: 'is not a regular file' }
  if (info.size > limit) return { ok: false, reason: tooLarge(info.size, limit, noun) }
  let bytes: Uint8Array
  try {
    const handle = await open(path, 'r')
    try {
      const buffer = new Uint8Array(limit + 1)
      let length = 0
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null)
        if (bytesRead === 0) break
        length += bytesRead
      }
      if (length > limit) return { ok: false, reason: tooLarge(length, limit, noun) }
      bytes = buffer.subarray(0, length)
    } finally {
      await handle.close()
    }
  } catch (error) {
    return { ok: false, reason: errnoReason(error) }
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return { ok: false, reason: 'is not UTF-8 text' }
  }
}
