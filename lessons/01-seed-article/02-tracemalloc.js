// tracemalloc, as in Python: start it, run, take a
// snapshot, and print the busiest lines.
tracemalloc.start()

class DataHolder {
  constructor(data) {
    this.data = data
  }
}

const leakList = []

function step(i) {
  for (let k = 0; k < 100; k++) {
    leakList.push(new DataHolder(i * 100 + k))
  }
}

function teardown() {
  const snapshot = tracemalloc.takeSnapshot()
  const top = snapshot.statistics('lineno').slice(0, 3)
  for (const stat of top) console.log(String(stat))
}
