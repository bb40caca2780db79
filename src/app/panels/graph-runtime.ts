/**
 * Loads Cytoscape and the ELK layout on first use. Together they are most of a megabyte of
 * JavaScript (ELK is compiled from Java), so they are split from the page's bundle and fetched only
 * when a graph is first drawn. cytoscape-elk imports `elkjs/lib/elk.bundled.js`, which runs ELK on
 * the page's thread through a fake worker: there is no separate worker file for Vite to serve.
 */
import type cytoscape from 'cytoscape'
import type { BaseLayoutOptions, Core, NodeSingular, Position } from 'cytoscape'

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

/** A layout in progress, which its owner stops before it replaces the graph or destroys Cytoscape. */
export interface LayoutRun {
  /** True until the layout has placed the nodes, been stopped, or lost its Cytoscape. */
  readonly running: boolean
  /**
   * Stop the layout and drop its callback, before the elements are replaced or Cytoscape destroyed:
   * once stopped, its completion moves no node and calls nothing. Idempotent.
   */
  stop(): void
}

/**
 * Run `options`' layout on all of `cy`'s elements, then call `onDone`, unless the layout was stopped
 * or `cy` destroyed in the meantime.
 *
 * cytoscape-elk cannot be cancelled: its stop() does nothing, and when ELK's promise settles it sets
 * the positions of the nodes it was given whatever became of them. On a destroyed Cytoscape that
 * batch ends by notifying a renderer destroy() has set to null ("Cannot read properties of null
 * (reading 'notify')", issue 14). So the layout's `transform` gives no position once the run is
 * stopped or its Cytoscape gone: Cytoscape then moves nothing, has nothing to notify, and the late
 * completion is inert (its events go to no listener of ours).
 */
export function startLayout(cy: Core, options: BaseLayoutOptions, onDone: () => void): LayoutRun {
  let running = true
  const current = (): boolean => running && !cy.destroyed()
  const layout = cy.layout({
    ...options,
    // Cytoscape skips a node whose new position is empty (collection.positions()).
    transform: (_node: NodeSingular, position: Position) => (current() ? position : (null as unknown as Position)),
  })
  const finished = (): void => {
    if (!current()) return
    running = false
    onDone()
  }
  layout.one('layoutstop', finished)
  layout.run()
  return {
    get running() {
      return current()
    },
    stop() {
      if (!running) return
      running = false
      layout.off('layoutstop', finished)
      layout.stop()
    },
  }
}
