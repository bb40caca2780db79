import { expect, test } from 'vitest'
import { withEmbed, withoutEmbed } from '../../src/app/embed/embed-link'
import { parseRoute, routeKey, scenarioHash } from '../../src/app/state/route'
import { encodeAssignmentFragment } from '../../src/exercise/assignment-link'
import type { Exercise } from '../../src/exercise/exercise'

test('`&embed` on a scenario or lesson link embeds it, with or without a language', () => {
  expect(parseRoute('#scenario=growing-list&embed')).toEqual({ kind: 'scenario', id: 'growing-list', language: 'javascript', languageError: null, embed: true })
  expect(parseRoute('#scenario=growing-list&lang=python&embed')).toMatchObject({ language: 'python', embed: true })
  expect(parseRoute('#embed&lesson=seed-article')).toMatchObject({ kind: 'lesson', id: 'seed-article', embed: true })
  expect(parseRoute('#lesson=seed-article&embed=1')).toMatchObject({ embed: true })
  expect(parseRoute('#lesson=seed-article&embed=0')).not.toHaveProperty('embed')
  expect(parseRoute('#lesson=seed-article')).not.toHaveProperty('embed')
})

test('the embedded and the full page are two pages: switching rebuilds it', () => {
  expect(routeKey(parseRoute('#scenario=growing-list&embed'))).not.toBe(routeKey(parseRoute('#scenario=growing-list')))
  expect(routeKey(parseRoute('#scenario=growing-list&embed'))).toBe(routeKey(parseRoute('#embed&scenario=growing-list')))
})

test('an assignment link embeds too, and its exercise comes out of the link whole', () => {
  const exercise = {
    id: 'sessions',
    title: 'Sessions that never end',
    summary: 'Stop the sessions piling up.',
    category: 'lingering-references',
    difficulty: 'beginner',
    starter: 'const sessions = []\nfunction step(i) { sessions.push({ id: i }) }\n',
    run: { steps: 100, timeMs: 60_000 },
    check: [{ kind: 'no-suspects' }],
    hints: ['Who keeps the sessions?'],
  } as unknown as Exercise
  const fragment = `#${encodeAssignmentFragment(exercise)}`
  const plain = parseRoute(fragment)
  if (plain.kind !== 'assignment') throw new Error(`not an assignment: ${JSON.stringify(plain)}`)
  const embedded = parseRoute(`${fragment}&embed`)
  expect(embedded).toMatchObject({ kind: 'assignment', embed: true, exercise: plain.exercise })
  expect(routeKey(embedded)).not.toBe(routeKey(plain))
  expect(withoutEmbed(`${fragment}&embed`)).toBe(fragment)
})

test('"Open in LeakLab" drops embed and nothing else; a language switch keeps it', () => {
  expect(withoutEmbed('#scenario=growing-list&lang=python&embed')).toBe('#scenario=growing-list&lang=python')
  expect(withoutEmbed('#embed=1&lesson=seed-article')).toBe('#lesson=seed-article')
  expect(withoutEmbed('#lesson=seed-article')).toBe('#lesson=seed-article')
  expect(withEmbed(scenarioHash('growing-list', 'python'))).toBe('#scenario=growing-list&lang=python&embed')
  expect(withEmbed('#scenario=growing-list&embed')).toBe('#scenario=growing-list&embed')
})
