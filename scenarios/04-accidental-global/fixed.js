'use strict' // a lost `this` is now an error

// Response times are recorded as samples and flushed
// (sent to a server) at the end of every step.
class Sample {
  constructor(path, ms) {
    this.path = path
    this.ms = ms
  }
}

const server = { received: 0 } // samples it was sent

const metrics = {
  record(path, ms) {
    // Make the list on first use.
    if (!this.samples) this.samples = []
    this.samples.push(new Sample(path, ms))
  },
  flush() {
    // Send this.samples to the server, then empty it.
    if (this.samples) server.received += this.samples.length
    this.samples = []
  },
}

// bind() fixes `this` to metrics, wherever the
// router calls it from.
const onResponse = metrics.record.bind(metrics)

function step(i) {
  for (let k = 0; k < 50; k++) {
    onResponse('/item/' + k, 20 + ((i * k) % 30))
  }
  metrics.flush()
}
