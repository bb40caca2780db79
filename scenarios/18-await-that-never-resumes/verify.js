// The uploader's job: once the auth server answers
// again, photos are sent, and every upload ends, sent
// or failed (the user sees which). The photo server
// counts as sent only a photo that came with a token.
const uploads = 100
const { sent, failed } = shown
const waiting = uploads - sent - failed
if (sent < uploads / 2) {
  throw new Error(`only ${sent} of the ${uploads} photos were sent (${failed} uploads failed, ${waiting} never ended): after the lost token request, uploads must get a new token`)
}
if (waiting > 0) {
  throw new Error(`${waiting} of the ${uploads} uploads never ended, neither sent nor failed: they still wait for a token that will never come`)
}
return `every upload ended: ${sent} of the ${uploads} photos were sent, and ${failed} uploads failed, for the user to retry`
