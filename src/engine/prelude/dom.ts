import { DOM_SELECTORS_HTML_SOURCE } from './dom-selectors-html'
import { EVENT_TARGET_SOURCE } from './event-target'

/**
 * A small DOM for the guest: Node, Text, Element, HTMLElement (and a class per common tag), Document,
 * with the events of event-target.ts and the selectors and markup of dom-selectors-html.ts. A model
 * of the tree, with no layout, style or rendering, so that the DOM's leaks (listeners never removed,
 * detached nodes kept by a reference) happen here.
 *
 * The tree is plain data the heap walk can follow: each node's `parentNode` and `childNodes` (an
 * array) are own properties, read-only as in a browser, and the document holds `body`, `head` and
 * `documentElement` as properties. So a node kept by the program keeps its detached tree alive
 * through `parentNode`, as it does in a browser. `childNodes`, `attributes` and `style` are made on
 * first use, so a leaf element is one object, and "HTMLLIElement ×100" is not shadowed by as many
 * empty arrays in the counts.
 *
 * The classes and prototypes are installed before the host marks the environment, so they are the
 * environment's. The document is not: AFTER_BASELINE_SOURCE makes `document` an accessor that builds
 * it on first read and turns itself into a data property, so a program that never reads `document`
 * counts no DOM object, and one that does sees `globalThis.document.body…` in its retainer paths.
 * Plain JS evaluated inside QuickJS, after console, sites.ts and events.ts (it uses their helpers).
 */
export const DOM_SOURCE = String.raw`
const installDocumentGlobal = (function () {
${EVENT_TARGET_SOURCE}
const StringPrototypeToLowerCase = uncurryThis(String.prototype.toLowerCase)
const StringPrototypeToUpperCase = uncurryThis(String.prototype.toUpperCase)
const StringPrototypeTrim = uncurryThis(String.prototype.trim)
const ObjectFreeze = Object.freeze
const NO_NODES = ObjectFreeze([])
let theDocument = null

/** An instance's own list of children; with create false, a shared empty one when it has none yet. */
function childList(node, create) {
  const list = ownValue(node, 'childNodes')
  if (list !== undefined) return list
  if (!create) return NO_NODES
  const made = []
  setReadOnly(node, 'childNodes', made)
  return made
}

function attributesOf(element, create) {
  let attributes = ownValue(element, 'attributes')
  if (attributes === undefined && create) {
    attributes = ObjectCreate(null)
    setReadOnly(element, 'attributes', attributes)
  }
  return attributes
}

function attribute(element, name) {
  const attributes = attributesOf(element, false)
  const value = attributes === undefined ? undefined : attributes[name]
  return value === undefined ? null : value
}

// The getters that make a property on first use must not make it on a prototype.
function checkInstance(value) {
  if (!isNode(value) || ObjectGetOwnPropertyDescriptor(value, 'parentNode') === undefined) throw new TypeError('Illegal invocation')
}

function isNode(value) { return isObjectLike(value) && ObjectPrototypeIsPrototypeOf(Node.prototype, value) }
function isElement(value) { return isObjectLike(value) && ObjectPrototypeIsPrototypeOf(Element.prototype, value) }
function isDocument(value) { return isObjectLike(value) && ObjectPrototypeIsPrototypeOf(Document.prototype, value) }

/** The next target on an event's path: the parent, and after the document, window. */
function eventParent(target) {
  if (!isNode(target)) return null
  const parent = target.parentNode
  if (parent !== null) return parent
  return target === theDocument ? globalThis : null
}

function checkNode(value, method, position) {
  if (!isNode(value)) throw new TypeError(failed(method, 'Node', 'parameter ' + position + " is not of type 'Node'."))
}

function contains(ancestor, node) {
  for (let n = node; n !== null; n = n.parentNode) if (n === ancestor) return true
  return false
}

/** Insert node into parent before child (null: at the end), taking it out of where it was. */
function insert(parent, node, child, method) {
  checkNode(node, method, 1)
  if (child !== null) checkNode(child, method, 2)
  if (!isElement(parent) && !isDocument(parent)) {
    throw new DOMException(failed(method, 'Node', 'This node type does not support this method.'), 'HierarchyRequestError')
  }
  if (isDocument(node)) {
    throw new DOMException(failed(method, 'Node', "Nodes of type '#document' may not be inserted inside nodes of type '" + parent.nodeName + "'."), 'HierarchyRequestError')
  }
  if (contains(node, parent)) throw new DOMException(failed(method, 'Node', 'The new child element contains the parent.'), 'HierarchyRequestError')
  if (isDocument(parent) && (!isElement(node) || parent.documentElement !== null)) {
    throw new DOMException(failed(method, 'Node', 'Only one element on document allowed.'), 'HierarchyRequestError')
  }
  if (child !== null && child.parentNode !== parent) {
    throw new DOMException(failed(method, 'Node', 'The node before which the new node is to be inserted is not a child of this node.'), 'NotFoundError')
  }
  if (child === node) child = node.nextSibling
  if (node.parentNode !== null) detach(node)
  const list = childList(parent, true)
  arrayInsert(list, child === null ? list.length : ArrayPrototypeIndexOf(list, child), node)
  setReadOnly(node, 'parentNode', parent)
  return node
}

function detach(node) {
  const list = childList(node.parentNode, false)
  arrayRemove(list, ArrayPrototypeIndexOf(list, node), 1)
  setReadOnly(node, 'parentNode', null)
}

function removeSelf(node) {
  if (node.parentNode !== null) detach(node)
}

/** append()'s arguments as nodes: a string becomes a Text node. */
function toNodes(values, method) {
  const nodes = []
  for (let i = 0; i < values.length; i++) {
    const value = values[i]
    if (isNode(value)) ArrayPrototypePush(nodes, value)
    else if (isObjectLike(value)) checkNode(value, method, i + 1)
    else ArrayPrototypePush(nodes, new Text(value))
  }
  return nodes
}

/** The children go (detached, as the program may still hold them), then nodes come in. */
function replaceAll(parent, nodes, method) {
  for (let i = 0; i < nodes.length; i++) {
    checkNode(nodes[i], method, i + 1)
    if (contains(nodes[i], parent)) throw new DOMException(failed(method, 'Node', 'The new child element contains the parent.'), 'HierarchyRequestError')
  }
  const list = childList(parent, false)
  while (list.length > 0) setReadOnly(ArrayPrototypePop(list), 'parentNode', null)
  for (let i = 0; i < nodes.length; i++) insert(parent, nodes[i], null, method)
}

/** Visit root's descendants in tree order, without recursion (a deep list must not exhaust the stack), until visit returns true. */
function someDescendant(root, visit) {
  const stack = []
  let list = childList(root, false)
  let i = 0
  for (;;) {
    if (i < list.length) {
      const node = list[i++]
      if (visit(node) === true) return true
      const children = childList(node, false)
      if (children.length > 0) {
        ArrayPrototypePush(stack, list, i)
        list = children
        i = 0
      }
    } else if (stack.length === 0) {
      return false
    } else {
      i = ArrayPrototypePop(stack)
      list = ArrayPrototypePop(stack)
    }
  }
}

function textOf(root) {
  const parts = []
  someDescendant(root, function (node) { if (isInstanceOfOwn(node, Text)) ArrayPrototypePush(parts, node.data) })
  return ArrayPrototypeJoin(parts, '')
}

function setText(node, value) {
  const text = value == null ? '' : StringCtor(value)
  replaceAll(node, text === '' ? [] : [new Text(text)], 'textContent')
}

${DOM_SELECTORS_HTML_SOURCE}
class Node extends EventTarget {
  constructor(token) {
    super()
    if (token !== internalToken) throw illegalConstructor()
    setReadOnly(this, 'parentNode', null)
  }
  get childNodes() {
    checkInstance(this)
    return childList(this, true)
  }
  get parentElement() {
    const parent = this.parentNode
    return isElement(parent) ? parent : null
  }
  get firstChild() {
    const list = childList(this, false)
    return list.length === 0 ? null : list[0]
  }
  get lastChild() {
    const list = childList(this, false)
    return list.length === 0 ? null : list[list.length - 1]
  }
  get nextSibling() {
    const parent = this.parentNode
    if (parent === null) return null
    const list = childList(parent, false)
    const at = ArrayPrototypeIndexOf(list, this) + 1
    return at < list.length ? list[at] : null
  }
  get previousSibling() {
    const parent = this.parentNode
    if (parent === null) return null
    const list = childList(parent, false)
    const at = ArrayPrototypeIndexOf(list, this) - 1
    return at >= 0 ? list[at] : null
  }
  get isConnected() {
    let node = this
    while (node.parentNode !== null) node = node.parentNode
    return isDocument(node)
  }
  get ownerDocument() {
    return isDocument(this) ? null : theDocument
  }
  get textContent() {
    return textOf(this)
  }
  set textContent(value) {
    setText(this, value)
  }
  hasChildNodes() {
    return childList(this, false).length > 0
  }
  contains(other) {
    if (other == null) return false
    checkNode(other, 'contains', 1)
    return contains(this, other)
  }
  appendChild(node) {
    return insert(this, node, null, 'appendChild')
  }
  insertBefore(node, child) {
    if (arguments.length < 2) throw new TypeError(failed('insertBefore', 'Node', '2 arguments required, but only ' + arguments.length + ' present.'))
    return insert(this, node, child === undefined ? null : child, 'insertBefore')
  }
  removeChild(child) {
    checkNode(child, 'removeChild', 1)
    if (child.parentNode !== this) throw new DOMException(failed('removeChild', 'Node', 'The node to be removed is not a child of this node.'), 'NotFoundError')
    detach(child)
    return child
  }
  replaceChild(node, child) {
    checkNode(node, 'replaceChild', 1)
    checkNode(child, 'replaceChild', 2)
    if (child.parentNode !== this) throw new DOMException(failed('replaceChild', 'Node', 'The node to be replaced is not a child of this node.'), 'NotFoundError')
    if (node !== child) {
      insert(this, node, child, 'replaceChild')
      detach(child)
    }
    return child
  }
  // How a browser's console shows a node: its markup, not its properties.
  [customInspectSymbol]() {
    if (isInstanceOfOwn(this, Text)) return '#text ' + JSONStringify(this.data)
    if (isDocument(this)) return '#document'
    if (!isElement(this)) return '[' + this.constructor.name + ']'
    if (ArrayPrototypeIncludes(VOID_TAGS, this.localName)) return openTag(this)
    return openTag(this) + (childList(this, false).length > 0 ? '…' : '') + '</' + this.localName + '>'
  }
}

class Text extends Node {
  constructor(data) {
    super(internalToken)
    setOwn(this, 'data', data === undefined ? '' : StringCtor(data))
  }
  get nodeType() { return 3 }
  get nodeName() { return '#text' }
  get nodeValue() { return this.data }
  set nodeValue(value) { this.data = value == null ? '' : StringCtor(value) }
  get textContent() { return this.data }
  set textContent(value) { this.data = value == null ? '' : StringCtor(value) }
  remove() { removeSelf(this) }
}

class Element extends Node {
  constructor(token, tagName) {
    super(token)
    setReadOnly(this, 'tagName', tagName)
  }
  get attributes() {
    checkInstance(this)
    return attributesOf(this, true)
  }
  get nodeType() { return 1 }
  get nodeName() { return this.tagName }
  get localName() { return StringPrototypeToLowerCase(this.tagName) }
  get id() { return attribute(this, 'id') ?? '' }
  set id(value) { this.setAttribute('id', value) }
  get className() { return attribute(this, 'class') ?? '' }
  set className(value) { this.setAttribute('class', value) }
  get children() { return arrayFilter(childList(this, false), isElement) }
  get firstElementChild() { const list = this.children; return list.length === 0 ? null : list[0] }
  get lastElementChild() { const list = this.children; return list.length === 0 ? null : list[list.length - 1] }
  get childElementCount() { return this.children.length }
  get innerHTML() { return serializeChildren(this) }
  set innerHTML(value) {
    const text = value == null ? '' : StringCtor(value)
    if (StringPrototypeIncludes(text, '<')) {
      throw new DOMException("LeakLab's DOM model does not parse HTML: build nodes with document.createElement() and append them.", 'NotSupportedError')
    }
    setText(this, text)
  }
  get outerHTML() { return serialize(this) }
  getAttribute(name) {
    return attribute(this, StringPrototypeToLowerCase(StringCtor(name)))
  }
  setAttribute(name, value) {
    if (arguments.length < 2) throw new TypeError(failed('setAttribute', 'Element', '2 arguments required, but only ' + arguments.length + ' present.'))
    const key = StringPrototypeToLowerCase(StringCtor(name))
    if (RegExpPrototypeExec(/^[^\s"'>\/=\x00]+$/, key) === null) {
      throw new DOMException(failed('setAttribute', 'Element', "'" + key + "' is not a valid attribute name."), 'InvalidCharacterError')
    }
    attributesOf(this, true)[key] = StringCtor(value)
  }
  removeAttribute(name) {
    const attributes = attributesOf(this, false)
    if (attributes !== undefined) delete attributes[StringPrototypeToLowerCase(StringCtor(name))]
  }
  hasAttribute(name) { return attribute(this, StringPrototypeToLowerCase(StringCtor(name))) !== null }
  append(...nodes) {
    const list = toNodes(nodes, 'append')
    for (let i = 0; i < list.length; i++) insert(this, list[i], null, 'append')
  }
  prepend(...nodes) {
    const list = toNodes(nodes, 'prepend')
    const first = this.firstChild
    for (let i = 0; i < list.length; i++) insert(this, list[i], first !== null && first.parentNode === this ? first : null, 'prepend')
  }
  replaceChildren(...nodes) { replaceAll(this, toNodes(nodes, 'replaceChildren'), 'replaceChildren') }
  remove() { removeSelf(this) }
  querySelector(selectors) { return query(this, selectors, 'querySelector', 'Element', true) }
  querySelectorAll(selectors) { return query(this, selectors, 'querySelectorAll', 'Element', false) }
}

class HTMLElement extends Element {
  click() {
    dispatch(this, new Event('click', { bubbles: true, cancelable: true }), 'click')
  }
  // Made on first use, so an element nobody styles has no style object.
  get style() {
    checkInstance(this)
    const style = {}
    setOwn(this, 'style', style)
    return style
  }
  set style(value) {
    setOwn(this, 'style', value)
  }
}

const tagClasses = ObjectCreate(null)
const TAGS = [['html', 'HTMLHtmlElement'], ['head', 'HTMLHeadElement'], ['body', 'HTMLBodyElement'], ['div', 'HTMLDivElement'],
  ['span', 'HTMLSpanElement'], ['button', 'HTMLButtonElement'], ['ul', 'HTMLUListElement'], ['li', 'HTMLLIElement'],
  ['p', 'HTMLParagraphElement'], ['img', 'HTMLImageElement'], ['input', 'HTMLInputElement']]
for (let i = 0; i < TAGS.length; i++) {
  const Tag = class extends HTMLElement {}
  // The name the heap inspector groups by: "HTMLDivElement ×100".
  defineValue(Tag, 'name', TAGS[i][1], false, false, true)
  tagClasses[TAGS[i][0]] = Tag
  define(globalThis, TAGS[i][1], Tag)
}

function createElement(name) {
  const lower = StringPrototypeToLowerCase(name)
  const Tag = tagClasses[lower] === undefined ? HTMLElement : tagClasses[lower]
  return new Tag(internalToken, StringPrototypeToUpperCase(lower))
}

class Document extends Node {
  constructor(token) {
    super(token)
    setReadOnly(this, 'documentElement', null)
    const html = createElement('html')
    const head = createElement('head')
    const body = createElement('body')
    insert(html, head, null, 'appendChild')
    insert(html, body, null, 'appendChild')
    insert(this, html, null, 'appendChild')
    setReadOnly(this, 'documentElement', html)
    setReadOnly(this, 'head', head)
    setReadOnly(this, 'body', body)
  }
  get nodeType() { return 9 }
  get nodeName() { return '#document' }
  get textContent() { return null }
  set textContent(value) {}
  createElement(localName) {
    if (arguments.length === 0) throw new TypeError(failed('createElement', 'Document', '1 argument required, but only 0 present.'))
    const name = StringCtor(localName)
    if (RegExpPrototypeExec(/^[a-zA-Z][^\s\/>\x00]*$/, name) === null) {
      throw new DOMException(failed('createElement', 'Document', "The tag name provided ('" + name + "') is not a valid name."), 'InvalidCharacterError')
    }
    return createElement(name)
  }
  createTextNode(data) {
    if (arguments.length === 0) throw new TypeError(failed('createTextNode', 'Document', '1 argument required, but only 0 present.'))
    return new Text(data)
  }
  getElementById(id) {
    const wanted = StringCtor(id)
    let found = null
    someDescendant(this, function (node) {
      if (isElement(node) && attribute(node, 'id') === wanted) found = node
      return found !== null
    })
    return found
  }
  querySelector(selectors) { return query(this, selectors, 'querySelector', 'Document', true) }
  querySelectorAll(selectors) { return query(this, selectors, 'querySelectorAll', 'Document', false) }
}

for (const [name, value] of [['Node', Node], ['Text', Text], ['Element', Element], ['HTMLElement', HTMLElement], ['Document', Document]]) {
  define(globalThis, name, value)
}

return function installDocumentGlobal() {
  ObjectDefineProperty(globalThis, 'document', {
    __proto__: null,
    configurable: true,
    enumerable: false,
    get: function document() {
      if (theDocument === null) theDocument = new Document(internalToken)
      // Unforgeable, as a browser's: a program's own 'var document = ...' leaves it in place.
      defineValue(globalThis, 'document', theDocument, false, false, false)
      return theDocument
    },
  })
}
})()
`

/** The document's global: built by the program's first read, so it is the program's, never the environment. */
export const AFTER_BASELINE_SOURCE = String.raw`
installDocumentGlobal()
`
