// A memory leak in its simplest form. Every step makes 100
// DataHolder objects and pushes them onto leakList, an array at
// the top level of the program. The program never reads them
// again, but leakList lives as long as the program does and still
// points at every one of them, so none can be freed: the heap
// grows by 100 objects a step, forever.
class DataHolder {
  constructor(data) {
    this.data = data
  }
}

const leakList = []

// LeakLab calls step(0), step(1), … step(99), and counts the
// live objects after each step.
function step(i) {
  for (let k = 0; k < 100; k++) {
    leakList.push(new DataHolder(i * 100 + k))
  }
}

// Called once after the last step.
function teardown() {
  console.log(`leakList still holds ${leakList.length} DataHolder objects`)
}
