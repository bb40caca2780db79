// The article's first leak, in a mailer. Each step
// queues 100 emails in the outbox, then sends them.
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

// LeakLab calls step(0) … step(99).
function step(i) {
  for (let k = 0; k < 100; k++) {
    outbox.push(new Email(i * 100 + k))
  }
  sendAll()
}
