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
    this.visible = false
    // Stop the timer: the host lets go of refresh,
    // and refresh was all that held the rows.
    clearInterval(this.timer)
  }
}

let current = null

function step(i) {
  if (current) current.close()
  current = new Widget(i)
}
