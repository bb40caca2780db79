// The program's job: each step adds up its 100 objects'
// data. Step i's are i * 100 to i * 100 + 99, so the
// 100 steps add up 0 + 1 + ... + 9,999 = 49,995,000.
const want = 49995000
if (total === 0) {
  throw new Error('the steps added up nothing: their objects were gone before the step used them')
}
if (total !== want) {
  throw new Error(`the steps added up ${total}, not 49,995,000: they did not use exactly their own 100 objects each`)
}
return 'each step used its 100 objects: they add up to 49,995,000'
