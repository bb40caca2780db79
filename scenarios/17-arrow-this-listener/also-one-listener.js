// A dashboard. Each panel redraws on the app's 'tick'
// and fits itself to the window on 'resize'.
const EventEmitter = require('events')
const bus = new EventEmitter()

// What the user sees: the header's clock, always on,
// and the frames the panels draw.
const screen = { ticks: 0, frames: 0 }
bus.on('tick', () => screen.ticks++)

// The panels on screen: the dashboard listens once for
// all of them, and hands each event to the open ones.
const open = new Set()
bus.on('tick', () => {
  for (const panel of open) panel.render()
})
bus.on('resize', (w) => {
  for (const panel of open) panel.fit(w)
})

class Cell {
  constructor(k) {
    this.value = k
  }
}

class Panel {
  constructor(id) {
    this.id = id
    this.width = 0
    this.cells = [] // what it draws
    for (let k = 0; k < 30; k++) {
      this.cells.push(new Cell(k))
    }
    open.add(this) // on screen: it gets the events
  }
  render() {
    for (const cell of this.cells) cell.value++
    screen.frames++
  }
  fit(width) {
    this.width = width
  }
}

function step(i) {
  const panel = new Panel('panel' + i)
  bus.emit('tick')
  bus.emit('resize', 800 + (i % 3) * 100)
  // The user closes the panel: off the screen.
  open.delete(panel)
}
