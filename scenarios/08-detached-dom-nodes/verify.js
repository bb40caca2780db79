// The app's job: Delete deletes the message and closes the
// dialog; Escape closes it too, wherever the focus is.
if (inbox.size > 0) {
  throw new Error(`${inbox.size} of the 100 messages the user deleted are still in the inbox`)
}
const left = document.querySelectorAll('div').length
if (left > 0) {
  throw new Error(`${left} dialogs are still on the page after the user clicked Delete in each`)
}

// A dialog opens; the focus is on the page, not in the
// dialog, and the user presses Escape.
const message = new Message(1000, 'Lunch on Friday?')
inbox.set(message.id, message)
confirmDelete(message)
if (document.querySelector('div') === null) {
  throw new Error('confirmDelete() showed no dialog')
}
const escape = new Event('keydown', { bubbles: true })
escape.key = 'Escape'
document.body.dispatchEvent(escape)
if (document.querySelector('div') !== null) {
  throw new Error('Escape no longer closes the dialog when the focus is outside it')
}
if (!inbox.has(message.id)) {
  throw new Error('Escape deleted the message: it should only close the dialog')
}
return 'Delete deletes the message and closes the dialog, and Escape closes it from anywhere on the page'
