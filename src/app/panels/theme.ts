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

/** The root font size the panels' canvas sizes (axis and label type, in px) were chosen for. */
export const USUAL_ROOT_PX = 16

/**
 * How much larger than usual the page's type is: the root's font size over 16 px (1.375 in
 * presentation mode). Canvas text cannot be set in rem, so uPlot's and Cytoscape's sizes are
 * multiplied by this to grow with the page's. 1 when the size cannot be read.
 */
export function typeScale(rootFontSize: string): number {
  const px = parseFloat(rootFontSize)
  return Number.isFinite(px) && px > 0 ? px / USUAL_ROOT_PX : 1
}

/** typeScale of this page's root, as it is now. */
export function pageTypeScale(): number {
  return typeof document === 'undefined' ? 1 : typeScale(getComputedStyle(document.documentElement).fontSize)
}
