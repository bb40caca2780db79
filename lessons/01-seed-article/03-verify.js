// The mailer's job: every email queued is handed to the
// mail server, once. 100 steps of 100 emails.
const n = (x) => String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
const queued = 10000
if (sent < queued) {
  throw new Error(`only ${n(sent)} of the ${n(queued)} emails queued were sent: an email let go before sendAll() sees it is never sent`)
}
if (sent > queued) {
  throw new Error(`${n(sent)} emails were sent, for ${n(queued)} queued: some were sent more than once`)
}
return `all ${n(queued)} emails queued were sent, once each`
