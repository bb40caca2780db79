/**
 * What a learner downloads: the built app's files by type, raw and gzipped (as a server would send
 * them), so the editor is kept to what a JavaScript playground needs.
 */
import { readdir, readFile } from 'node:fs/promises'
import { extname, join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'

export interface FileSize {
  file: string
  bytes: number
  gzipBytes: number
}

export interface BundleSizes {
  /** Per extension (js, css, wasm, html, other): totals. */
  byType: Record<string, { files: number; bytes: number; gzipBytes: number }>
  /** The largest files, biggest first. */
  largest: FileSize[]
}

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* filesUnder(path)
    else yield path
  }
}

export async function measureBundle(outDir: string, largest = 8): Promise<BundleSizes> {
  const files: (FileSize & { type: string })[] = []
  for await (const path of filesUnder(outDir)) {
    const bytes = await readFile(path)
    const ext = extname(path).slice(1)
    files.push({
      file: relative(outDir, path),
      type: ['js', 'css', 'wasm', 'html'].includes(ext) ? ext : 'other',
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
    })
  }
  const byType: BundleSizes['byType'] = {}
  for (const f of files) {
    const t = (byType[f.type] ??= { files: 0, bytes: 0, gzipBytes: 0 })
    t.files++
    t.bytes += f.bytes
    t.gzipBytes += f.gzipBytes
  }
  files.sort((a, b) => b.bytes - a.bytes)
  return { byType, largest: files.slice(0, largest).map(({ file, bytes, gzipBytes }) => ({ file, bytes, gzipBytes })) }
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`

export function formatBundle(sizes: BundleSizes): string {
  const out = ['Built app (vite build), raw and gzip -9:']
  for (const [type, t] of Object.entries(sizes.byType).sort((a, b) => b[1].bytes - a[1].bytes)) {
    out.push(`  ${type.padEnd(6)} ${String(t.files).padStart(3)} files  ${kib(t.bytes).padStart(11)}  gzip ${kib(t.gzipBytes).padStart(10)}`)
  }
  out.push('  largest:')
  for (const f of sizes.largest) out.push(`    ${f.file}  ${kib(f.bytes)}  (gzip ${kib(f.gzipBytes)})`)
  return out.join('\n')
}
