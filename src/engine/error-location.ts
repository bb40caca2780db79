/** Find the first stack frame in `filename` (`at f (main.js:4:3)` or `at main.js:2:1`). */
export function locateInStack(
  stack: string | undefined,
  filename: string,
): { line: number; column: number } | null {
  if (!stack) return null
  const escaped = filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack)
  return match ? { line: Number(match[1]), column: Number(match[2]) } : null
}
