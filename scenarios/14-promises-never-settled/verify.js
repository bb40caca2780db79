// The client's job: every call ends. The user is shown
// when the reply comes, or an error when none does.
// 2,000 calls: the server answers 1,500 of them within
// 100 ms; the other 500 messages are lost.
const answered = 1500
const lost = 500
if (screen.users < answered) {
  throw new Error(`only ${screen.users} of the ${answered} users the server sent back were shown: their replies went unheard`)
}
// Lost calls of the last seconds may still be waiting.
const waiting = lost - screen.errors
if (waiting > lost / 10) {
  throw new Error(`${waiting} of the ${lost} calls whose message was lost never failed: their callers still wait, and the user sees neither the user nor an error`)
}
return `all ${answered} replies were shown, and ${screen.errors} of the ${lost} lost calls failed with an error`
