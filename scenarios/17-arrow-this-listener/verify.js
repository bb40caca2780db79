// The dashboard's job: the header's clock shows every
// tick, and the panel on screen redraws on each tick.
const ticks = 100
if (screen.ticks !== ticks) {
  throw new Error(`the header's clock showed ${screen.ticks} of the ${ticks} ticks, as its listener on the bus was taken off too`)
}
if (screen.frames < ticks) {
  throw new Error(`the panels drew ${screen.frames} frames in ${ticks} ticks: the panel on screen no longer redraws on each tick`)
}
return `the header's clock showed all ${ticks} ticks, and the panel on screen redrew on each`
