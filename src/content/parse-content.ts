/**
 * A scenario or lesson folder, given as its files' text, checked and assembled. Pure, so the CLI
 * (which reads folders from disk) and the page (which gets them from the bundle) check them alike.
 */
import * as v from 'valibot'
import { MAX_VERIFY, type Check, type ManifestCheck } from './check-schema'
import { schemaErrors, type ContentError } from './content-error'
import { lessonManifestSchema, type Lesson, type LessonManifest, type LessonStep, type LessonStepPython } from './lesson-schema'
import { SLUG, scenarioManifestSchema, type Scenario, type ScenarioPythonVariant } from './scenario-schema'

export const MANIFEST = 'manifest.json'
const FOLDER = /^(\d{2})-(.+)$/

/** A folder's files by name (no subfolders), and where it is, for messages: `scenarios/01-growing-list`. */
export interface ContentFolder {
  path: string
  files: Record<string, string>
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: ContentError[] }

function folderName(path: string): string {
  return path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? path
}

function readManifest(folder: ContentFolder): { data: unknown } | { errors: ContentError[] } {
  const file = `${folder.path}/${MANIFEST}`
  const text = folder.files[MANIFEST]
  if (text === undefined) return { errors: [{ file, message: 'is missing' }] }
  try {
    return { data: JSON.parse(text) }
  } catch (error) {
    return { errors: [{ file, message: `is not valid JSON: ${(error as Error).message}` }] }
  }
}

/** The folder is `NN-<id>`: two digits give the order, the rest must be the manifest's id. */
function checkFolderName(folder: ContentFolder, id: string): ContentError[] {
  const name = folderName(folder.path)
  const match = FOLDER.exec(name)
  if (!match || !SLUG.test(match[2])) return [{ file: folder.path, message: `the folder's name must be two digits, a hyphen and the id ("01-${id}"), not "${name}"` }]
  if (match[2] !== id) return [{ file: `${folder.path}/${MANIFEST}`, field: 'id', message: `is "${id}" but the folder is named for "${match[2]}"` }]
  return []
}

function need(folder: ContentFolder, name: string, field: string | undefined, errors: ContentError[]): string {
  const text = folder.files[name]
  if (text === undefined) {
    errors.push({ file: `${folder.path}/${MANIFEST}`, ...(field ? { field } : {}), message: `names ${name}, which is not in the folder` })
    return ''
  }
  if (text.trim() === '') errors.push({ file: `${folder.path}/${name}`, message: 'is empty' })
  return text
}

/** The checks with each behaviour check's verifier read from the file it names. */
function readVerifiers(folder: ContentFolder, checks: readonly ManifestCheck[], field: string, errors: ContentError[]): Check[] {
  return checks.map((check, i) => {
    if (check.kind !== 'behaviour') return check
    const verify = need(folder, check.verify, `${field}[${i}].verify`, errors)
    if (verify.length > MAX_VERIFY) errors.push({ file: `${folder.path}/${check.verify}`, message: `is longer than a verifier may be (${MAX_VERIFY} characters)` })
    // Trimmed as an exercise's verifier is (check-schema.ts), so a folder and its link hash alike.
    return { ...check, verify: verify.trim() }
  })
}

export function parseScenario(folder: ContentFolder): Parsed<Scenario> {
  const read = readManifest(folder)
  if ('errors' in read) return { ok: false, errors: read.errors }
  const parsed = v.safeParse(scenarioManifestSchema, read.data)
  if (!parsed.success) return { ok: false, errors: schemaErrors(`${folder.path}/${MANIFEST}`, parsed.issues) }
  const manifest = parsed.output
  const errors = checkFolderName(folder, manifest.id)
  const missing = (name: string) => {
    if (folder.files[name] !== undefined) return need(folder, name, undefined, errors)
    errors.push({ file: `${folder.path}/${name}`, message: 'is missing: every scenario has leaky.js, fixed.js and explanation.md' })
    return ''
  }
  const leaky = missing('leaky.js')
  const fixed = missing('fixed.js')
  const explanation = missing('explanation.md')
  const pythonSource = manifest.python === undefined ? null : need(folder, manifest.python, 'python', errors)
  if (leaky !== '' && leaky === fixed) errors.push({ file: `${folder.path}/fixed.js`, message: 'is the same as leaky.js' })
  const check = readVerifiers(folder, manifest.check, 'check', errors)
  const attempts = manifest.attempts.map((attempt, i) => {
    const code = need(folder, attempt.file, `attempts[${i}].file`, errors)
    const same = code === leaky ? 'leaky.js' : code === fixed ? 'fixed.js' : null
    if (code !== '' && same) errors.push({ file: `${folder.path}/${attempt.file}`, message: `is the same as ${same}: an attempt is a fix of its own` })
    return { ...attempt, code }
  })
  let pythonVariant: ScenarioPythonVariant | null = null
  if (manifest.pythonVariant !== undefined) {
    const variant = manifest.pythonVariant
    const pyLeaky = need(folder, variant.leaky, 'pythonVariant.leaky', errors)
    const pyFixed = need(folder, variant.fixed, 'pythonVariant.fixed', errors)
    if (pyLeaky !== '' && pyLeaky === pyFixed) errors.push({ file: `${folder.path}/${variant.fixed}`, message: `is the same as ${variant.leaky}` })
    // The Python checks hold no verifier (no behaviour check): read as the JavaScript ones are all the same.
    const pyCheck = readVerifiers(folder, variant.check, 'pythonVariant.check', errors)
    pythonVariant = { leaky: pyLeaky, fixed: pyFixed, files: { leaky: variant.leaky, fixed: variant.fixed }, check: pyCheck, culprit: variant.culprit, hints: variant.hints, run: variant.run ?? manifest.run }
  }
  if (errors.length > 0) return { ok: false, errors }
  const { pythonVariant: _manifestVariant, ...rest } = manifest
  return { ok: true, value: { ...rest, check, attempts, folder: folderName(folder.path), leaky, fixed, explanation, pythonSource, pythonVariant } }
}

export function parseLesson(folder: ContentFolder): Parsed<Lesson> {
  const read = readManifest(folder)
  if ('errors' in read) return { ok: false, errors: read.errors }
  const parsed = v.safeParse(lessonManifestSchema, read.data)
  if (!parsed.success) return { ok: false, errors: schemaErrors(`${folder.path}/${MANIFEST}`, parsed.issues) }
  const manifest = parsed.output
  const errors = checkFolderName(folder, manifest.id)
  const steps: LessonStep[] = []
  const inPython = manifest.steps.some((step) => step.python !== undefined)
  let carried = ''
  let carriedPython = ''
  manifest.steps.forEach((step, i) => {
    const field = (name: string) => `steps[${i}].${name}`
    const text = need(folder, step.text, field('text'), errors)
    const code = step.code === undefined ? null : need(folder, step.code, field('code'), errors)
    const solution = step.solution === undefined ? null : need(folder, step.solution, field('solution'), errors)
    const starter = code ?? carried
    // The next step keeps what the learner has by then: this step's solution when it has one.
    carried = solution ?? starter
    if (solution !== null && solution === starter) errors.push({ file: `${folder.path}/${step.solution}`, message: `is the same as the code step ${i + 1} starts from` })
    const checkpoint = step.checkpoint && readVerifiers(folder, step.checkpoint, field('checkpoint'), errors)
    let python: LessonStepPython | null = null
    if (inPython) {
      errors.push(...pythonTrackErrors(step, i, `${folder.path}/${MANIFEST}`))
      const py = step.python ?? {}
      const pyCode = py.code === undefined ? null : need(folder, py.code, field('python.code'), errors)
      const pySolution = py.solution === undefined ? null : need(folder, py.solution, field('python.solution'), errors)
      const pyStarter = pyCode ?? carriedPython
      carriedPython = pySolution ?? pyStarter
      if (pySolution !== null && pySolution === pyStarter) errors.push({ file: `${folder.path}/${py.solution}`, message: `is the same as the Python code step ${i + 1} starts from` })
      python = {
        text: py.text === undefined ? text : need(folder, py.text, field('python.text'), errors),
        ...(py.checkpoint ? { checkpoint: readVerifiers(folder, py.checkpoint, field('python.checkpoint'), errors) } : {}),
        code: pyCode,
        starter: pyStarter,
        solution: pySolution,
        hints: py.hints ?? step.hints,
      }
    }
    const { python: _manifestPython, ...fields } = step
    steps.push({ ...fields, checkpoint, text, code, solution, starter, run: step.run ?? manifest.run, python })
  })
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, value: { ...manifest, folder: folderName(folder.path), steps, languages: inPython ? ['javascript', 'python'] : ['javascript'] } }
}

/**
 * A lesson offered in Python is offered whole: the Python track starts with code of its own, and each
 * step it has asks what the JavaScript step asks (a checkpoint where it has one, a solution where it has one).
 */
function pythonTrackErrors(step: LessonManifest['steps'][number], i: number, file: string): ContentError[] {
  const python = step.python
  const at = (message: string, name = 'python') => [{ file, field: `steps[${i}].${name}`, message }]
  if (i === 0 && python?.code === undefined) return at('a lesson offered in Python must load Python code in its first step', python ? 'python.code' : 'python')
  if (step.code !== undefined && python?.code === undefined) return at('the step loads code, so its Python version must load Python code too (python.code)')
  if (step.checkpoint !== undefined && python?.checkpoint === undefined) return at('the step has a checkpoint, so its Python version needs one too (python.checkpoint)')
  if (step.checkpoint === undefined && python?.checkpoint !== undefined) return at('the step has no checkpoint, so its Python version may not have one: both tracks ask the same', 'python.checkpoint')
  if (step.solution !== undefined && python?.solution === undefined) return at('the step has a solution, so its Python version needs one too (python.solution)')
  if (step.solution === undefined && python?.solution !== undefined) return at('the step has no solution, so its Python version may not have one: both tracks ask the same', 'python.solution')
  return []
}

/** Ids must be unique across a library: the page and progress records find items by id. */
export function duplicateIds(items: readonly { id: string; folder: string }[], root: string): ContentError[] {
  const seen = new Map<string, string>()
  const errors: ContentError[] = []
  for (const item of items) {
    const first = seen.get(item.id)
    if (first !== undefined) errors.push({ file: `${root}/${item.folder}/${MANIFEST}`, field: 'id', message: `"${item.id}" is also the id of ${root}/${first}` })
    else seen.set(item.id, item.folder)
  }
  return errors
}
