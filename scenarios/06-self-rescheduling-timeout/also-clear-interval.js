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
}

function step(i) {
  const upload = { id: i, started: Date.now(), history: [] }
  poll(upload)
  // Poll on an interval, and clear it once done.
  const timer = setInterval(function again() {
    poll(upload)
    if (upload.done) clearInterval(timer)
  }, 250)
}
