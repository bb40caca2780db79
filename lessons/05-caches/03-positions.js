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

// Keyed by address strings. Nothing is ever removed.
const positions = new Map()
let lookups = 0 // questions sent to the service

function locate(address) {
  if (!positions.has(address)) {
    lookups++ // asked once, then answered from here
    positions.set(address, new Position(address))
  }
  return positions.get(address)
}

function step(i) {
  // The ten depots are on every route...
  for (let d = 0; d < 10; d++) locate('Depot ' + d)
  // ...and ten customers get one delivery each.
  for (let c = 0; c < 10; c++) {
    locate(i * 10 + c + ' Market Street')
  }
}
