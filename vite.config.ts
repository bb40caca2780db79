import { svelte } from '@sveltejs/vite-plugin-svelte'
import type { Plugin } from 'vite'
import { defineConfig } from 'vitest/config'
// With its extension: Node loads this config file itself.
import { GUEST_LIBS } from './src/app/editor/guest-types.ts'

/**
 * monaco-editor 0.57's language services start their workers through internal/common/workers.js,
 * which also imports every editor feature for its side effects (inline completions, sticky scroll,
 * code lens, colour picker…: about 450 kB). The page registers the features it uses itself
 * (src/app/editor/monaco-setup.ts), so those imports are dropped; the module's code is kept.
 */
function monacoWorkersWithoutFeatures(): Plugin {
  return {
    name: 'leaklab:monaco-workers-without-features',
    transform(code, id) {
      if (!id.replace(/\\/g, '/').endsWith('/monaco-editor/esm/vs/internal/common/workers.js')) return null
      // Each import becomes an empty line, so line numbers (and source maps) stay as they were.
      const stripped = code.replace(/^import '[^']+';$/gm, '')
      // A changed file layout must fail the build, not silently bring the features back.
      if (stripped === code) throw new Error(`leaklab:monaco-workers-without-features: no side-effect imports found in ${id}; check monaco-setup.ts`)
      return { code: stripped, map: null }
    },
  }
}

/**
 * TypeScript's worker carries every standard library as text (3.1 MiB, two thirds of it the DOM's).
 * The editor asks for GUEST_LIBS only (src/app/editor/guest-types.ts), so the worker keeps those and
 * what they reference (/// <reference lib>): 0.5 MiB. Applies to the worker bundle (worker.plugins).
 */
function monacoGuestLibsOnly(): Plugin {
  return {
    name: 'leaklab:monaco-guest-libs-only',
    transform(code, id) {
      if (!id.replace(/\\/g, '/').endsWith('/monaco-editor/esm/vs/languages/features/typescript/lib/lib.js')) return null
      // One statement per library, libFileMap["lib.es5.d.ts"] = '...' or `...` (some span lines),
      // each running to the next one or to the closing export.
      const starts = [...code.matchAll(/^libFileMap\["([^"]+)"\] = /gm)]
      const end = code.lastIndexOf('\nexport ')
      if (starts.length === 0 || end < 0) throw new Error(`leaklab:monaco-guest-libs-only: unexpected layout of ${id}`)
      const entries = new Map(starts.map((m, i) => [m[1], { from: m.index, to: i + 1 < starts.length ? starts[i + 1].index : end }]))
      const keep = new Set<string>()
      const queue = [...GUEST_LIBS]
      while (queue.length > 0) {
        const name = queue.pop()!
        if (keep.has(name)) continue
        const entry = entries.get(name)
        if (!entry) throw new Error(`leaklab:monaco-guest-libs-only: ${name} is not among Monaco's TypeScript libraries`)
        keep.add(name)
        for (const m of code.slice(entry.from, entry.to).matchAll(/<reference lib="([^"]+)"/g)) queue.push(`lib.${m[1].toLowerCase()}.d.ts`)
      }
      // A dropped library leaves its newlines only: line numbers stay as they were.
      let result = ''
      let at = 0
      for (const [name, { from, to }] of entries) {
        if (keep.has(name)) continue
        result += code.slice(at, from) + code.slice(from, to).replace(/[^\n]/g, '')
        at = to
      }
      return { code: result + code.slice(at), map: null }
    },
  }
}

export default defineConfig({
  plugins: [svelte(), monacoWorkersWithoutFeatures()],
  worker: { format: 'es', plugins: () => [monacoGuestLibsOnly()] },
  build: { target: 'es2022' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // The page's worker, Monaco's TypeScript worker and the tests share two cores with other
          // runs: what must appear gets 10 s, not vitest's 1 s default (timing limits stay in bench).
          expect: { poll: { timeout: 10_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
})
