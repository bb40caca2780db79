// Each step shows a preview of a link in a tooltip,
// then hides it. While shown, it follows scrolling.
let scrolled = 0 // how far down the page is scrolled

function showTooltip(url) {
  const tip = document.createElement('div')
  for (let k = 0; k < 5; k++) {
    const line = document.createElement('p')
    line.textContent = 'line ' + k + ' of ' + url
    tip.appendChild(line)
  }
  document.body.appendChild(tip)

  function follow() {
    tip.style.top = scrolled + 20 + 'px'
  }
  // One signal removes every listener given it.
  const listeners = new AbortController()
  window.addEventListener('scroll', follow, {
    signal: listeners.signal,
  })

  return function hide() {
    tip.remove()
    listeners.abort() // window lets go of follow
  }
}

function step(i) {
  const hide = showTooltip('https://example.com/' + i)
  scrolled += 10
  window.dispatchEvent(new Event('scroll'))
  hide()
}
