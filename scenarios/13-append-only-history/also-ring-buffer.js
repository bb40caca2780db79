// A drawing app records every move, so that the
// user can undo it.
class Shape {
  constructor(id) {
    this.id = id
    this.x = 0
    this.y = 0
  }
}

class Move {
  constructor(shape, dx, dy) {
    this.shape = shape
    this.dx = dx
    this.dy = dy
  }
}

const shapes = []
// A ring of 100 slots: the newest move overwrites the
// oldest, and nothing is ever shifted.
const LIMIT = 100
const history = new Array(LIMIT)
let newest = -1 // the slot of the newest move
let count = 0 // how many moves undo() can take back

function setup() {
  for (let k = 0; k < 10; k++) shapes.push(new Shape(k))
}

function move(shape, dx, dy) {
  shape.x += dx
  shape.y += dy
  newest = (newest + 1) % LIMIT
  history[newest] = new Move(shape, dx, dy)
  count = Math.min(count + 1, LIMIT)
}

function undo() {
  if (count === 0) return
  const last = history[newest]
  history[newest] = undefined
  newest = (newest + LIMIT - 1) % LIMIT
  count--
  last.shape.x -= last.dx
  last.shape.y -= last.dy
}

function step(i) {
  // The user drags every shape a little...
  for (const shape of shapes) move(shape, 1, i % 3)
  // ...and now and then takes a move back.
  if (i % 10 === 9) undo()
}
