import ctypes
import tracemalloc

# A stand-in for a C extension: its memory comes from C's
# malloc, which Python's allocator, and tracemalloc, never see.
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]

class NativeImage:
    def __init__(self, name, width, height):
        self.name = name
        self.pixels = libc.malloc(width * height * 4)

    def close(self):
        libc.free(self.pixels)  # the only way to free them
        self.pixels = None

tracemalloc.start()
thumbs = {}  # name -> NativeImage, never evicted
for i in range(100):
    thumbs[f"photo{i}"] = NativeImage(f"photo{i}", 256, 256)

current, peak = tracemalloc.get_traced_memory()
print(f"tracemalloc: {current / 1024:.0f} KiB")  # the handles only
pixels = len(thumbs) * 256 * 256 * 4
print(f"pixels in C memory: {pixels >> 20} MiB")  # unseen

# The fix: keep a few, and close() each one evicted.
# Dropping a handle is not enough: nothing calls free().
while len(thumbs) > 10:
    thumbs.pop(next(iter(thumbs))).close()
