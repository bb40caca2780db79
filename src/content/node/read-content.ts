/**
 * Scenario and lesson folders from disk. A directory given is either one item (it holds a
 * manifest.json) or a library of them (its NN-slug subfolders); which kind an item is, its manifest
 * says: a lesson has steps.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import type { ContentError } from '../content-error'
import { MANIFEST, type ContentFolder } from '../parse-content'

export interface FoundFolder extends ContentFolder {
  kind: 'scenario' | 'lesson'
  /** The library it belongs to, for messages and id uniqueness: `scenarios`. */
  root: string
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}

async function readFolder(dir: string, cwd: string): Promise<ContentFolder> {
  const files: Record<string, string> = {}
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile()) files[entry.name] = await readFile(join(dir, entry.name), 'utf8')
  }
  return { path: relative(cwd, dir) || '.', files }
}

function kindOf(folder: ContentFolder): 'scenario' | 'lesson' {
  try {
    const data = JSON.parse(folder.files[MANIFEST] ?? '{}') as { steps?: unknown }
    return data !== null && typeof data === 'object' && 'steps' in data ? 'lesson' : 'scenario'
  } catch {
    // An unreadable manifest is reported by the parser; the library it sits in is the best guess.
    return /lesson/i.test(folder.path) ? 'lesson' : 'scenario'
  }
}

export async function findContent(dirs: readonly string[], cwd: string): Promise<{ folders: FoundFolder[]; errors: ContentError[] }> {
  const folders: FoundFolder[] = []
  const errors: ContentError[] = []
  for (const dir of dirs) {
    const path = resolve(cwd, dir)
    if (!(await isDirectory(path))) {
      errors.push({ file: dir, message: 'is not a directory' })
      continue
    }
    const entries = await readdir(path, { withFileTypes: true })
    if (entries.some((e) => e.isFile() && e.name === MANIFEST)) {
      const folder = await readFolder(path, cwd)
      folders.push({ ...folder, kind: kindOf(folder), root: relative(cwd, join(path, '..')) || '.' })
      continue
    }
    const items = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()
    if (items.length === 0) errors.push({ file: dir, message: 'holds neither a manifest.json nor folders of scenarios or lessons' })
    for (const name of items) {
      const folder = await readFolder(join(path, name), cwd)
      folders.push({ ...folder, kind: kindOf(folder), root: relative(cwd, path) || '.' })
    }
  }
  return { folders, errors }
}
