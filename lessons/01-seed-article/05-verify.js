// The program's job: the partners of every pair meet,
// once. 100 steps, a pair each.
const pairs = 100
if (met < pairs) {
  throw new Error(`the partners of only ${met} of the ${pairs} pairs met: a pair must stay in active until work() has seen it`)
}
if (met > pairs) {
  throw new Error(`${met} meetings, for ${pairs} pairs: some pairs met more than once`)
}
return `the partners of all ${pairs} pairs met, once each`
