// The importer's job: the history lists every import
// for the user, by name, with what became of it.
const imports = 100
if (history.length !== imports) {
  throw new Error(`the history lists ${history.length} of the ${imports} imports: the user no longer sees them all`)
}
for (let i = 0; i < imports; i++) {
  const job = history[i]
  const says = job ? `${job.name}, ${job.status}` : String(job)
  if (says !== `file${i}, cancelled`) {
    throw new Error(`the history's entry ${i} should say "file${i}, cancelled", but it says "${says}"`)
  }
}
return `the history lists all ${imports} imports, each cancelled`
