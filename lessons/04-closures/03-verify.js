// The app's job: an open dialog's controls are
// repainted each time the theme changes, and a closed
// dialog is left alone. Open one, switch to night and
// back to day, close it, switch to night again.
const dialog = new Dialog(theme)
for (const dark of [true, false]) {
  theme.change(dark)
  const want = dark ? 'white' : 'black'
  const wrong = dialog.controls.filter((c) => c.colour !== want)
  if (wrong.length > 0) {
    throw new Error(`an open dialog should be repainted when the theme changes, but after a switch to ${dark ? 'night' : 'day'}, ${wrong.length} of its ${dialog.controls.length} controls are not ${want}: it must watch the theme as long as it is open`)
  }
}
dialog.close()
theme.change(true)
if (dialog.controls.some((c) => c.colour !== 'black')) {
  throw new Error('a closed dialog is still repainted when the theme changes: close() must stop it watching')
}
return 'an open dialog is repainted with every change of theme, and a closed one is left alone'
