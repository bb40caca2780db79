/**
 * The language the page will open in, read from the address and the saved choice before the page is
 * built: a page that opens on Python starts loading it with the page's first modules, not after
 * Monaco and the panels (Workspace.svelte decides for good, with the lesson or scenario in hand).
 */
import { exerciseLanguage } from '../../exercise/exercise'
import { Autosave, type KeyValueStore } from './autosave'
import type { Route } from './route'
import type { Language } from './share-link'

export function openingLanguage(route: Route, store: KeyValueStore | null): Language {
  switch (route.kind) {
    case 'shared':
      return route.state.language ?? 'javascript'
    case 'lesson':
    case 'scenario':
      // A lesson not offered in that language opens in JavaScript: a load for nothing, on a rare link.
      return route.language
    case 'assignment':
      return exerciseLanguage(route.exercise)
    case 'sample':
    case 'author':
      return new Autosave(store).loadLanguage() ?? 'javascript'
    case 'grade':
    case 'hand-in':
      // Most hand-ins are JavaScript: its engine is the grading pool's first worker.
      return 'javascript'
  }
}
