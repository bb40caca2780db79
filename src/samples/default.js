// A memory leak in its simplest form. Each step
// makes 100 DataHolder objects and pushes them
// onto leakList, an array at the top level. The
// program never reads them again, but leakList
// lives as long as the program and points at
// every one, so none can be freed: the heap
// grows by 100 objects a step, forever.
class DataHolder {
  constructor(data) {
    this.data = data
  }
}

const leakList = []

// LeakLab calls step(0), step(1), … step(99)
// and counts the live objects after each step.
function step(i) {
  for (let k = 0; k < 100; k++) {
    leakList.push(new DataHolder(i))
  }
}

// Called once, after the last step.
function teardown() {
  const n = leakList.length
  console.log(`leakList still holds ${n} DataHolder objects`)
}
