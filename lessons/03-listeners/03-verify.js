// The search page's job: it lists the results of the
// last query, the first one highlighted, and
// highlight() finds any result on the page.
const items = [...results.children]
const titles = items.map((li) => li.textContent)
const expected = []
for (let k = 0; k < 10; k++) expected.push('query99, result ' + k)
if (!results.isConnected || titles.join('|') !== expected.join('|')) {
  throw new Error(`the page should list the 10 results of the last query, "query99", but it lists ${titles.length === 0 ? 'none' : titles.map((t) => `"${t}"`).join(', ')}`)
}
const lit = items.filter((li) => li.className === 'highlight')
if (lit.length !== 1 || lit[0] !== items[0]) {
  throw new Error(`the first result of the last query should be highlighted, but ${lit.length === 0 ? 'no result is' : 'results ' + lit.map((li) => items.indexOf(li)).join(', ') + ' are'}: highlight() finds a result through itemById`)
}
highlight('query99-7')
if (items[7].className !== 'highlight') {
  throw new Error('highlight("query99-7") did not highlight that result, though it is on the page: itemById must still know the results on the page')
}
return 'the page lists the last query\'s results, the first highlighted, and highlight() finds any result on the page'
