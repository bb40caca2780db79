/**
 * Presentation mode: large type for a projector or a shared screen, the colours unchanged (they meet
 * WCAG AA at any size). The page sets `data-presentation` on <html> (global.css scales the type from
 * there) and Monaco takes the editor's sizes below. Remembered in this browser across reloads.
 */
import type { KeyValueStore } from '../state/autosave'

/** Beside the autosave's keys (same prefix), one value for the whole site. */
export const PRESENTATION_KEY = 'leaklab:v1:presentation'

/**
 * The shortcut, as aria-keyshortcuts spells it. Neither Monaco (its Alt+P toggles "preserve case" in
 * the find widget only) nor Chromium or Firefox bind Alt+Shift+P; it is matched by the key's place
 * (`code`), so macOS's Option+Shift+P, which types "∏", works too.
 */
export const PRESENTATION_SHORTCUT = 'Alt+Shift+P'

export type KeyChord = Pick<KeyboardEvent, 'code' | 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey'>

export function isPresentationKey(event: KeyChord): boolean {
  return event.code === 'KeyP' && event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey
}

/** The editor's type: 14 px as ever; when presenting 20 px, the page's 137.5% rounded up to a whole pixel. */
export function editorType(presenting: boolean): { fontSize: number; lineHeight: number } {
  return presenting ? { fontSize: 20, lineHeight: 30 } : { fontSize: 14, lineHeight: 21 }
}

/** Whether the learner left presentation mode on; false when nothing (or something unreadable) is kept. */
export function loadPresentation(store: KeyValueStore | null): boolean {
  try {
    return store?.getItem(PRESENTATION_KEY) === 'on'
  } catch {
    return false
  }
}

/** Remembers the choice; false when the browser keeps nothing (the mode still works until the page goes). */
export function savePresentation(store: KeyValueStore | null, on: boolean): boolean {
  if (!store) return false
  try {
    if (on) store.setItem(PRESENTATION_KEY, 'on')
    else store.removeItem(PRESENTATION_KEY)
    return true
  } catch {
    return false
  }
}
