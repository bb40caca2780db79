/**
 * A plain static file server, as a class's web host is (GitHub Pages, a school's Apache): files from
 * one directory under one subpath, with their content types and nothing else. No COOP/COEP headers,
 * no rewrites, 404 for anything outside the subpath. It logs every request, so a test can check that
 * the page asked for nothing outside its directory.
 */
import { readFile, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
  '.zip': 'application/zip',
  '.txt': 'text/plain; charset=utf-8',
}

export interface ServedRequest {
  method: string
  path: string
  status: number
}

export interface StaticServer {
  /** The site's address: the origin and the subpath, ending in `/`. */
  readonly url: string
  readonly origin: string
  /** Every request so far, in order. */
  readonly requests: ServedRequest[]
  /** While false, every connection is dropped unanswered (logged with status 0): the network is down for everyone, service workers too. */
  reachable: boolean
  /** Serve `body(original)` instead of a file's own bytes, for one path under the subpath (`sw.js`). */
  rewrite(path: string, body: ((original: Buffer) => Buffer) | null): void
  close(): Promise<void>
}

/** Serves `dir` at `http://127.0.0.1:PORT${prefix}` (prefix like `/courses/leaklab/`). */
export async function serveStatic(dir: string, prefix: string): Promise<StaticServer> {
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`the subpath must start and end with "/": ${prefix}`)
  const requests: ServedRequest[] = []
  const rewrites = new Map<string, (original: Buffer) => Buffer>()
  const root = normalize(dir)
  let reachable = true

  const server = createServer((request, response) => {
    let path: string
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname)
    } catch {
      path = request.url ?? '/'
    }
    if (!reachable) {
      requests.push({ method: request.method ?? 'GET', path, status: 0 })
      request.socket.destroy()
      return
    }
    const answer = (status: number, headers: Record<string, string>, body?: Buffer | string): void => {
      requests.push({ method: request.method ?? 'GET', path, status })
      response.writeHead(status, headers)
      response.end(request.method === 'HEAD' ? undefined : body)
    }
    // The directory without its slash is redirected, as static hosts do: relative URLs need the slash.
    if (path === prefix.slice(0, -1)) return answer(301, { Location: prefix })
    if (!path.startsWith(prefix) || (request.method !== 'GET' && request.method !== 'HEAD')) return answer(404, { 'Content-Type': 'text/plain' }, 'Not found')
    let relative = path.slice(prefix.length)
    if (relative === '' || relative.endsWith('/')) relative += 'index.html'
    const file = normalize(join(root, relative))
    if (!file.startsWith(root + sep)) return answer(404, { 'Content-Type': 'text/plain' }, 'Not found')
    stat(file)
      .then(async (info) => {
        if (!info.isFile()) return answer(404, { 'Content-Type': 'text/plain' }, 'Not found')
        const original = await readFile(file)
        const body = rewrites.get(relative)?.(original) ?? original
        answer(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': String(body.length) }, body)
      })
      .catch(() => answer(404, { 'Content-Type': 'text/plain' }, 'Not found'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}${prefix}`,
    origin,
    requests,
    get reachable() {
      return reachable
    },
    set reachable(value) {
      reachable = value
    },
    rewrite(path, body) {
      if (body) rewrites.set(path, body)
      else rewrites.delete(path)
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
