/**
 * The guest's DOM model (src/engine/prelude/dom.ts, event-target.ts): the tree and events as a browser
 * has them, and the DOM's leaks (listeners never removed, detached nodes) as the heap inspector counts
 * them. The document is made by the program's first read, so a program without the DOM counts none of it.
 */
import { describe, expect, it } from 'vitest'
import { runProgram } from '../../src/engine/run'
import type { RunResult } from '../../src/engine/types'
import { inspectRun, lineOf, liveAt, liveNamed, suspectAt, suspectsOf } from './guest-leak-helpers'
import { output } from './run-helpers'

async function lines(source: string): Promise<string[]> {
  const result = await runProgram(source, { inspect: false })
  expect(result.error).toBeNull()
  return output(result)
}

describe('the DOM model: the tree', () => {
  it('builds, reads and rearranges a tree as a browser does', async () => {
    expect(await lines(`const list = document.createElement('ul')
list.id = 'list'
const a = document.createElement('li')
const b = document.createElement('LI')
const c = document.createElement('li')
list.append(a, c)
list.insertBefore(b, c)
a.textContent = 'one'
b.append('two')
c.appendChild(document.createTextNode('three'))
document.body.appendChild(list)
console.log(list.childNodes.length, list.firstChild === a, list.lastChild === c, b.previousSibling === a, b.nextSibling === c)
console.log(a.parentNode === list, list.parentElement === document.body, document.body.parentNode === document.documentElement)
console.log(list.textContent, list.children.length, b.tagName, b.localName, b.nodeName, b.nodeType, b.firstChild.nodeType)
console.log(document.getElementById('list') === list, document.getElementById('none'), list.isConnected, a.ownerDocument === document)
list.appendChild(a)
console.log(list.textContent, a.previousSibling === c)
list.removeChild(b)
c.remove()
console.log(list.textContent, b.parentNode, b.isConnected, c.isConnected, list.contains(a), list.contains(b), document.contains(a))
list.replaceChildren('x', b)
console.log(list.textContent, a.parentNode, list.childNodes.length, list.outerHTML)
list.innerHTML = ''
console.log(list.childNodes.length, list.hasChildNodes(), b.parentNode)`)).toEqual([
      '3 true true true true',
      'true true true',
      'onetwothree 3 LI li LI 1 3',
      'true null true true',
      'twothreeone true',
      'one null false false true false true',
      'xtwo null 2 <ul id="list">x<li>two</li></ul>',
      '0 false null',
    ])
  })

  it('has a class per common tag, attributes, selectors, and markup when logged', async () => {
    expect(await lines(`const names = ['div', 'span', 'button', 'ul', 'li', 'p', 'img', 'input', 'section'].map((t) => document.createElement(t).constructor.name)
console.log(names.join())
console.log(document.body.constructor.name, document.documentElement.constructor.name, document.constructor.name)
const d = document.createElement('div')
console.log(d instanceof HTMLDivElement, d instanceof HTMLElement, d instanceof Element, d instanceof Node, d instanceof EventTarget)
d.setAttribute('data-Row', 7)
d.className = 'item selected'
console.log(d.getAttribute('data-row'), d.hasAttribute('DATA-ROW'), d.getAttribute('nope'), d.className, d.attributes.class)
d.removeAttribute('data-row')
d.style.color = 'red'
document.body.append(d, document.createElement('p'))
console.log(document.querySelector('.selected') === d, document.querySelector('div.item.selected#x'), document.querySelectorAll('div, p').length)
console.log(d, [document.createElement('img'), document.createTextNode('hi')], document)
for (const thing of [() => new HTMLDivElement(), () => new Node(), () => new Element()]) {
  try { thing() } catch (err) { console.log(err.name, err.message) }
}`)).toEqual([
      'HTMLDivElement,HTMLSpanElement,HTMLButtonElement,HTMLUListElement,HTMLLIElement,HTMLParagraphElement,HTMLImageElement,HTMLInputElement,HTMLElement',
      'HTMLBodyElement HTMLHtmlElement Document',
      'true true true true true',
      '7 true null item selected item selected',
      'true null 2',
      '<div class="item selected"></div> [ <img>, #text "hi" ] #document',
      'TypeError Illegal constructor',
      'TypeError Illegal constructor',
      'TypeError Illegal constructor',
    ])
  })

  it('refuses what a browser refuses, with a browser\'s errors', async () => {
    expect(await lines(`const list = document.createElement('ul')
const item = document.createElement('li')
list.appendChild(item)
const tries = [
  () => list.removeChild(document.createElement('li')),
  () => item.appendChild(list),
  () => list.appendChild(list),
  () => list.appendChild('text'),
  () => list.insertBefore(document.createElement('li'), document.createElement('li')),
  () => document.createTextNode('x').appendChild(item),
  () => document.createElement('1x'),
  () => document.querySelector('ul > li'),
  () => list.innerHTML = '<li>parsed?</li>',
]
for (const t of tries) {
  try { t(); console.log('no error') } catch (err) { console.log(err.name + ': ' + err.message) }
}`)).toEqual([
      "NotFoundError: Failed to execute 'removeChild' on 'Node': The node to be removed is not a child of this node.",
      "HierarchyRequestError: Failed to execute 'appendChild' on 'Node': The new child element contains the parent.",
      "HierarchyRequestError: Failed to execute 'appendChild' on 'Node': The new child element contains the parent.",
      "TypeError: Failed to execute 'appendChild' on 'Node': parameter 1 is not of type 'Node'.",
      "NotFoundError: Failed to execute 'insertBefore' on 'Node': The node before which the new node is to be inserted is not a child of this node.",
      "HierarchyRequestError: Failed to execute 'appendChild' on 'Node': This node type does not support this method.",
      "InvalidCharacterError: Failed to execute 'createElement' on 'Document': The tag name provided ('1x') is not a valid name.",
      "SyntaxError: Failed to execute 'querySelector' on 'Document': 'ul > li' is not a selector LeakLab's DOM model knows (it has tag, #id and .class, and lists of them).",
      "NotSupportedError: LeakLab's DOM model does not parse HTML: build nodes with document.createElement() and append them.",
    ])
  })

  it('makes window globalThis, with the document on it', async () => {
    expect(await lines(`window.leaked = [1]
console.log(window === globalThis, window.document === document, leaked.length, window instanceof EventTarget, typeof addEventListener)`)).toEqual([
      'true true 1 true function',
    ])
  })
})

describe('the DOM model: events', () => {
  it('captures from window down, then bubbles back up, in a browser\'s order', async () => {
    expect(await lines(`const list = document.createElement('ul')
const item = document.createElement('li')
list.appendChild(item)
document.body.appendChild(list)
const seen = []
const phases = ['none', 'capture', 'target', 'bubble']
for (const [name, target] of [['window', window], ['document', document], ['body', document.body], ['list', list], ['item', item]]) {
  target.addEventListener('click', (e) => seen.push(name + ':capture:' + phases[e.eventPhase]), true)
  target.addEventListener('click', (e) => seen.push(name + ':' + phases[e.eventPhase] + ':' + (e.currentTarget === target)))
}
item.onclick = (e) => seen.push('onclick ' + (e.target === item))
item.click()
console.log(seen.join(' '))
seen.length = 0
item.dispatchEvent(new Event('click'))
console.log(seen.join(' '))
seen.length = 0
list.remove()
item.click()
console.log(seen.join(' '))`)).toEqual([
      'window:capture:capture document:capture:capture body:capture:capture list:capture:capture item:capture:target ' +
        'item:target:true onclick true list:bubble:true body:bubble:true document:bubble:true window:bubble:true',
      'window:capture:capture document:capture:capture body:capture:capture list:capture:capture item:capture:target item:target:true onclick true',
      'list:capture:capture item:capture:target item:target:true onclick true list:bubble:true',
    ])
  })

  it('once, duplicates, removal during dispatch, stopping, preventDefault, handleEvent and CustomEvent', async () => {
    expect(await lines(`const button = document.createElement('button')
document.body.appendChild(button)
const seen = []
function a() { seen.push('a') }
function b() { seen.push('b'); button.removeEventListener('click', c) }
function c() { seen.push('c') }
button.addEventListener('click', a, { once: true })
button.addEventListener('click', a, { once: true })
button.addEventListener('click', b)
button.addEventListener('click', c)
button.click()
button.click()
// Unlike an EventEmitter's emit, a dispatch skips a listener removed while it runs.
console.log(seen.join(''))
seen.length = 0
document.body.addEventListener('click', () => seen.push('body'))
button.addEventListener('click', (e) => { seen.push('stop'); e.stopPropagation() })
button.click()
button.addEventListener('click', (e) => { seen.push('first'); e.stopImmediatePropagation() }, true)
button.click()
console.log(seen.join(' '))
const cancel = new Event('submit', { cancelable: true })
button.addEventListener('submit', (e) => e.preventDefault())
console.log(button.dispatchEvent(cancel), cancel.defaultPrevented, button.dispatchEvent(new Event('submit')))
const passive = new Event('wheel', { cancelable: true })
button.addEventListener('wheel', (e) => e.preventDefault(), { passive: true })
console.log(button.dispatchEvent(passive), passive.target === button, passive.currentTarget, passive.eventPhase)
const handler = { count: 0, handleEvent(e) { this.count += e.detail } }
const bus = new EventTarget()
bus.addEventListener('add', handler)
bus.dispatchEvent(new CustomEvent('add', { detail: 5 }))
bus.removeEventListener('add', handler)
bus.dispatchEvent(new CustomEvent('add', { detail: 5 }))
console.log(handler.count)`)).toEqual([
      'abb',
      // At the target, capturing listeners run first.
      'b stop first',
      'false true true',
      'true true null 0',
      '5',
    ])
  })

  it('removes every listener added with a signal when its controller aborts', async () => {
    expect(await lines(`const controller = new AbortController()
const seen = []
const item = document.createElement('li')
item.addEventListener('click', () => seen.push('item'), { signal: controller.signal })
window.addEventListener('resize', () => seen.push('window'), { signal: controller.signal })
controller.signal.addEventListener('abort', (e) => seen.push('abort ' + e.type))
item.click(); window.dispatchEvent(new Event('resize'))
controller.abort()
item.click(); window.dispatchEvent(new Event('resize'))
console.log(seen.join(), controller.signal.aborted, controller.signal.reason.name)
item.addEventListener('click', () => seen.push('late'), { signal: controller.signal })
item.click()
console.log(seen.length, AbortSignal.abort('why').reason)`)).toEqual(['item,window,abort abort true AbortError', '3 why'])
  })

  it('keeps listeners where the program cannot see them, as a browser does', async () => {
    expect(await lines(`const item = document.createElement('li')
const seen = () => [item, window].map((o) => [Reflect.ownKeys(o), Object.getOwnPropertySymbols(o),
  Reflect.ownKeys(Object.getOwnPropertyDescriptors(o))].map((keys) => keys.map(String).join('|')).join(' / '))
const before = seen()
item.addEventListener('click', () => {})
window.addEventListener('resize', () => {})
const after = seen()
console.log(after[0] === before[0], after[1] === before[1], before[1].includes('listener'))`)).toEqual(['true true false'])
  })

  it('lets a listener\'s error fail the run at its line, as an uncaught error', async () => {
    const result = await runProgram(`const button = document.createElement('button')
button.addEventListener('click', () => {
  throw new Error('broken handler')
})
button.click()`, { inspect: false })
    expect(result.error).toMatchObject({ kind: 'runtime', message: 'broken handler', line: 3 })
  })
})

/** The snapshot's nodes that have no allocation site (the roots and (roots) aside): what the prelude made. */
const siteless = (result: RunResult) =>
  result.heap!.snapshot!.nodes.filter((n) => n.site === null && n.kind !== 'root').map((n) => n.name).sort()

describe('the DOM model and the heap inspector', () => {
  const STEPS = 100

  it('counts nothing of the DOM in a program that never reads document', async () => {
    const source = `var leakList = []
const kinds = typeof EventTarget + typeof HTMLElement + typeof EventEmitter
function step(i) { leakList.push({ i }) }`
    const result = await inspectRun(source, { steps: 25 })
    // Every object the walk found was allocated by the program: none is the prelude's.
    expect(siteless(result)).toEqual([])
    for (const sample of result.heap!.growth) for (const group of sample.groups) expect(group.key).toContain('main.js')
    expect(result.heap!.snapshot!.edges.filter((e) => e.from === 1).map((e) => e.label).sort()).toEqual(['leakList', 'step'])
  })

  it('follows a program\'s own global that takes a library\'s name, such as var Event = []', async () => {
    const source = `var Event = []
function Node(value, next) { this.value = value; this.next = next }
var head = null
function step(i) {
  Event.push({ i })
  head = new Node(i, head)
}`
    const result = await inspectRun(source, { steps: 25 })
    expect(liveAt(result.heap!.snapshot!, lineOf(source, 'Event.push'), 'object')).toBe(25)
    expect(suspectAt(result, lineOf(source, 'Event.push'), 'object')).toMatchObject({ retainerPath: 'globalThis.Event[0]' })
  })

  it('follows a program\'s own global under any name the environment had, such as var performance = []', async () => {
    const source = `var performance = []
function step(i) {
  performance.push({ i })
}`
    const result = await inspectRun(source, { steps: 25 })
    expect(suspectAt(result, lineOf(source, 'performance.push'), 'object')).toMatchObject({ retainerPath: 'globalThis.performance[0]' })
  })

  it('counts the document once the program reads it: the document, <html>, <head>, <body> and two child lists, made on the line that read it', async () => {
    const result = await inspectRun('const a = 1\nconst body = document.body', { steps: 0 })
    expect(siteless(result)).toEqual([])
    const made = result.heap!.snapshot!.nodes.filter((n) => n.site?.line === 2).map((n) => n.name).sort()
    expect(made).toEqual(['Array', 'Array', 'Document', 'HTMLBodyElement', 'HTMLHeadElement', 'HTMLHtmlElement'])
  })

  it(`nodes appended to document.body at each step: ${STEPS} alive, reached from document.body`, async () => {
    const source = `function step(i) {
  const item = document.createElement('li')
  item.textContent = 'row ' + i
  document.body.appendChild(item)
}`
    const result = await inspectRun(source, { steps: STEPS })
    expect(liveNamed(result.heap!.snapshot!, 'HTMLLIElement')).toBe(STEPS)
    // createElement is the library's code: the elements are attributed to the learner's line that called it.
    const items = suspectsOf(result).find((s) => s.name === 'HTMLLIElement')
    expect(items).toMatchObject({ site: 'main.js:2', count: STEPS, retainerPath: 'globalThis.document.body.childNodes[0]' })
  })

  it(`detached nodes kept in a global array: ${STEPS} alive with their old parents and listeners, none connected`, async () => {
    const source = `var detached = []
function step(i) {
  const big = new Array(1000).fill(i)
  const list = document.createElement('ul')
  const item = document.createElement('li')
  item.addEventListener('click', () => big.length)
  list.appendChild(item)
  document.body.appendChild(list)
  list.remove()
  detached.push(item)
}
function teardown() { console.log(detached.some((node) => node.isConnected), document.body.childNodes.length) }`
    const result = await inspectRun(source, { steps: STEPS })
    expect(output(result)).toEqual(['false 0'])
    const snapshot = result.heap!.snapshot!
    expect(liveNamed(snapshot, 'HTMLLIElement')).toBe(STEPS)
    // The child keeps its detached parent alive: a browser's classic detached tree.
    expect(liveNamed(snapshot, 'HTMLUListElement')).toBe(STEPS)
    expect(liveNamed(snapshot, 'EventListener')).toBe(STEPS)
    const listenerLine = lineOf(source, "addEventListener('click'")
    expect(liveAt(snapshot, listenerLine, 'closure')).toBe(STEPS)
    expect(suspectsOf(result).find((s) => s.name === 'HTMLLIElement')).toMatchObject({ count: STEPS, retainerPath: 'globalThis.detached[0]' })
    expect(suspectsOf(result).find((s) => s.name === 'HTMLUListElement')).toMatchObject({ retainerPath: 'globalThis.detached[0].parentNode' })
    expect(suspectAt(result, listenerLine, 'closure')).toMatchObject({ retainerPath: 'globalThis.detached[0].<event listeners>[0].listener' })
    expect(suspectAt(result, lineOf(source, 'new Array(1000)'), 'array')).toMatchObject({
      count: STEPS,
      retainerPath: 'globalThis.detached[0].<event listeners>[0].listener → (closure (anonymous)).big',
    })
  })

  const windowListener = (fix: string) => `function step(i) {
  const big = new Array(1000).fill(i)
  const onResize = () => big.length
  window.addEventListener('resize', onResize)
  window.dispatchEvent(new Event('resize'))
${fix}
}`

  it(`a window listener added at each step: ${STEPS} closures alive, each with its 1,000-element array`, async () => {
    const source = windowListener('')
    const result = await inspectRun(source, { steps: STEPS })
    const closureLine = lineOf(source, 'const onResize')
    const arrayLine = lineOf(source, 'new Array(1000)')
    expect(liveAt(result.heap!.snapshot!, closureLine, 'closure')).toBe(STEPS)
    expect(liveAt(result.heap!.snapshot!, arrayLine, 'array')).toBe(STEPS)
    expect(suspectAt(result, closureLine, 'closure')).toMatchObject({ count: STEPS, retainerPath: 'globalThis.<event listeners>[0].listener' })
    expect(suspectAt(result, arrayLine, 'array')).toMatchObject({ retainerPath: 'globalThis.<event listeners>[0].listener → (closure onResize).big' })
  })

  for (const [name, fix] of [
    ['removed with removeEventListener', "  window.removeEventListener('resize', onResize)"],
    ['added with { once: true }', "  window.removeEventListener('resize', onResize)\n  window.addEventListener('resize', onResize, { once: true })\n  window.dispatchEvent(new Event('resize'))"],
  ]) {
    it(`the same listener ${name}: nothing stays, nothing grows`, async () => {
      const source = windowListener(fix)
      const result = await inspectRun(source, { steps: STEPS })
      expect(liveAt(result.heap!.snapshot!, lineOf(source, 'const onResize'), 'closure')).toBe(0)
      expect(liveAt(result.heap!.snapshot!, lineOf(source, 'new Array(1000)'), 'array')).toBe(0)
      expect(siteless(result)).toEqual([])
      expect(suspectsOf(result)).toEqual([])
    })
  }

  it('listeners added with an AbortController\'s signal go when it aborts', async () => {
    const source = `function step(i) {
  const big = new Array(1000).fill(i)
  const controller = new AbortController()
  const item = document.createElement('li')
  document.body.appendChild(item)
  item.addEventListener('click', () => big.length, { signal: controller.signal })
  window.addEventListener('scroll', () => big.length, { signal: controller.signal })
  controller.abort()
  item.remove()
}`
    const result = await inspectRun(source, { steps: STEPS })
    expect(liveAt(result.heap!.snapshot!, lineOf(source, 'new Array(1000)'), 'array')).toBe(0)
    expect(suspectsOf(result)).toEqual([])
  })
})
