// Pairs of partners that refer to each other: cycles.
let finalized = 0
const registry = new FinalizationRegistry(() => {
  finalized++
})

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
  registry.register(a, i) // like a __del__ method
}

function teardown() {
  const freed = gc.collect()
  console.log('gc.collect() freed', freed, 'objects')
  // Finalizers run after the collection, as a job.
  Promise.resolve().then(() => {
    console.log('finalizers run:', finalized)
  })
}
