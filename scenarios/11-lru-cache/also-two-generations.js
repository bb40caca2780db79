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

// Two generations of at most 25 pages. When the new
// one is full, it becomes the old one and the old one
// is dropped; a page used meanwhile moves up.
const LIMIT = 25
let pages = new Map()
let old = new Map()

function render(url) {
  let page = pages.get(url)
  if (page) return page
  page = old.get(url) || new Page(url)
  pages.set(url, page)
  if (pages.size >= LIMIT) {
    old = pages
    pages = new Map()
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
