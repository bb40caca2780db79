import { expect, it } from 'vitest'
import { readColors, typeScale } from '../../src/app/panels/theme'

it('reads CSS custom properties by name, trimmed, with a fallback for unset ones', () => {
  const style = { getPropertyValue: (name: string) => ({ '--accent': ' #2456c7 ', '--text': '#1d1d1f' })[name] ?? '' }
  expect(readColors(style, ['accent', 'text', 'missing'], '#888')).toEqual({ accent: '#2456c7', text: '#1d1d1f', missing: '#888' })
})

it('reads the type scale from the root font size: 1 at 16 px, 1.375 in presentation mode, 1 when unreadable', () => {
  expect(typeScale('16px')).toBe(1)
  expect(typeScale('22px')).toBe(1.375)
  expect(typeScale('')).toBe(1)
  expect(typeScale('0px')).toBe(1)
})
