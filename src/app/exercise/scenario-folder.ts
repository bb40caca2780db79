/**
 * The scenario folder an authored exercise makes, in the format of the repository's scenarios/ (so
 * `leaklab validate --prove` and `leaklab grade --scenario` read it), and as a .zip to download.
 */
import { strToU8, zipSync } from 'fflate'
import { verifierOf } from '../../content/check-schema'
import { exerciseLanguage, type Exercise } from '../../exercise/exercise'

const VERIFY_FILE_NAME = 'verify.js'

export interface FolderExtras {
  fix: string
  explanation: string
  culprit: string
}

/**
 * The folder's name and its files' text, as `scenarios/NN-slug/` holds them. A JavaScript exercise
 * only: a scenario's leaky.js and fixed.js are JavaScript (author-draft.ts, NO_PYTHON_FOLDER).
 */
export function scenarioFolder(exercise: Exercise, extras: FolderExtras): { name: string; files: Record<string, string> } {
  if (exerciseLanguage(exercise) !== 'javascript') throw new Error('a scenario folder is made from a JavaScript exercise only')
  const manifest = {
    id: exercise.id,
    title: exercise.title,
    category: exercise.category,
    difficulty: exercise.difficulty,
    summary: exercise.summary,
    run: exercise.run,
    // A folder keeps its verifier in a file, as the library's scenarios do.
    check: exercise.check.map((c) => (c.kind === 'behaviour' ? { ...c, verify: VERIFY_FILE_NAME } : c)),
    culprit: extras.culprit.trim(),
    hints: exercise.hints,
  }
  const withNewline = (text: string) => (text.endsWith('\n') ? text : `${text}\n`)
  const verify = verifierOf(exercise.check)
  return {
    // Numbered 01: the course's own order is the teacher's to set when the folder joins a library.
    name: `01-${exercise.id}`,
    files: {
      'manifest.json': `${JSON.stringify(manifest, null, 2)}\n`,
      'leaky.js': withNewline(exercise.starter),
      'fixed.js': withNewline(extras.fix),
      'explanation.md': withNewline(extras.explanation.trim()),
      ...(verify === null ? {} : { [VERIFY_FILE_NAME]: withNewline(verify) }),
    },
  }
}

export function zipFolder(folder: { name: string; files: Record<string, string> }): Uint8Array {
  const entries: Record<string, Uint8Array> = {}
  for (const [file, text] of Object.entries(folder.files)) entries[`${folder.name}/${file}`] = strToU8(text)
  return zipSync(entries, { level: 6 })
}
