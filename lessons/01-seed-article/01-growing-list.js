// The article's first example, in JavaScript.
class DataHolder {
  constructor(data) {
    this.data = data
  }
}

const leakList = []

// LeakLab calls step(0) … step(99).
function step(i) {
  for (let k = 0; k < 100; k++) {
    leakList.push(new DataHolder(i * 100 + k))
  }
}
