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
  return photo.name + ' sent with ' + token
}

// A pretend auth server: it answers in 300 ms, but
// its 5th request is lost, and no answer ever comes.
let asked = 0
function askAuthServer(reply) {
  if (++asked === 5) return
  setTimeout(function () { reply('t' + asked) }, 300)
}

function step(i) {
  upload(i)
}
