import { describe, expect, it } from 'vitest'
import { buildGraph, pathPattern, renderPath, retainerPath, shortestPaths, type RetainerPath } from '../../src/analysis'
import { renderStep, renderSteps } from '../../src/analysis/notation'
import type { EdgeKind, HeapEdge, HeapSnapshot } from '../../src/heap/snapshot'
import { SnapshotBuilder } from './builder'

function pathOf(snapshot: HeapSnapshot, id: number): RetainerPath {
  const graph = buildGraph(snapshot)
  return retainerPath(graph, shortestPaths(graph), id)!
}

describe('path notation', () => {
  it('renders a global array element and a top-level binding', () => {
    const b = new SnapshotBuilder()
    const global = b.node('object', 'globalThis')
    const list = b.node('array', 'Array')
    const holder = b.node('object', 'DataHolder')
    const other = b.node('array', 'Array')
    const held = b.node('object', 'DataHolder')
    b.root('globalThis', global).edge(global, list, 'property', 'leakList').edge(list, holder, 'element', '99')
    b.root('leakList', other).edge(other, held, 'element', '7')
    const s = b.build()
    expect(renderPath(s, pathOf(s, holder))).toBe('globalThis.leakList[99]')
    expect(renderPath(s, pathOf(s, held))).toBe('leakList[7]')
    expect(pathPattern(s, pathOf(s, holder))).toBe('globalThis.leakList[*]')
  })

  it('renders a timer callback, its closure and a map value', () => {
    const b = new SnapshotBuilder()
    const tick = b.node('closure', 'tick')
    const cache = b.node('map', 'Map')
    const user = b.node('object', 'User')
    b.root('setInterval#1', tick).edge(tick, cache, 'closure', 'cache').edge(cache, user, 'map-value', '"u7"')
    const s = b.build()
    expect(renderPath(s, pathOf(s, user))).toBe('setInterval#1 → (closure tick).cache.get("u7")')
    expect(pathPattern(s, pathOf(s, user))).toBe('setInterval#1 → (closure tick).cache.get(*)')
  })

  it('renders every edge kind', () => {
    const b = new SnapshotBuilder()
    const timers = b.node('root', '(timers)')
    const fn = b.node('bound-function', 'bound send')
    const target = b.node('closure', 'send')
    const obj = b.node('object', 'Config')
    const weird = b.node('object', 'Object')
    const sym = b.node('object', 'Object')
    const priv = b.node('object', 'Secret')
    const set = b.node('set', 'Set')
    const member = b.node('object', 'Member')
    const map = b.node('map', 'Map')
    const key = b.node('object', 'Key')
    const proto = b.node('object', 'Base')
    const num = b.node('object', 'Object')
    b.root('(timers)', timers)
      .edge(timers, fn, 'root', 'setTimeout#3')
      .edge(fn, target, 'internal', 'target')
      .edge(target, obj, 'closure', 'config')
      .edge(obj, weird, 'property', 'weird key')
      .edge(weird, sym, 'property', 'Symbol(id)')
      .edge(sym, priv, 'property', '#secret')
      .edge(priv, set, 'property', 'seen')
      .edge(set, member, 'set-member', '3')
      .edge(member, map, 'property', 'ünïcode_$')
      .edge(map, key, 'map-key', 'Key {…}')
      .edge(key, proto, 'prototype', '__proto__')
      .edge(proto, num, 'property', '0')
    const s = b.build()
    expect(renderPath(s, pathOf(s, num))).toBe(
      '(timers) → setTimeout#3.<target> → (closure send).config["weird key"][Symbol(id)].#secret.seen.values()[3]' +
        '.ünïcode_$.key(Key {…}).__proto__["0"]',
    )
    expect(pathPattern(s, pathOf(s, num))).toBe(
      '(timers) → setTimeout#3.<target> → (closure send).config["weird key"][Symbol(id)].#secret.seen.values()[*]' +
        '.ünïcode_$.key(*).__proto__["0"]',
    )
  })

  it('renders the root itself as (root)', () => {
    const s = new SnapshotBuilder().build()
    expect(renderPath(s, { nodes: [0], edges: [] })).toBe('(root)')
  })
})

describe('the notation of many edges as one (a collapsed set)', () => {
  const b = new SnapshotBuilder()
  const tick = b.node('closure', 'tick')
  const s = b.build()
  const edges = (kind: EdgeKind, ...labels: string[]): HeapEdge[] => labels.map((label) => ({ from: tick, to: 0, kind, label }))

  it('writes positions as a range, whatever their order', () => {
    expect(renderSteps(s, edges('element', '7', '0', '99999', '12'))).toBe('[0…99999]')
    expect(renderSteps(s, edges('set-member', '3', '4'))).toBe('.values()[3…4]')
    expect(renderSteps(s, edges('element', '1', 'length'))).toBe('[*]')
  })

  it('writes keys and names as *', () => {
    expect(renderSteps(s, edges('map-value', '"u1"', '"u2"'))).toBe('.get(*)')
    expect(renderSteps(s, edges('map-key', '{Request}', '{Other}'))).toBe('.key(*)')
    expect(renderSteps(s, edges('property', 'a', 'b'))).toBe('[*]')
    expect(renderSteps(s, edges('closure', 'a', 'b'))).toBe(' → (closure tick).*')
    expect(renderSteps(s, edges('internal', 'target', 'handler'))).toBe('.<*>')
    expect(renderSteps(s, edges('root', 'setInterval#1', 'setInterval#2'))).toBe(' → *')
  })

  it('writes edges that read alike once (the same property of many like objects)', () => {
    expect(renderSteps(s, edges('property', 'data', 'data'))).toBe('.data')
    expect(renderSteps(s, edges('element', '5', '5'))).toBe('[5]')
    expect(renderSteps(s, edges('prototype', '__proto__', '__proto__'))).toBe('.__proto__')
    expect(renderSteps(s, edges('closure', 'cache'))).toBe(renderStep(s, edges('closure', 'cache')[0]))
    expect(() => renderSteps(s, [])).toThrow(RangeError)
  })
})

