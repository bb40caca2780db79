// tracemalloc, as in Python: start it, run, take a
// snapshot, and print the busiest lines.
tracemalloc.start()

class Email {
  constructor(id) {
    this.id = id
    this.sent = false
  }
}

const outbox = []
let sent = 0 // emails handed to the mail server

function sendAll() {
  for (const email of outbox) {
    if (email.sent) continue // sent at an earlier step
    email.sent = true
    sent++
  }
}

function step(i) {
  for (let k = 0; k < 100; k++) {
    outbox.push(new Email(i * 100 + k))
  }
  sendAll()
  // Every email is sent: let them all go.
  outbox.length = 0
}

function teardown() {
  const snapshot = tracemalloc.takeSnapshot()
  const top = snapshot.statistics('lineno').slice(0, 3)
  for (const stat of top) console.log(String(stat))
}
