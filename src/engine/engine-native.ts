/**
 * LeakLab's C module (quickjs/c/leaklab.c), called on a context's own emscripten module. Everything
 * here reads the engine's structures; none of it runs guest code.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core'
import type { HeapCoverage, QuickJSMemoryUsage } from './types'

/** The exports leaklab.c adds to the build, beside quickjs-emscripten's QTS_ functions. */
interface LeakLabExports {
  HEAPU8: Uint8Array
  _malloc(bytes: number): number
  _free(pointer: number): void
  _leaklab_walk(ctx: number, rootCount: number, roots: number, labels: number, countOnly: number): number
  _leaklab_walk_free(out: number): void
  _leaklab_run_gc(rt: number): void
  _leaklab_garbage_count(rt: number): number
  _leaklab_memory_usage(rt: number, out: number): void
  _leaklab_object_count(rt: number): number
  _leaklab_mark_baseline(ctx: number): void
  _leaklab_related(ctx: number, targets: number, result: number, referrers: number, rootCount: number, roots: number, labels: number): number
  _leaklab_set_size_model(coefficients: number, kinds: number): void
  _leaklab_trace(rt: number, on: number): void
  _leaklab_trace_memory(ctx: number, resetPeak: number, out: number): void
  _leaklab_trace_snapshot(ctx: number, out: number): number
  _leaklab_set_site_file(ctx: number, filename: number): void
  _leaklab_mark_tools(ctx: number, value: number): void
  _leaklab_proxy_parts(ctx: number, value: number, out: number): number
  _leaklab_execute_pending_job(ctx: number, out: number): number
  _leaklab_global_binding(ctx: number, name: number, out: number): number
  _leaklab_declare_slot(ctx: number, symbol: number, label: number): number
  _leaklab_track_rejections(rt: number): void
  _leaklab_take_rejections(ctx: number, target: number): number
  _leaklab_forget_rejections(rt: number): void
}

/** What a walk hands back (see LLWalkOut in leaklab.c). */
export interface EngineWalk {
  /** Per node: kind, name (a text index), site (line << 12 | column, or -1), own properties, elements, length, uid (the allocation number, unsigned). */
  nodes: Int32Array
  /** Per edge: from, to, kind, label (a text index, or the position itself for elements and set members). */
  edges: Int32Array
  texts: string[]
  coverage: HeapCoverage
}

export interface WalkRequest {
  /** Roots the host holds, with the label their root edge gets (a pending timer: `setInterval#1`). */
  roots: { label: string; value: QuickJSHandle }[]
  /** Find and name every reachable object but record no edge. */
  countOnly: boolean
}

/** JSMemoryUsage's fields in the C struct's order (quickjs.h). */
const MEMORY_FIELDS = [
  'malloc_size', 'malloc_limit', 'memory_used_size', 'malloc_count', 'memory_used_count', 'atom_count', 'atom_size',
  'str_count', 'str_size', 'obj_count', 'obj_size', 'prop_count', 'prop_size', 'shape_count', 'shape_size',
  'js_func_count', 'js_func_size', 'js_func_code_size', 'js_func_pc2line_count', 'js_func_pc2line_size',
  'c_func_count', 'array_count', 'fast_array_count', 'fast_array_elements', 'binary_object_count', 'binary_object_size',
] as const

export const NODE_FIELDS = 7
export const EDGE_FIELDS = 4
const OUT_FIELDS = 16

export class EngineNative {
  private readonly raw: LeakLabExports
  private readonly ctxPointer: number
  private readonly rtPointer: number

  constructor(ctx: QuickJSContext) {
    // quickjs-emscripten keeps these protected; the C module needs the same pointers its FFI uses.
    const inner = ctx as unknown as { module: LeakLabExports; ctx: { value: number }; rt: { value: number } }
    this.raw = inner.module
    this.ctxPointer = inner.ctx.value
    this.rtPointer = inner.rt.value
  }

  runGc(): void {
    this.raw._leaklab_run_gc(this.rtPointer)
  }

  /** QuickJS's memory usage (JS_ComputeMemoryUsage), read as numbers: no guest code runs. */
  memoryUsage(): QuickJSMemoryUsage {
    const out = this.raw._malloc(MEMORY_FIELDS.length * 8)
    try {
      this.raw._leaklab_memory_usage(this.rtPointer, out)
      const values = new Float64Array(this.raw.HEAPU8.buffer.slice(out, out + MEMORY_FIELDS.length * 8))
      const usage: Record<string, number> = {}
      // malloc_size leads the C struct; quickjs-emscripten's dump never carried it.
      MEMORY_FIELDS.forEach((field, i) => {
        if (field !== 'malloc_size') usage[field] = values[i]
      })
      return usage as unknown as QuickJSMemoryUsage
    } finally {
      this.raw._free(out)
    }
  }

  /** How many JS objects the cycle collector would free now; nothing is freed. */
  garbageCount(): number {
    return this.raw._leaklab_garbage_count(this.rtPointer)
  }

  /** QuickJS's JS objects, all of them (what obj_count counts, without measuring everything else). */
  objectCount(): number {
    return this.raw._leaklab_object_count(this.rtPointer)
  }

  markBaseline(): void {
    this.raw._leaklab_mark_baseline(this.ctxPointer)
  }

  /** gc.getReferrers (referrers true) and gc.getReferents: appends the objects to result; -1 on failure. */
  related(targets: QuickJSHandle, result: QuickJSHandle, referrers: boolean, roots: WalkRequest['roots']): number {
    return this.withRoots(roots, (count, pointers, labels) =>
      this.raw._leaklab_related(this.ctxPointer, pointerOf(targets), pointerOf(result), referrers ? 1 : 0, count, pointers, labels),
    )
  }

  /** The size model's coefficients per node kind (base, per property, per element, per length unit). */
  setSizeModel(coefficients: readonly number[]): void {
    const pointer = this.raw._malloc(coefficients.length * 4)
    try {
      const view = new DataView(this.raw.HEAPU8.buffer)
      coefficients.forEach((c, i) => view.setInt32(pointer + i * 4, c, true))
      this.raw._leaklab_set_size_model(pointer, coefficients.length / 4)
    } finally {
      this.raw._free(pointer)
    }
  }

  /**
   * Objects made from now on get the line of the innermost frame of `filename` (the learner's file)
   * they were made at, read by the walk and tracemalloc from the object itself (patches/0003).
   */
  setSiteFile(filename: string): void {
    this.withString(filename, (text) => this.raw._leaklab_set_site_file(this.ctxPointer, text))
  }

  /** Flag LeakLab's tool functions (value, and those among its own properties): what they make is not the learner's. */
  markTools(value: QuickJSHandle): void {
    this.raw._leaklab_mark_tools(this.ctxPointer, pointerOf(value))
  }

  /** tracemalloc.start() (on) and stop() (off). */
  trace(on: boolean): void {
    this.raw._leaklab_trace(this.rtPointer, on ? 1 : 0)
  }

  /** tracemalloc's [traced bytes, peak], measured now (after resetting the peak, with resetPeak). */
  traceMemory(resetPeak: boolean): [number, number] {
    const out = this.raw._malloc(16)
    try {
      this.raw._leaklab_trace_memory(this.ctxPointer, resetPeak ? 1 : 0, out)
      const values = new Float64Array(this.raw.HEAPU8.buffer.slice(out, out + 16))
      return [values[0], values[1]]
    } finally {
      this.raw._free(out)
    }
  }

  /** tracemalloc's snapshot: `site, count, bytes` per site into out; how many sites, -1 on failure. */
  traceSnapshot(out: QuickJSHandle): number {
    return this.raw._leaklab_trace_snapshot(this.ctxPointer, pointerOf(out))
  }

  /** A proxy's target and handler into out[0] and out[1]; -1 when value is no proxy. */
  proxyParts(value: QuickJSHandle, out: QuickJSHandle): number {
    return this.raw._leaklab_proxy_parts(this.ctxPointer, pointerOf(value), pointerOf(out))
  }

  /** Runs the next pending job: 0 none was pending, 1 it ran, -1 it threw (the thrown value set as out[0]). */
  executePendingJob(out: QuickJSHandle): number {
    return this.raw._leaklab_execute_pending_job(this.ctxPointer, pointerOf(out))
  }

  /**
   * The program's global binding `name` (a top-level let/const/class, else an own data property of
   * the global object) set as out[0]: 1, or 0 when there is none, it is uninitialized or an accessor.
   */
  globalBinding(name: string, out: QuickJSHandle): number {
    return this.withString(name, (text) => this.raw._leaklab_global_binding(this.ctxPointer, text, pointerOf(out)))
  }

  declareSlot(symbol: QuickJSHandle, label: string): void {
    this.withString(label, (text) => this.raw._leaklab_declare_slot(this.ctxPointer, pointerOf(symbol), text))
  }

  trackRejections(): void {
    this.raw._leaklab_track_rejections(this.rtPointer)
  }

  /** Move the unhandled rejections into a guest array; how many there were. */
  takeRejections(target: QuickJSHandle): number {
    return this.raw._leaklab_take_rejections(this.ctxPointer, pointerOf(target))
  }

  forgetRejections(): void {
    this.raw._leaklab_forget_rejections(this.rtPointer)
  }

  walk(request: WalkRequest): EngineWalk | null {
    const raw = this.raw
    const out = this.withRoots(request.roots, (count, roots, labels) =>
      raw._leaklab_walk(this.ctxPointer, count, roots, labels, request.countOnly ? 1 : 0),
    )
    if (out === 0) return null
    try {
      // Read after the walk: the wasm memory may have grown (and its buffer changed) during it.
      const f = new Int32Array(raw.HEAPU8.buffer, out, OUT_FIELDS).slice()
      const [nodeCount, edgeCount, , textBytes, nodes, edges, texts] = f
      if (f[14] !== 0) return null
      const heap = raw.HEAPU8
      return {
        nodes: new Int32Array(heap.buffer.slice(nodes, nodes + nodeCount * NODE_FIELDS * 4)),
        edges: new Int32Array(heap.buffer.slice(edges, edges + edgeCount * EDGE_FIELDS * 4)),
        texts: new TextDecoder().decode(heap.subarray(texts, texts + textBytes - 1)).split('\0'),
        coverage: { engineObjects: f[7], reached: f[8], unreachable: f[9], namedEdges: f[10], edges: f[11], withSite: f[12], heldByHost: f[13], heldByLeakLab: f[15] },
      }
    } finally {
      raw._leaklab_walk_free(out)
    }
  }

  /** The roots as the C functions take them: a count, an array of JSValue pointers, '\n'-separated labels. */
  private withRoots<T>(roots: WalkRequest['roots'], use: (count: number, pointers: number, labels: number) => T): T {
    const pointers = this.raw._malloc(Math.max(1, roots.length) * 4)
    try {
      const view = new DataView(this.raw.HEAPU8.buffer)
      roots.forEach((root, i) => view.setInt32(pointers + i * 4, pointerOf(root.value), true))
      const labels = roots.map((root) => root.label.replace(/\n/g, ' ')).join('\n')
      return this.withString(labels, (text) => use(roots.length, pointers, text))
    } finally {
      this.raw._free(pointers)
    }
  }

  /** A NUL-terminated UTF-8 copy of text in the wasm heap, for the duration of use. */
  private withString<T>(text: string, use: (pointer: number) => T): T {
    const bytes = new TextEncoder().encode(text)
    const pointer = this.raw._malloc(bytes.length + 1)
    try {
      this.raw.HEAPU8.set(bytes, pointer)
      this.raw.HEAPU8[pointer + bytes.length] = 0
      return use(pointer)
    } finally {
      this.raw._free(pointer)
    }
  }
}

/** The address of the JSValue a handle owns: what the C functions take. */
function pointerOf(handle: QuickJSHandle): number {
  return (handle as unknown as { value: number }).value
}
