// The map's job: each place's label is measured once,
// however many passes ask for it, and measured right.
// 100 steps, 20 places each: 2,000 labels.
const n = (x) => String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
const places = 2000
if (measured > places) {
  throw new Error(`${n(measured)} labels were measured for ${n(places)} places, asked for twice each: the cache must answer the second question about a place still in view`)
}
if (measured < places) {
  throw new Error(`only ${n(measured)} labels were measured for ${n(places)} places: some places were given another place's size`)
}
const place = new Place(4321)
const size = measure(place)
if (measure(place) !== size || size.width !== place.name.length * 7) {
  throw new Error('measure() should measure a place\'s label once, and then give back the same size')
}
return `each of the ${n(places)} places' labels was measured once, though asked for twice`
