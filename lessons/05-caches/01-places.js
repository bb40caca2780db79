// A map labels the places in view, and measures each
// label's text once, however many passes ask for it.
class Place {
  constructor(id) {
    this.id = id
    this.name = 'Village ' + id
  }
}

class TextSize {
  constructor(text) {
    this.width = text.length * 7 // 7 px a letter
    this.height = 14
  }
}

// Keyed by the place object. A Map holds its keys
// strongly: a place in it can never be freed.
const sizes = new Map()

let measured = 0 // labels measured: the slow part

function measure(place) {
  const known = sizes.get(place)
  if (known) return known
  measured++
  const size = new TextSize(place.name)
  sizes.set(place, size)
  return size
}

function step(i) {
  // The map pans: 20 places come into view, and the
  // last ones are dropped.
  for (let k = 0; k < 20; k++) {
    const place = new Place(i * 20 + k)
    const room = measure(place).width + 4 // layout
    const line = measure(place).height // draw
  }
}
