// A settings dialog, opened once and closed again,
// with a heap snapshot before, between and after.
const EventEmitter = require('events')
const bus = new EventEmitter() // the app's events
const settings = { theme: 'light' }

function setTheme(theme) {
  settings.theme = theme
  bus.emit('theme')
}

class Field {
  constructor(name) {
    this.name = name
    this.color = settings.theme
  }
}

class SettingsDialog {
  constructor() {
    this.shown = true
    this.draft = { ...settings } // edits not saved yet
    this.fields = []
    for (let k = 0; k < 50; k++) {
      this.fields.push(new Field('option ' + k))
    }
    // Repaint when the theme changes. Kept: off()
    // finds the listener by identity.
    this.repaint = () => this.paint()
    bus.on('theme', this.repaint)
  }
  paint() {
    for (const f of this.fields) f.color = settings.theme
  }
  close() {
    this.draft = null // drop the edits
    this.shown = false // off the screen
    // Let go of it: the bus and the list both held it.
    bus.off('theme', this.repaint)
    dialogs.splice(dialogs.indexOf(this), 1)
  }
}

const dialogs = [] // the screen draws those shown

function openSettings() {
  const dialog = new SettingsDialog()
  dialogs.push(dialog)
  return dialog
}

function closeTop() {
  const shown = dialogs.filter((d) => d.shown)
  shown[shown.length - 1].close()
}

// The status bar is always on screen, in the theme.
const statusBar = { color: settings.theme }
bus.on('theme', () => (statusBar.color = settings.theme))

function step(i) {
  leaklab.snapshot('baseline')
  openSettings()
  leaklab.snapshot('after open')
  closeTop()
  leaklab.snapshot('after close')
}
