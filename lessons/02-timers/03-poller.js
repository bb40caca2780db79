// Each step uploads a file, then polls the server
// every 250 ms and records the upload's progress.
class Progress {
  constructor(percent) {
    this.percent = percent
    this.at = Date.now()
  }
}

// A pretend server: an upload takes 2 seconds.
function askServer(upload) {
  const ms = Date.now() - upload.started
  return Math.min(100, Math.floor(ms / 20))
}

function poll(upload) {
  const percent = askServer(upload)
  upload.history.push(new Progress(percent))
  // Ask again soon: forever, even once it is done.
  setTimeout(function again() {
    poll(upload)
  }, 250)
}

function step(i) {
  const upload = { id: i, started: Date.now(), history: [] }
  poll(upload)
}
