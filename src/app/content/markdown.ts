/**
 * Lesson and scenario text: Markdown rendered by marked, then sanitized by DOMPurify, because a
 * lesson may one day come from outside the repository (a teacher's shared link), and its HTML would
 * otherwise run in the learner's page.
 */
import DOMPurify from 'dompurify'
import { Marked } from 'marked'

const marked = new Marked({ gfm: true, async: false })

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
