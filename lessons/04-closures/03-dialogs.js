// The app's theme tells its watchers when it changes.
// Each step opens a settings dialog, then closes it.
class Theme {
  watchers = []
  watch(fn) {
    this.watchers.push(fn)
    const dispose = () => {
      this.watchers = this.watchers.filter((w) => w !== fn)
    }
    return { dispose } // the subscription
  }
  change(dark) {
    for (const fn of this.watchers) fn(dark)
  }
}

class Control {
  colour = 'black' // repainted with the theme
}

class Dialog {
  constructor(theme) {
    const controls = []
    for (let k = 0; k < 20; k++) {
      controls.push(new Control())
    }
    this.controls = controls // drawn on the screen
    // The watcher keeps the controls it repaints.
    this.subscription = theme.watch(function repaint(dark) {
      const colour = dark ? 'white' : 'black'
      for (const c of controls) c.colour = colour
    })
  }
  close() {
    // Hides the dialog, but it still watches the theme.
  }
}

const theme = new Theme()

function step(i) {
  const dialog = new Dialog(theme)
  theme.change(i % 2 === 1) // day, night, day, ...
  dialog.close()
}
