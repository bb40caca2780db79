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

// What the user sees: how many uploads are done.
let completed = 0

function poll(upload) {
  const percent = askServer(upload)
  upload.history.push(new Progress(percent))
  if (percent === 100 && !upload.done) {
    upload.done = true
    completed++ // "Upload complete", once
  }
  // Done: cancel the poller's timer.
  if (upload.done) clearTimeout(upload.timer)
  upload.timer = setTimeout(function again() {
    poll(upload)
  }, 250)
}

function step(i) {
  const upload = { id: i, started: Date.now(), history: [] }
  poll(upload)
}
