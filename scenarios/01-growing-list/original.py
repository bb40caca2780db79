class DataHolder:
    def __init__(self, data):
        self.data = data

leak_list = []
for i in range(100000):
    leak_list.append(DataHolder(i))  # Objects are kept alive in leak_list

print("Objects created and stored in leak_list.")

# The fix: clear the list when its data is no longer needed.
leak_list.clear()  # Releases references and frees memory
