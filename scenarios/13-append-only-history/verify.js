// Undo's job: take back the last moves, newest first.
// The run's moves: each step drags the 10 shapes by
// (1, i % 3), and every tenth step takes one back.
const made = []
for (let i = 0; i < 100; i++) {
  for (let k = 0; k < 10; k++) made.push([k, 1, i % 3])
  if (i % 10 === 9) made.pop()
}
const where = () => shapes.map((s) => [s.x, s.y])
// Where the moves left each shape, after the run's undos.
where().forEach(([x, y], k) => {
  const mine = made.filter((m) => m[0] === k)
  const dx = mine.reduce((sum, m) => sum + m[1], 0)
  const dy = mine.reduce((sum, m) => sum + m[2], 0)
  if (x !== dx || y !== dy) {
    throw new Error(`shape ${k} ended at (${x}, ${y}), but its moves that were not undone add up to (${dx}, ${dy}): undo() took back the wrong moves`)
  }
})
const last = 50
for (let n = 1; n <= last; n++) {
  const [k, dx, dy] = made[made.length - n]
  const before = where()
  undo()
  const after = where()
  const moved = after.filter((p, j) =>
    p[0] !== before[j][0] || p[1] !== before[j][1])
  const back = [before[k][0] - after[k][0],
    before[k][1] - after[k][1]]
  if (moved.length === 0) {
    throw new Error(`undo() took back only ${n - 1} of the last ${last} moves: the history no longer has the others`)
  }
  if (moved.length > 1 || back[0] !== dx || back[1] !== dy) {
    throw new Error(`undo() number ${n} took back the wrong move: it should move shape ${k} back by (${dx}, ${dy}), the move made ${n} moves ago`)
  }
}
return `undo() took back the last ${last} moves, newest first`
