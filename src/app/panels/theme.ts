/**
 * Canvas-drawn panels (uPlot, Cytoscape) cannot use CSS variables directly: they read the resolved
 * values once, and again when the colour scheme flips, so light and dark themes both work.
 */

/** Anything with getPropertyValue: a CSSStyleDeclaration in the page, a stub in tests. */
export interface StyleSource {
  getPropertyValue(name: string): string
}

/**
 * The values of CSS custom properties, keyed by name without the leading `--`. A property that is
 * not set falls back to `fallback`, so a panel still draws when mounted outside the page's CSS.
 */
export function readColors<K extends string>(style: StyleSource, names: readonly K[], fallback = '#808080'): Record<K, string> {
  const out = {} as Record<K, string>
  for (const name of names) out[name] = style.getPropertyValue(`--${name}`).trim() || fallback
  return out
}

/** Calls `onChange` when the user's colour scheme changes; returns the unsubscribe. */
export function watchColorScheme(onChange: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {}
  const query = matchMedia('(prefers-color-scheme: dark)')
  query.addEventListener('change', onChange)
  return () => query.removeEventListener('change', onChange)
}
