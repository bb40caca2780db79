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
const history = [] // only undo() ever takes one off

function setup() {
  for (let k = 0; k < 10; k++) shapes.push(new Shape(k))
}

function move(shape, dx, dy) {
  shape.x += dx
  shape.y += dy
  history.push(new Move(shape, dx, dy))
  // Keep at most 100 moves.
  if (history.length > 100) history.pop()
}

function undo() {
  const last = history.pop()
  if (!last) return
  last.shape.x -= last.dx
  last.shape.y -= last.dy
}

function step(i) {
  // The user drags every shape a little...
  for (const shape of shapes) move(shape, 1, i % 3)
  // ...and now and then takes a move back.
  if (i % 10 === 9) undo()
}
