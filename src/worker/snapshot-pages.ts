/**
 * The interpreter's memory snapshot as this browser keeps it: about half of its 30 MB are pages of
 * zeros (wasm memory CPython never wrote), left out, so a later visit reads 15 MB from Cache Storage
 * instead of 30. Reading is the warm start's largest part; putting the zeros back is a copy of the
 * rest into a zeroed buffer. (gzip made it 6.8 MB, but inflating took longer than reading it all.)
 *
 * Layout (little-endian u32s): magic, version, the snapshot's length, the page size, the page count;
 * then a byte a page (1: kept, 0: zeros); then the kept pages in order, the last one short if the
 * length is not a multiple of the page size.
 */
const MAGIC = 0x505a4c4c // "LLZP"
const VERSION = 1
const PAGE = 4096
const HEADER = 20

export function elideZeroPages(snapshot: Uint8Array): Uint8Array {
  const pages = Math.ceil(snapshot.length / PAGE)
  const kept: number[] = []
  let keptBytes = 0
  for (let p = 0; p < pages; p++) {
    const start = p * PAGE
    const end = Math.min(start + PAGE, snapshot.length)
    let zero = true
    for (let i = start; i < end; i++) {
      if (snapshot[i] !== 0) {
        zero = false
        break
      }
    }
    if (!zero) {
      kept.push(p)
      keptBytes += end - start
    }
  }
  const out = new Uint8Array(HEADER + pages + keptBytes)
  const view = new DataView(out.buffer)
  view.setUint32(0, MAGIC, true)
  view.setUint32(4, VERSION, true)
  view.setUint32(8, snapshot.length, true)
  view.setUint32(12, PAGE, true)
  view.setUint32(16, pages, true)
  let at = HEADER + pages
  for (const p of kept) {
    out[HEADER + p] = 1
    const page = snapshot.subarray(p * PAGE, Math.min((p + 1) * PAGE, snapshot.length))
    out.set(page, at)
    at += page.length
  }
  return out
}

/** The snapshot again, or an error that says the kept copy is not one (it is then deleted, and made afresh). */
export function restoreZeroPages(packed: Uint8Array): Uint8Array {
  const fail = (why: string) => new Error(`The kept Python snapshot is damaged (${why}).`)
  if (packed.length < HEADER) throw fail('too short')
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength)
  if (view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== VERSION) throw fail('not a snapshot LeakLab kept')
  const length = view.getUint32(8, true)
  const page = view.getUint32(12, true)
  const pages = view.getUint32(16, true)
  if (page === 0 || pages !== Math.ceil(length / page) || packed.length < HEADER + pages) throw fail('its header does not add up')
  const out = new Uint8Array(length)
  let at = HEADER + pages
  for (let p = 0; p < pages; p++) {
    if (packed[HEADER + p] === 0) continue
    const size = Math.min(page, length - p * page)
    if (at + size > packed.length) throw fail('it is cut short')
    out.set(packed.subarray(at, at + size), p * page)
    at += size
  }
  if (at !== packed.length) throw fail('it has bytes to spare')
  return out
}
