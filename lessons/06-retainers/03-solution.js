// A text editor. Each step the writer changes one
// paragraph; Undo can take every change back.
class Paragraph {
  constructor(text) {
    this.text = text
  }
}

function copyOf(paragraph) {
  return new Paragraph(paragraph.text)
}

class Editor {
  constructor() {
    this.paragraphs = []
    for (let k = 0; k < 20; k++) {
      this.paragraphs.push(new Paragraph('Text ' + k))
    }
    this.undo = [] // earlier versions
  }
  change(at, text) {
    this.undo.push(this.paragraphs.map(copyOf))
    // Undo goes back 10 changes, no further.
    if (this.undo.length > 10) this.undo.shift()
    this.paragraphs[at] = new Paragraph(text)
  }
  undoLast() {
    // Back to the version before the last change.
    const earlier = this.undo.pop()
    if (earlier) this.paragraphs = earlier
  }
}

const editor = new Editor()

function step(i) {
  editor.change(i % 20, 'Version ' + i)
}
