/**
 * The page's one presentation switch (presentation.ts has the rules): the header's button, the
 * embed's and the shortcut all flip it, and the editor reads it for its font size.
 */
import { browserStore, type KeyValueStore } from '../state/autosave'
import { isPresentationKey, loadPresentation, savePresentation } from './presentation'

class PresentationMode {
  on = $state(false)

  constructor(private readonly store: KeyValueStore | null) {
    this.on = loadPresentation(store)
    this.apply()
  }

  toggle(): void {
    this.on = !this.on
    savePresentation(this.store, this.on)
    this.apply()
  }

  /**
   * Listens for the shortcut on the window in the capture phase, before any element's own handlers:
   * so it works with the focus anywhere, Monaco's editor included (which would otherwise take the
   * keystroke, and on macOS type "∏"). Returns the remover.
   */
  listen(target: Window): () => void {
    const onKey = (event: KeyboardEvent) => {
      if (!isPresentationKey(event)) return
      event.preventDefault()
      event.stopPropagation()
      // A held key flips it once.
      if (!event.repeat) this.toggle()
    }
    target.addEventListener('keydown', onKey, { capture: true })
    return () => target.removeEventListener('keydown', onKey, { capture: true })
  }

  private apply(): void {
    document.documentElement.toggleAttribute('data-presentation', this.on)
  }
}

export const presentation = new PresentationMode(browserStore())
