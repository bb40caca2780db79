// The importer's job: the right total for every day.
// Day d has 50 sales, of d, d + 1, ... d + 49.
const days = 100
if (dailyTotals.length !== days) {
  throw new Error(`${dailyTotals.length} daily totals were kept, not one for each of the ${days} days`)
}
for (let day = 0; day < days; day++) {
  const want = 50 * day + 1225
  const got = dailyTotals[day]
  if (got !== want) {
    throw new Error(`day ${day}'s total is ${got}, but its 50 sales add up to ${want}`)
  }
}
return `all ${days} daily totals are right`
