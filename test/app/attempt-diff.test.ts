import { expect, test } from 'vitest'
import { attemptDiff } from '../../src/app/guide/attempt-diff'

const LEAKY = ['const list = []', 'function step(i) {', '  list.push(i)', '}', '', '// one', '// two', '// three', '// four', '// five', 'const end = 1'].join('\n') + '\n'

test('an attempt is shown as its changed lines against leaky.js, with context, numbered in the file each line is in', () => {
  const attempt = LEAKY.replace('  list.push(i)', '  list.push(i)\n  list.length = 0').replace('const end = 1', 'const end = 2')
  const hunks = attemptDiff(LEAKY, attempt)
  expect(hunks).toHaveLength(2)
  expect(hunks[0].lines.filter((l) => l.kind !== 'same')).toEqual([{ kind: 'added', text: '  list.length = 0', line: 4 }])
  expect(hunks[0].lines[0]).toEqual({ kind: 'same', text: 'function step(i) {', line: 2 })
  expect(hunks[1].lines.filter((l) => l.kind !== 'same')).toEqual([
    { kind: 'removed', text: 'const end = 1', line: 11 },
    { kind: 'added', text: 'const end = 2', line: 12 },
  ])
})

test('a file without a final newline is not a change of its own', () => {
  const hunks = attemptDiff('a\nb', 'a\nc')
  expect(hunks.flatMap((h) => h.lines.map((l) => `${l.kind} ${l.text}`))).toEqual(['same a', 'removed b', 'added c'])
})
