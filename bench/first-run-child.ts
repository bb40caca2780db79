// Runs in a fresh process: the first runProgram there pays everything a CLI call or a page's first
// Run pays (reading and compiling the wasm, V8 starting from baseline code). Prints one JSON line.
import { runProgram } from '../src/engine/run'

const source = process.argv[2] ?? ''
const started = performance.now()
const result = await runProgram(source, { inspect: false })
const ms = performance.now() - started
if (!result.ok) {
  console.error(`${result.error?.name}: ${result.error?.message}`)
  process.exit(1)
}
console.log(JSON.stringify({ ms, length: Number(result.console.at(-1)?.text) }))
