// A web server. Each step a user signs in, visits
// 50 pages, and signs out.
class Visit {
  constructor(page) {
    this.page = page
    this.at = Date.now()
  }
}

class Session {
  constructor(user) {
    this.user = user
    this.visits = []
  }
}

const sessions = new Map() // user -> Session
const auditLog = [] // who signed in and out

function signIn(user) {
  const session = new Session(user)
  sessions.set(user, session)
  // The log needs the name: keeping the session
  // would keep it alive as long as the log.
  auditLog.push({ event: 'sign in', user })
  return session
}

function signOut(session) {
  sessions.delete(session.user)
  auditLog.push({ event: 'sign out', user: session.user })
}

function step(i) {
  const session = signIn('user' + i)
  for (let k = 0; k < 50; k++) {
    session.visits.push(new Visit('/page/' + k))
  }
  signOut(session)
}
