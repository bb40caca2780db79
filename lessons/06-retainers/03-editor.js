// A text editor. Each step the writer changes one
// paragraph; Undo can take every change back.
class Paragraph {
  constructor(text) {
    this.text = text
  }
}

class Editor {
  constructor() {
    this.paragraphs = []
    for (let k = 0; k < 20; k++) {
      this.paragraphs.push(new Paragraph('Paragraph ' + k))
    }
    this.undo = [] // earlier versions, newest last
  }
  change(at, text) {
    const copy = this.paragraphs.map((p) => new Paragraph(p.text))
    this.undo.push(copy)
    this.paragraphs[at] = new Paragraph(text)
  }
}

const editor = new Editor()

function step(i) {
  editor.change(i % 20, 'Version ' + i)
}
