// Each step imports one day's sales as CSV and keeps
// the day's total. The parsed rows are local to the
// import: they die when it returns.
class Row {
  constructor(day, region, amount) {
    this.day = day
    this.region = region
    this.amount = amount
  }
}

const dailyTotals = []

function parse(day, csv) {
  const rows = []
  for (const line of csv.split('\n')) {
    const [region, amount] = line.split(',')
    rows.push(new Row(day, region, Number(amount)))
  }
  return rows
}

function total(rows) {
  let sum = 0
  for (const row of rows) sum += row.amount
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
  const rows = parse(day, download(day))
  dailyTotals.push(total(rows))
}
