/**
 * The learner's code, saved locally per sample as they type, so a reload or a crash loses nothing.
 * Storage can be missing, full or forbidden (private windows, quotas): every call degrades to "not
 * saved" and says so, rather than throwing into the page.
 */
import { validLanguage, validSettings, type Language, type RunSettings } from './share-link'

const PREFIX = 'leaklab:v1:'

export interface SavedWork {
  code: string
  settings: RunSettings | null
  /** What the code is written in; drafts saved before Python came are JavaScript (left out). */
  language?: Language
  savedAt: number
}

/** The part of the Web Storage API used here: a test passes a Map-backed fake. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export class Autosave {
  constructor(private readonly store: KeyValueStore | null) {}

  private key(sample: string): string {
    return `${PREFIX}work:${sample}`
  }

  /** What was saved for a sample, or null (nothing, or unreadable: never half a state). */
  load(sample: string): SavedWork | null {
    try {
      const text = this.store?.getItem(this.key(sample))
      if (!text) return null
      const data = JSON.parse(text) as Partial<SavedWork>
      if (typeof data.code !== 'string' || typeof data.savedAt !== 'number') return null
      return {
        code: data.code,
        settings: validSettings(data.settings) ? data.settings : null,
        ...(validLanguage(data.language) ? { language: data.language } : {}),
        savedAt: data.savedAt,
      }
    } catch {
      return null
    }
  }

  /** Saves; returns false when storage refused (the page then tells the learner their work is not kept). */
  save(sample: string, work: Omit<SavedWork, 'savedAt'>, now = Date.now()): boolean {
    if (!this.store) return false
    try {
      this.store.setItem(this.key(sample), JSON.stringify({ ...work, savedAt: now }))
      return true
    } catch {
      return false
    }
  }

  /** The language the learner last chose in the playground, or null (never chose, or unreadable). */
  loadLanguage(): Language | null {
    try {
      const value = this.store?.getItem(`${PREFIX}playground-language`)
      return validLanguage(value) ? value : null
    } catch {
      return null
    }
  }

  /** Remembers the playground's language, so a reload opens it again; false when storage refused. */
  saveLanguage(language: Language): boolean {
    if (!this.store) return false
    try {
      this.store.setItem(`${PREFIX}playground-language`, language)
      return true
    } catch {
      return false
    }
  }

  clear(sample: string): void {
    try {
      this.store?.removeItem(this.key(sample))
    } catch {
      // Nothing was kept, so nothing is lost.
    }
  }
}

/** localStorage when the browser lets the page use it, else null. */
export function browserStore(): KeyValueStore | null {
  try {
    const store = globalThis.localStorage
    const probe = `${PREFIX}probe`
    store.setItem(probe, '1')
    store.removeItem(probe)
    return store
  } catch {
    return null
  }
}
