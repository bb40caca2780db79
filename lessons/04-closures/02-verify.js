// The shop's job: a formatter for each of the 100
// suppliers, which writes a price in that supplier's
// currency: EUR for odd numbers, USD for even ones.
if (formatters.size !== 100) {
  throw new Error(`the shop should keep a formatter for each of the 100 suppliers, but it keeps ${formatters.size}`)
}
for (let n = 0; n < 100; n++) {
  const format = formatters.get('supplier' + n)
  if (typeof format !== 'function') {
    throw new Error(`supplier${n} has no formatter`)
  }
  const want = '12.50 ' + (n % 2 ? 'EUR' : 'USD')
  const got = format(1250)
  if (got !== want) {
    throw new Error(`supplier${n}'s formatter writes 1250 cents as "${got}", not "${want}": it must still know its supplier's currency`)
  }
}
return 'each of the 100 suppliers\' formatters writes prices in its currency'
