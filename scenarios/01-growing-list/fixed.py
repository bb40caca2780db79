# Each step makes 100 DataHolder objects, uses them,
# and empties the list, so nothing outlives the step.
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
    # then:
    batch = leak_list[-100:]
    for holder in batch:
        total += holder.data
    leak_list.clear()  # releases the references


def teardown():
    print(f"the steps added up {total:,}")
