// A dashboard. Each step opens a badge that shows
// how many messages are unread, then closes it.
const EventEmitter = require('events')
const store = new EventEmitter()
let unread = 0

class Badge {
  constructor(user) {
    this.user = user
    this.shown = [] // every count it has drawn
    store.on('change', this.render.bind(this))
  }
  render() {
    this.shown.push(unread)
  }
  close() {
    // Stop listening to the store.
    store.off('change', this.render.bind(this))
  }
}

function step(i) {
  const badge = new Badge('user' + i)
  unread++
  store.emit('change')
  badge.close()
}
