import { createReadStream, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import type { Plugin } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import { defineConfig } from 'vitest/config'
// With its extension: Node loads this config file itself.
import { GUEST_LIBS } from './src/app/editor/guest-types.ts'
import { ISOLATION_HEADERS as SERVICE_WORKER_ISOLATION_HEADERS } from './src/service-worker/isolation-headers.ts'

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

/**
 * Pyodide's own files (the interpreter's wasm and its JavaScript, the standard library, the lock
 * file) come from the installed package, never a CDN: served from node_modules by the dev server,
 * and copied into the build, both under pyodide-<version>/ beside the page (PYODIDE_DIR in
 * src/worker/python-assets.ts), where the Python worker finds them. The name carries the version,
 * so a cached copy is never mistaken for another release's. A build that never imports the Python
 * client (a test harness) gets no copy.
 */
function pyodideAssets(): Plugin {
  const packageDir = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'))
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version
  const files: Record<string, string> = {
    'pyodide.asm.wasm': 'application/wasm',
    'pyodide.asm.mjs': 'text/javascript',
    'python_stdlib.zip': 'application/zip',
    'pyodide-lock.json': 'application/json',
  }
  const dir = `pyodide-${version}`
  let usesPython = false
  return {
    name: 'leaklab:pyodide-assets',
    configResolved(config) {
      // With a relative base, the Python worker finds this directory as its own parent's
      // (pyodideIndexURL): that holds while the build's workers sit one directory below the page.
      const relative = config.base === './' || config.base === ''
      if (config.command === 'build' && relative && config.build.assetsDir.split('/').filter((part) => part !== '' && part !== '.').length !== 1) {
        throw new Error(`leaklab:pyodide-assets: build.assetsDir "${config.build.assetsDir}" is not one directory deep; update pyodideIndexURL in src/worker/python-assets.ts`)
      }
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = (request.url ?? '').split('?')[0]
        const prefix = `${server.config.base}${dir}/`
        const name = path.startsWith(prefix) ? path.slice(prefix.length) : null
        if (name === null || !(name in files)) return next()
        response.setHeader('Content-Type', files[name])
        createReadStream(join(packageDir, name)).pipe(response)
      })
    },
    transform(_code, id) {
      if (id.replace(/\\/g, '/').endsWith('/src/worker/python-client.ts')) usesPython = true
      return null
    },
    generateBundle() {
      if (!usesPython) return
      for (const name of Object.keys(files)) this.emitFile({ type: 'asset', fileName: `${dir}/${name}`, source: readFileSync(join(packageDir, name)) })
    },
  }
}

/**
 * pyodide.mjs imports Node's modules (node:fs, node:url…) behind its `IN_NODE` checks; in the
 * Python worker's bundle they are empty modules, never loaded, instead of a warning apiece.
 */
function pyodideWithoutNode(): Plugin {
  const EMPTY = '\0leaklab:node-builtin-in-pyodide'
  return {
    name: 'leaklab:pyodide-without-node',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id.startsWith('node:') && importer?.replace(/\\/g, '/').includes('/node_modules/pyodide/')) return EMPTY
      return null
    },
    load(id) {
      return id === EMPTY ? 'export default {}' : null
    },
  }
}

/**
 * Cross-origin isolation, so the page may share memory with its workers: the Python worker's
 * interrupt buffer (a SharedArrayBuffer) is how a program past its time budget is stopped at its
 * line. Everything the page loads is its own, so `require-corp` costs nothing. On a host that cannot
 * send these headers the service worker adds them (src/service-worker/isolation-headers.ts, where
 * the values live), from the second load on; without it, Python's time limit ends the worker instead.
 */
const ISOLATION_HEADERS = { ...SERVICE_WORKER_ISOLATION_HEADERS }

/**
 * The same headers for the built site, as a `_headers` file beside index.html: the hosts that read one
 * (Netlify, Cloudflare Pages) send them with every file. Paths match under any subpath the site is
 * copied to. A host that reads no such file gets them from the service worker (see above).
 */
function isolationHeadersFile(): Plugin {
  return {
    name: 'leaklab-isolation-headers-file',
    apply: 'build',
    generateBundle() {
      const lines = Object.entries(ISOLATION_HEADERS).map(([name, value]) => `  ${name}: ${value}`)
      this.emitFile({ type: 'asset', fileName: '_headers', source: ['/*', ...lines, ''].join('\n') })
    },
  }
}

/**
 * The service worker (src/service-worker/sw.ts): vite-plugin-pwa builds it as sw.js beside index.html
 * and writes the list of files to precache into it (Workbox's injectManifest). The list is the app
 * and the JavaScript engine, so the page opens and runs JavaScript offline after one visit; Pyodide's
 * directory is left out (13 MB that a learner who never opens Python should not download: sw.ts
 * keeps its files the first time Python loads). The page registers it itself
 * (src/app/offline/register.ts), with no web app manifest: LeakLab is a page, not an installed app.
 */
function offline(): Plugin[] {
  // Whether the page registers it: in every build (even one made with NODE_ENV=test, as the browser
  // tests' is, where import.meta.env.PROD is false), never on the dev server nor in vitest.
  const flag: Plugin = {
    name: 'leaklab:service-worker-flag',
    config: (_config, { command }) => ({ define: { 'import.meta.env.LEAKLAB_SERVICE_WORKER': JSON.stringify(command === 'build') } }),
  }
  const serviceWorker = VitePWA({
    strategies: 'injectManifest',
    // Absolute: the tests' harnesses build with this config from roots of their own.
    srcDir: fileURLToPath(new URL('./src/service-worker', import.meta.url)),
    filename: 'sw.ts',
    injectRegister: false,
    manifest: false,
    injectManifest: {
      // Everything the build writes (a new kind of asset is offline too), but Python's worker and
      // Pyodide (kept on first use, by PYTHON_ASSET in sw.ts) and `_headers`.
      globPatterns: ['**/*'],
      globIgnores: ['pyodide-*/**', 'assets/python-worker-*', 'assets/*pyodide*', '_headers'],
      // TypeScript's worker for the editor is 4.2 MB (Workbox's default limit is 2 MiB): without it
      // the editor offline would lose its completion.
      maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      // A classic script: module service workers are not in every browser a class may use.
      rollupFormat: 'iife',
      // The worker's own build (a second Vite build, made by the plugin) would print its progress to
      // stdout at any log level of the main build: warnings only, so `npm run bench -- --json` and a
      // quiet build stay clean.
      buildPlugins: { vite: [{ name: 'leaklab:quiet-service-worker-build', config: () => ({ logLevel: 'warn' }) }] },
    },
  })
  return [flag, ...serviceWorker]
}

export default defineConfig({
  // Relative: the built site runs from any directory of any static host (`/courses/leaklab/`), every
  // URL resolved beside the page. The dev server still serves at '/'.
  base: './',
  plugins: [svelte(), monacoWorkersWithoutFeatures(), pyodideAssets(), isolationHeadersFile(), offline()],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  // Pyodide loads its own files at run time (import() of pyodide.asm.mjs): it must not be pre-bundled.
  optimizeDeps: { exclude: ['pyodide'] },
  worker: { format: 'es', plugins: () => [monacoGuestLibsOnly(), pyodideWithoutNode()] },
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
