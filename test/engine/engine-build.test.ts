import { execFileSync, spawnSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

/**
 * The engine in quickjs/dist is what quickjs/build.sh makes from the sources beside it: rebuilt with
 * Debian's emscripten and compared byte for byte. Without emcc (a machine that did not run .ci/run,
 * which installs it) the rebuild cannot run, and the test says so instead of passing.
 */
const emcc = spawnSync('sh', ['-c', 'command -v emcc'], { encoding: 'utf8' }).stdout.trim()

describe('the committed engine', () => {
  it.skipIf(emcc === '')('is what quickjs/build.sh builds from the committed sources (needs emcc: apt-get install emscripten)', () => {
    const out = execFileSync('bash', ['quickjs/build.sh', '--check'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    expect(out).not.toMatch(/DIFFERS/)
    expect(out.match(/^same: /gm)).toHaveLength(4)
  }, 300_000)

  it('keeps the release wasm within 1.2x of the published build it replaces (491 KB)', () => {
    const size = statSync('quickjs/dist/release/leaklab-quickjs.wasm').size
    expect(size / 491_000).toBeLessThan(1.2)
  })
})
