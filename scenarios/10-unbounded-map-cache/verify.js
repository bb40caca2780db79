// The cache's job: each handler gets its request's body, and
// a body is parsed once, however many handlers ask for it.
const requests = 100 * 20
const n = (x) => String(x).replace(/\B(?=(\d{3})+$)/g, ',')
const parsedInRun = parses
if (parsedInRun > requests) {
  throw new Error(`bodies were parsed ${n(parsedInRun)} times for ${n(requests)} requests: the cache no longer spares the second handler a parse`)
}
if (parsedInRun < requests) {
  throw new Error(`only ${n(parsedInRun)} bodies were parsed for ${n(requests)} requests: some handlers got another request's body`)
}
// One more request, and its two handlers.
const req = new Request(4242)
const user = bodyOf(req).user
const items = bodyOf(req).items
if (user !== 4242 || !Array.isArray(items) || items.length !== 3) {
  throw new Error(`bodyOf() answered user ${user} and items ${JSON.stringify(items)} for a request whose body is {"user":4242,"items":[1,2,3]}`)
}
if (parses - parsedInRun !== 1) {
  throw new Error(`two handlers asked for one request's body, and it was parsed ${parses - parsedInRun} times`)
}
return `each of the ${n(requests)} bodies was parsed once, and every handler got its request's body`
