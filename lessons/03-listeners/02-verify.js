// The dashboard's job: an open badge draws the unread
// count every time it changes, and a closed one draws
// nothing more. Open one, change the count twice, close
// it, change it again.
const badge = new Badge('reader')
for (let k = 0; k < 2; k++) {
  unread++
  store.emit('change')
}
const drawn = badge.shown.slice()
if (drawn.length !== 2 || drawn[1] !== unread) {
  throw new Error(`an open badge should draw each of 2 changes of the unread count, but it drew [${drawn.join(', ')}]: it must listen to the store as long as it is open`)
}
badge.close()
unread++
store.emit('change')
if (badge.shown.length !== 2) {
  throw new Error(`a closed badge still drew the unread count (${unread}): close() must stop it listening`)
}
return 'an open badge draws every change of the unread count, and a closed one draws nothing'
