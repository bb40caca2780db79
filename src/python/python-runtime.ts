/**
 * CPython (Pyodide) inside a worker of its own: loads it from the installed package, hardens the
 * worker's realm so the guest cannot reach the host, holds the run to its memory budget, and runs one
 * program through the driver (driver.py). One worker runs one program and is then ended, so nothing a
 * program does outlives its run; a memory snapshot of a loaded interpreter makes that cheap.
 *
 * Runs in a Node worker thread (the CLI, the tests) or a Web Worker (the page): no Node or DOM API here.
 */
import { loadPyodide, type PyodideAPI } from 'pyodide'
import type { HeapCoverage, RunOptions } from '../engine/types'
import { EDGE_KINDS, NODE_KINDS, type AllocationSite, type EdgeKind, type HeapEdge, type HeapNode, type HeapSnapshot, type NodeKind } from '../heap/snapshot'
import { KeptSnapshotsBuilder, type KeptSnapshots, type SnapshotTaken } from '../heap/kept-snapshots'

export interface PythonStart {
  /** Where pyodide.asm.wasm and python_stdlib.zip are: the installed package, never a CDN. */
  indexURL: string
  /** driver.py's text. */
  driver: string
  /** imagelib.py's text: the guest's native image library. */
  imagelib: string
  /**
   * A memory snapshot of an interpreter with the driver loaded (makeSnapshot), or null to load cold. A
   * promise lets its bytes arrive while Pyodide fetches its own files.
   */
  snapshot: Uint8Array | Promise<Uint8Array> | null
}

/** What the driver returns: a RunResult's fields that Python knows, the host adds the rest. */
export interface DriverResult {
  ok: boolean
  error: import('../engine/types').RunError | null
  console: import('../engine/types').ConsoleEntry[]
  consoleDropped: number
  steps: number
  stepsRequested: number
  hooks: { step: boolean; setup: boolean; teardown: boolean }
  samples: import('../engine/types').Sample[]
  start: { objects: number; bytes: number }
  memory: { objects: number; bytes: number }
  time: number
  heap: import('../engine/types').HeapReport | null
  native: import('../engine/types').NativeMemoryReport
  growth: import('../engine/types').GrowthSample[]
  /** Where the driver wrote the run's kept walks (one file each, readKept), or null when it keeps none. */
  keptDir?: string | null
}

const PAGE = 65_536

/**
 * Wasm memory grows through WebAssembly.Memory.prototype.grow: past the budget it throws, so
 * CPython's allocation fails (a MemoryError the program may catch) and the refusal is remembered,
 * so the run still ends as `memory`.
 */
class MemoryBudget {
  limit = Infinity
  refused = false
  install(): void {
    const grow = WebAssembly.Memory.prototype.grow
    const budget = this
    WebAssembly.Memory.prototype.grow = function (this: WebAssembly.Memory, pages: number): number {
      if (this.buffer.byteLength + pages * PAGE > budget.limit) {
        budget.refused = true
        throw new RangeError('LeakLab: over the run\'s memory budget')
      }
      return grow.call(this, pages)
    }
  }
}

const budget = new MemoryBudget()
budget.install()

/** The interpreter, loaded (from the snapshot when there is one) with the driver imported. */
export async function loadInterpreter(start: PythonStart): Promise<PyodideAPI> {
  const options = { indexURL: start.indexURL, jsglobals: Object.create(null) as object, env: { HOME: '/home/learner' }, fullStdLib: false, stdout: () => {}, stderr: () => {} }
  const py = start.snapshot ? await loadPyodide({ ...options, _loadSnapshot: start.snapshot }) : await loadPyodide({ ...options, _makeSnapshot: true })
  if (!start.snapshot) installDriver(py, start.driver, start.imagelib)
  return py
}

function installDriver(py: PyodideAPI, driver: string, imagelib: string): void {
  py.FS.mkdirTree('/leaklab')
  py.FS.writeFile('/leaklab/leaklab_driver.py', driver)
  py.FS.writeFile('/leaklab/imagelib.py', imagelib)
  py.runPython("import sys\nsys.path.insert(0, '/leaklab')\nimport leaklab_driver")
}

/** A snapshot of a freshly loaded interpreter with the driver imported: what each run starts from. */
export async function makeSnapshot(start: Omit<PythonStart, 'snapshot'>): Promise<Uint8Array> {
  return (await loadCold(start)).snapshot
}

/**
 * A cold load that also makes the snapshot: the interpreter is still fresh afterwards (a snapshot is a
 * copy of its memory), so the page's first run uses it rather than waiting for a second load.
 */
export async function loadCold(start: Omit<PythonStart, 'snapshot'>): Promise<{ py: PyodideAPI; snapshot: Uint8Array }> {
  const py = await loadInterpreter({ ...start, snapshot: null })
  return { py, snapshot: py.makeMemorySnapshot() }
}

/**
 * Nothing of the host stays within the guest's reach: the `js` and `pyodide_js` modules go, and the
 * realm loses what would turn any JavaScript object the guest could get hold of into code (the
 * Function constructors behind `.constructor`, eval) or into the network, timers or storage. What the
 * host keeps for itself it took before this ran.
 */
function hardenRealm(py: PyodideAPI): void {
  for (const name of ['js', 'pyodide_js']) {
    try {
      py.unregisterJsModule(name)
    } catch {
      // Not registered in this build: nothing to take away.
    }
  }
  const functionPrototypes = [
    Function.prototype,
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function* () {}),
  ]
  for (const prototype of functionPrototypes) Object.defineProperty(prototype, 'constructor', { value: undefined, writable: false, configurable: false })
  const global = globalThis as Record<string, unknown>
  const reachOut = ['eval', 'fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport', 'importScripts', 'indexedDB', 'caches', 'BroadcastChannel', 'Worker', 'SharedWorker', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'navigator', 'Request', 'Response', 'Headers', 'FormData', 'localStorage', 'sessionStorage']
  for (const name of reachOut) {
    for (let holder: object | null = global; holder; holder = Object.getPrototypeOf(holder)) {
      const descriptor = Object.getOwnPropertyDescriptor(holder, name)
      if (!descriptor) continue
      if (descriptor.configurable) delete (holder as Record<string, unknown>)[name]
      else if (descriptor.writable) (holder as Record<string, unknown>)[name] = undefined
    }
  }
  const module = (py as unknown as { _module?: { FS?: { filesystems?: Record<string, unknown> } } })._module
  const filesystems = module?.FS?.filesystems
  if (filesystems) for (const name of Object.keys(filesystems)) if (name !== 'MEMFS') delete filesystems[name]
  for (const name of ['mountNodeFS', 'mountNativeFS', 'loadPackage', 'loadPackagesFromImports', 'registerJsModule', 'setStdin']) {
    try {
      Object.defineProperty(py, name, { value: undefined, writable: false, configurable: false })
    } catch {
      // A property the API does not let go of stays; the realm has nothing for it to reach.
    }
  }
}

/** The driver's Run, as a PyProxy. */
interface DriverRun {
  execute(source: string): void
  finish(): string
  destroy(): void
}

export interface RunLimitsInWorker {
  /** Written by the host (2, SIGINT) when the time is up, and again while the program goes on. */
  interrupt: Int32Array | null
}

/**
 * Run one program. The worker is spent afterwards: the realm is hardened for this program, and its
 * interpreter is not reused.
 */
export function runInWorker(py: PyodideAPI, source: string, options: RunOptions, limits: RunLimitsInWorker): DriverResult {
  budget.limit = currentMemoryBytes(py) + options.memoryBytes
  if (limits.interrupt) py.setInterruptBuffer(limits.interrupt)
  const startRun = py.runPython('import leaklab_driver\nleaklab_driver.start_run') as ((options: string) => DriverRun) & { destroy(): void }
  const run = startRun(JSON.stringify(options))
  startRun.destroy()
  hardenRealm(py)
  let text: string
  try {
    run.execute(source)
    // The program is over: what the walk and the result take is LeakLab's memory, not the program's.
    const refusedByProgram = budget.refused
    budget.limit = Infinity
    text = run.finish()
    budget.refused = refusedByProgram
  } finally {
    run.destroy()
  }
  const result = JSON.parse(text) as DriverResult
  if (result.heap?.snapshot) result.heap.snapshot = expandSnapshot(result.heap.snapshot as unknown as FlatSnapshot)
  const kept = result.keptDir ? readKept(py, result.keptDir, options.filename) : null
  delete result.keptDir
  if (result.heap) result.heap.kept = kept
  if (budget.refused && result.error?.kind !== 'memory') {
    // The program caught its MemoryError, or failed otherwise after it: the budget is what ended it.
    result.ok = false
    result.error = {
      kind: 'memory',
      name: 'MemoryError',
      message: `The program used more memory than its budget of ${Math.round(options.memoryBytes / 1048576)} MiB${result.error?.line ? ` (stopped at line ${result.error.line})` : ''}.`,
      line: result.error?.line ?? null,
      column: result.error?.column ?? null,
      phase: result.error?.phase ?? 'script',
      ...(result.error?.step === undefined ? {} : { step: result.error.step }),
    }
    if (result.heap) result.heap = { ...result.heap, snapshot: null, coverage: null, error: 'The heap was not walked: the run stopped at its memory limit.' }
  }
  return result
}

/** The driver's snapshot: a table of strings, four numbers a node and four an edge (driver.py's Walk). */
interface FlatSnapshot {
  strings: string[]
  nodes: number[]
  edges: number[]
  /** Each node's uid (driver.py's _Identities). */
  uids: number[]
  file: string
  step: number
  time: number
  notation: 'python'
}

/** LeakLab's HeapSnapshot from the driver's flat form. */
export function expandSnapshot(flat: FlatSnapshot): HeapSnapshot {
  const { strings } = flat
  const nodes: HeapNode[] = []
  for (let at = 0, id = 0; at < flat.nodes.length; at += 4, id++) {
    const line = flat.nodes[at + 2]
    nodes.push({ id, kind: strings[flat.nodes[at]] as NodeKind, name: strings[flat.nodes[at + 1]], site: line ? { file: flat.file, line, column: 1 } : null, size: flat.nodes[at + 3], uid: flat.uids[id] })
  }
  const edges: HeapEdge[] = []
  for (let at = 0; at < flat.edges.length; at += 4) {
    edges.push({ from: flat.edges[at], to: flat.edges[at + 1], kind: strings[flat.edges[at + 2]] as EdgeKind, label: strings[flat.edges[at + 3]] })
  }
  return { nodes, edges, step: flat.step, time: flat.time, notation: 'python' }
}

/** A kept walk's file, as driver.py's Run.keep writes it: a line of JSON, then the binary arrays. */
interface KeptHeader {
  step: number
  time: number
  label: string | null
  taken: SnapshotTaken
  coverage?: HeapCoverage | null
  /** Bytes of the strings (UTF-8, NUL between them) after the header. */
  strings?: number
  nodes?: number
  edges?: number
  /** A snapshot the program asked for and did not get (past its 50). */
  dropped?: 'count'
}

/**
 * The run's kept walks, from the files the driver wrote as it took them (in the in-memory file system,
 * outside CPython's heap, so they took nothing of the program's memory budget), packed in the order
 * taken; each file is removed once read. A file that does not read as the driver writes it (the
 * program could write there too) is left out.
 */
export function readKept(py: PyodideAPI, dir: string, filename: string): KeptSnapshots {
  const builder = new KeptSnapshotsBuilder('python')
  let names: string[]
  try {
    names = (py.FS.readdir(dir) as string[]).filter((name) => /^\d+$/.test(name)).sort()
  } catch {
    return builder.data
  }
  for (const name of names) {
    const path = `${dir}/${name}`
    let bytes: Uint8Array
    try {
      bytes = py.FS.readFile(path) as Uint8Array
      py.FS.unlink(path)
    } catch {
      continue
    }
    try {
      addKeptFile(builder, bytes, filename)
    } catch {
      // Not a walk of the driver's: left out.
    }
  }
  return builder.data
}

const NODE_KIND_INDEX = new Map<string, number>(NODE_KINDS.map((k, i) => [k, i]))
const EDGE_KIND_INDEX = new Map<string, number>(EDGE_KINDS.map((k, i) => [k, i]))
const POSITION_KINDS = new Set([EDGE_KIND_INDEX.get('element'), EDGE_KIND_INDEX.get('set-member')])

function addKeptFile(builder: KeptSnapshotsBuilder, bytes: Uint8Array, filename: string): void {
  const newline = bytes.indexOf(10)
  if (newline < 0) throw new Error('no header')
  const head = JSON.parse(new TextDecoder().decode(bytes.subarray(0, newline))) as KeptHeader
  const meta = { step: head.step, time: head.time, label: head.label, taken: head.taken, coverage: head.coverage ?? null }
  if (head.dropped) {
    builder.data.dropped.push({ step: meta.step, label: meta.label, taken: meta.taken, why: head.dropped })
    return
  }
  const stringBytes = head.strings!
  const nodeCount = head.nodes!
  const edgeCount = head.edges!
  const strings = new TextDecoder().decode(bytes.subarray(newline + 1, newline + 1 + stringBytes)).split('\0')
  // A copy of its own, so each array starts where its type needs (the uids at a multiple of 8).
  const body = bytes.slice(newline + 1 + stringBytes)
  if (body.byteLength !== nodeCount * 16 + edgeCount * 16 + nodeCount * 8) throw new Error('not the size its header says')
  const nodes = new Int32Array(body.buffer, 0, nodeCount * 4)
  const edges = new Int32Array(body.buffer, nodeCount * 16, edgeCount * 4)
  const uids = new Float64Array(body.buffer, (nodeCount + edgeCount) * 16, nodeCount)
  const kindOf = strings.map((s) => NODE_KIND_INDEX.get(s) ?? NODE_KIND_INDEX.get('object')!)
  const edgeKindOf = strings.map((s) => EDGE_KIND_INDEX.get(s) ?? EDGE_KIND_INDEX.get('internal')!)
  const sites = new Map<number, AllocationSite>()
  const siteOf = (line: number): AllocationSite => {
    let site = sites.get(line)
    if (!site) sites.set(line, (site = { file: filename, line, column: 1 }))
    return site
  }
  if (meta.taken === 'guest') builder.guestAllowed(meta)
  builder.add(
    {
      nodeCount,
      edgeCount,
      node: (i, into) => {
        const at = i * 4
        into.kind = kindOf[nodes[at]]
        into.name = strings[nodes[at + 1]]
        const line = nodes[at + 2]
        into.site = line ? siteOf(line) : null
        into.size = nodes[at + 3]
        into.uid = uids[i]
      },
      edge: (i, into) => {
        const at = i * 4
        into.from = edges[at]
        into.to = edges[at + 1]
        into.kind = edgeKindOf[edges[at + 2]]
        const label = strings[edges[at + 3]]
        into.label = POSITION_KINDS.has(into.kind) && /^\d+$/.test(label) ? Number(label) : label
      },
    },
    meta,
  )
}

function currentMemoryBytes(py: PyodideAPI): number {
  const module = (py as unknown as { _module: { HEAP8: Int8Array } })._module
  return module.HEAP8.buffer.byteLength
}
