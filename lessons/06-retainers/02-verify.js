// The server's job: a log that says who signed in and
// out, in order, and a map of the users signed in now.
// 100 users, each signed in and out once: 200 entries.
const show = (entry) => !entry || typeof entry !== 'object' ? String(entry)
  : '{ ' + Object.entries(entry).map(([k, v]) => `${k}: ${typeof v === 'string' ? `"${v}"` : v && typeof v === 'object' ? '{…}' : String(v)}`).join(', ') + ' }'
if (auditLog.length !== 200) {
  throw new Error(`the audit log should hold 200 entries, a sign in and a sign out for each of 100 users, but it holds ${auditLog.length}`)
}
for (let i = 0; i < 100; i++) {
  const user = 'user' + i
  for (const [at, event] of [[2 * i, 'sign in'], [2 * i + 1, 'sign out']]) {
    const entry = auditLog[at]
    const names = entry && JSON.stringify(entry).includes(`"${user}"`)
    if (!entry || entry.event !== event || !names) {
      throw new Error(`auditLog[${at}] should record the ${event} of "${user}", by name, but it is ${show(entry)}`)
    }
  }
}
const session = signIn('reader')
if (sessions.get('reader') !== session) {
  throw new Error('a user signed in should be found in sessions')
}
signOut(session)
if (sessions.has('reader')) {
  throw new Error('a user signed out is still found in sessions')
}
return 'the log records, by name, who signed in and out, and sessions holds the users signed in'
