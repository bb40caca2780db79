/**
 * Links into and out of an embedded exercise. The fragment is edited as text, one `&`-separated part
 * at a time, never re-encoded: an assignment link's packed exercise must come out byte for byte.
 */

const isEmbedPart = (part: string) => part === 'embed' || part.startsWith('embed=')

/** The same link without `embed`: the full page, for "Open in LeakLab". Takes and gives a `#…` fragment. */
export function withoutEmbed(hash: string): string {
  const parts = hash.replace(/^#/, '').split('&')
  return `#${parts.filter((part) => !isEmbedPart(part)).join('&')}`
}

/** The same link, embedded: a language switch inside the frame must stay in the frame's layout. */
export function withEmbed(hash: string): string {
  const bare = withoutEmbed(hash)
  return `${bare}${bare === '#' ? '' : '&'}embed`
}
