/**
 * An exercise as a file (`ID.exercise.json`): the assignment link's exercise, as JSON. The author form
 * downloads one for an exercise that has no scenario folder (a Python one), and `leaklab grade
 * --exercise` grades against it as it would against the folder.
 */
import * as v from 'valibot'
import { schemaErrors } from '../content/content-error'
import { exerciseSchema, type Exercise } from './exercise'

export const EXERCISE_FILE_SUFFIX = '.exercise.json'

export function exerciseFile(exercise: Exercise): { name: string; text: string } {
  return { name: `${exercise.id}${EXERCISE_FILE_SUFFIX}`, text: `${JSON.stringify(exercise, null, 2)}\n` }
}

export type ReadExercise = { ok: true; exercise: Exercise } | { ok: false; errors: string[] }

/** A file's text as an exercise, or what is wrong with it, one line per problem. */
export function readExercise(text: string): ReadExercise {
  let data: unknown
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    return { ok: false, errors: [`is not valid JSON: ${(error as Error).message}`] }
  }
  const parsed = v.safeParse(exerciseSchema, data)
  if (parsed.success) return { ok: true, exercise: parsed.output }
  return { ok: false, errors: schemaErrors('', parsed.issues).map((e) => `${e.field ?? 'the exercise'}: ${e.message}`) }
}
