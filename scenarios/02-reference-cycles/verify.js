// The editor's job: a document stays open, and whole,
// until its own tab is closed. Two tabs, the first one
// closed: the second must still be there, every part
// and note linked to its parent.
open(1000)
open(1001)
close(1000)
const doc = openDocs.get(1001)
if (!doc) {
  throw new Error('closing document 1000 closed document 1001 too: it was still open, yet the editor no longer had it')
}
const linked = (node, parent) => node.parent === parent && node.children.every((child) => linked(child, node))
if (doc.children.length !== 10 || !linked(doc, null)) {
  throw new Error('closing document 1000 broke document 1001, still open: its parts or notes lost their links')
}
close(1001)
return 'closing a document leaves the other open documents there, whole'
