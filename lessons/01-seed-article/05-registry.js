// The same pairs, but each one is added to a set of
// "active" pairs, and never taken out.
const active = new Set()

class Partner {
  constructor(name) {
    this.name = name
    this.other = null
  }
}

function step(i) {
  const a = new Partner('a' + i)
  const b = new Partner('b' + i)
  a.other = b
  b.other = a
  active.add(a)
  // ... the pair does its work here ...
}

function teardown() {
  console.log('gc.collect() freed', gc.collect(), 'objects')
}
