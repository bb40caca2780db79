/**
 * `leaklab validate`: check scenario and lesson folders (schema, files, unique ids), and with
 * `prove`, run their programs to show each leaks and each fix holds.
 */
import { formatContentError, type ContentError } from '../content-error'
import { duplicateIds, parseLesson, parseScenario } from '../parse-content'
import { proveLesson, proveScenario, type ContentRunner } from '../prove'
import { findContent } from './read-content'

export interface ValidateReport {
  scenarios: number
  lessons: number
  errors: ContentError[]
  /** One line per item, in order: "ok scenarios/01-growing-list" or its errors. */
  lines: string[]
}

export async function validateContent(dirs: readonly string[], cwd: string, prove: ContentRunner | null): Promise<ValidateReport> {
  const found = await findContent(dirs, cwd)
  const errors = [...found.errors]
  const lines: string[] = found.errors.map(formatContentError)
  const byRoot = new Map<string, { id: string; folder: string }[]>()
  let scenarios = 0
  let lessons = 0
  for (const folder of found.folders) {
    const parsed = folder.kind === 'lesson' ? parseLesson(folder) : parseScenario(folder)
    if (folder.kind === 'lesson') lessons++
    else scenarios++
    let itemErrors: ContentError[]
    if (!parsed.ok) itemErrors = parsed.errors
    else {
      const list = byRoot.get(folder.root) ?? []
      list.push({ id: parsed.value.id, folder: parsed.value.folder })
      byRoot.set(folder.root, list)
      itemErrors = !prove
        ? []
        : 'steps' in parsed.value
          ? await proveLesson(parsed.value, folder.root, prove)
          : await proveScenario(parsed.value, folder.root, prove)
    }
    errors.push(...itemErrors)
    lines.push(itemErrors.length === 0 ? `ok    ${folder.path}${prove ? ' (proved)' : ''}` : itemErrors.map((e) => `FAIL  ${formatContentError(e)}`).join('\n'))
  }
  for (const [root, items] of byRoot) {
    const duplicates = duplicateIds(items, root)
    errors.push(...duplicates)
    lines.push(...duplicates.map((e) => `FAIL  ${formatContentError(e)}`))
  }
  return { scenarios, lessons, errors, lines }
}
