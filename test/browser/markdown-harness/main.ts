import { renderMarkdown } from '../../../src/app/content/markdown'

declare global {
  interface Window {
    renderMarkdown: typeof renderMarkdown
  }
}

window.renderMarkdown = renderMarkdown
