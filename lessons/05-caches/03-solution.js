// A delivery app turns addresses into map positions.
// The geocoding service is slow, so each answer is
// kept, by address.
class Position {
  constructor(address) {
    this.address = address
    this.lat = 48.8 + (address.length % 9) / 100
    this.lng = 2.3 + (address.length % 7) / 100
  }
}

// At most 50 positions: the least recently used go.
const LIMIT = 50
const positions = new Map()
let lookups = 0 // questions sent to the service

function locate(address) {
  let found = positions.get(address)
  if (!found) {
    lookups++
    found = new Position(address)
  }
  // Delete and set again: the entry moves to the end,
  // so the Map's order runs from least recently used.
  positions.delete(address)
  positions.set(address, found)
  if (positions.size > LIMIT) {
    const [oldest] = positions.keys()
    positions.delete(oldest)
  }
  return found
}

function step(i) {
  // The ten depots are on every route...
  for (let d = 0; d < 10; d++) locate('Depot ' + d)
  // ...and ten customers get one delivery each.
  for (let c = 0; c < 10; c++) {
    locate(i * 10 + c + ' Market Street')
  }
}
