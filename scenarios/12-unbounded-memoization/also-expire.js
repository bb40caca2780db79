// Shipping quotes are slow to work out, so the
// function is memoized: same weight, same quote.
class Quote {
  constructor(grams) {
    this.grams = grams
    this.price = 4.5 + Math.ceil(grams / 500) * 1.2
  }
}

// Remembers each result for `ms` milliseconds.
function memoize(fn, ms) {
  const cache = new Map()
  return function memoized(arg) {
    if (!cache.has(arg)) {
      cache.set(arg, fn(arg))
      // Then forget it: a quote is good for a while.
      setTimeout(function () { cache.delete(arg) }, ms)
    }
    return cache.get(arg)
  }
}

let workedOut = 0 // quotes worked out: the slow part

const shippingQuote = memoize(function (grams) {
  workedOut++
  return new Quote(grams)
}, 2000)

function step(i) {
  // 20 carts a step, and no two weigh the same:
  // every call adds a key that never comes back.
  for (let k = 0; k < 20; k++) {
    const cartGrams = 250 + i * 20 + k
    shippingQuote(cartGrams)
  }
}
