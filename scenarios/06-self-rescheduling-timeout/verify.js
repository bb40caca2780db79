// The poller's job: tell the user when each upload is done.
// 100 uploads of 2 s, one every 0.6 s: all but the last three
// reach 100% before the run ends, at 60 s.
const finished = 97
if (completed < finished) {
  throw new Error(`only ${completed} of the ${finished} uploads that finished in time were reported done: polling stopped before they reached 100%`)
}
if (completed > finished) {
  throw new Error(`${completed} uploads were reported done, for ${finished} that finished: some were reported more than once`)
}
return `all ${finished} uploads that finished in time were reported done, once each`
