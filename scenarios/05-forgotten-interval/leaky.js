// A dashboard shows one widget at a time. Each step
// opens a new widget in place of the last one.
class Row {
  constructor(n) {
    this.n = n
    this.value = 0
  }
}

class Widget {
  constructor(id) {
    this.id = id
    this.visible = true
    const rows = []
    for (let k = 0; k < 20; k++) rows.push(new Row(k))
    this.rows = rows // what the widget shows
    // Refresh the rows every half second.
    this.timer = setInterval(function refresh() {
      for (const row of rows) row.value++
    }, 500)
  }
  close() {
    // Hidden, but its timer keeps running, and the
    // host keeps the timer's function and its rows.
    this.visible = false
  }
}

let current = null

function step(i) {
  if (current) current.close()
  current = new Widget(i)
}
