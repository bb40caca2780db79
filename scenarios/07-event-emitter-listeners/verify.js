// The room's job: every client online gets every message,
// even after another client has left.
const ann = new Client('ann')
const bob = new Client('bob')
room.emit('message', 'hello')
ann.disconnect()
room.emit('message', 'ann left')
room.emit('message', 'still there, bob?')
const want = ['hello', 'ann left', 'still there, bob?']
const missed = want.filter((text) => !bob.inbox.includes(text))
if (missed.length > 0) {
  const list = missed.map((text) => `"${text}"`).join(', ')
  throw new Error(`bob, still online, never received ${list}: when ann left, bob stopped getting the room's messages`)
}
if (!ann.inbox.includes('hello')) {
  throw new Error('ann, online, never received "hello": clients no longer get the room\'s messages')
}
bob.disconnect()
return 'clients online still get every message of the room after another one leaves'
