import { expect, test } from 'vitest'
import { Autosave, type KeyValueStore } from '../../src/app/state/autosave'
import { openingLanguage } from '../../src/app/state/opening-language'
import { parseRoute, scenarioHash } from '../../src/app/state/route'
import { encodeShareFragment } from '../../src/app/state/share-link'

function memoryStore(): KeyValueStore {
  const data = new Map<string, string>()
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) }
}

test("the page knows before it is built whether it opens on Python: a link's language, else the learner's last choice", () => {
  const store = memoryStore()
  expect(openingLanguage(parseRoute(''), store)).toBe('javascript')
  new Autosave(store).saveLanguage('python')
  expect(openingLanguage(parseRoute(''), store)).toBe('python')
  expect(openingLanguage(parseRoute('#author'), store)).toBe('python')
  // A link says its own language, whatever the learner chose last.
  expect(openingLanguage(parseRoute(scenarioHash('growing-list')), store)).toBe('javascript')
  expect(openingLanguage(parseRoute(scenarioHash('growing-list', 'python')), null)).toBe('python')
  const shared = (language: 'javascript' | 'python') => `#${encodeShareFragment({ code: 'x = 1', settings: { steps: 1, timeMs: 100 }, language })}`
  expect(openingLanguage(parseRoute(shared('python')), null)).toBe('python')
  expect(openingLanguage(parseRoute(shared('javascript')), store)).toBe('javascript')
  // No storage (a browser that refuses it): JavaScript, the page's default.
  expect(openingLanguage(parseRoute(''), null)).toBe('javascript')
})
