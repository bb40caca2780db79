import { execFile } from 'node:child_process'

/** Long enough for a slow machine, short enough that a hung child fails the run instead of stalling it. */
const CHILD_TIMEOUT_MS = 60_000

/**
 * Run a program that times its own workload and prints one JSON line as its last line of output
 * (`{"ms": …, …}`). The timing comes from inside the child, so process start-up is not counted.
 */
export function timeInChild(file: string, args: readonly string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: CHILD_TIMEOUT_MS, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${file} failed (${error.code ?? error.signal ?? error.message}): ${String(stderr).trim()}`))
        return
      }
      const last = String(stdout).trim().split('\n').at(-1) ?? ''
      let parsed: unknown
      try {
        parsed = JSON.parse(last)
      } catch {
        reject(new Error(`${file} printed no JSON timing line: ${JSON.stringify(last)}`))
        return
      }
      const record = parsed as Record<string, number>
      if (typeof record.ms !== 'number' || !Number.isFinite(record.ms)) {
        reject(new Error(`${file} printed no "ms" figure: ${last}`))
        return
      }
      resolve(record)
    })
  })
}
