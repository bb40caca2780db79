/**
 * The DOM model's text: the selectors querySelector knows (a tag, #ids and .classes, and lists of
 * them; any other selector says so rather than matching nothing) and the markup innerHTML,
 * outerHTML and the console show. Part of DOM_SOURCE (dom.ts), in its scope.
 */
export const DOM_SELECTORS_HTML_SOURCE = String.raw`
const VOID_TAGS = ['img', 'input', 'br', 'hr', 'meta', 'link']

function parseSelectors(text, method, on) {
  const source = StringCtor(text)
  const parts = StringPrototypeSplit(source, ',')
  const selectors = []
  for (let i = 0; i < parts.length; i++) {
    const part = StringPrototypeTrim(parts[i])
    const match = RegExpPrototypeExec(/^(\*|[a-zA-Z][a-zA-Z0-9-]*)?((?:[#.][a-zA-Z_-][\w-]*)*)$/, part)
    if (part === '' || match === null) {
      throw new DOMException(failed(method, on, "'" + source + "' is not a selector LeakLab's DOM model knows (it has tag, #id and .class, and lists of them)."), 'SyntaxError')
    }
    const selector = { tag: match[1] === undefined || match[1] === '*' ? null : StringPrototypeToUpperCase(match[1]), ids: [], classes: [] }
    const names = StringPrototypeSplit(regExpReplace(/[#.]/g, match[2], function (mark) { return ' ' + mark }), ' ')
    for (let k = 0; k < names.length; k++) {
      if (names[k] === '') continue
      ArrayPrototypePush(names[k][0] === '#' ? selector.ids : selector.classes, StringPrototypeSlice(names[k], 1))
    }
    ArrayPrototypePush(selectors, selector)
  }
  return selectors
}

function matchesOne(element, selector) {
  if (selector.tag !== null && element.tagName !== selector.tag) return false
  for (let i = 0; i < selector.ids.length; i++) if (attribute(element, 'id') !== selector.ids[i]) return false
  if (selector.classes.length === 0) return true
  const classes = regExpMatches(/\S+/g, element.className)
  for (let i = 0; i < selector.classes.length; i++) if (!ArrayPrototypeIncludes(classes, selector.classes[i])) return false
  return true
}

function query(root, text, method, on, first) {
  const selectors = parseSelectors(text, method, on)
  const found = []
  someDescendant(root, function (node) {
    if (!isElement(node)) return false
    for (let i = 0; i < selectors.length; i++) {
      if (matchesOne(node, selectors[i])) {
        ArrayPrototypePush(found, node)
        return first
      }
    }
    return false
  })
  return first ? (found.length === 0 ? null : found[0]) : found
}

function escapeText(text) {
  return StringPrototypeReplaceAll(StringPrototypeReplaceAll(StringPrototypeReplaceAll(text, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')
}

function openTag(element) {
  let text = '<' + element.localName
  const attributes = attributesOf(element, false)
  const names = attributes === undefined ? [] : ReflectOwnKeys(attributes)
  for (let i = 0; i < names.length; i++) {
    text += ' ' + names[i] + '="' + StringPrototypeReplaceAll(StringPrototypeReplaceAll(attributes[names[i]], '&', '&amp;'), '"', '&quot;') + '"'
  }
  return text + '>'
}

function serialize(node) {
  if (isInstanceOfOwn(node, Text)) return escapeText(node.data)
  if (!isElement(node)) return ''
  if (ArrayPrototypeIncludes(VOID_TAGS, node.localName)) return openTag(node)
  return openTag(node) + serializeChildren(node) + '</' + node.localName + '>'
}

function serializeChildren(node) {
  let text = ''
  const list = childList(node, false)
  for (let i = 0; i < list.length; i++) text += serialize(list[i])
  return text
}
`
