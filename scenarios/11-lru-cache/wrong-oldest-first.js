// A shop caches rendered product pages by URL, so a
// popular page is rendered once, not per visit.
let rendered = 0 // pages rendered: the slow part

class Page {
  constructor(url) {
    rendered++
    this.url = url
    this.html = '<h1>' + url + '</h1>'
    this.renderedAt = Date.now()
  }
}

// At most 50 pages: the oldest goes first.
const pages = new Map()

function render(url) {
  let page = pages.get(url)
  if (!page) {
    page = new Page(url)
    pages.set(url, page)
    if (pages.size > 50) {
      // A Map keeps insertion order: drop the first.
      pages.delete(pages.keys().next().value)
    }
  }
  return page
}

function step(i) {
  for (let k = 0; k < 10; k++) {
    // Ten popular products, visited every step...
    render('/product/' + k)
    // ...and ten that nobody will ask for again.
    render('/product/' + (100 + i * 10 + k))
  }
}
