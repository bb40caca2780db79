// A dashboard. Each step opens a badge that shows
// how many messages are unread, then closes it.
const EventEmitter = require('events')
const store = new EventEmitter()
let unread = 0

class Badge {
  constructor(user) {
    this.user = user
    this.shown = [] // every count it has drawn
    // Keep the very function given to on(): off()
    // finds a listener by identity.
    this.onChange = this.render.bind(this)
    store.on('change', this.onChange)
  }
  render() {
    this.shown.push(unread)
  }
  close() {
    store.off('change', this.onChange)
  }
}

function step(i) {
  const badge = new Badge('user' + i)
  unread++
  store.emit('change')
  badge.close()
}
