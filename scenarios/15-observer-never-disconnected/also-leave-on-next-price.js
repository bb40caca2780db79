// A price feed notifies its subscribers. Each step
// opens a chart that follows it, then closes it.
class Subject {
  constructor() {
    this.observers = []
  }
  subscribe(fn) {
    this.observers.push(fn)
    // Call the returned function to unsubscribe.
    return () => {
      this.observers = this.observers.filter(o => o !== fn)
    }
  }
  next(value) {
    for (const fn of this.observers) fn(value)
  }
}

class Point {
  constructor(price) {
    this.price = price
  }
}

class Chart {
  constructor(feed) {
    const points = []
    for (let k = 0; k < 20; k++) points.push(new Point(0))
    this.points = points // what the chart shows
    const chart = this
    // The observer keeps the points it draws into.
    this.unsubscribe = feed.subscribe(function draw(p) {
      // Closed? Leave the feed at the next price.
      if (chart.closed) return chart.unsubscribe()
      points.shift()
      points.push(new Point(p))
    })
  }
  close() {
    this.closed = true // draw unsubscribes itself
  }
}

const prices = new Subject()

function step(i) {
  const chart = new Chart(prices)
  prices.next(100 + (i % 7))
  chart.close()
}
