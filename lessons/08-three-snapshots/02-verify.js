// The app's job: an open dialog repaints its fields in
// the new theme, a closed one no longer does, closeTop()
// closes the top dialog only, and the status bar always
// follows the theme. Open two dialogs, change the theme,
// close one, change it again, close the other.
const fieldsOf = (dialog) => (dialog && Array.isArray(dialog.fields) ? dialog.fields : [])
const paintedIn = (dialog, theme) => fieldsOf(dialog).length > 0 && fieldsOf(dialog).every((f) => f.color === theme)
const repaintedIn = (dialog, theme) => fieldsOf(dialog).some((f) => f.color === theme)
const below = openSettings()
const top = openSettings()
if (!below || !top || below === top) {
  throw new Error('openSettings() should make a new dialog each time, and return it')
}
setTheme('dark')
if (!paintedIn(below, 'dark') || !paintedIn(top, 'dark')) {
  throw new Error('open dialogs should repaint their fields when the theme changes to "dark", but they did not: a dialog must listen to the bus as long as it is open')
}
closeTop()
setTheme('blue')
if (repaintedIn(top, 'blue')) {
  throw new Error('a closed dialog still repaints when the theme changes: closing it must stop it listening')
}
if (!paintedIn(below, 'blue')) {
  throw new Error('closeTop() closed the dialog below as well, or stopped it listening: it should close the top dialog only')
}
if (statusBar.color !== 'blue') {
  throw new Error(`the status bar no longer follows the theme (it is ${statusBar.color}, not blue): remove the dialog's listener only`)
}
closeTop()
setTheme('green')
if (repaintedIn(below, 'green')) {
  throw new Error('closeTop() did not close the dialog left on screen once the top one was closed')
}
return 'open dialogs repaint in the new theme, closed ones do not, and the status bar always does'
