/** One scenario folder from disk, parsed: what `leaklab grade --scenario` and `leaklab assign` read. */
import { formatContentError } from '../content-error'
import { parseScenario } from '../parse-content'
import type { Scenario } from '../scenario-schema'
import { findContent } from './read-content'

export type LoadedScenario = { ok: true; scenario: Scenario } | { ok: false; errors: string[] }

export async function loadScenarioFolder(dir: string, cwd: string, option: string): Promise<LoadedScenario> {
  const found = await findContent([dir], cwd)
  if (found.errors.length > 0) return { ok: false, errors: found.errors.map(formatContentError) }
  if (found.folders.length !== 1) {
    return { ok: false, errors: [`${dir}: is a library of ${found.folders.length} items; ${option} needs one scenario folder (the one with its manifest.json)`] }
  }
  const [folder] = found.folders
  if (folder.kind !== 'scenario') return { ok: false, errors: [`${folder.path}: is a lesson; ${option} needs a scenario folder`] }
  const parsed = parseScenario(folder)
  return parsed.ok ? { ok: true, scenario: parsed.value } : { ok: false, errors: parsed.errors.map(formatContentError) }
}
