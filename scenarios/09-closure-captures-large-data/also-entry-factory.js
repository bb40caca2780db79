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

// Made out here, a menu entry can only capture what
// it is given: the id and the title.
function menuEntry(id, title) {
  return function reopen() {
    return 'open ' + id + ': ' + title
  }
}

function step(i) {
  const report = loadReport(i)
  // ... the report is shown, then closed.

  recentMenu.push(menuEntry(report.id, report.title))
}
