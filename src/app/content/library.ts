/**
 * The scenarios and lessons of the repository, bundled into the page and checked with the same parser
 * as `leaklab validate`: a folder that does not parse is listed with its errors instead of breaking the
 * page. Loaded on demand (dynamic import), so the playground alone does not carry the content.
 */
import type { ContentError } from '../../content/content-error'
import type { Lesson } from '../../content/lesson-schema'
import { guideLanguages, type GuideItem } from '../guide/guide-session.svelte'
import { LANGUAGE_NAMES, type Language } from '../state/share-link'
import { duplicateIds, parseLesson, parseScenario, type ContentFolder } from '../../content/parse-content'
import type { Scenario } from '../../content/scenario-schema'

const files = import.meta.glob(['/scenarios/*/*.json', '/scenarios/*/*.js', '/scenarios/*/*.md', '/scenarios/*/*.py', '/lessons/*/*.json', '/lessons/*/*.js', '/lessons/*/*.py', '/lessons/*/*.md'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>

export interface Library {
  scenarios: Scenario[]
  lessons: Lesson[]
  errors: ContentError[]
}

/** `/scenarios/01-growing-list/leaky.js` → folders by library, each with its files by name. */
function foldersOf(root: 'scenarios' | 'lessons'): ContentFolder[] {
  const byPath = new Map<string, ContentFolder>()
  for (const [path, text] of Object.entries(files)) {
    const match = /^\/(scenarios|lessons)\/([^/]+)\/([^/]+)$/.exec(path)
    if (!match || match[1] !== root) continue
    const folderPath = `${root}/${match[2]}`
    const folder = byPath.get(folderPath) ?? { path: folderPath, files: {} }
    folder.files[match[3]] = text
    byPath.set(folderPath, folder)
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path))
}

function parseAll<T extends { id: string; folder: string }>(folders: ContentFolder[], parse: (f: ContentFolder) => { ok: true; value: T } | { ok: false; errors: ContentError[] }, root: string): { items: T[]; errors: ContentError[] } {
  const items: T[] = []
  const errors: ContentError[] = []
  for (const folder of folders) {
    const parsed = parse(folder)
    if (parsed.ok) items.push(parsed.value)
    else errors.push(...parsed.errors)
  }
  errors.push(...duplicateIds(items, root))
  return { items, errors }
}

let library: Library | null = null

export function loadLibrary(): Library {
  if (library) return library
  const scenarios = parseAll(foldersOf('scenarios'), parseScenario, 'scenarios')
  const lessons = parseAll(foldersOf('lessons'), parseLesson, 'lessons')
  library = { scenarios: scenarios.items, lessons: lessons.items, errors: [...scenarios.errors, ...lessons.errors] }
  return library
}

/**
 * The lesson or scenario a link names, in the language it asks for, or null when the library has none
 * by that id. One not offered in that language opens in JavaScript, with a note saying so.
 */
export function findGuide(library: Library, kind: 'lesson' | 'scenario', id: string, language: Language = 'javascript'): { guide: GuideItem; note: string | null } | null {
  const item = (lang: Language): GuideItem | null => {
    if (kind === 'lesson') {
      const lesson = library.lessons.find((l) => l.id === id)
      return lesson ? { kind, lesson, language: lang } : null
    }
    const scenario = library.scenarios.find((s) => s.id === id)
    return scenario ? { kind, scenario, language: lang } : null
  }
  const found = item(language)
  if (!found) return null
  if (guideLanguages(found).includes(language)) return { guide: found, note: null }
  return { guide: item('javascript') as GuideItem, note: `This ${kind} is not offered in ${LANGUAGE_NAMES[language]} yet, so it opened in JavaScript.` }
}
