import { expect, test } from 'vitest'
import { lessonHash, parseRoute, routeKey, scenarioHash } from '../../src/app/state/route'

test('a lesson or scenario link may ask for Python; links without `lang` are JavaScript, as before', () => {
  expect(parseRoute('#scenario=growing-list&lang=python')).toEqual({ kind: 'scenario', id: 'growing-list', language: 'python', languageError: null })
  expect(parseRoute('#lesson=seed-article')).toEqual({ kind: 'lesson', id: 'seed-article', language: 'javascript', languageError: null })
  expect(parseRoute('#lesson=seed-article&lang=Python')).toMatchObject({ language: 'python', languageError: null })
  expect(lessonHash('seed-article')).toBe('#lesson=seed-article')
  expect(lessonHash('seed-article', 'python')).toBe('#lesson=seed-article&lang=python')
  expect(scenarioHash('growing-list', 'python')).toBe('#scenario=growing-list&lang=python')
})

test('an unknown language opens the item in JavaScript and says why', () => {
  const route = parseRoute('#scenario=growing-list&lang=cobol')
  expect(route).toMatchObject({ kind: 'scenario', language: 'javascript' })
  expect(route.kind === 'scenario' && route.languageError).toBe('LeakLab has no language called “cobol” (it has javascript and python), so this opened in JavaScript.')
})

test('the same item in two languages is two pages: the page is rebuilt when the language changes', () => {
  expect(routeKey(parseRoute(scenarioHash('growing-list')))).not.toBe(routeKey(parseRoute(scenarioHash('growing-list', 'python'))))
})
