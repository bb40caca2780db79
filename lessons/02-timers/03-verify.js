// The toasts' job: each one fades out in four frames,
// at 75, 50, 25 and 0% opacity, then is left alone.
// A toast is shown every 0.6 s: 100 toasts, and the
// last one, 0.6 s before the end, has time for three.
const n = (x) => String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
const expected = 99 * 4 + 3
if (frames < expected) {
  throw new Error(`only ${n(frames)} frames were painted, for ${expected}: a toast must be painted at 75, 50, 25 and 0% opacity, so that it ends invisible, before it stops`)
}
if (frames > expected) {
  throw new Error(`${n(frames)} frames were painted, for ${expected}: toasts are still painted once they are invisible`)
}
return `all 100 toasts faded out, painted at 75, 50, 25 and 0%: ${expected} frames`
