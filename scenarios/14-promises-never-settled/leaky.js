// An RPC client: each call sends a message, and its
// promise settles when the reply with its id comes.
class PendingCall {
  constructor(msg, resolve, reject) {
    this.msg = msg
    this.resolve = resolve
    this.reject = reject
  }
}

const pending = new Map()
let nextId = 1

function call(method, params) {
  return new Promise(function (resolve, reject) {
    const msg = { id: nextId++, method, params }
    const waiting = new PendingCall(msg, resolve, reject)
    pending.set(msg.id, waiting)
    send(msg)
  })
}

function onReply(reply) {
  const waiting = pending.get(reply.id)
  if (!waiting) return
  pending.delete(reply.id)
  waiting.resolve(reply.result)
}

// A pretend server on a flaky network: it answers
// after 100 ms, but one message in four is lost.
function send(msg) {
  if (msg.id % 4 === 0) return
  const reply = { id: msg.id, result: { ok: true } }
  setTimeout(function () { onReply(reply) }, 100)
}

// What the user sees: users shown, errors shown.
const screen = { users: 0, errors: 0 }

function step(i) {
  for (let k = 0; k < 20; k++) {
    const params = { user: i * 20 + k, fields: ['name'] }
    call('getUser', params).then(
      function (user) { screen.users++ },
      function (err) { screen.errors++ })
  }
}
