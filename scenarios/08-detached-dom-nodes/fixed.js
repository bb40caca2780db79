// A mail app. Each step, the user deletes a message
// after a dialog asks to confirm it. The button
// closes the dialog, and so does the Escape key.
class Message {
  constructor(id, subject) {
    this.id = id
    this.subject = subject
  }
}

const inbox = new Map() // id -> Message

function confirmDelete(message) {
  const dialog = document.createElement('div')
  dialog.textContent = 'Delete "' + message.subject + '"?'
  const yes = document.createElement('button')
  yes.textContent = 'Delete'
  dialog.appendChild(yes)
  document.body.appendChild(dialog)

  // One signal removes every listener of the dialog.
  const listeners = new AbortController()
  const options = { signal: listeners.signal }
  function close() {
    dialog.remove()
    listeners.abort() // window lets go of onKey
  }
  function onKey(event) {
    if (event.key === 'Escape') close()
  }
  yes.addEventListener('click', () => {
    inbox.delete(message.id)
    close()
  }, options)
  // Escape works wherever the focus is, so this
  // listener goes on the window.
  window.addEventListener('keydown', onKey, options)
}

function step(i) {
  const message = new Message(i, 'Invoice #' + i)
  inbox.set(i, message)
  confirmDelete(message)
  document.querySelector('button').click() // Delete
}
