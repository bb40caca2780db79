// Shipping quotes are slow to work out, so the
// function is memoized: same weight, same quote.
class Quote {
  constructor(grams) {
    this.grams = grams
    this.price = 4.5 + Math.ceil(grams / 500) * 1.2
  }
}

// Remembers at most `limit` results.
function memoize(fn, limit) {
  const cache = new Map()
  return function memoized(arg) {
    if (cache.has(arg)) return cache.get(arg)
    const result = fn(arg)
    // Full? Then don't remember this one.
    if (cache.size < limit) cache.set(arg, result)
    return result
  }
}

let workedOut = 0 // quotes worked out: the slow part

const shippingQuote = memoize(function (grams) {
  workedOut++
  return new Quote(grams)
}, 100)

function step(i) {
  // 20 carts a step, and no two weigh the same:
  // every call adds a key that never comes back.
  for (let k = 0; k < 20; k++) {
    const cartGrams = 250 + i * 20 + k
    shippingQuote(cartGrams)
  }
}
