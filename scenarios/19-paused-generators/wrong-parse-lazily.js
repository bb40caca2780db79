// A CSV importer. An import reads its file in batches
// of 20 rows; the user can cancel it at any batch.
class Row {
  constructor(line) {
    this.cells = line.split(',')
  }
}

function* batches(text) {
  // Parse each batch only when it is asked for.
  const lines = text.split('\n')
  for (let k = 0; k < lines.length; k += 20) {
    yield lines.slice(k, k + 20).map((l) => new Row(l))
  }
}

class Import {
  constructor(name, text) {
    this.name = name
    this.status = 'running'
    this.reader = batches(text)
  }
  cancel() {
    // Stops reading, but the reader is still paused
    // at its yield, and keeps every row it parsed.
    this.status = 'cancelled'
  }
}

const history = [] // every import, listed for the user

function step(i) {
  const lines = []
  for (let k = 0; k < 100; k++) lines.push(i + ',' + k)
  const job = new Import('file' + i, lines.join('\n'))
  history.push(job)
  const first = job.reader.next().value // 20 rows
  // ... the user looks at them, and cancels.
  job.cancel()
}
