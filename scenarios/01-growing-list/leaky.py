# Each step makes 100 DataHolder objects and keeps
# them in leak_list, which lives as long as the program.
class DataHolder:
    def __init__(self, data):
        self.data = data


leak_list = []
total = 0  # what the steps computed


def step(i):
    global total
    for k in range(100):
        leak_list.append(DataHolder(i * 100 + k))
    # The step uses its objects, the list's last 100,
    # then forgets them.
    batch = leak_list[-100:]
    for holder in batch:
        total += holder.data


def teardown():
    print(f"the steps added up {total:,}")
