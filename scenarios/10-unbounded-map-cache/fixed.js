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

// Keyed by the request object. A WeakMap holds its
// keys weakly: an entry dies with its request.
const parsed = new WeakMap()

function bodyOf(req) {
  if (!parsed.has(req)) parsed.set(req, new Body(req.raw))
  return parsed.get(req)
}

function step(i) {
  // 20 requests arrive, are handled, and are done.
  for (let k = 0; k < 20; k++) {
    const req = new Request(i * 20 + k)
    const user = bodyOf(req).user // auth handler
    const items = bodyOf(req).items // cart handler
  }
}
