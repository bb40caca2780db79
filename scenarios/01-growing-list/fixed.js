// Each step makes 100 DataHolder objects, uses them,
// and empties the list, so nothing outlives the step.
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
  // ... the step uses the objects here, then:
  leakList.length = 0 // JavaScript's list.clear()
}
