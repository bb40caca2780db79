# Pairs of partners that refer to each other: cycles.
import gc

finalized = 0


class Partner:
    def __init__(self, name):
        self.name = name
        self.other = None

    def __del__(self):  # a finalizer
        global finalized
        finalized += 1


def step(i):
    a = Partner(f"a{i}")
    b = Partner(f"b{i}")
    a.other = b
    b.other = a


def teardown():
    freed = gc.collect()
    print("gc.collect() freed", freed, "objects")
    print("finalizers run:", finalized)
    print("gc.garbage:", gc.garbage)
