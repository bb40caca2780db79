/**
 * No lesson step copies a scenario: a learner who did the lesson must not have already solved the
 * scenario. Every program a lesson loads or offers as a solution is compared with every program of
 * every scenario (its leaky code, its fix, its attempts), line by line with names, strings and numbers
 * kept: six lines in a row in common, blank lines and comments aside, is a copy.
 */
import { expect, test } from 'vitest'
import { fileURLToPath } from 'node:url'
import { findContent } from '../../src/content/node/read-content'
import { parseLesson, parseScenario } from '../../src/content/parse-content'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const RUN = 6

/** The lines that carry code: trimmed, without blank lines, comment lines or a lone brace. */
export function codeLines(source: string): string[] {
  return source
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, '').trim())
    .filter((line) => line !== '' && !/^[{}()[\];,]+$/.test(line))
}

/** The first run of `length` lines both have in common, or null. */
export function sharedRun(a: string[], b: string[], length = RUN): string[] | null {
  const starts = new Map<string, number[]>()
  for (let i = 0; i + length <= b.length; i++) {
    const key = b.slice(i, i + length).join('\n')
    starts.set(key, [...(starts.get(key) ?? []), i])
  }
  for (let i = 0; i + length <= a.length; i++) {
    if (starts.has(a.slice(i, i + length).join('\n'))) return a.slice(i, i + length)
  }
  return null
}

test('sharedRun finds six lines in common, and not five', () => {
  const a = ['a', 'b', 'c', 'd', 'e', 'f', 'g']
  expect(sharedRun(a, ['x', ...a.slice(1)])).toEqual(a.slice(1, 7))
  expect(sharedRun(a, ['b', 'c', 'd', 'e', 'f', 'x'])).toBeNull()
  expect(codeLines('  // note\nconst a = 1 // why\n\n}\n')).toEqual(['const a = 1'])
})

test('no lesson step loads or solves with a scenario\'s program', async () => {
  const { folders } = await findContent(['scenarios', 'lessons'], ROOT)
  const scenarios = folders.filter((f) => f.kind === 'scenario').map(parseScenario).flatMap((p) => (p.ok ? [p.value] : []))
  const lessons = folders.filter((f) => f.kind === 'lesson').map(parseLesson).flatMap((p) => (p.ok ? [p.value] : []))
  expect(scenarios.length).toBeGreaterThan(0)
  expect(lessons.length).toBeGreaterThan(0)
  const scenarioPrograms = scenarios.flatMap((s) => [
    { name: `${s.folder}/leaky.js`, lines: codeLines(s.leaky) },
    { name: `${s.folder}/fixed.js`, lines: codeLines(s.fixed) },
    ...s.attempts.map((a) => ({ name: `${s.folder}/${a.file}`, lines: codeLines(a.code) })),
  ])
  const copies: string[] = []
  for (const lesson of lessons) {
    lesson.steps.forEach((step, i) => {
      for (const [what, code] of [['code', step.code], ['solution', step.solution]] as const) {
        if (code === null) continue
        for (const program of scenarioPrograms) {
          const run = sharedRun(codeLines(code), program.lines)
          if (run) copies.push(`${lesson.folder} step ${i + 1} (${what}) shares with ${program.name}:\n    ${run.join('\n    ')}`)
        }
      }
    })
  }
  expect(copies.join('\n')).toBe('')
})
