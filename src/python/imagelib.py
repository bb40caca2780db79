# imagelib: the seed article's third cause of leaks in Python, a C library's memory. A NativeImage is
# a small Python handle; its pixels (width * height * 4 bytes) are the library's, outside CPython's
# heap: tracemalloc, sys.getsizeof and the heap walk see only the handle, and LeakLab reports the
# pixels as native bytes. close() frees them; a handle collected without close() leaves them
# allocated until the run ends, because the library never learns its handle died. That is the leak.
#
# LeakLab keeps the account (no real buffer is allocated), as the JavaScript host does for imageLib.

_MAX_SIDE = 16384
_MAX_BLOCKS = 100_000


class _Account:
    def __init__(self):
        self.reset(64 * 1024 * 1024)

    def reset(self, budget):
        self.budget = budget
        self.blocks = {}
        self.next_id = 1
        self.live = 0
        self.allocated = 0
        self.freed = 0
        self.peak = 0

    def alloc(self, size):
        if self.live + size > self.budget:
            raise MemoryError(f'imagelib: {size} bytes would take the images past the memory budget of {self.budget // 1048576} MiB')
        if len(self.blocks) >= _MAX_BLOCKS:
            raise MemoryError(f'imagelib: more than {_MAX_BLOCKS} images are open')
        block = self.next_id
        self.next_id += 1
        self.blocks[block] = size
        self.live += size
        self.allocated += size
        self.peak = max(self.peak, self.live)
        return block

    def free(self, block):
        size = self.blocks.pop(block, None)
        if size is not None:
            self.live -= size
            self.freed += size

    def report(self):
        return {'bytes': self.live, 'blocks': len(self.blocks), 'allocatedBytes': self.allocated, 'freedBytes': self.freed, 'peakBytes': self.peak}


_account = _Account()


class NativeImage:
    """A decoded image: its pixels are the library's, freed by close() and by nothing else."""

    __slots__ = ('_name', '_width', '_height', '_block')

    def __init__(self, *args, **kwargs):
        raise TypeError('NativeImage cannot be made directly: use imagelib.decode(name, width, height)')

    @property
    def name(self):
        return self._name

    @property
    def width(self):
        return self._width

    @property
    def height(self):
        return self._height

    @property
    def closed(self):
        return self._block == 0

    @property
    def byte_length(self):
        return 0 if self._block == 0 else self._width * self._height * 4

    def close(self):
        if self._block:
            _account.free(self._block)
            self._block = 0

    def __repr__(self):
        state = 'closed' if self._block == 0 else f'{self.byte_length} bytes'
        return f'<NativeImage {self._name!r} {self._width}x{self._height}, {state}>'


def _side(name, value):
    if type(value) is not int:
        raise TypeError(f'{name} must be an int, not {type(value).__name__}')
    if not 1 <= value <= _MAX_SIDE:
        raise ValueError(f'{name} must be between 1 and {_MAX_SIDE}, not {value}')


def decode(name, width, height):
    """Decode an image: a handle now, width * height * 4 bytes of pixels in the library until close()."""
    _side('width', width)
    _side('height', height)
    image = object.__new__(NativeImage)
    image._name = str(name)
    image._width = width
    image._height = height
    image._block = _account.alloc(width * height * 4)
    return image


def stats():
    """What the library holds now: {'images': open images, 'bytes': their pixels}."""
    return {'images': len(_account.blocks), 'bytes': _account.live}
