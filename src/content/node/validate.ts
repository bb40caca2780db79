/**
 * `leaklab validate`: check scenario and lesson folders (schema, files, unique ids), and with
 * `prove`, run their programs to show each leaks and each fix holds.
 */
import { formatContentError, type ContentError } from '../content-error'
import type { Lesson } from '../lesson-schema'
import { duplicateIds, MANIFEST, parseLesson, parseScenario } from '../parse-content'
import { proveLesson, proveScenario, type ContentRunner } from '../prove'
import type { ContentRunSettings } from '../run-settings-schema'
import type { ContentLanguage, Scenario } from '../scenario-schema'
import { findContent, type FoundFolder } from './read-content'

/**
 * What `--prove` runs programs with: a ContentRunner whose view may also say that LeakLab itself had
 * to stop the program (`stoppedBy`: the CLI's watchdog ended a run the engine did not, or the engine's
 * worker failed). Such a run proves nothing, whatever the checks make of it (a leaky.js that hangs
 * would "fail its check"), so it is a failure of its own, naming the item and the file.
 */
export type ProveRunner = (code: string, settings: ContentRunSettings, verify: string | null, language?: ContentLanguage) => Promise<Awaited<ReturnType<ContentRunner>> & { stoppedBy?: string | null }>

/** A program a proof runs: its code, its language, its file and how to name it. */
interface ProvedProgram {
  code: string
  language: ContentLanguage
  file: string
  who: string
}

export interface ValidateReport {
  scenarios: number
  lessons: number
  errors: ContentError[]
  /** One line per item, in order: "ok scenarios/01-growing-list" or its errors. */
  lines: string[]
}

export async function validateContent(dirs: readonly string[], cwd: string, prove: ProveRunner | null): Promise<ValidateReport> {
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
      if (!prove) itemErrors = []
      else {
        const stopped: ContentError[] = []
        const run = watchStops(prove, provedPrograms(folder, parsed.value), `${folder.path}/${MANIFEST}`, stopped)
        const proofErrors = 'steps' in parsed.value ? await proveLesson(parsed.value, folder.root, run) : await proveScenario(parsed.value, folder.root, run)
        itemErrors = [...stopped, ...proofErrors]
      }
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

/** Every program the item's proof runs (prove.ts), in its order, with the file it comes from. */
function provedPrograms(folder: FoundFolder, item: Scenario | Lesson): ProvedProgram[] {
  const base = `${folder.root}/${item.folder}`
  if (!('steps' in item)) {
    const who = `scenario "${item.id}"`
    const python = item.pythonVariant
    return [
      { code: item.leaky, language: 'javascript', file: `${base}/leaky.js`, who },
      { code: item.fixed, language: 'javascript', file: `${base}/fixed.js`, who },
      ...item.attempts.map((attempt) => ({ code: attempt.code, language: 'javascript' as const, file: `${base}/${attempt.file}`, who })),
      ...(python
        ? [
            { code: python.leaky, language: 'python' as const, file: `${base}/${python.files.leaky}`, who: `${who} in Python` },
            { code: python.fixed, language: 'python' as const, file: `${base}/${python.files.fixed}`, who: `${who} in Python` },
          ]
        : []),
    ]
  }
  // The parsed steps hold the files' text; their names are in the manifest, carried as parseLesson carries the code.
  type Names = { code?: string; solution?: string }
  const names = (JSON.parse(folder.files[MANIFEST] ?? '{}') as { steps?: (Names & { python?: Names })[] }).steps ?? []
  const programs: ProvedProgram[] = []
  const track = (language: ContentLanguage) => {
    let carried: string | null = null
    item.steps.forEach((step, i) => {
      const own = language === 'python' ? names[i]?.python : names[i]
      const starterFile = own?.code ?? carried
      const solutionFile = own?.solution ?? null
      carried = solutionFile ?? starterFile
      const played = language === 'python' ? step.python : step
      if (!played?.checkpoint) return
      const who = `lesson "${item.id}", step ${i + 1} ("${step.title}")${language === 'python' ? ' in Python' : ''}`
      const file = (name: string | null) => `${base}/${name ?? MANIFEST}`
      programs.push({ code: played.starter, language, file: file(starterFile), who: `${who}: its starter` })
      if (played.solution !== null) programs.push({ code: played.solution, language, file: file(solutionFile), who: `${who}: its solution` })
    })
  }
  track('javascript')
  if (item.languages?.includes('python')) track('python')
  return programs
}

/**
 * `prove` for one item's proof, recording each program LeakLab had to stop as an error of its own.
 * The proof names no file when it runs a program, so the program is found by its code, in the order
 * the proof runs them (two files with the same code are the same program either way).
 */
function watchStops(prove: ProveRunner, programs: ProvedProgram[], manifest: string, stopped: ContentError[]): ContentRunner {
  const left = [...programs]
  return async (code, settings, verify, language = 'javascript') => {
    const index = left.findIndex((p) => p.code === code && p.language === language)
    const program = index >= 0 ? left.splice(index, 1)[0] : null
    const view = await prove(code, settings, verify, language)
    if (view.stoppedBy) {
      stopped.push({
        file: program?.file ?? manifest,
        message: `${program?.who ?? 'a program'}: LeakLab had to stop this program, so it proves nothing: ${view.stoppedBy}`,
      })
    }
    return view
  }
}
