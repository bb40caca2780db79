// A chat server. Every client that connects listens
// for the room's messages on one shared emitter.
const EventEmitter = require('events')
const room = new EventEmitter()

// One listener for the whole room: it delivers to
// the clients online, and a client leaves the set.
const online = new Set()
room.on('message', function onMessage(text) {
  for (const client of online) client.inbox.push(text)
})

class Client {
  constructor(name) {
    this.name = name
    this.inbox = [] // what it received while online
    this.online = true
    online.add(this)
  }
  disconnect() {
    this.online = false
    online.delete(this)
  }
}

function step(i) {
  const client = new Client('user' + i)
  room.emit('message', client.name + ' joined')
  // ... the client chats for a while, then leaves:
  client.disconnect()
}
