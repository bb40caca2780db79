import fc from 'fast-check'
import { compressToEncodedURIComponent } from 'lz-string'
import { describe, expect, it } from 'vitest'
import { decodeShareFragment, encodeShareFragment, MAX_SHARED_CODE, SETTINGS_LIMITS, type SharedState } from '../../src/app/state/share-link'

const state: SharedState = { code: 'const leakList = []\nfunction step(i) { leakList.push({ i }) }\n', settings: { steps: 50, timeMs: 1000 } }
const pack = (data: unknown) => `s=${compressToEncodedURIComponent(JSON.stringify(data))}`

describe('share links', () => {
  it('carry code and settings through the URL fragment unchanged', () => {
    const fragment = encodeShareFragment(state)
    expect(fragment).toMatch(/^s=[A-Za-z0-9+\-$]+$/)
    expect(decodeShareFragment(`#${fragment}`)).toEqual({ state })
  })

  it('round-trip any program text, unicode and NULs included', () => {
    const settings = fc.record({
      steps: fc.integer({ min: SETTINGS_LIMITS.steps.min, max: SETTINGS_LIMITS.steps.max }),
      timeMs: fc.integer({ min: SETTINGS_LIMITS.timeMs.min, max: SETTINGS_LIMITS.timeMs.max }),
    })
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), settings, (code, s) => {
        expect(decodeShareFragment(encodeShareFragment({ code, settings: s }))).toEqual({ state: { code, settings: s } })
      }),
    )
  })

  it('ignore a fragment that is not a share link', () => {
    expect(decodeShareFragment('')).toBeNull()
    expect(decodeShareFragment('#lesson=1')).toBeNull()
  })

  it('refuse a cut-off or tampered link with a readable message, never an exception', () => {
    const fragment = encodeShareFragment(state)
    const damaged = [
      fragment.slice(0, Math.floor(fragment.length / 2)),
      fragment.slice(0, -3),
      `${fragment.slice(0, 10)}x${fragment.slice(11)}`,
      's=',
      's=%%%',
      's=not-a-link',
    ]
    for (const f of damaged) {
      const decoded = decodeShareFragment(f)
      expect(decoded, f).not.toBeNull()
      expect(decoded && 'error' in decoded ? decoded.error : '', f).toMatch(/saved code was not changed/)
    }
  })

  it('never throws on arbitrary fragments', () => {
    fc.assert(
      fc.property(fc.string(), (tail) => {
        const decoded = decodeShareFragment(`s=${tail}`)
        expect(decoded === null || 'state' in decoded || 'error' in decoded).toBe(true)
      }),
    )
  })

  it('name the field that does not hold, and reject other formats and oversized code', () => {
    const bad = (data: unknown) => {
      const decoded = decodeShareFragment(pack(data))
      return decoded && 'error' in decoded ? decoded.error : JSON.stringify(decoded)
    }
    expect(bad({ v: 1, code: 'x', settings: { steps: -1, timeMs: 0 } })).toMatch(/"settings\.steps"/)
    expect(bad({ v: 1, code: 42, settings: state.settings })).toMatch(/"code"/)
    expect(bad({ v: 1, code: 'x', settings: { steps: 1.5, timeMs: 0 } })).toMatch(/"settings\.steps"/)
    expect(bad({ v: 2, code: 'x', settings: state.settings })).toMatch(/different version of LeakLab \(format 2\)/)
    expect(bad({ v: 1, code: 'x'.repeat(MAX_SHARED_CODE + 1), settings: state.settings })).toMatch(/"code"/)
    expect(bad([1, 2])).toMatch(/changed or damaged/)
    expect(bad({ v: 1, code: 'x', settings: state.settings, language: 'ruby' })).toMatch(/"language"/)
  })

  it("carry a Python program's language; a JavaScript program's link has none, as links made before Python", () => {
    const python: SharedState = { code: 'leak_list = []\ndef step(i):\n    leak_list.append(i)\n', settings: { steps: 10, timeMs: 0 }, language: 'python' }
    expect(decodeShareFragment(encodeShareFragment(python))).toEqual({ state: python })
    // JavaScript is left out, so a LeakLab that knows only JavaScript reads the link as it always did.
    const javascript = encodeShareFragment({ ...state, language: 'javascript' })
    expect(javascript).toBe(encodeShareFragment(state))
    expect(decodeShareFragment(javascript)).toEqual({ state })
    // A link made before Python (no language) opens as JavaScript: the page reads a missing language so.
    expect(decodeShareFragment(pack({ v: 1, code: state.code, settings: state.settings }))).toEqual({ state })
    expect(decodeShareFragment(pack({ v: 1, code: 'x', settings: state.settings, language: 'javascript' }))).toEqual({ state: { code: 'x', settings: state.settings, language: 'javascript' } })
  })
})
