import { expect, it } from 'vitest'
import { readColors } from '../../src/app/panels/theme'

it('reads CSS custom properties by name, trimmed, with a fallback for unset ones', () => {
  const style = { getPropertyValue: (name: string) => ({ '--accent': ' #2456c7 ', '--text': '#1d1d1f' })[name] ?? '' }
  expect(readColors(style, ['accent', 'text', 'missing'], '#888')).toEqual({ accent: '#2456c7', text: '#1d1d1f', missing: '#888' })
})
