/**
 * JSON packed into a URL fragment with lz-string, and unpacked from one that may be damaged or
 * hostile: share links and assignment links both travel this way. Unpacking never throws.
 */
// lz-string is CommonJS: its default export is what both Node and the bundler can load.
import lzString from 'lz-string'

const { compressToEncodedURIComponent, decompressFromEncodedURIComponent } = lzString

export function packJson(payload: unknown): string {
  return compressToEncodedURIComponent(JSON.stringify(payload))
}

export type Unpacked = { data: unknown } | { problem: 'damaged' | 'too-large' }

/** The JSON value `packed` holds; `too-large` when it unpacks to more than `maxChars` characters. */
export function unpackJson(packed: string, maxChars: number): Unpacked {
  if (packed === '') return { problem: 'damaged' }
  // lz-string returns null or '' for most damage, and may throw on some inputs: both mean unreadable.
  let text: string | null
  try {
    text = decompressFromEncodedURIComponent(packed)
  } catch {
    return { problem: 'damaged' }
  }
  if (!text) return { problem: 'damaged' }
  if (text.length > maxChars) return { problem: 'too-large' }
  try {
    return { data: JSON.parse(text) }
  } catch {
    return { problem: 'damaged' }
  }
}
