/**
 * Submission files for scenario 01 (growing-list), written into a temp folder: the honest ones, the
 * dishonest one, the hostile and the broken ones.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findContent } from '../../src/content/node/read-content'
import { parseScenario } from '../../src/content/parse-content'
import type { ContentLanguage } from '../../src/content/scenario-schema'
import { exerciseFromScenario, exerciseHash } from '../../src/exercise/exercise'
import { MAX_SUBMISSION_BYTES, type Submission } from '../../src/exercise/submission'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const SCENARIO_DIR = join(ROOT, 'scenarios/01-growing-list')
export const LEAKY = readFileSync(join(SCENARIO_DIR, 'leaky.js'), 'utf8')
export const FIXED = readFileSync(join(SCENARIO_DIR, 'fixed.js'), 'utf8')
export const BREAKS_PROGRAM = readFileSync(join(SCENARIO_DIR, 'wrong-clear-too-early.js'), 'utf8')
export const LEAKY_PY = readFileSync(join(SCENARIO_DIR, 'leaky.py'), 'utf8')
export const FIXED_PY = readFileSync(join(SCENARIO_DIR, 'fixed.py'), 'utf8')
export const INFINITE_LOOP = 'while (true) {}'
export const MEMORY_BOMB = 'const a = []; while (true) a.push(new Array(1e6).fill(1))'

export async function growingListHash(language: ContentLanguage = 'javascript'): Promise<string> {
  const { folders } = await findContent([SCENARIO_DIR], ROOT)
  const parsed = parseScenario(folders[0])
  if (!parsed.ok) throw new Error('scenario 01 does not parse')
  const exercise = exerciseFromScenario(parsed.value, language)
  if (!exercise) throw new Error(`scenario 01 has no ${language} exercise`)
  return exerciseHash(exercise)
}

/** A valid submission for scenario 01 with `code`; `claimedPass` is what it says about itself. */
export function submission(hash: string, learner: string, code: string, claimedPass: boolean, changes: Partial<Submission> = {}): Submission {
  return {
    format: 'leaklab-submission',
    version: 1,
    exercise: { id: 'growing-list', title: 'A list that only grows', hash },
    learner,
    code,
    settings: { steps: 100, timeMs: 60000 },
    result: { pass: claimedPass, checks: [{ kind: 'no-suspects', pass: claimedPass, measured: claimedPass ? 'no group of objects grew with the steps' : '1 group still grew' }] },
    handedInAt: '2026-11-24T14:05:09.120Z',
    ...changes,
  }
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'leaklab-grade-'))
}

export function write(dir: string, name: string, content: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  return path
}

/** Every kind of submission the grader must tell apart, by name; the paths in a fixed order. */
export async function allFixtures(dir: string): Promise<Record<string, string>> {
  const hash = await growingListHash()
  const { learner: _learner, ...noLearner } = submission(hash, 'x', FIXED, true)
  const files: Record<string, string> = {
    passing: write(dir, 'ada.leaklab.json', submission(hash, 'Ada Lovelace', FIXED, true)),
    failing: write(dir, 'bob.leaklab.json', submission(hash, 'Bob', LEAKY, false)),
    liar: write(dir, 'carol.leaklab.json', submission(hash, 'Carol', LEAKY, true)),
    wrongHash: write(dir, 'dave.leaklab.json', submission('0'.repeat(64), 'Dave', FIXED, true)),
    otherExercise: write(dir, 'erin.leaklab.json', submission(hash, 'Erin', FIXED, true, { exercise: { id: 'lru-cache', title: 'LRU', hash } })),
    infiniteLoop: write(dir, 'frank.leaklab.json', submission(hash, 'Frank', INFINITE_LOOP, true)),
    memoryBomb: write(dir, 'grace.leaklab.json', submission(hash, 'Grace', MEMORY_BOMB, true)),
    malformed: write(dir, 'heidi.leaklab.json', '{ "format": "leaklab-submission", "learner": "Heidi", '),
    missingField: write(dir, 'ivan.leaklab.json', noLearner),
    huge: write(dir, 'judy.leaklab.json', JSON.stringify(submission(hash, 'Judy', `// ${'x'.repeat(MAX_SUBMISSION_BYTES)}\n${FIXED}`, true))),
    nonexistent: join(dir, 'nobody.leaklab.json'),
    directory: join(dir, 'a-folder'),
    otherSettings: write(dir, 'mallory.leaklab.json', submission(hash, 'Mallory', LEAKY, true, { settings: { steps: 1, timeMs: 1000 } })),
    // Frees the memory by breaking the program: only the behaviour check catches it.
    broke: write(dir, 'niaj.leaklab.json', submission(hash, 'Niaj', BREAKS_PROGRAM, true)),
  }
  mkdirSync(files.directory)
  return files
}
