import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import os from 'node:os'
import { RELEASE_BUILD } from '../src/engine/engine-build'

export interface Python {
  /** The real interpreter, resolved once so that a shim (pyenv, asdf) is not run for every sample. */
  executable: string
  version: string
}

export type PythonProbe = Python | { missing: string }

/** `python3` when it is CPython 3 and runs; otherwise the reason it cannot be used. */
export function findPython(): PythonProbe {
  const probe = spawnSync(
    'python3',
    ['-c', 'import sys, json; print(json.dumps({"executable": sys.executable, "version": sys.version.split()[0], "impl": sys.implementation.name}))'],
    { encoding: 'utf8', timeout: 30_000 },
  )
  if (probe.error) {
    const code = (probe.error as NodeJS.ErrnoException).code
    return { missing: code === 'ENOENT' ? 'python3 is not on PATH' : `python3 could not be started (${code ?? probe.error.message})` }
  }
  if (probe.status !== 0) return { missing: `python3 exited with status ${probe.status}: ${probe.stderr.trim().split('\n').at(-1)}` }
  try {
    const info = JSON.parse(probe.stdout.trim()) as { executable: string; version: string; impl: string }
    if (info.impl !== 'cpython') return { missing: `python3 is ${info.impl} ${info.version}, not CPython` }
    if (!info.version.startsWith('3.')) return { missing: `python3 is version ${info.version}, not 3.x` }
    if (!info.executable) return { missing: 'python3 does not report its executable' }
    return { executable: info.executable, version: info.version }
  } catch {
    return { missing: `python3 printed something unexpected: ${probe.stdout.trim().slice(0, 200)}` }
  }
}

export interface Machine {
  node: string
  python: string | null
  pythonExecutable: string | null
  quickjs: string
  cpus: number
  cpuModel: string
  os: string
  /** 1-minute load averages before and after the series: other work on the CPUs shows up as noise. */
  loadBefore: number
  loadAfter: number
}

export function describeMachine(python: Python | null, loadBefore: number): Machine {
  const cpus = os.cpus()
  return {
    node: process.version,
    python: python?.version ?? null,
    pythonExecutable: python?.executable ?? null,
    quickjs: quickjsBuilds(),
    cpus: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadBefore,
    loadAfter: loadAverage(),
  }
}

/** 0 where the OS has no load average (Windows). */
export function loadAverage(): number {
  return Math.round(os.loadavg()[0] * 100) / 100
}

/**
 * The QuickJS build runs use (src/engine/engine-build.ts: LeakLab's own, from quickjs/), with a hash
 * of its wasm: the build in quickjs/dist/ changes as the C module does, and figures belong to one build.
 */
function quickjsBuilds(): string {
  try {
    const hash = createHash('sha256').update(readFileSync(fileURLToPath(RELEASE_BUILD.wasmUrl))).digest('hex').slice(0, 12)
    return `${RELEASE_BUILD.name}, wasm sha256 ${hash}`
  } catch {
    return RELEASE_BUILD.name
  }
}
