/** `leaklab run --ignore PATH`: "what if this reference were gone?" from the command line (issue 18). */
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import type { IgnoredSummary } from '../../src/analysis'
import { cli } from './run-cli'

const file = fileURLToPath(new URL('../fixtures/two-retainers.js', import.meta.url))

test('ignoring one of two references frees nothing, and says what still holds the leak', async () => {
  const { code, stdout } = await cli('run', file, '--steps', '20', '--ignore', 'leakList')
  expect(code).toBe(0)
  expect(stdout).toMatch(/What if this reference were gone \(the program is unchanged\): leakList\nNothing would be freed\.\nWidget \(two-retainers\.js:19\) is still held by bus\._events\.tick → \(closure tick\)\.widgets\[\d+\]/)
})

test('ignoring both frees the widgets and the list, exactly; --json carries the same', async () => {
  const { code, stdout } = await cli('run', file, '--steps', '20', '--json', '--ignore', 'leakList', '--ignore', 'bus._events.tick → (closure tick).widgets')
  expect(code).toBe(0)
  const { ignored } = JSON.parse(stdout) as { ignored: IgnoredSummary }
  expect(ignored.paths).toEqual(['leakList', 'bus._events.tick → (closure tick).widgets'])
  expect(ignored.groups.map((g) => [g.name, g.site, g.freed])).toEqual([
    ['Widget', 'two-retainers.js:19', 20],
    ['Array', 'two-retainers.js:9', 1],
  ])
  expect(ignored.freedObjects).toBe(21)
  expect(ignored.suspects).toEqual([{ name: 'Widget', site: 'two-retainers.js:19', stillHeldBy: null }])
  // Without --ignore the report has no such key.
  expect(JSON.parse((await cli('run', file, '--steps', '5', '--json')).stdout)).not.toHaveProperty('ignored')
})

test('a path that names no reference is a usage error that says which part was not found', async () => {
  const { code, stderr } = await cli('run', file, '--steps', '5', '--ignore', 'bus._events.tock')
  expect(code).toBe(2)
  expect(stderr).toBe('leaklab: --ignore: the heap has “bus._events”, but no reference “.tock” from there\n')
  expect((await cli('snapshot', file, '--out', 'x.heapsnapshot', '--ignore', 'leakList')).stderr).toMatch(/--ignore is for run/)
})
