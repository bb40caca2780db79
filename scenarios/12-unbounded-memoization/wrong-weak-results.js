// Shipping quotes are slow to work out, so the
// function is memoized: same weight, same quote.
class Quote {
  constructor(grams) {
    this.grams = grams
    this.price = 4.5 + Math.ceil(grams / 500) * 1.2
  }
}

// Remembers every result, keyed by the argument.
function memoize(fn) {
  const cache = new Map()
  return function memoized(arg) {
    // Hold results weakly, so that GC can take them.
    let result = cache.get(arg)?.deref()
    if (!result) {
      result = fn(arg)
      cache.set(arg, new WeakRef(result))
    }
    return result
  }
}

let workedOut = 0 // quotes worked out: the slow part

const shippingQuote = memoize(function (grams) {
  workedOut++
  return new Quote(grams)
})

function step(i) {
  // 20 carts a step, and no two weigh the same:
  // every call adds a key that never comes back.
  for (let k = 0; k < 20; k++) {
    const cartGrams = 250 + i * 20 + k
    shippingQuote(cartGrams)
  }
}
