// Each step opens a report, shows it, closes it, and
// adds a "Recent reports" menu entry to reopen it.
class Row {
  constructor(n) {
    this.n = n
    this.total = n * 3
  }
}

function loadReport(id) {
  const rows = []
  for (let k = 0; k < 50; k++) rows.push(new Row(k))
  return { id, title: 'Report ' + id, rows }
}

const recentMenu = []

function step(i) {
  const report = loadReport(i)
  // ... the report is shown, then closed.

  // Copy the title, so the entry does not need
  // the whole report.
  const title = report.title
  recentMenu.push(function reopen() {
    return 'open ' + report.id + ': ' + title
  })
}
