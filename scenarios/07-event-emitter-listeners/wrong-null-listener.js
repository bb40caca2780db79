// A chat server. Every client that connects listens
// for the room's messages on one shared emitter.
const EventEmitter = require('events')
const room = new EventEmitter()

class Client {
  constructor(name) {
    this.name = name
    this.inbox = [] // what it received while online
    this.online = true
    const client = this
    this.onMessage = function onMessage(text) {
      client.inbox.push(text)
    }
    room.on('message', this.onMessage)
  }
  disconnect() {
    this.online = false
    this.onMessage = null // let go of the listener
  }
}

function step(i) {
  const client = new Client('user' + i)
  room.emit('message', client.name + ' joined')
  // ... the client chats for a while, then leaves:
  client.disconnect()
}
