// A photo gallery. Each step the visitor scrolls,
// and 10 new pictures come into view.
class Thumbnail {
  constructor(url) {
    this.url = url
    this.pixels = new Array(100).fill(0)
  }
}

// url -> WeakRef to its Thumbnail: a thumbnail on
// screen is reused, one off screen may be freed.
const thumbnails = new Map()

// Every 100 new entries, drop those whose thumbnail
// is gone: a WeakRef lets go of its target, but the
// map still holds the WeakRef.
let added = 0
function sweep() {
  for (const [url, ref] of thumbnails) {
    if (ref.deref() === undefined) thumbnails.delete(url)
  }
}

function thumbnail(url) {
  const cached = thumbnails.get(url)?.deref()
  if (cached) return cached
  const made = new Thumbnail(url)
  thumbnails.set(url, new WeakRef(made))
  if (++added % 100 === 0) sweep()
  return made
}

const onScreen = [] // the thumbnails shown now

function step(i) {
  onScreen.length = 0
  for (let k = 0; k < 10; k++) {
    onScreen.push(thumbnail('/photo/' + (i * 10 + k)))
  }
}
