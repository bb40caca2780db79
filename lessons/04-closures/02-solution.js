// A shop imports a supplier's price list each step,
// and keeps a price formatter for that supplier.
class Product {
  constructor(k) {
    this.sku = 'SKU-' + k
    this.cents = 250 + k * 10
  }
}

function importList(n) {
  const products = []
  for (let k = 0; k < 50; k++) {
    products.push(new Product(k))
  }
  const currency = n % 2 ? 'EUR' : 'USD'
  return { supplier: 'supplier' + n, currency, products }
}

const formatters = new Map() // supplier -> function

function step(i) {
  const list = importList(i)
  // ... the products are saved, and the list dropped.

  // Copy out what the formatter needs: it captures a
  // short string, and the list dies with the step.
  const currency = list.currency
  formatters.set(list.supplier, function format(cents) {
    return (cents / 100).toFixed(2) + ' ' + currency
  })
}
