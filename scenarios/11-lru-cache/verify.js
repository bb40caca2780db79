// The cache's job: render each page once and serve it
// from then on. In 100 steps, 10 popular pages are
// visited every step and 1,000 pages once: 1,010 renders.
const once = 1000
const popular = rendered - once
if (popular > 20) {
  throw new Error(`the 10 popular pages were rendered ${popular} times in 100 steps: the cache threw them out, though they are visited every step`)
}
// Right after the run: a popular page and the page
// visited last must still come from the cache.
for (const url of ['/product/3', '/product/1099']) {
  const before = rendered
  const page = render(url)
  if (!page || page.url !== url) {
    throw new Error(`render('${url}') did not return the page of ${url}`)
  }
  if (rendered > before) {
    throw new Error(`${url} was visited a moment ago, yet render('${url}') rendered it again: it is no longer cached`)
  }
}
return `the 10 popular pages were rendered ${popular} times in all, and recent pages come from the cache`
