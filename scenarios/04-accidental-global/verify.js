// The program's job: send every sample to the server.
// 100 steps of 50 responses each: 5,000 samples.
const recorded = 5000
if (server.received < recorded) {
  throw new Error(`only ${server.received} of the 5,000 samples recorded reached the server`)
}
if (server.received > recorded) {
  throw new Error(`the server received ${server.received} samples, for 5,000 recorded: some were sent more than once`)
}
return 'all 5,000 samples recorded reached the server'
