// Each step imports one day's sales as CSV and keeps
// the day's total. The parsed rows are kept in a
// top-level variable, so that every helper sees them.
class Row {
  constructor(day, region, amount) {
    this.day = day
    this.region = region
    this.amount = amount
  }
}

let rows = []
const dailyTotals = []

function parse(day, csv) {
  const rows = [] // local now: gone when parse() returns
  for (const line of csv.split('\n')) {
    const [region, amount] = line.split(',')
    rows.push(new Row(day, region, Number(amount)))
  }
}

function total(day) {
  let sum = 0
  for (const row of rows) {
    if (row.day === day) sum += row.amount
  }
  return sum
}

// A pretend file: 50 sales a day.
function download(day) {
  const lines = []
  for (let k = 0; k < 50; k++) {
    lines.push('north,' + (day + k))
  }
  return lines.join('\n')
}

function step(day) {
  parse(day, download(day))
  dailyTotals.push(total(day))
}
