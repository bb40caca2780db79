import { describe, expect, it } from 'vitest'
import { Autosave, type KeyValueStore } from '../../src/app/state/autosave'

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  }
}

describe('autosave', () => {
  it('keeps the code and settings of each sample apart', () => {
    const save = new Autosave(memoryStore())
    expect(save.save('seed', { code: 'a', settings: { steps: 10, timeMs: 0 } }, 5)).toBe(true)
    expect(save.save('timers', { code: 'b', settings: null }, 6)).toBe(true)
    expect(save.load('seed')).toEqual({ code: 'a', settings: { steps: 10, timeMs: 0 }, savedAt: 5 })
    expect(save.load('timers')).toEqual({ code: 'b', settings: null, savedAt: 6 })
    save.clear('seed')
    expect(save.load('seed')).toBeNull()
    expect(save.load('timers')?.code).toBe('b')
  })

  it('reads damaged entries as nothing saved, and invalid settings as none', () => {
    const store = memoryStore()
    const save = new Autosave(store)
    save.save('seed', { code: 'a', settings: null })
    const key = [...store.data.keys()][0]
    store.data.set(key, '{"code": "a", "savedAt": 1, "settings": {"steps": "ten"}}')
    expect(save.load('seed')).toEqual({ code: 'a', settings: null, savedAt: 1 })
    store.data.set(key, '{not json')
    expect(save.load('seed')).toBeNull()
    store.data.set(key, '{"code": 3, "savedAt": 1}')
    expect(save.load('seed')).toBeNull()
  })

  it('reports a store that refuses (full, forbidden) instead of throwing', () => {
    const refusing: KeyValueStore = {
      getItem: () => {
        throw new Error('SecurityError')
      },
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
      removeItem: () => {
        throw new Error('SecurityError')
      },
    }
    const save = new Autosave(refusing)
    expect(save.save('seed', { code: 'a', settings: null })).toBe(false)
    expect(save.load('seed')).toBeNull()
    expect(() => save.clear('seed')).not.toThrow()
    expect(new Autosave(null).save('seed', { code: 'a', settings: null })).toBe(false)
  })
})
