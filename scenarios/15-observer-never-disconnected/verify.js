// A chart's job: while it is open, draw every price the
// feed sends, whatever other charts open or close.
const shown = (chart) => chart.points.slice(-2)
  .map((point) => point.price).join(', ')
const a = new Chart(prices)
const b = new Chart(prices)
prices.next(201)
b.close()
const c = new Chart(prices)
prices.next(202)
prices.next(203)
if (shown(a) !== '202, 203') {
  throw new Error(`a chart still open shows ${shown(a)} as its last prices, not 202, 203: it stopped getting updates when another chart closed`)
}
if (shown(c) !== '202, 203') {
  throw new Error(`a chart opened after another closed shows ${shown(c)} as its last prices, not 202, 203: it gets no updates`)
}
if (a.points.length !== 20) {
  throw new Error(`an open chart shows ${a.points.length} points, not 20`)
}
a.close()
c.close()
return 'open charts drew every price, whatever other charts closed'
