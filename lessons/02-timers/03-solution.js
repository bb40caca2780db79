// Each step shows a toast ("Draft saved") that fades
// out: every 250 ms it is painted a quarter fainter.
class Paint {
  constructor(opacity) {
    this.opacity = opacity // in percent
    this.at = Date.now()
  }
}

class Toast {
  constructor(text) {
    this.text = text
    this.opacity = 100
    this.painted = [] // each frame drawn, for replay
  }
}

let frames = 0 // frames painted, all toasts together

function fade(toast) {
  toast.opacity = Math.max(0, toast.opacity - 25)
  toast.painted.push(new Paint(toast.opacity))
  frames++
  // Invisible: schedule nothing, so the host lets go
  // of the last timer, and the toast is freed.
  if (toast.opacity === 0) return
  setTimeout(function next() {
    fade(toast)
  }, 250)
}

function step(i) {
  fade(new Toast('Draft ' + i + ' saved'))
}
