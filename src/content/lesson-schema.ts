/**
 * A lesson's manifest (`lessons/NN-slug/manifest.json`): ordered steps, each with its text (a Markdown
 * file), the code it loads or keeps, what the learner does, and the checkpoint that says it is done.
 */
import * as v from 'valibot'
import { manifestChecksSchema, pythonChecksSchema, type Check } from './check-schema'
import { runSettingsSchema } from './run-settings-schema'
import { slugSchema, type ContentLanguage } from './scenario-schema'

const text = v.pipe(v.string(), v.trim(), v.minLength(1))
const fileOf = (extension: string) =>
  v.pipe(v.string(), v.regex(new RegExp(`^[\\w.-]+\\.${extension}$`), `must name a .${extension} file in the lesson's folder`))

/** What the step asks of the learner; the player words its button and prompt after it. */
export const TASKS = ['read', 'run', 'inspect', 'edit'] as const

/**
 * A step in Python: the same task, with Python code, run by CPython. Each field stands for the
 * step's own; `text` and `hints` fall back to the step's when absent, code is never shared between
 * the languages. A Python checkpoint may not include `behaviour` or `gc-collected` (check-schema.ts).
 */
export const lessonStepPythonSchema = v.pipe(
  v.strictObject({
    /** The step's instructions for the Python track, a Markdown file; absent: the step's `text`. */
    text: v.optional(fileOf('md')),
    /** The Python program the step loads; absent: the learner keeps the code they have. */
    code: v.optional(fileOf('py')),
    /** Checked on each run of the Python program in this step. */
    checkpoint: v.optional(pythonChecksSchema),
    /** Revealed after each failed run, in Python's terms; absent: the step's `hints`. */
    hints: v.optional(v.array(text)),
    /** A Python program that passes the Python checkpoint. */
    solution: v.optional(fileOf('py')),
  }),
  v.check((python) => python.solution === undefined || python.checkpoint !== undefined, 'a Python solution needs a Python checkpoint for it to pass'),
)

export const lessonStepSchema = v.pipe(
  v.strictObject({
    title: text,
    /** The step's instructions, a Markdown file in the folder. */
    text: fileOf('md'),
    /** The program the step loads into the editor; absent: the learner keeps the code they have. */
    code: v.optional(fileOf('js')),
    task: v.picklist(TASKS),
    /** The toolbar's settings for this step; absent: the lesson's. */
    run: v.optional(v.strictObject(runSettingsSchema.entries)),
    /** Checked on each run the learner makes in this step; absent: the step is done once read. */
    checkpoint: v.optional(manifestChecksSchema),
    /** Revealed one at a time, after each run that fails the checkpoint. */
    hints: v.optional(v.array(text), []),
    /** A program that passes the checkpoint: "show solution" loads it, and the tests prove it passes. */
    solution: v.optional(fileOf('js')),
    /** The step in Python, for a lesson offered in Python too (see lessonStepPythonSchema). */
    python: v.optional(lessonStepPythonSchema),
  }),
  v.check((step) => step.task !== 'edit' || (step.checkpoint !== undefined && step.solution !== undefined), 'an "edit" step needs a checkpoint and a solution'),
  v.check((step) => step.solution === undefined || step.checkpoint !== undefined, 'a step with a solution needs a checkpoint for it to pass'),
)

export const lessonManifestSchema = v.pipe(
  v.strictObject({
    /** Unique across the lessons, and the folder's name after its number. */
    id: slugSchema,
    title: text,
    /** One or two sentences for the list of lessons. */
    summary: text,
    /** The toolbar's settings unless a step sets its own. */
    run: v.strictObject(runSettingsSchema.entries),
    steps: v.pipe(v.array(lessonStepSchema), v.minLength(1, 'a lesson needs at least one step')),
  }),
  v.check((lesson) => lesson.steps[0]?.code !== undefined, 'the first step must load code (steps[0].code)'),
)

export type LessonManifest = v.InferOutput<typeof lessonManifestSchema>
export type LessonStepManifest = LessonManifest['steps'][number]

/** A step's Python version with its files read, resolved as the JavaScript step is. */
export interface LessonStepPython {
  /** The Markdown instructions: the Python text, else the step's. */
  text: string
  checkpoint?: Check[]
  /** The Python code the step loads, or null when the learner keeps theirs. */
  code: string | null
  /** What the Python step starts from for the proofs: its own code, else the previous Python step's solution or starter. */
  starter: string
  solution: string | null
  /** The Python hints, else the step's. */
  hints: string[]
}

/** A step with its files read. `starter` is the code the step begins from, resolved as the player does. */
export interface LessonStep extends Omit<LessonStepManifest, 'text' | 'code' | 'solution' | 'checkpoint' | 'python'> {
  text: string
  /** The checkpoint, a behaviour check's verifier read from its file. */
  checkpoint?: Check[]
  /** The code the step loads, or null when the learner keeps theirs. */
  code: string | null
  /** What the step starts from for the proofs: its own code, else the previous step's solution or starter. */
  starter: string
  solution: string | null
  run: LessonManifest['run']
  /** The step in Python; null (parseLesson's) or absent when the lesson is not offered in Python. */
  python?: LessonStepPython | null
}

export interface Lesson extends Omit<LessonManifest, 'steps'> {
  folder: string
  steps: LessonStep[]
  /**
   * The languages the lesson can be played in: `['javascript']`, or `['javascript', 'python']` when its
   * steps have Python versions. parseLesson always sets it; absent means JavaScript only.
   */
  languages?: ContentLanguage[]
}
