import type { ConsoleArg, ConsoleEntry, ConsoleLevel } from './types'

/**
 * A console entry from what the guest's console sent (prelude/index.ts): the line as a JSON string,
 * or, for a line with objects to expand, `{"text", "args"}` (prelude/console-tree.ts). A text longer
 * than maxText characters is cut, and its parts with it, so that their texts still join to the text.
 */
export function consoleEntry(level: ConsoleLevel, encoded: string, maxText: number): ConsoleEntry {
  const decoded = JSON.parse(encoded) as string | { text: string; args: ConsoleArg[] }
  const text = typeof decoded === 'string' ? decoded : decoded.text
  if (text.length <= maxText) {
    return typeof decoded === 'string' ? { level, text } : { level, text, args: decoded.args }
  }
  const tail = `… (${text.length - maxText} more characters)`
  const entry: ConsoleEntry = { level, text: `${text.slice(0, maxText)}${tail}` }
  if (typeof decoded !== 'string') entry.args = clipArgs(decoded.args, maxText, tail)
  return entry
}

/** The parts that fit in the first `max` characters of their line, the last one cut, then `tail`. */
function clipArgs(args: ConsoleArg[], max: number, tail: string): ConsoleArg[] {
  const kept: ConsoleArg[] = []
  let length = 0
  for (const arg of args) {
    if (length + arg.text.length <= max) {
      kept.push(arg)
      length += arg.text.length
      if (length === max) break
      continue
    }
    kept.push({ ...arg, text: arg.text.slice(0, max - length) })
    break
  }
  kept.push({ text: tail })
  return kept
}
