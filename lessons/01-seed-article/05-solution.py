# The same pairs, added to a set of "active" pairs
# while they work, and taken out when they are done.
import gc

active = set()
met = 0  # pairs whose partners have met
freed = 0  # partners whose __del__ ran


class Partner:
    def __init__(self, name):
        self.name = name
        self.other = None
        self.met = False

    def __del__(self):
        global freed
        freed += 1


# The active pairs' work: each pair's partners meet.
def work():
    global met
    for a in active:
        if a.met:
            continue  # met at an earlier step
        a.met = a.other.met = True
        met += 1


def step(i):
    a = Partner(f"a{i}")
    b = Partner(f"b{i}")
    a.other = b
    b.other = a
    active.add(a)
    work()
    active.discard(a)  # its work is done


def teardown():
    gc.collect()
    print("partners freed:", freed)
    print("pairs met:", met)
