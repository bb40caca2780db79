/**
 * What is wrong with a scenario or lesson folder, naming the file and, inside a manifest, the field:
 * "scenarios/01-growing-list/manifest.json: check[1].atMost: expected a whole number ≥ 0".
 */
import * as v from 'valibot'

export interface ContentError {
  /** The file, relative to the repository (or whatever root the folder was read from). */
  file: string
  /** The field inside the file, as a dotted path with [i] for list items; absent for the whole file. */
  field?: string
  message: string
}

export function formatContentError(error: ContentError): string {
  return `${error.file}: ${error.field ? `${error.field}: ` : ''}${error.message}`
}

/** valibot's issues as content errors: the deepest path of each, written as authors write it. */
export function schemaErrors(file: string, issues: readonly v.BaseIssue<unknown>[]): ContentError[] {
  return issues.map((issue) => {
    const field = (issue.path ?? [])
      .map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`))
      .join('')
      .replace(/^\./, '')
    return { file, ...(field ? { field } : {}), message: issueMessage(issue) }
  })
}

function issueMessage(issue: v.BaseIssue<unknown>): string {
  // A wrong "kind" in a variant lists what kinds there are: the author's most likely slip.
  if (issue.type === 'variant' && issue.expected) return `expected a kind of ${issue.expected}, got ${issue.received}`
  if (issue.type === 'object' && issue.received === 'undefined') return 'is missing'
  return issue.message.replace(/^Invalid /, 'invalid ')
}
