// The worker's job: every order ends. The service
// answers 67 of the 100 requests, within 100 ms, at 2 a
// line: those orders are priced, 200 lines each. The 33
// it loses end in an error, reported where handle() is
// called (a few lost just before the end may still wait).
const n = (x) => String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
const answered = 67
if (orders.priced < answered) {
  throw new Error(`only ${orders.priced} of the ${answered} orders the service answered were priced: a request must wait for a reply long enough to get one`)
}
if (orders.amount !== orders.priced * 200 * 2) {
  throw new Error(`the ${orders.priced} orders priced come to ${n(orders.amount)}, not ${n(orders.priced * 400)} (200 lines at 2): some were priced without the service's price`)
}
const ended = orders.priced + orders.failed
if (ended < 95) {
  throw new Error(`${100 - ended} of the 100 orders never ended, neither priced nor failed: a request with no reply must end in an error that the caller of handle() can report (orders.failed)`)
}
return `every order ended: ${orders.priced} priced, ${orders.failed} failed for want of a reply`
