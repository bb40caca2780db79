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

function thumbnail(url) {
  const cached = thumbnails.get(url)?.deref()
  if (cached) return cached
  const made = new Thumbnail(url)
  thumbnails.set(url, new WeakRef(made))
  return made
}

const onScreen = [] // the thumbnails shown now

function step(i) {
  onScreen.length = 0
  for (let k = 0; k < 10; k++) {
    onScreen.push(thumbnail('/photo/' + (i * 10 + k)))
  }
}
