// The dashboard's job: the open widget's rows refresh
// every half second. The last one was open for 600 ms.
const rows = current && current.rows
if (!rows || rows.length !== 20) {
  throw new Error('the open widget no longer shows its 20 rows')
}
const stale = rows.filter((row) => row.value === 0).length
if (stale > 0) {
  throw new Error(`the open widget's rows were never refreshed: ${stale} of its 20 rows still show 0 after 600 ms open`)
}
return "the open widget's 20 rows were refreshed"
