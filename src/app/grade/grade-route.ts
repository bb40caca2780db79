/** The grading page's addresses: `#grade`, and one graded hand-in opened read-only, `#grade&handin=3`. */
export const GRADE_HASH = '#grade'

export function handInHash(index: number): string {
  return `${GRADE_HASH}&handin=${index}`
}
