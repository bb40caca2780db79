// A search page. Each step the user types a query,
// and the list of results is drawn again.
const results = document.createElement('ul')
document.body.appendChild(results)
// A result's element by its id, to highlight it.
const itemById = new Map()

function search(query) {
  const found = []
  for (let k = 0; k < 10; k++) {
    found.push({
      id: query + '-' + k,
      title: query + ', result ' + k,
    })
  }
  return found
}

function render(found) {
  const items = found.map(function (result) {
    const li = document.createElement('li')
    li.textContent = result.title
    itemById.set(result.id, li)
    return li
  })
  // The old items leave the page here.
  results.replaceChildren(...items)
}

function highlight(id) {
  const li = itemById.get(id)
  if (li) li.className = 'highlight'
}

function step(i) {
  render(search('query' + i))
  highlight('query' + i + '-0')
}
