# A memory leak in its simplest form. Each step
# makes 100 DataHolder objects and appends them
# to leak_list, a list at the top level. The
# program never reads them again, but leak_list
# lives as long as the program and refers to
# every one, so none can be freed: the heap
# grows by 100 objects a step, forever.
class DataHolder:
    def __init__(self, data):
        self.data = data


leak_list = []


# LeakLab calls step(0), step(1), … step(99)
# and counts the live objects after each step.
def step(i):
    for k in range(100):
        leak_list.append(DataHolder(i))


# Called once, after the last step.
def teardown():
    n = len(leak_list)
    print(f"leak_list still holds {n} DataHolder objects")
