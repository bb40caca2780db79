import { expect, test } from 'vitest'
import { editorType, isPresentationKey, loadPresentation, PRESENTATION_KEY, savePresentation } from '../../src/app/presentation/presentation'

const chord = (over: Partial<KeyboardEvent>) => ({ code: 'KeyP', altKey: true, shiftKey: true, ctrlKey: false, metaKey: false, ...over })

test('Alt+Shift+P, by the key\'s place, toggles presentation mode; nothing else does', () => {
  expect(isPresentationKey(chord({}))).toBe(true)
  expect(isPresentationKey(chord({ ctrlKey: true }))).toBe(false)
  expect(isPresentationKey(chord({ metaKey: true }))).toBe(false)
  expect(isPresentationKey(chord({ shiftKey: false }))).toBe(false)
  expect(isPresentationKey(chord({ altKey: false }))).toBe(false)
  expect(isPresentationKey(chord({ code: 'KeyO' }))).toBe(false)
})

test('the choice is remembered, and a browser that keeps nothing leaves it off without an error', () => {
  const kept = new Map<string, string>()
  const store = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v), removeItem: (k: string) => void kept.delete(k) }
  expect(loadPresentation(store)).toBe(false)
  expect(savePresentation(store, true)).toBe(true)
  expect(kept.get(PRESENTATION_KEY)).toBe('on')
  expect(loadPresentation(store)).toBe(true)
  expect(savePresentation(store, false)).toBe(true)
  expect(loadPresentation(store)).toBe(false)

  const refusing = { getItem: () => { throw new Error('denied') }, setItem: () => { throw new Error('quota') }, removeItem: () => {} }
  expect(loadPresentation(refusing)).toBe(false)
  expect(savePresentation(refusing, true)).toBe(false)
  expect(loadPresentation(null)).toBe(false)
  expect(savePresentation(null, true)).toBe(false)
})

test('the editor\'s type grows about as the page\'s does (137.5%), in whole pixels', () => {
  expect(editorType(false)).toEqual({ fontSize: 14, lineHeight: 21 })
  const grown = editorType(true).fontSize / editorType(false).fontSize
  expect(grown).toBeGreaterThanOrEqual(1.375)
  expect(grown).toBeLessThan(1.5)
  expect(editorType(true).lineHeight / editorType(true).fontSize).toBe(1.5)
})
