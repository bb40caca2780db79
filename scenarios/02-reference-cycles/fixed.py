# An outline editor. Each step opens a document: a
# tree whose nodes point at their children and back
# at their parent, so every tree is full of cycles.
import gc

finalized = 0  # __del__ calls: nodes freed


class OutlineNode:
    def __init__(self, title, parent=None):
        self.title = title
        self.parent = parent
        self.children = []
        if parent:
            parent.children.append(self)

    def __del__(self):  # a finalizer, in a cycle
        global finalized
        finalized += 1


open_docs = {}  # id -> root node


def open_doc(doc_id):
    root = OutlineNode(f"doc {doc_id}")
    for k in range(10):
        part = OutlineNode(f"part {k}", root)
        OutlineNode("note", part)
    open_docs[doc_id] = root


def close_doc(doc_id):
    # Forget the tree: its cycles become garbage, and
    # the collector frees them, __del__ and all.
    del open_docs[doc_id]


def step(i):
    open_doc(i)
    # ... the document is edited, then its tab closed:
    close_doc(i)


def teardown():
    print("gc.collect() freed", gc.collect())
    print("finalized:", finalized)
    print("gc.garbage:", gc.garbage)
