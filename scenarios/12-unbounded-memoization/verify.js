// The memo's job: a weight asked for again is answered
// from the cache, with the right quote. The last step's
// 20 carts (2,230 g to 2,249 g) were quoted a moment ago.
const price = (g) => 4.5 + Math.ceil(g / 500) * 1.2
let fresh = 0
for (let g = 2230; g < 2250; g++) {
  const before = workedOut
  const quote = shippingQuote(g)
  if (!quote || quote.grams !== g || quote.price !== price(g)) {
    throw new Error(`shippingQuote(${g}) did not return the quote for ${g} g`)
  }
  if (workedOut > before) fresh++
}
if (fresh > 0) {
  throw new Error(`${fresh} of the last step's 20 carts were worked out again when asked a second time: the memo no longer remembers recent weights`)
}
// A new weight is still worked out, and right.
const quote = shippingQuote(99999)
if (quote.grams !== 99999 || quote.price !== price(99999)) {
  throw new Error('shippingQuote(99999) returned a wrong quote')
}
return "the last step's 20 carts were answered from the memo, with the right quotes"
