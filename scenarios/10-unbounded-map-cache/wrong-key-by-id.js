// A server parses each request's body once, however
// many handlers ask for it, by caching the result.
class Request {
  constructor(id) {
    this.id = id
    this.raw = '{"user":' + id + ',"items":[1,2,3]}'
  }
}

let parses = 0 // the costly part: once a request

class Body {
  constructor(raw) {
    parses++
    Object.assign(this, JSON.parse(raw))
  }
}

// Keyed by the request object. A Map holds its keys
// strongly: a request in it can never be freed.
const parsed = new Map()

function bodyOf(req) {
  // Keyed by the id, so the Map does not hold the
  // request itself.
  if (!parsed.has(req.id)) {
    parsed.set(req.id, new Body(req.raw))
  }
  return parsed.get(req.id)
}

function step(i) {
  // 20 requests arrive, are handled, and are done.
  for (let k = 0; k < 20; k++) {
    const req = new Request(i * 20 + k)
    const user = bodyOf(req).user // auth handler
    const items = bodyOf(req).items // cart handler
  }
}
