// The same pairs, added to a set of "active" pairs
// while they work, and taken out when they are done.
const active = new Set()
let met = 0 // pairs whose partners have met

class Partner {
  constructor(name) {
    this.name = name
    this.other = null
    this.met = false
  }
}

// The active pairs' work: each pair's partners meet.
function work() {
  for (const a of active) {
    if (a.met) continue // met at an earlier step
    a.met = a.other.met = true
    met++
  }
}

function step(i) {
  const a = new Partner('a' + i)
  const b = new Partner('b' + i)
  a.other = b
  b.other = a
  active.add(a)
  work()
  active.delete(a) // its work is done
}

function teardown() {
  console.log('gc.collect() freed', gc.collect(), 'objects')
}
