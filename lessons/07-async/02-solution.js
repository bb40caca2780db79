// A worker takes orders. Each asks a pricing service
// for a price over a message bus, and awaits the reply.
class Order {
  constructor(i) {
    this.lines = new Array(200).fill(i) // the items
  }
}

const pending = new Map() // request id → resolve
let nextId = 1

function ask(question) {
  const id = nextId++
  return new Promise(function (resolve, reject) {
    const timer = setTimeout(function () {
      pending.delete(id) // forget it, and fail
      reject(new Error('no reply: ' + question))
    }, 1000) // no reply in 1 s: give up
    pending.set(id, function (price) {
      clearTimeout(timer)
      resolve(price)
    })
    send({ id, question })
  })
}

function onReply(reply) {
  const resolve = pending.get(reply.id)
  pending.delete(reply.id)
  resolve(reply.price)
}

// How the orders ended: priced (and for how much),
// or failed.
const orders = { priced: 0, amount: 0, failed: 0 }

async function handle(i) {
  const order = new Order(i)
  const price = await ask('price of order ' + i)
  orders.priced++
  orders.amount += order.lines.length * price
}

// A pretend service: one request in three is lost.
function send(msg) {
  if (msg.id % 3 === 0) return
  setTimeout(() => onReply({ id: msg.id, price: 2 }), 100)
}

function step(i) {
  handle(i).catch(function (err) {
    orders.failed++ // or retry it
  })
}
