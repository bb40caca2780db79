import type { GroupKey, HeapNode } from './snapshot'

/**
 * How live objects are grouped, shared by the engine (which counts groups at its growth walks) and
 * the analysis (which reads them): below both, so neither imports the other for it.
 */

/** Group live objects by constructor (kind and name) or by allocation line (`file:line`, kind and name). */
export type GroupBy = 'constructor' | 'line'

/** The site of a node grouped by line when the instrumentation recorded none (builtins, engine objects). */
export const NO_SITE = '(no site)'

/** A group's site as views and reports give it: `file:line`, or null for {@link NO_SITE} (and by constructor). */
export function siteOrNull(site: string | null): string | null {
  return site === NO_SITE ? null : site
}

/** How many live objects a group has and their shallow bytes: what a sample of a stepped run records. */
export interface GroupCount {
  /** The group's identity, from {@link groupKeyId}. */
  key: string
  count: number
  shallowBytes: number
}

/** The group counts of one heap sample, taken after step `step`. */
export interface GroupSample {
  step: number
  groups: GroupCount[]
}

/**
 * Live objects are the nodes reachable from the root, minus the root and any other node of kind `root`
 * (synthetic holders such as a timer list are not the learner's objects).
 */
export function isGroupable(node: HeapNode): boolean {
  return node.kind !== 'root'
}

/** The group key of a node: `site` is null by constructor, `file:line` (or {@link NO_SITE}) by line. */
export function groupKeyOf(node: HeapNode, by: GroupBy): GroupKey {
  const site = by === 'constructor' ? null : node.site ? `${node.site.file}:${node.site.line}` : NO_SITE
  return { name: node.name, kind: node.kind, site }
}

/**
 * A group key as one string, the identity used across snapshots and samples: the JSON text of
 * `[kind, name, site]`, e.g. `["object","DataHolder",null]` or `["object","DataHolder","main.js:12"]`.
 * Unambiguous whatever the names contain, and {@link parseGroupKeyId} reads it back.
 */
export function groupKeyId(key: GroupKey): string {
  return JSON.stringify([key.kind, key.name, key.site])
}

/** The inverse of {@link groupKeyId}. Throws a TypeError on a string it did not make. */
export function parseGroupKeyId(id: string): GroupKey {
  let parsed: unknown
  try {
    parsed = JSON.parse(id)
  } catch {
    parsed = undefined
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string' ||
    (parsed[2] !== null && typeof parsed[2] !== 'string')
  ) {
    throw new TypeError(`not a group key: ${id}`)
  }
  return { kind: parsed[0] as GroupKey['kind'], name: parsed[1], site: parsed[2] }
}
