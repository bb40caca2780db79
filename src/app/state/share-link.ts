/**
 * Share links: the whole playground state (code and run settings) in the URL's fragment, compressed
 * with lz-string. The fragment never reaches a server, and a link is untrusted input: decoding
 * validates every field and answers with a message a learner understands, never an exception.
 */
import * as v from 'valibot'
import { packJson, unpackJson } from '../../format/packed-json'
import { runSettingsSchema, SETTINGS_LIMITS, type ContentRunSettings } from '../../content/run-settings-schema'

/** The fragment key; a version in the payload lets a later format read old links. */
export const SHARE_KEY = 's'
const FORMAT = 1

/** A shared program is at most this long once decompressed: a link is no place for more. */
export const MAX_SHARED_CODE = 200_000

/** The playground's languages. A link or a saved draft without one is JavaScript (older ones all are). */
export const LANGUAGES = ['javascript', 'python'] as const
export type Language = (typeof LANGUAGES)[number]
export const LANGUAGE_NAMES: Record<Language, string> = { javascript: 'JavaScript', python: 'Python' }

export interface SharedState {
  code: string
  settings: RunSettings
  /** Left out for JavaScript, so such links stay readable by a LeakLab that knows only JavaScript. */
  language?: Language
}

/** What the toolbar sets for a run: the same settings a scenario or lesson step sets. */
export type RunSettings = ContentRunSettings
export { SETTINGS_LIMITS }

const payloadSchema = v.object({
  v: v.literal(FORMAT),
  code: v.pipe(v.string(), v.maxLength(MAX_SHARED_CODE)),
  settings: runSettingsSchema,
  language: v.optional(v.picklist(LANGUAGES)),
})

export function validLanguage(value: unknown): value is Language {
  return v.is(v.picklist(LANGUAGES), value)
}

export function validSettings(value: unknown): value is RunSettings {
  return v.is(runSettingsSchema, value)
}

/** The fragment for a state, without the leading '#'. */
export function encodeShareFragment(state: SharedState): string {
  const payload = { v: FORMAT, code: state.code, settings: state.settings, ...(state.language && state.language !== 'javascript' ? { language: state.language } : {}) }
  return `${SHARE_KEY}=${packJson(payload)}`
}

export type DecodedLink = { state: SharedState } | { error: string } | null

/**
 * The state a fragment carries: null when the fragment is not a share link at all (empty, or
 * something else), `{ error }` when it is one that cannot be read.
 */
export function decodeShareFragment(fragment: string): DecodedLink {
  const params = new URLSearchParams(fragment.replace(/^#/, ''))
  const packed = params.get(SHARE_KEY)
  if (packed === null) return null
  const broken = { error: 'This share link is damaged or incomplete (it may have been cut off when it was copied), so it cannot be opened. Your own saved code was not changed.' }
  const unpacked = unpackJson(packed, MAX_SHARED_CODE * 2)
  if ('problem' in unpacked) {
    return unpacked.problem === 'too-large' ? { error: 'This share link holds more than a playground program can be, so it was not opened. Your own saved code was not changed.' } : broken
  }
  const data = unpacked.data
  const parsed = v.safeParse(payloadSchema, data)
  if (!parsed.success) {
    const version = (data as { v?: unknown } | null)?.v
    if (typeof version === 'number' && version !== FORMAT) {
      return { error: `This share link was made by a different version of LeakLab (format ${version}), so it cannot be opened here. Your own saved code was not changed.` }
    }
    const where = v.getDotPath(parsed.issues[0])
    return { error: `This share link has been changed or damaged${where ? ` (its "${where}" is not valid)` : ''}, so it was not opened. Your own saved code was not changed.` }
  }
  const { code, settings, language } = parsed.output
  return { state: { code, settings, ...(language ? { language } : {}) } }
}
