// The menu's job: each report opened has an entry, and each
// entry reopens its own report.
const opened = 100
if (recentMenu.length !== opened) {
  throw new Error(`the Recent reports menu has ${recentMenu.length} entries for the ${opened} reports opened`)
}
for (let i = 0; i < opened; i++) {
  const said = recentMenu[i]()
  const want = 'open ' + i + ': Report ' + i
  if (said !== want) {
    throw new Error(`menu entry ${i} answered ${JSON.stringify(said)} instead of "${want}"`)
  }
}
return `each of the ${opened} menu entries reopens its own report`
