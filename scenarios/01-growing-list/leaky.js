// Each step makes 100 DataHolder objects and keeps
// them in leakList, which lives as long as the program.
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
  // ... the step uses the objects here, then forgets them
}
