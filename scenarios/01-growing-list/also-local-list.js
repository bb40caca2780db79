// Each step makes 100 DataHolder objects and keeps
// them in leakList, which lives as long as the program.
class DataHolder {
  constructor(data) {
    this.data = data
  }
}

let total = 0 // what the steps computed

function step(i) {
  // The step's own list: it dies when the step returns.
  const leakList = []
  for (let k = 0; k < 100; k++) {
    leakList.push(new DataHolder(i * 100 + k))
  }
  // The step uses its objects, the list's last 100,
  // then forgets them.
  const batch = leakList.slice(-100)
  for (const holder of batch) total += holder.data
}
