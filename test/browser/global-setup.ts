import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, preview } from 'vite'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built page, served by `vite preview`, ending in `/`. */
    baseUrl: string
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Tests run against the production build, not the dev server: the worker, its wasm and `?raw`
 * imports are bundled differently there, and that bundle is what learners get.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Its own directory, so a test run never clobbers (or is clobbered by) someone's `dist/`.
  const outDir = await mkdtemp(join(tmpdir(), 'leaklab-browser-dist-'))
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  const server = await preview({
    root,
    logLevel: 'warn',
    build: { outDir },
    // Port 0: the OS picks a free port, so parallel runs cannot collide.
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  })
  const address = server.httpServer.address() as AddressInfo | null
  if (!address) throw new Error('vite preview is not listening')
  project.provide('baseUrl', `http://127.0.0.1:${address.port}/`)

  return async () => {
    await server.close()
    await rm(outDir, { recursive: true, force: true })
  }
}
