// The tooltips' job: a tooltip shown follows the
// scrolling, every time, and once hidden it is off the
// page and follows nothing. Show one, scroll twice,
// hide it, scroll again.
const hide = showTooltip('https://example.com/check')
const tip = document.body.lastElementChild
const scrollTo = (y) => {
  scrolled = y
  window.dispatchEvent(new Event('scroll'))
  return tip.style.top
}
for (const y of [500, 600]) {
  const top = scrollTo(y)
  if (top !== y + 20 + 'px') {
    throw new Error(`a tooltip shown should follow the scrolling, but scrolled to ${y}px its top is ${top || 'not set'}, not ${y + 20}px: it must listen to scroll as long as it is shown`)
  }
}
hide()
if (tip.isConnected) throw new Error('hide() left the tooltip on the page')
const top = scrollTo(700)
if (top !== '620px') {
  throw new Error(`a hidden tooltip still follows the scrolling (its top moved to ${top}): hide() must stop it listening`)
}
return 'a tooltip shown follows every scroll, and once hidden it is off the page and follows nothing'
