import gc

class OutlineNode:
    def __init__(self, title, parent=None):
        self.title = title
        self.parent = parent        # child -> parent
        self.children = []          # parent -> child: a cycle
        if parent:
            parent.children.append(self)

    def __del__(self):              # a finalizer
        pass

open_docs = {}
for i in range(100):
    root = OutlineNode(f"doc {i}")
    for k in range(10):
        OutlineNode("note", OutlineNode(f"part {k}", root))
    open_docs[i] = root             # closed, but never removed
del root

print("Unreachable objects collected:", gc.collect())  # 0

# The fix: forget closed documents. Their cycles become
# unreachable, and the collector frees them, __del__ and
# all (since Python 3.4, PEP 442).
open_docs.clear()
print("Unreachable objects collected:", gc.collect())
print("gc.garbage:", gc.garbage)  # [] : nothing left uncollectable
