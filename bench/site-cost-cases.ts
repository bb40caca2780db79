/**
 * What recording every object's allocation site costs inside the engine. LeakLab's QuickJS
 * (quickjs/patches/0003-allocation-sites.patch, 0004-allocation-positions.patch, quickjs/c/leaklab.c)
 * gives each object its site (line << 12 | column) and an allocation number as it is made, in every
 * run, inspected or not; to find the line, the interpreter stores each instruction's position in its
 * frame (one store per instruction), and each JSObject is 8 bytes larger. So the cost is no longer a
 * difference between two runProgram calls (they do the same engine work) but between two engines:
 * the seed program evaluated through quickjs-emscripten-core's own API, nothing of runProgram around
 * it, on the published stock build and on LeakLab's, side by side in one series.
 *
 * A third case runs LeakLab's build without naming the learner's file (leaklab_set_site_file), so no
 * object looks its site up: what is left of the gap then is the per-instruction store, the 8 bytes,
 * the allocation number and the build itself (LeakLab's other patches, Debian's emcc 3.1.6).
 *
 * The two builds do not come from the same compiler. Measured when these cases were written (2-core
 * VM, 15 interleaved rounds, evalCode of the seed, medians): the published build 47 ms; the unpatched
 * vendored sources built as quickjs/build.sh builds (Debian emcc 3.1.6, -Oz -flto) 78 ms; LeakLab's
 * build 79 ms without the site file, 80 ms with it, and 79 ms with it but without the per-instruction
 * store. So nearly all of the gap to the published build is the toolchain, not the recording of sites.
 * Built at -O2 instead of -Oz, LeakLab's engine ran the seed in 0.8× the published build's time, but
 * its wasm was 891 KB (1.8× the published 491 KB, past the 1.2× the engine's issue allows), so the
 * release build stays at -Oz.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import stockVariant from '@jitl/quickjs-wasmfile-release-sync'
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSContext, type QuickJSSyncVariant } from 'quickjs-emscripten-core'
import { DEFAULT_OPTIONS } from '../src/engine/defaults'
import { compiledWasm, RELEASE_BUILD } from '../src/engine/engine-build'
import { EngineNative, NODE_FIELDS } from '../src/engine/engine-native'
import type { Case, RatioSpec, Skipped } from './case'
import { loopLine } from './inspector-cases'
import { JS_SEED, SEED_COUNT, type SeedSuite } from './seed-cases'

export const STOCK_CASE = 'evalcode-seed-stock'
export const LEAKLAB_CASE = 'evalcode-seed-leaklab'
export const UNSITED_CASE = 'evalcode-seed-leaklab-no-site-file'

const STOCK_PACKAGE = '@jitl/quickjs-wasmfile-release-sync'
/** The learner's file name runProgram gives the program, so LeakLab's build attributes the holders to it. */
const FILE = DEFAULT_OPTIONS.filename
/** Both builds start with 16 MiB (emscripten's INITIAL_MEMORY) and may grow to 2 GiB; each round gets a fresh one. */
const INITIAL_PAGES = 256
const MAXIMUM_PAGES = 32768
const SITE_COLUMN_BITS = 12

/** The QuickJS version a build's wasm names in its memory dump's header ("QuickJS memory usage -- 2025-09-13 version"). */
function quickjsVersionIn(bytes: Uint8Array): string | null {
  return /QuickJS memory usage -- (\S+) version/.exec(Buffer.from(bytes).toString('latin1'))?.[1] ?? null
}

interface StockPackage {
  version: string
  /** The bellard/quickjs version the package's README says it vendors ("2025-09-13+f1139494"). */
  readmeQuickjs: string | null
  /** Its emscripten flags as the README lists them. */
  flags: string[]
  wasmPath: string
  wasmQuickjs: string | null
}

/** The stock package's facts, read from its own files (package.json, README.md, the wasm). */
function readStockPackage(): StockPackage {
  const require = createRequire(import.meta.url)
  const pkg = JSON.parse(readFileSync(require.resolve(`${STOCK_PACKAGE}/package.json`), 'utf8')) as { version: string }
  const wasmPath = require.resolve(`${STOCK_PACKAGE}/wasm`)
  const readmePath = require.resolve(`${STOCK_PACKAGE}/package.json`).replace(/package\.json$/, 'README.md')
  const readme = readFileSync(readmePath, 'utf8')
  const flagsBlock = /build flags:\s*```json\s*(\[[\s\S]*?\])\s*```/.exec(readme)?.[1]
  return {
    version: pkg.version,
    readmeQuickjs: /Version \[([^\]]+)\]\(https:\/\/github\.com\/bellard\/quickjs/.exec(readme)?.[1] ?? null,
    flags: flagsBlock ? (JSON.parse(flagsBlock) as string[]) : [],
    wasmPath,
    wasmQuickjs: quickjsVersionIn(readFileSync(wasmPath)),
  }
}

/** The stock wasm, compiled once per process, as compiledWasm does for LeakLab's build. */
let stockWasm: Promise<WebAssembly.Module> | null = null
function compiledStockWasm(path: string): Promise<WebAssembly.Module> {
  stockWasm ??= WebAssembly.compile(readFileSync(path))
  return stockWasm
}

/** "memory used" and the objects' bytes from JS_DumpMemoryUsage, which both builds print alike. */
function memoryFacts(dump: string): Record<string, number> {
  const used = /^memory used\s+\d+\s+(\d+)/m.exec(dump)
  const objects = /^objects\s+(\d+)\s+(\d+)/m.exec(dump)
  if (!used || !objects) return {}
  return { memoryUsedBytes: Number(used[1]), objects: Number(objects[1]), bytesPerObject: Math.round((Number(objects[2]) / Number(objects[1])) * 10) / 10 }
}

/**
 * How many DataHolder objects carry a site at the seed's loop line: a count-only walk in the engine
 * (outside the clock, once per case), reading the site each object got as it was made.
 */
function holdersAtLoopLine(ctx: QuickJSContext, line: number): number {
  const walk = new EngineNative(ctx).walk({ roots: [], countOnly: true })
  if (!walk) throw new Error('the count-only walk that checks the sites failed')
  let holders = 0
  for (let i = 0; i < walk.nodes.length; i += NODE_FIELDS) {
    const site = walk.nodes[i + 2]
    if (walk.texts[walk.nodes[i + 1]] === 'DataHolder' && site >= 0 && site >>> SITE_COLUMN_BITS === line) holders++
  }
  return holders
}

interface EngineUnderTest {
  variant: QuickJSSyncVariant
  wasm(): Promise<WebAssembly.Module>
  /** LeakLab's build exports leaklab_*; the stock one must not. */
  leaklab: boolean
  /** Name the learner's file before the clock starts, as runProgram does, so every object looks its site up. */
  siteFile: boolean
}

/**
 * One round: a fresh wasm instance and memory, runtime and context (outside the clock), the seed
 * program evaluated (the clock), then `leakList.length` checked and everything disposed (outside it).
 */
function evalCase(id: string, label: string, includes: string, engine: EngineUnderTest): Case {
  const line = loopLine(JS_SEED)
  let sitesChecked: number | null = null
  let observed: Record<string, number> = {}
  return {
    id,
    label,
    includes,
    async run() {
      const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES })
      const module = await newQuickJSWASMModuleFromVariant(newVariant(engine.variant, { wasmModule: await engine.wasm(), wasmMemory: memory }))
      const rt = module.newRuntime()
      const ctx = rt.newContext()
      try {
        const exported = typeof (ctx as unknown as { module: Record<string, unknown> }).module._leaklab_set_site_file === 'function'
        if (exported !== engine.leaklab) throw new Error(`the module ${exported ? 'exports' : 'lacks'} leaklab_set_site_file: it is not the build this case names`)
        if (engine.siteFile) new EngineNative(ctx).setSiteFile(FILE)

        const started = performance.now()
        const result = ctx.evalCode(JS_SEED, FILE, { type: 'global' })
        const ms = performance.now() - started

        ctx.unwrapResult(result).dispose()
        const length = ctx.unwrapResult(ctx.evalCode('leakList.length', 'check.js')).consume((h) => ctx.getNumber(h))
        if (length !== SEED_COUNT) throw new Error(`the list holds ${length} items, expected ${SEED_COUNT}`)
        if (engine.leaklab && sitesChecked === null) {
          sitesChecked = holdersAtLoopLine(ctx, line)
          const expected = engine.siteFile ? SEED_COUNT : 0
          if (sitesChecked !== expected) throw new Error(`${sitesChecked} DataHolder objects have a site at line ${line}, expected ${expected}`)
        }
        observed = {
          length,
          ...(sitesChecked !== null ? { holdersWithLoopSite: sitesChecked } : {}),
          ...memoryFacts(rt.dumpMemoryUsage()),
          wasmBytes: memory.buffer.byteLength,
        }
        return ms
      } finally {
        ctx.dispose()
        rt.dispose()
      }
    },
    observed: () => observed,
  }
}

export function siteCostSuite(): SeedSuite {
  let stock: StockPackage
  try {
    stock = readStockPackage()
  } catch (error) {
    const reason = `${STOCK_PACKAGE} could not be read: ${(error as Error).message}`
    const skipped: Skipped[] = [STOCK_CASE, LEAKLAB_CASE, UNSITED_CASE].map((id) => ({ id, label: 'QuickJS builds side by side: seed evalCode', reason }))
    return { cases: [], skipped, derived: [], ratios: [] }
  }
  const leaklabWasmQuickjs = quickjsVersionIn(readFileSync(RELEASE_BUILD.wasmUrl))
  const sameQuickjs = stock.wasmQuickjs !== null && stock.wasmQuickjs === leaklabWasmQuickjs

  const timed = `The clock covers ctx.evalCode(JS_SEED, '${FILE}', { type: 'global' }) alone, the same call through quickjs-emscripten-core's API on both builds: compiling and running the seed program (the class, the list, the loop making 100,000 DataHolder objects). Outside it: a fresh wasm instance in a fresh 16 MiB memory (the wasm compiled once per process), newRuntime() and newContext() with quickjs-emscripten's defaults (no memory limit, no interrupt handler, no prelude: nothing of runProgram), then \`leakList.length\` evaluated and checked to be 100,000, JS_DumpMemoryUsage (memoryUsedBytes, objects and bytesPerObject in observed), and disposing everything.`
  const stockIncludes = `${STOCK_PACKAGE} ${stock.version} as published (node_modules; read from its package files: package.json version ${stock.version}, README "Version ${stock.readmeQuickjs ?? 'not found'}" of bellard/quickjs, emscripten flags ${stock.flags.join(' ') || 'not found'}; its wasm names QuickJS ${stock.wasmQuickjs ?? 'no version'}): QuickJS built by quickjs-emscripten ${stock.version}, no site recording. ${timed}`
  const leaklabIncludes = `LeakLab's release build (RELEASE_BUILD: quickjs/dist/release/leaklab-quickjs.wasm, handed over compiled as src/engine/quickjs.ts does, with the stock package's FFI; its wasm names QuickJS ${leaklabWasmQuickjs ?? 'no version'}${sameQuickjs ? ', the same as the stock build' : `, NOT the stock build's ${stock.wasmQuickjs}`}; -Oz -flto with Debian's emcc 3.1.6, no --closure). leaklab_set_site_file('${FILE}') is called before the clock starts, as every runProgram does, so each object made looks up its site from the innermost frame of ${FILE} (cached per function and pc) and gets an allocation number, and the interpreter stores each instruction's position in its frame. Once per process, outside the clock, a count-only walk checks that the 100,000 holders carry their loop line's site (holdersWithLoopSite). ${timed}`
  const unsitedIncludes = `As ${LEAKLAB_CASE} without leaklab_set_site_file: no object looks its site up (each gets site 0; the walk once checks that no holder has a site), but the interpreter still stores each instruction's position, objects still get an allocation number and are still 8 bytes larger. Not how LeakLab runs: it separates the site lookup from the rest of the gap to the stock build. ${timed}`

  const cases: Case[] = [
    evalCase(STOCK_CASE, 'stock QuickJS: seed evalCode', stockIncludes, {
      variant: stockVariant as QuickJSSyncVariant,
      wasm: () => compiledStockWasm(stock.wasmPath),
      leaklab: false,
      siteFile: false,
    }),
    evalCase(LEAKLAB_CASE, "LeakLab's QuickJS: seed evalCode, sites recorded", leaklabIncludes, {
      variant: RELEASE_BUILD.variant,
      wasm: () => compiledWasm(RELEASE_BUILD),
      leaklab: true,
      siteFile: true,
    }),
    evalCase(UNSITED_CASE, "LeakLab's QuickJS: seed evalCode, no site file", unsitedIncludes, {
      variant: RELEASE_BUILD.variant,
      wasm: () => compiledWasm(RELEASE_BUILD),
      leaklab: true,
      siteFile: false,
    }),
  ]
  const ratios: RatioSpec[] = [
    ...cases.map((c) => ({ numerator: c.id, denominator: 'node-seed', meaning: `${c.id} vs the loop in Node` })),
    // The issue's "instrumented run ≤ 1.5× the plain run on the seed", now that the engine records the
    // sites itself: the same engine with sites recorded and without. What the ratio leaves out, the
    // per-instruction position store, was measured apart when these cases were written (about 1%).
    {
      numerator: LEAKLAB_CASE,
      denominator: UNSITED_CASE,
      meaning: 'sites recorded / not recorded, LeakLab engine, seed evalCode (the site lookup per object)',
      goal: { atMost: 1.5 },
    },
    // No goal: the gap is the toolchain (Debian emcc 3.1.6 at -Oz against quickjs-emscripten's newer
    // emsdk), not the recording of sites; quickjs/README.md says what -O2 would trade.
    { numerator: LEAKLAB_CASE, denominator: STOCK_CASE, meaning: "LeakLab engine / the published stock build, seed evalCode (mostly the toolchain: see site-cost-cases.ts)" },
    { numerator: UNSITED_CASE, denominator: STOCK_CASE, meaning: 'LeakLab engine without the site file / stock: per-instruction position store, 8 bytes and a number per object, the build, seed' },
    { numerator: 'python-tracemalloc', denominator: 'python-seed', meaning: "CPython's tracemalloc slowdown of the same loop, beside site recording" },
  ]
  return { cases, skipped: [], derived: [], ratios }
}
