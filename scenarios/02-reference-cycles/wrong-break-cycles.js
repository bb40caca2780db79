// An outline editor. Each step opens a document: a
// tree whose nodes point at their children and back
// at their parent, so every tree is full of cycles.
class OutlineNode {
  constructor(title, parent) {
    this.title = title
    this.parent = parent
    this.children = []
    if (parent) parent.children.push(this)
  }
}

// JavaScript's nearest thing to Python's __del__.
let finalized = 0
const registry = new FinalizationRegistry(() => finalized++)

const openDocs = new Map() // id -> root node

function open(id) {
  const root = new OutlineNode('doc ' + id, null)
  for (let k = 0; k < 10; k++) {
    const part = new OutlineNode('part ' + k, root)
    new OutlineNode('note', part)
  }
  registry.register(root, id)
  openDocs.set(id, root)
}

function close(id) {
  // The tab is gone: break the tree's cycles, so that
  // reference counting can free it.
  const root = openDocs.get(id)
  for (const part of root.children) {
    part.parent = null
    for (const note of part.children) note.parent = null
  }
}

function step(i) {
  open(i)
  // ... the document is edited, then its tab closed:
  close(i)
}

function teardown() {
  console.log('gc.collect() freed', gc.collect())
  // Finalizers run as a job, after teardown returns.
  queueMicrotask(() => console.log('finalized:', finalized))
}
