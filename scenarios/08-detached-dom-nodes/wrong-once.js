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

  function close() {
    // Off the page, but window still holds onKey,
    // which holds close, and close the dialog.
    dialog.remove()
  }
  function onKey(event) {
    if (event.key === 'Escape') close()
  }
  yes.addEventListener('click', () => {
    inbox.delete(message.id)
    close()
  })
  // Escape works wherever the focus is, so this
  // listener goes on the window. once: it removes
  // itself, so window does not keep it.
  window.addEventListener('keydown', onKey, { once: true })
}

function step(i) {
  const message = new Message(i, 'Invoice #' + i)
  inbox.set(i, message)
  confirmDelete(message)
  document.querySelector('button').click() // Delete
}
