/**
 * Lesson and scenario text: Markdown rendered by marked, then sanitized by DOMPurify, because a
 * lesson may one day come from outside the repository (a teacher's shared link), and its HTML would
 * otherwise run in the learner's page.
 */
import DOMPurify from 'dompurify'
import { Marked, Renderer } from 'marked'

const marked = new Marked(
  { gfm: true, async: false },
  {
    renderer: {
      // A code block wider than the text scrolls sideways inside a box of its own: the box takes the
      // keyboard's focus, so it can be scrolled without a mouse too, and says what it holds.
      code(token) {
        return `<div class="code-block" tabindex="0" role="group" aria-label="Code example">${Renderer.prototype.code.call(this, token)}</div>\n`
      },
    },
  },
)

// Links leave the page in a new tab, never as an opener the other page could drive.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.getAttribute('href')) {
    node.setAttribute('target', '_blank')
    node.setAttribute('rel', 'noopener noreferrer')
  }
})

export function renderMarkdown(text: string): string {
  const html = marked.parse(text) as string
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    // Text only: no forms, media or styles a lesson could use to pose as the page itself.
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'img', 'video', 'audio'],
    FORBID_ATTR: ['style'],
  })
}
