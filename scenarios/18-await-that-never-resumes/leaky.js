// Each upload needs a token from the auth server;
// uploads that ask at the same time share a request.
class Photo {
  constructor(i) {
    this.name = 'photo' + i + '.jpg'
    this.bytes = new Array(400).fill(i) // the file
  }
}

let refreshing = null // the token request in flight

function getToken() {
  if (!refreshing) {
    refreshing = new Promise(function (resolve) {
      askAuthServer(function (token) {
        refreshing = null
        resolve(token)
      })
    })
  }
  return refreshing
}

async function upload(i) {
  const photo = new Photo(i) // the file to send
  const token = await getToken()
  return send(photo, token)
}

// Pretend servers. The auth server answers in 300 ms,
// but its 5th request is lost: no answer ever comes.
let asked = 0
function askAuthServer(reply) {
  if (++asked === 5) return
  setTimeout(function () { reply('t' + asked) }, 300)
}
// The photo server refuses a photo without a token.
function send(photo, token) {
  if (!token) throw new Error('401: no token')
  return photo.name + ' sent with ' + token
}

// What the user sees of the uploads.
const shown = { sent: 0, failed: 0 }
function step(i) {
  upload(i).then(function () { shown.sent++ },
    function (err) { shown.failed++ }) // or retry it
}
