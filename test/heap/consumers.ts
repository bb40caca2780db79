import { createReadStream } from 'node:fs'
import memlab from '@memlab/core'
import { parse } from 'heap-snapshot-toolkit'

/** Read a .heapsnapshot with Chrome DevTools' own heap snapshot code (the Memory panel's worker). */
export async function readWithDevTools(path: string) {
  return parse(createReadStream(path, { encoding: 'utf8' }))
}

/** Read a .heapsnapshot with memlab, as its getFullHeapFromFile does: parse, then paths, dominators, retained sizes. */
export async function readWithMemlab(path: string) {
  const { config, ErrorHandling, utils, analysis } = memlab
  config.muteConsole = true
  config.errorHandling = ErrorHandling.Throw
  const heap = await utils.getSnapshotFromFile(path, { buildNodeIdIndex: true })
  const finder = analysis.preparePathFinder(heap)
  return { heap, finder }
}
