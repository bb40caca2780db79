import { main } from '../../src/cli/main'

/** Runs the `leaklab` command in this process, as the terminal would, and returns its exit code and what it wrote. */
export async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env: {} })
  return { code, stdout, stderr }
}
