// The editor's job: the document as the writer left
// it, and Undo that takes the last 10 changes back, one
// by one. Change j sets paragraph j % 20 to "Version j".
function after(last) {
  const texts = []
  for (let p = 0; p < 20; p++) {
    let text = 'Text ' + p
    for (let j = p; j <= last; j += 20) text = 'Version ' + j
    texts.push(text)
  }
  return texts.join(' | ')
}
const now = () => editor.paragraphs.map((p) => p.text).join(' | ')
if (now() !== after(99)) {
  throw new Error('the document is not as the writer left it after the 100 changes')
}
for (let k = 1; k <= 10; k++) {
  editor.undoLast()
  if (now() !== after(99 - k)) {
    throw new Error(`Undo should take the last 10 changes back, one by one, but undo number ${k} did not bring back the document as it was before change ${100 - k}`)
  }
}
return 'the document is as the writer left it, and Undo takes the last 10 changes back, one by one'
