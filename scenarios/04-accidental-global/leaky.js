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

// The router gets the method without its object.
// Called as a plain function in sloppy mode, `this`
// is the global object: samples go to a global.
const onResponse = metrics.record

function step(i) {
  for (let k = 0; k < 50; k++) {
    onResponse('/item/' + k, 20 + ((i * k) % 30))
  }
  metrics.flush()
}
