/**
 * Loads Cytoscape and the ELK layout on first use. Together they are most of a megabyte of
 * JavaScript (ELK is compiled from Java), so they are split from the page's bundle and fetched only
 * when a graph is first drawn. cytoscape-elk imports `elkjs/lib/elk.bundled.js`, which runs ELK on
 * the page's thread through a fake worker: there is no separate worker file for Vite to serve.
 */
import type cytoscape from 'cytoscape'

let loading: Promise<typeof cytoscape> | null = null

export function loadCytoscape(): Promise<typeof cytoscape> {
  loading ??= Promise.all([import('cytoscape'), import('cytoscape-elk')]).then(([core, elk]) => {
    core.default.use(elk.default)
    return core.default
  })
  // A failed fetch (offline, a new deploy) may succeed when asked again.
  loading.catch(() => {
    loading = null
  })
  return loading
}
