# LeakLab's driver for a Python program (CPython in Pyodide): runs the learner's program with its
# hooks (setup, step, teardown), captures its console by level, turns a traceback into an error at
# the learner's line, samples CPython's own figures, and walks the heap into LeakLab's snapshot
# format (src/heap/snapshot.ts), so the analysis that reads JavaScript heaps reads this one too. Each
# walk is kept (src/heap/kept-snapshots.ts), each object with its id for the whole run (_Identities),
# and the program can take one itself: `import leaklab; leaklab.snapshot('after open')`.
#
# The walk never runs the program's code: names, sizes and members are read through the C
# implementations of the built-in types (a class may override __getattribute__, __dict__,
# __sizeof__, __repr__ or __len__; none of them is called). Reachability is CPython's own rule, the
# one its cycle collector uses: an object held by no root and referenced only from inside a group
# of objects is garbage, even while it waits for gc.collect().

import array
import builtins
import gc
import imagelib
import io
import json
import os
import sys
import time
import tracemalloc
import types
import warnings

_type_name = type.__dict__['__name__'].__get__
_object_traceback = tracemalloc._get_object_traceback
# Taken now, so a program that replaces them (json.dumps, os.write) changes nothing of LeakLab's.
_json_dumps = json.dumps
_os_open = os.open
_os_write = os.write
_os_close = os.close
_os_listdir = os.listdir
_os_remove = os.remove
_os_makedirs = os.makedirs
_MISSING = object()


class _MallInfo(__import__('ctypes').Structure):
    _fields_ = [(name, __import__('ctypes').c_int) for name in ('arena', 'ordblks', 'smblks', 'hblks', 'hblkhd', 'usmblks', 'fsmblks', 'uordblks', 'fordblks', 'keepcost')]


def _allocator_bytes():
    """Bytes in use by the C allocator under CPython (dlmalloc's own count), as QuickJS's memory_used_size is."""
    return _mallinfo().uordblks


try:
    _libc = __import__('ctypes').CDLL(None)
    _libc.mallinfo.restype = _MallInfo
    _mallinfo = _libc.mallinfo
except Exception:  # an interpreter without it: bytes from tracemalloc instead
    _mallinfo = None
_FRAMES = 8
_type_dict = type.__dict__['__dict__'].__get__
_type_mro = type.__dict__['__mro__'].__get__
_generic_getattr = object.__getattribute__
_object_sizeof = object.__sizeof__
_GC_HEADER = 16
_MAX_TEXT = 10_000
_LABEL = 40


def _exception_text(exc):
    """str(exc) as CPython prints it, by the built-in class's own __str__: never a __str__ of the program's."""
    for base in _type_mro(type(exc)):
        method = _type_dict(base).get('__str__')
        if method is not None:
            if getattr(base, '__module__', None) == 'builtins':
                return method(exc)
            break
    return BaseException.__str__(exc)


class _Console(io.TextIOBase):
    """sys.stdout or sys.stderr: each finished line becomes a console entry of its level."""

    def __init__(self, run, level):
        self._run = run
        self._level = level
        self._pending = ''

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f'write() argument must be str, not {_type_name(type(text))}')
        self._pending += text
        while '\n' in self._pending:
            line, self._pending = self._pending.split('\n', 1)
            self._run.print(self._level, line)
        return len(text)

    def flush(self):
        if self._pending:
            self._run.print(self._level, self._pending)
            self._pending = ''


class _CollectorPaused:
    """CPython's automatic collection held off while LeakLab works: its allocations would otherwise start
    collections in the middle of a walk, running the program's __del__ and weakref callbacks inside
    LeakLab's code, and keeping the walk's garbage alive into the old generation (the walk holds it)."""

    def __enter__(self):
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.was_enabled:
            gc.enable()


class _Limit(BaseException):
    """Raised into the program when a limit is reached; a program that catches it gets it again."""


class Run:
    def __init__(self, options):
        self.options = options
        self.filename = options['filename']
        # What LeakLab keeps while the program runs is kept out of the objects the samples count (since
        # 3.14 every dict is tracked, a dict per sample or line printed made a fixed program's count climb):
        # the console as two flat lists of strings, the samples as an array of numbers, and what the
        # growth walks leave alive counted, to be taken off.
        self.console_levels = []
        self.console_texts = []
        self.dropped = 0
        self.sample_figures = array.array('d')
        self.growth = []
        self.own_objects = 0
        # The ids of what was alive before the program ran: none of it was made on one of the program's
        # lines, so a walk asks tracemalloc only about the rest (the environment's 21,000 objects, asked
        # with tracing on, were most of a growth walk's time). A program object at the address of one
        # freed since is still walked from the program's names; only the coverage figures and the
        # choice to walk other modules' names do not see it.
        self.environment = frozenset()
        self.steps_done = 0
        self.clock = 0
        self.walking = False
        # Sites of the program's objects seen by earlier walks: tracing pauses during a walk (which would
        # otherwise trace its own allocations, at 20 times the cost), and a pause forgets older traces.
        self.known_sites = {}
        # Each object's id for the whole run (HeapNode.uid), given by the walks.
        self.identities = _Identities()
        # Every full walk's heap is kept (src/heap/kept-snapshots.ts), written as it is taken to a file of
        # the in-memory file system, whose bytes live outside CPython's heap: the host reads them after the
        # run, so the kept walks take neither the program's memory budget nor its figures.
        self.keeps = options['inspect'] and options['snapshots'] > 0
        self.kept_dir = options.get('keptDir', _KEPT_DIR)
        self.kept_files = 0
        self.guest_asked = 0
        self.guest_taken = 0
        # The last growth walk's heap, while nothing has run since it: the final snapshot, without a walk.
        self.latest = None

    # -- console ---------------------------------------------------------------------------------

    def print(self, level, text):
        if len(self.console_texts) >= self.options['maxConsoleEntries']:
            self.dropped += 1
            return
        if len(text) > _MAX_TEXT:
            text = text[:_MAX_TEXT] + f'… ({len(text) - _MAX_TEXT} more characters)'
        self.console_levels.append(level)
        self.console_texts.append(text)

    def _show_warning(self, message, category, filename, lineno, file=None, line=None):
        self.print('warn', f'{filename}:{lineno}: {_type_name(category)}: {message}')

    # -- errors ----------------------------------------------------------------------------------

    def error(self, exc, phase, step=None):
        """A RunError in the learner's terms: kind, the exception's class, message and line."""
        kind = 'runtime'
        name = _type_name(type(exc))
        try:
            message = _exception_text(exc)
        except BaseException:
            message = ''
        line = None
        column = None
        if _is(exc, SyntaxError) and phase == 'script' and BaseException.__getattribute__(exc, 'filename') == self.filename:
            kind = 'syntax'
            line = exc.lineno
            column = exc.offset
            message = exc.msg
        else:
            tb = exc.__traceback__
            while tb is not None:
                frame = tb.tb_frame
                if frame.f_code.co_filename == self.filename:
                    line = tb.tb_lineno
                    positions = list(frame.f_code.co_positions())
                    index = tb.tb_lasti // 2
                    if 0 <= index < len(positions) and positions[index][2] is not None:
                        column = positions[index][2] + 1
                tb = tb.tb_next
        if _is(exc, RecursionError):
            kind = 'stack'
            message = f'{message}: too deep a recursion (the limit is {sys.getrecursionlimit()} calls)'
        elif _is(exc, MemoryError):
            kind = 'memory'
            name = 'MemoryError'
            where = f' (stopped at line {line})' if line else ''
            message = f'The program used more memory than its budget of {self.options["memoryBytes"] // 1048576} MiB{where}.'
        elif _is(exc, (KeyboardInterrupt, _Limit)):
            kind = 'timeout'
            name = 'TimeoutError'
            where = f' (stopped at line {line})' if line else ''
            message = f'The program ran longer than its time budget of {self.options["timeoutMs"]} ms{where}. Is there an endless loop?'
        error = {'kind': kind, 'name': name, 'message': message, 'line': line, 'column': column, 'phase': phase}
        if step is not None:
            error['step'] = step
        return error

    # -- figures ---------------------------------------------------------------------------------

    def sample(self):
        # Bytes: the allocator's own count of what is in use.
        # The sixth figure, the unreachable objects among them, is known only where a growth walk looked (else NaN).
        self.sample_figures.extend((self.steps_done, self.clock, self.objects(), _bytes_in_use(), imagelib._account.live, _NAN))

    def objects(self):
        # The collector's tracked objects (containers and instances; ints and strs are not tracked),
        # less LeakLab's own records. Cycles waiting for the collector are counted until it frees them:
        # telling them apart costs a pass over every object the program made, at every sample (with
        # tracemalloc tracing each allocation of it), which made a run of 10,000 objects 2.4 times as long.
        # The time is LeakLab's, given back to the program.
        began = time.monotonic()
        try:
            with _CollectorPaused():
                # The weak references that give objects their uids are LeakLab's too, when the
                # collector lists them (_Identities).
                return len(gc.get_objects()) - self.own_objects - self.identities.listed()
        finally:
            self.walk_seconds += time.monotonic() - began

    def samples(self):
        f = self.sample_figures
        out = []
        for i in range(0, len(f), _SAMPLE_FIGURES):
            sample = {'step': int(f[i]), 'time': f[i + 1], 'objects': int(f[i + 2]), 'bytes': int(f[i + 3]), 'nativeBytes': int(f[i + 4])}
            if f[i + 5] == f[i + 5]:
                sample['unreachable'] = int(f[i + 5])
            out.append(sample)
        return out

    # -- the run ---------------------------------------------------------------------------------

    def on_interrupt(self, signum, frame):
        # The host's SIGINT (its time limit): raised into the program wherever it is, and again at each
        # interrupt while it goes on (an `except BaseException:` cannot keep it), never into LeakLab's own
        # code. The host counts wall time; the heap walks are LeakLab's, so their time is given back (and
        # one the program asked for, leaklab.snapshot(), is not cut short: the limit is checked after it).
        if self.walking or time.monotonic() - self.started - self.walk_seconds < self.options['timeoutMs'] / 1000:
            return
        while frame is not None:
            if frame.f_code.co_filename == self.filename:
                raise _Limit('timeout')
            frame = frame.f_back

    def execute(self, source):
        options = self.options
        self.source_text = source
        imagelib._account.reset(options['memoryBytes'])
        import signal
        signal.signal(signal.SIGINT, self.on_interrupt)
        self.started = time.monotonic()
        self.walk_seconds = 0.0
        if self.keeps:
            self.clear_kept()
        global _current_run
        _current_run = self
        old_out, old_err, old_warn = sys.stdout, sys.stderr, warnings.showwarning
        sys.stdout = _Console(self, 'log')
        sys.stderr = _Console(self, 'error')
        warnings.showwarning = self._show_warning
        hooks = {'step': False, 'setup': False, 'teardown': False}
        error = None
        end = None
        heap = None
        steps_requested = 0
        start = None
        try:
            try:
                code = compile(source, self.filename, 'exec', dont_inherit=True)
            except BaseException as exc:  # a SyntaxError, or a parser out of memory or stack
                error = self.error(exc, 'script')
                code = None
            program = {'__name__': '__main__', '__builtins__': builtins, '__file__': self.filename}
            self.program = program
            # Start-up's garbage is collected now, so the program's first gc.collect() counts only its own.
            gc.collect()
            # Everything alive now is the environment; the walk shows only what the program makes.
            self.environment = frozenset(id(o) for o in gc.get_objects())
            tracemalloc.start(_FRAMES)
            start = self.totals()
            if code is not None:
                error = self.call(lambda: exec(code, program), 'script')
            step = setup = teardown = None
            if error is None:
                step, setup, teardown = (self.hook(program, n) for n in ('step', 'setup', 'teardown'))
                hooks = {'step': step is not None, 'setup': setup is not None, 'teardown': teardown is not None}
            steps_requested = options['steps'] if step is not None else 0
            growth_at = _growth_steps(steps_requested, options['snapshots'])
            if error is None and setup is not None:
                error = self.call(setup, 'setup')
            if error is None:
                self.sample()
                if step is not None and 0 in growth_at and options['snapshots'] > 0:
                    self.growth_walk()
            if error is None and step is not None:
                tick = options['timeMs'] / steps_requested if steps_requested else 0
                for i in range(steps_requested):
                    error = self.call(lambda: step(i), 'step', i)
                    if error is not None:
                        break
                    self.steps_done = i + 1
                    self.clock = round(tick * (i + 1))
                    if self.steps_done % options['sampleEvery'] == 0 or self.steps_done == steps_requested:
                        self.sample()
                    if self.steps_done in growth_at and options['snapshots'] > 0:
                        try:
                            self.growth_walk()
                        except MemoryError:
                            pass
            if error is None and step is None:
                self.clock = options['timeMs']
            if error is None and teardown is not None:
                self.latest = None
                error = self.call(teardown, 'teardown')
            for stream in (sys.stdout, sys.stderr):
                if isinstance(stream, _Console):
                    stream.flush()
            end = self.totals()
        finally:
            sys.stdout, sys.stderr, warnings.showwarning = old_out, old_err, old_warn
            _current_run = None
        self.error_of_run = error
        self.result = {
            'ok': error is None,
            'error': error,
            'console': [{'level': level, 'text': text} for level, text in zip(self.console_levels, self.console_texts)],
            'consoleDropped': self.dropped,
            'steps': self.steps_done,
            'stepsRequested': steps_requested,
            'hooks': hooks,
            'samples': self.samples(),
            'start': start or end or self.totals(),
            'memory': end or self.totals(),
            'time': self.clock,
            'heap': heap,
            'native': imagelib._account.report(),
            'keptDir': self.kept_dir if self.keeps else None,
        }

    def finish(self):
        """LeakLab's work after the program: the final walk and the result as JSON (the host lifts the
        program's memory budget first: this memory is LeakLab's)."""
        with _CollectorPaused():
            return self._finish()

    def _finish(self):
        result = self.result
        if self.options['inspect']:
            try:
                result['heap'] = self.final_heap(self.error_of_run)
            except MemoryError:
                result['heap'] = {'snapshot': None, 'growth': [], 'error': 'The heap could not be walked: no memory was left.', 'coverage': None}
        result['growth'] = [
            {'step': step, 'time': at, 'groups': [{'key': json.dumps(key.split('\x00'), separators=(',', ':')), 'count': n, 'shallowBytes': sizes[key]} for key, n in counts.items()]}
            for step, at, counts, sizes in self.growth
        ]
        # The run is over: tracing what making its result allocates would only slow it.
        if tracemalloc.is_tracing() and not self.uses_tracemalloc():
            tracemalloc.stop()
        return json.dumps(result, separators=(',', ':'))

    def hook(self, program, name):
        # A plain dict lookup and a type check: nothing of the program's runs.
        value = program.get(name)
        return value if type(value) in (types.FunctionType, types.BuiltinFunctionType, types.MethodType) else None

    def call(self, task, phase, step=None):
        try:
            task()
            return None
        except _Limit as exc:
            return self.error(exc, phase, step)
        except BaseException as exc:
            return self.error(exc, phase, step)

    def totals(self):
        return {'objects': self.objects(), 'bytes': _bytes_in_use()}

    # -- the heap ----------------------------------------------------------------------------------

    def walk(self, edges, final=False, frames=(), taken=None, label=None):
        """A walk of the heap; with `taken` ('walk', 'guest', 'end'), kept too."""
        began = time.monotonic()
        self.walking = True
        try:
            with _CollectorPaused():
                return self._walk(edges, final, frames, taken, label)
        finally:
            self.walking = False
            self.walk_seconds += time.monotonic() - began

    def _walk(self, edges, final, frames, taken, label):
        # A program that uses tracemalloc itself keeps every trace: its statistics must count it all.
        pause = tracemalloc.is_tracing() and not self.uses_tracemalloc()
        try:
            walk = Walk(self, edges=edges, pause=pause, frames=frames)
            # Kept before tracing starts again: traced, writing it would take several times as long.
            if taken is not None:
                self.keep(walk, taken, label)
            return walk
        finally:
            # The final walk is the run's last work: tracing stays off for making the result.
            if pause and not final and not tracemalloc.is_tracing():
                tracemalloc.start(_FRAMES)

    def uses_tracemalloc(self):
        return any(value is tracemalloc for value in dict.values(self.program)) or 'tracemalloc' in self.source_text

    def growth_walk(self):
        # What the walk leaves alive (its record below, the caches it fills) is LeakLab's: the program
        # does not run meanwhile, so the difference in the count is all ours, taken off every later sample.
        # A run that keeps its walks makes each a full one (with the references), and keeps it.
        alive_before = self.objects()
        walk = self.walk(edges=self.keeps, taken='walk' if self.keeps else None)
        counts, sizes = _growth_groups(walk.strings, walk.flat_nodes, self.filename)
        self.growth.append((self.steps_done, self.clock, counts, sizes))
        # The sample of this step (taken just before) learns how many of its objects were garbage.
        f = self.sample_figures
        if len(f) >= _SAMPLE_FIGURES and int(f[-_SAMPLE_FIGURES]) == self.steps_done:
            f[-1] = walk.unreachable
        # The last step's walk is the final snapshot too, while nothing runs after it (no teardown, no
        # collection: the collector's count of its passes says so).
        if self.keeps and self.steps_done == self.options['steps']:
            self.latest = (walk.snapshot(self.steps_done, self.clock), walk.coverage, _collections())
        walk = f = None
        self.own_objects += self.objects() - alive_before

    def guest_snapshot(self, label, frames):
        """The program's leaklab.snapshot(label): a full walk where the program stands, kept with its label."""
        if not self.keeps:
            return False
        if self.guest_taken >= _MAX_GUEST_SNAPSHOTS:
            self.keep_dropped(label)
            return False
        self.guest_taken += 1
        self.latest = None
        alive_before = self.objects()
        try:
            walk = self.walk(edges=True, frames=frames, taken='guest', label=label)
        except MemoryError:
            return False
        finally:
            walk = frames = None
            self.own_objects += self.objects() - alive_before
        return True

    # -- the kept walks: one file each, read by the host (python-runtime.ts, readKept) -------------------

    def clear_kept(self):
        try:
            _os_makedirs(self.kept_dir, exist_ok=True)
            for name in _os_listdir(self.kept_dir):
                _os_remove(f'{self.kept_dir}/{name}')
        except OSError:
            self.keeps = False

    def _write_kept(self, header, parts):
        """A line of JSON, then the binary parts. A file that cannot be written is not kept."""
        path = f'{self.kept_dir}/{self.kept_files:06d}'
        self.kept_files += 1
        try:
            fd = _os_open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except OSError:
            return
        try:
            # One write: the file system copies it once (several writes grow its buffer again and again).
            view = memoryview(b''.join((_json_dumps(header, separators=(',', ':')).encode(), b'\n', *parts)))
            while view:
                view = view[_os_write(fd, view):]
            view = None
        except OSError:
            pass
        finally:
            _os_close(fd)

    def keep(self, walk, taken, label):
        """One walk's heap: a header line of JSON (its figures), its strings (UTF-8, NUL between them),
        its nodes (kind, name, line, size: strings by index) and edges (from, to, kind, label) as 32-bit
        ints, then each node's uid as a double."""
        nodes = array.array('i', walk.flat_nodes)
        edges = array.array('i', walk.flat_edges)
        # The strings, each ended by a NUL (json.dumps of a walk's thousands of labels took longer than
        # all the rest); one that holds a NUL itself (a class so named) loses it.
        strings = '\x00'.join(walk.strings)
        if strings.count('\x00') != len(walk.strings) - 1:
            strings = '\x00'.join(text.replace('\x00', '\ufffd') for text in walk.strings)
        strings = strings.encode('utf-8', 'replace')
        header = {
            'step': self.steps_done, 'time': self.clock, 'label': label, 'taken': taken, 'coverage': walk.coverage,
            'strings': len(strings), 'nodes': len(nodes) // 4, 'edges': len(edges) // 4,
        }
        self._write_kept(header, (strings, nodes, edges, walk.uids))

    def keep_dropped(self, label):
        self._write_kept({'step': self.steps_done, 'time': self.clock, 'label': label, 'taken': 'guest', 'dropped': 'count'}, ())

    def final_heap(self, error):
        if self.options['snapshots'] == 0:
            return {'snapshot': None, 'growth': [], 'error': None, 'coverage': None}
        if error is not None and error['kind'] in ('timeout', 'memory'):
            return {'snapshot': None, 'growth': [], 'error': f"The heap was not walked: the run stopped at its {error['kind']} limit.", 'coverage': None}
        if self.latest is not None and self.latest[2] == _collections():
            snapshot, coverage, _ = self.latest
            return {'snapshot': snapshot, 'growth': [], 'error': None, 'coverage': coverage}
        walk = self.walk(edges=True, final=True, taken='end' if self.keeps else None)
        snapshot = walk.snapshot(self.steps_done, self.clock)
        return {'snapshot': snapshot, 'growth': [], 'error': None, 'coverage': walk.coverage}


_plans = {}
_describe_cache = {}
_sizeof_cache = {}


def _is(obj, classes):
    # isinstance() would ask a guest object's __class__, which a class may make a property.
    return issubclass(type(obj), classes)


def _attribute_plan(t):
    """How to read a class's instances' attributes with C code only, and without changing them.

    Not through __dict__: an instance keeps its attributes inline until something asks for its
    __dict__, which then makes one and keeps it, a new object the program never made. So by name:
    the names its methods assign (the class's __static_attributes__), each read by
    object.__getattribute__ when no class on the way defines that name (so no descriptor, and no
    program code, runs). Slots by their member descriptors. What else it holds, the collector's list
    gives, unnamed."""
    names = []
    slots = []
    defined = set()
    for base in _type_mro(t):
        own = _type_dict(base)
        defined.update(own.keys())
        for name in own.get('__static_attributes__', ()):
            if type(name) is str and name not in names:
                names.append(name)
        declared = own.get('__slots__')
        if declared is not None:
            for name in ([declared] if type(declared) is str else list(declared) if type(declared) in (tuple, list) else []):
                member = own.get(name)
                if type(member).__name__ == 'member_descriptor':
                    slots.append((name, member.__get__))
    return tuple(name for name in names if name not in defined), slots


def _bytes_in_use():
    if _mallinfo is not None:
        return _allocator_bytes()
    return tracemalloc.get_traced_memory()[0] if tracemalloc.is_tracing() else 0


def _unreachable(reached, environment, skip):
    """How many of the objects made since the program started that the collector tracks are garbage:
    nothing alive refers to them (cycles waiting for the collector), found as the collector finds
    them, without freeing anything: among those the walk did not reach, the references from outside
    the set (a reference count above what the set itself and this function hold) mark the living, and
    what they refer to lives too; the rest is garbage. Only the unreached are examined, so a program
    with no garbage costs a pass over the collector's list and no more. `reached` holds the ids the
    walk reached from the program's roots; an object alive by a way the walk does not follow (a C
    library's reference, a class attribute of a library) is found living by its reference count."""
    candidates = [o for o in gc.get_objects() if (key := id(o)) not in reached and key not in environment and key not in skip and type(o) is not _Ref]
    if not candidates:
        return 0
    # What holding an object costs here, measured the same way: the list's slot, the loop's name and
    # getrefcount's argument (CPython's count of those varies between versions; measured, never assumed).
    probe = [object()]
    held = [sys.getrefcount(o) for o in probe][0]
    probe = None
    position = {id(o): i for i, o in enumerate(candidates)}
    outside = [sys.getrefcount(o) - held for o in candidates]
    referents = gc.get_referents
    for o in candidates:
        for target in referents(o):
            j = position.get(id(target))
            if j is not None:
                outside[j] -= 1
    living = [i for i, n in enumerate(outside) if n > 0]
    alive = set(living)
    while living:
        for target in referents(candidates[living.pop()]):
            j = position.get(id(target))
            if j is not None and j not in alive:
                alive.add(j)
                living.append(j)
    return len(candidates) - len(alive)


def _growth_groups(strings, flat, filename):
    """A walk's nodes counted by group (kind, name, site), with their bytes. Grouped by the nodes'
    numbers first (a few groups), named after; a group's key is a plain string, JSON text at the end
    (json's allocations would show in the program's tracemalloc, and tuples or lists kept in the
    objects the samples count). A function of its own: its temporaries are gone when the walk's
    leftovers are counted."""
    grouped = {}
    for at in range(4, len(flat), 4):
        group = (flat[at], flat[at + 1], flat[at + 2])
        entry = grouped.get(group)
        if entry is None:
            grouped[group] = [1, flat[at + 3]]
        else:
            entry[0] += 1
            entry[1] += flat[at + 3]
    counts = {}
    sizes = {}
    for (kind, name, line), (count, size) in grouped.items():
        site = f'{filename}:{line}' if line else '(no site)'
        key = strings[kind] + '\x00' + strings[name] + '\x00' + site
        counts[key] = counts.get(key, 0) + count
        sizes[key] = sizes.get(key, 0) + size
    return counts, sizes


def _growth_steps(steps, count):
    if count <= 0:
        return set()
    if steps == 0:
        return {0}
    if count == 1:
        return {steps}
    return {round(i * steps / (count - 1)) for i in range(count)}


_NAN = float('nan')
_MAX_GUEST_SNAPSHOTS = 50
_MAX_SNAPSHOT_LABEL = 100
_KEPT_DIR = '/tmp/leaklab-kept'
_current_run = None


def _collections():
    """How many collections CPython's collector has made in this run, all generations."""
    return sum(generation['collections'] for generation in gc.get_stats())

# A sample's figures: step, time, objects, bytes, native bytes, unreachable (NaN: not looked at).
_SAMPLE_FIGURES = 6
_ATOMIC = (int, float, complex, str, bytes, bool, type(None))
# What CPython reuses from free lists (so tracemalloc never records it): data, never code or classes.
class _FreeListProbe:
    def probe(self):
        pass


# CPython 3.14 also makes bound methods (of classes and of built-ins) from free lists: a listener
# `bus.on('x', self.paint)` made after another bound method was dropped has no record either.
_FREE_LIST_TYPES = (list, dict, tuple, set, frozenset, float, int, complex, str, bytes, bytearray, type(_FreeListProbe().probe), type([].append))
# Small ints, interned strings, None: the interpreter's own, shared by every program.
_immortal = getattr(sys, '_is_immortal', lambda obj: False)
import weakref as _weakref
from collections import deque as _deque
_WEAK_TYPES = (_weakref.ReferenceType, _weakref.ProxyType, _weakref.CallableProxyType)
# Types that hold nothing a walk needs (atoms, code, descriptors, cells read through their function).
_PLAIN_TYPES = (int, float, complex, str, bytes, bool, type(None), bytearray, types.CodeType, types.BuiltinFunctionType, types.MethodDescriptorType, types.WrapperDescriptorType, types.GetSetDescriptorType, types.MemberDescriptorType, types.CellType) + _WEAK_TYPES


class _Ref(_weakref.ref):
    """LeakLab's weak reference to an object it gave a uid, with the uid: a class of its own, so the
    program's weakref.ref(obj) never gets it (CPython shares a plain one), nor LeakLab the program's."""

    __slots__ = ('uid',)


_weakref_offset = type.__dict__['__weakrefoffset__'].__get__


def _untracker():
    """CPython's PyObject_GC_UnTrack, for LeakLab's weak references. A weak reference is tracked by the
    collector for its callback's sake; LeakLab's have none, and the referent clears them as it always
    does (PyObject_ClearWeakRefs), so the collector need not list them: untracked, they cost nothing
    in the passes over gc.get_objects() that each sample and walk makes (they had made those a third
    longer in a run of instances), and the program's gc.get_objects() does not show them."""
    try:
        import ctypes
        untrack = ctypes.pythonapi.PyObject_GC_UnTrack
        untrack.argtypes = [ctypes.py_object]
        untrack.restype = None
        probe = _Ref(_untracker)
        untrack(probe)
        return untrack if not gc.is_tracked(probe) else None
    except Exception:  # an interpreter without it: they stay listed, and are counted out
        return None


# Never the program's objects: weak references (held by their referents, in C, they keep nothing
# alive), LeakLab's among them.
_NOT_TRACKED = _WEAK_TYPES + (_Ref,)
_gc_untrack = _untracker()


class _Identities:
    """Each object's id for the whole run (HeapNode.uid): the same object has the same uid in every
    walk, and a uid is never given to another object. The root is 0; new uids count up from 1.

    CPython's id() is the object's address, and a freed object's address goes to the next object made,
    so id() alone does not say "the same object". So this keeps, by id, each object a walk showed with
    its uid: for an object that takes weak references (instances of classes, functions, classes, sets,
    bound methods) a weak reference to it, which holds its uid; for one that does not (list, dict,
    tuple, str, int, float, an instance of a class with __slots__ and no __weakref__) its type, and
    whether tracemalloc had a record of its allocation (in a run that uses tracemalloc itself: the
    record's hash). No strong reference to the program's objects is kept, so what is alive is what the
    program keeps.

    An object met at an id is the same object when:
    - its weak reference still points to it: exact, whenever it was last shown;
    - else, when the last walk showed an object of the same type at that id, and tracemalloc has no
      record of this one's allocation since. Tracing pauses for each walk and starts again after it,
      which forgets older records, so an object with a record was made after the last walk: a new one.
      (A run that uses tracemalloc keeps its records: there, a record is the same object's when it is
      the same record.) Only one case is ambiguous: an object freed, and another of the same type made
      at its address before the next walk, count as one object when tracemalloc has no record of the
      new one, as for the lists, dicts, tuples, floats and ints CPython makes from its free lists,
      without the allocator (in a run that uses tracemalloc, also when the new one's record is the
      same: made at the same line, by the same calls). A replacement made while the old one is alive
      (`x = [i]`, `cache[k] = {}`) cannot be at its address, and is told apart.
    An object of the second kind that a walk did not show (garbage, an environment object off every
    path) is forgotten: shown again later, it gets a new uid.

    The weak references are LeakLab's: untracked by the collector (_untracker), so neither the samples
    nor the program's gc.get_objects() list them; a program that asks weakref.getweakrefcount(obj) of
    an object a walk showed counts one more. The table takes about 80 bytes an object shown, in
    CPython's heap: the samples' `bytes` include it, as they include the rest of LeakLab's records."""

    def __init__(self):
        self.next = 1
        # id -> _Ref, for as long as the object lives (the dead are let go at each walk).
        self.refs = {}
        # What the last walk showed that takes no weak reference: id -> uid, type's id, and (in a run
        # that uses tracemalloc) its record's hash. One int per type's id, shared by its entries.
        self.uids = {}
        self.types = {}
        self.traces = {}
        self.type_ids = {}
        # Tracing paused for the last walk and started again after it: any record now is of an object made since.
        self.fresh_traces = True

    def listed(self):
        """How many of the weak references the collector lists (gc.get_objects()): none, once untracked."""
        return 0 if _gc_untrack is not None else len(self.refs)

    def assign(self, objects, keys, traced, out, paused):
        """The uids of a walk's nodes, in order, appended to `out`."""
        refs = self.refs
        old = self.uids
        old_types = self.types
        old_traces = self.traces
        fresh = self.fresh_traces
        uids = {}
        types_ = {}
        traces = {}
        next_uid = self.next
        # A hot loop (a few µs an object in Pyodide): its lookups bound once.
        append = out.append
        ref_get = refs.get
        old_get = old.get
        traced_get = traced.get
        type_id = self.type_ids.setdefault
        untrack = _gc_untrack
        for obj, key in zip(objects, keys):
            ref = ref_get(key)
            if ref is not None:
                if ref() is obj:
                    # The same object, by its weak reference: the common case.
                    append(ref.uid)
                    continue
                # Its object is gone: this one is new.
                del refs[key]
            t = type(obj)
            trace = traced_get(key)
            uid = old_get(key)
            if uid is not None and (old_types.get(key) != id(t) or (trace is not None and (fresh or old_traces.get(key) != trace))):
                uid = None
            if uid is None:
                uid = next_uid
                next_uid += 1
                if _weakref_offset(t):
                    try:
                        ref = _Ref(obj)
                    except TypeError:
                        pass
                    else:
                        ref.uid = uid
                        refs[key] = ref
                        if untrack is not None:
                            untrack(ref)
                        append(uid)
                        continue
            uids[key] = uid
            tid = id(t)
            types_[key] = type_id(tid, tid)
            # While tracing pauses for walks, any record is a new object's: no need to keep it.
            if trace is not None and not paused:
                traces[key] = trace
            append(uid)
        # The weak references whose objects are gone.
        for key in [key for key, ref in refs.items() if ref() is None]:
            del refs[key]
        self.next = next_uid
        self.uids = uids
        self.types = types_
        self.traces = traces
        self.fresh_traces = paused


def _short(value):
    """A key as the learner wrote it, for atoms only: nothing else is asked to describe itself."""
    t = type(value)
    if t in (str, bytes, int, float, bool, type(None)):
        text = repr(value)
        return text if len(text) <= _LABEL else text[:_LABEL - 1] + '…'
    return f'<{_type_name(t)}>'


class Walk:
    """One walk of the heap: the program's live objects, the references between them, and their names."""

    def __init__(self, run, edges, pause=False, frames=()):
        self.run = run
        self.pause = pause
        # The running functions' locals when the program takes a snapshot: roots, after its own names.
        self.frames = frames
        self.filename = run.filename
        self.record_edges = edges
        self.strings = []
        self.string_index = {}
        # Four numbers a node (kind, name, line or 0, size) and an edge (from, to, kind, label); node 0 is the root.
        self.flat_nodes = [self.text('root'), self.text('(root)'), 0, 0]
        self.flat_edges = []
        self.node_count = 1
        self.index = {}
        self.sites = {}
        self.untraced = set()
        # The objects tracemalloc has a record of: id -> the record's hash (1 while tracing pauses for
        # walks, when having a record is what counts). The uids read it (_Identities).
        self.traced = {}
        self.uids = array.array('d', [0.0])
        self.unreachable = 0
        self._walk()

    def text(self, value):
        index = self.string_index.get(value)
        if index is None:
            index = self.string_index[value] = len(self.strings)
            self.strings.append(value)
        return index

    def snapshot(self, step, time_ms):
        return {'strings': self.strings, 'nodes': self.flat_nodes, 'edges': self.flat_edges, 'uids': self.uids.tolist(), 'file': self.filename, 'step': step, 'time': time_ms, 'notation': 'python'}

    def _site(self, obj, key=None):
        # tracemalloc's own record, innermost frame first: the first frame in the learner's file is
        # the line that made the object (a library function called from that line included). `key`
        # is id(obj) when the caller has it: while tracemalloc traces, each id() is a traced allocation.
        if key is None:
            key = id(obj)
        cached = self.sites.get(key, _MISSING)
        if cached is not _MISSING:
            return cached
        site = None
        frames = _object_traceback(obj)
        if frames:
            self.traced[key] = 1 if self.pause else hash(frames)
            # Made by LeakLab itself (its records while the program takes a snapshot, with the program's
            # line further out): not the program's.
            if frames[0][0] != _DRIVER_FILE:
                for filename, lineno in frames:
                    if filename == self.filename:
                        # The line alone: a walk keeps one for every object, and a dict each would show in the counts.
                        site = lineno
                        break
        elif key in self.run.known_sites:
            # Traced before tracing was last paused for a walk: alive since, so still this object.
            site = self.run.known_sites[key]
        else:
            # No record at all: CPython took it from a free list (lists, dicts, tuples, floats are
            # reused so), which tracemalloc never sees. Its holder tells whose it is.
            self.untraced.add(key)
        self.sites[key] = site
        return site

    def _describe(self, obj):
        t = type(obj)
        fixed = _describe_cache.get(t)
        if fixed is not None:
            return fixed
        name = _type_name(t)
        if t is types.FunctionType:
            # `handler`, not `step.<locals>.handler`: a nested function by its own name; a method by its class's.
            return ('closure' if obj.__closure__ else 'function'), obj.__qualname__.rpartition('<locals>.')[2]
        if t is types.MethodType:
            func = obj.__func__
            return 'bound-function', f'bound {func.__qualname__ if type(func) is types.FunctionType else "method"}'
        if _is(obj, type):
            return 'class', _type_name(obj)
        if t in (types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType):
            return 'frame', obj.__qualname__.rpartition('<locals>.')[2]
        if t is types.ModuleType:
            return 'object', f'module {types.ModuleType.__dict__["__dict__"].__get__(obj).get("__name__", "?")}'
        # The same for every instance of the type: kept for the type.
        if t is list or t is tuple:
            kind = 'array'
        elif t is dict:
            kind = 'map'
        elif t is set or t is frozenset:
            kind = 'set'
        elif t is str or t is bytes:
            kind = 'string'
        elif t in _WEAK_TYPES:
            kind = 'weakref'
        else:
            kind = 'object'
        fixed = _describe_cache[t] = (kind, name)
        return fixed

    def _size(self, obj):
        t = type(obj)
        sizeof = _sizeof_cache.get(t)
        if sizeof is None:
            for base in _type_mro(t):
                if base in (list, dict, set, frozenset, tuple, str, bytes, int, float, bytearray):
                    sizeof = base.__sizeof__
                    break
            else:
                sizeof = _object_sizeof
            _sizeof_cache[t] = sizeof
        size = sizeof(obj)
        if gc.is_tracked(obj):
            size += _GC_HEADER
        return size

    def _named(self, obj):
        """The references of an object, named by kind: (kind, label, target). Built-in containers and
        their subclasses are read by the built-in type's own C iteration, never the subclass's."""
        t = type(obj)
        out = []
        if issubclass(t, (list, tuple)):
            base = list if issubclass(t, list) else tuple
            for i, item in enumerate(base.__iter__(obj)):
                out.append(('element', str(i), item))
            if t is list or t is tuple:
                return out
        elif issubclass(t, dict):
            for key, value in dict.items(obj):
                if not _is(key, _ATOMIC):
                    out.append(('map-key', _short(key), key))
                out.append(('map-value', _short(key), value))
            if t is dict:
                return out
        elif issubclass(t, (set, frozenset)):
            base = set if issubclass(t, set) else frozenset
            for i, item in enumerate(base.__iter__(obj)):
                out.append(('set-member', str(i), item))
            if t is set or t is frozenset:
                return out
        elif t is _deque:
            for i, item in enumerate(_deque.__iter__(obj)):
                out.append(('element', str(i), item))
            return out
        if t is types.FunctionType:
            for name, cell in zip(obj.__code__.co_freevars, obj.__closure__ or ()):
                try:
                    out.append(('closure', name, cell.cell_contents))
                except ValueError:
                    pass
            if obj.__defaults__:
                out.append(('internal', 'defaults', obj.__defaults__))
            if obj.__kwdefaults__:
                out.append(('internal', 'kwdefaults', obj.__kwdefaults__))
            return out
        if t is types.MethodType:
            out.append(('property', '__self__', obj.__self__))
            out.append(('internal', 'function', obj.__func__))
            return out
        if t in (types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType):
            frame = obj.gi_frame if t is types.GeneratorType else obj.cr_frame if t is types.CoroutineType else obj.ag_frame
            if frame is not None:
                for name, value in frame.f_locals.items():
                    out.append(('closure', name, value))
            return out
        if t is types.ModuleType or _is(obj, type):
            namespace = _type_dict(obj) if _is(obj, type) else types.ModuleType.__dict__['__dict__'].__get__(obj)
            for name, value in (types.MappingProxyType.items(namespace) if type(namespace) is types.MappingProxyType else dict.items(namespace)):
                out.append(('property', str(name), value))
            return out
        if t in _PLAIN_TYPES:
            out.append(('internal', '__class__', t))
            return out
        # An instance: its attributes by name, its slots, then the rest of what it holds, unnamed.
        plan = _plans.get(t)
        if plan is None:
            plan = _plans[t] = _attribute_plan(t)
        names, slots = plan
        for name in names:
            try:
                out.append(('property', name, _generic_getattr(obj, name)))
            except AttributeError:
                pass
        for name, getter in slots:
            try:
                out.append(('property', name, getter(obj, t)))
            except AttributeError:
                pass
        # Everything else it holds (a C type's hidden references, an attribute set from outside the
        # class's methods), by the collector's own list, unnamed, so nothing it keeps is lost.
        named = {id(target) for _kind, _label, target in out}
        named.add(id(t))
        for target in gc.get_referents(obj):
            if id(target) not in named:
                named.add(id(target))
                out.append(('internal', _type_name(type(target)), target))
        out.append(('internal', '__class__', t))
        return out

    def _walk(self):
        run = self.run
        program = run.program
        skip = {id(self), id(self.flat_nodes), id(self.flat_edges), id(self.strings), id(self.string_index), id(self.index), id(run), id(run.__dict__), id(program)}
        # Roots, in the order paths prefer them: the program's own names, then other modules' names.
        roots = [(name, value) for name, value in dict.items(program) if name not in ('__builtins__', '__name__', '__file__')]
        roots.extend(self.frames)
        module_roots = []
        for mod_name, module in list(sys.modules.items()):
            if module is None or mod_name in ('__main__',) or mod_name.startswith(('leaklab', 'pyodide', '_pyodide')):
                continue
            namespace = getattr(module, '__dict__', None)
            if type(namespace) is dict:
                for name, value in dict.items(namespace):
                    if not _is(value, (_ATOMIC, types.ModuleType, types.FunctionType, type, types.BuiltinFunctionType)):
                        module_roots.append((f'{mod_name}.{name}', value))
        # Breadth first: the first path found to an object is a shortest one from the best root. The
        # program's own names first; other modules' names only when some of its objects are not
        # reached from them (a library's list, a registry), as the environment is large.
        # An object's id is taken once (while tracemalloc traces, each id() is a traced allocation): the
        # queue, in visiting order, keeps objects and their ids side by side; `parent` maps an id to its
        # holder's id (None for a root), the reference's kind and its label.
        parent = {}
        order = []
        order_ids = []
        named_of = {}
        named_refs = self._named
        module_type = types.ModuleType

        def visit(tier):
            for label, value in tier:
                key = id(value)
                if key in parent or key in skip:
                    continue
                parent[key] = (None, 'root', label)
                order.append(value)
                order_ids.append(key)
            head = len(named_of)
            while head < len(order):
                obj = order[head]
                holder = order_ids[head]
                head += 1
                named = named_refs(obj)
                named_of[holder] = named
                for kind, label, target in named:
                    key = id(target)
                    if key in parent or key in skip or type(target) is module_type or target is builtins:
                        continue
                    parent[key] = (holder, kind, label)
                    order.append(target)
                    order_ids.append(key)

        # First, while tracemalloc still traces: learn the site of everything the walk can reach, with
        # the C traversal (gc.get_referents), which allocates one list an object. The named walk after
        # it allocates much more, and tracing each of its allocations would cost twenty times the walk,
        # so tracing pauses for it; the sites are kept for the walks to come.
        # A weak reference is held by its referent's list of them, in C: it keeps nothing alive.
        environment = run.environment
        site = self._site
        tracked = [key for o in gc.get_objects() if (key := id(o)) not in environment and key not in skip and type(o) not in _NOT_TRACKED and site(o, key) is not None]
        module_dicts = {id(m.__dict__) for m in list(sys.modules.values()) if type(m) is types.ModuleType}
        seen = set(skip) | module_dicts | {id(builtins)}

        code_type = types.CodeType
        referents = gc.get_referents

        def learn(tier):
            stack = [value for _label, value in tier]
            pop = stack.pop
            extend = stack.extend
            add = seen.add
            while stack:
                obj = pop()
                key = id(obj)
                if key in seen:
                    continue
                add(key)
                site(obj, key)
                t = type(obj)
                if t is module_type or t is code_type or (issubclass(t, type) and _type_dict(obj).get('__module__') != '__main__'):
                    continue
                extend(referents(obj))

        learn(roots)
        needs_modules = any(key not in seen for key in tracked)
        if needs_modules:
            learn(module_roots)
        if self.pause:
            known = self.run.known_sites
            for key, line in self.sites.items():
                if line is not None:
                    known[key] = line
            tracemalloc.stop()
        self.unreachable = _unreachable(seen, environment, skip)
        identities = self.run.identities
        visit(roots)
        if needs_modules:
            visit(module_roots)
        # The program's objects: those made on a line of its file. Their ancestors stay, for the paths.
        # An object with no record (from a free list) is the program's when what holds it is: breadth
        # first, its holder was decided before it.
        program_ids = set()
        # Held by the program's own names (not another module's): the program's, even with no record.
        program_roots = {id(value) for _label, value in roots}
        untraced = self.untraced
        for obj, key in zip(order, order_ids):
            holder = parent[key][0]
            if (
                site(obj, key) is not None
                or key in untraced and type(obj) in _FREE_LIST_TYPES and not _immortal(obj) and (holder in program_ids if holder is not None else key in program_roots)
                or type(obj) is types.FunctionType and obj.__code__.co_filename == self.filename
                or _is(obj, type) and _type_dict(obj).get('__module__') == '__main__'
            ):
                program_ids.add(key)
        kept = set()
        for key in program_ids:
            while key is not None and key not in kept:
                kept.add(key)
                key = parent[key][0]
        # Flat, with a table of strings: a dict per node and per edge would cost more to build and to
        # send than the walk itself. The host expands it (python-runtime.ts).
        strings = self.strings
        text = self.text
        nodes = self.flat_nodes
        with_site = 0
        count = 1
        shown = []
        shown_ids = []
        for obj, key in zip(order, order_ids):
            if key not in kept:
                continue
            shown.append(obj)
            shown_ids.append(key)
            kind, name = self._describe(obj)
            if key not in program_ids:
                # The environment on a path (a module's list, a library's object): shown, but no group of the program.
                name = name + ' (environment)'
            self.index[key] = count
            count += 1
            line = site(obj, key)
            if line is None:
                line = 0
            else:
                with_site += 1
            nodes.extend((text(kind), text(name), line, self._size(obj)))
        self.node_count = count
        self.with_site = with_site
        if self.record_edges:
            identities.assign(shown, shown_ids, self.traced, self.uids, self.pause)
        shown = None
        named = 0
        if self.record_edges:
            # The shown objects in order, each with its node number (1, 2, …): a hot loop, so its
            # lookups are bound once and a label's text number is looked up before text() is called.
            edges = self.flat_edges
            extend = edges.extend
            index_get = self.index.get
            text_get = self.string_index.get
            root = text('root')
            roots = 0
            for source, key in enumerate(shown_ids, 1):
                held, _kind, label = parent[key]
                if held is None:
                    extend((0, source, root, text(label)))
                    roots += 1
                for kind, label, target in named_of[key]:
                    to = index_get(id(target))
                    if to is None:
                        continue
                    k = text_get(kind)
                    if k is None:
                        k = text(kind)
                    at = text_get(label)
                    if at is None:
                        at = text(label)
                    extend((source, to, k, at))
            named = len(edges) // 4 - roots
        total = named
        # How much of the program's heap the walk accounted for: its tracked objects, reached or garbage.
        reached = sum(1 for key in tracked if key in self.index)
        self.coverage = {
            'engineObjects': len(tracked),
            'reached': reached,
            'unreachable': len(tracked) - reached,
            'namedEdges': named,
            'edges': total,
            'withSite': self.with_site,
            'heldByHost': 0,
            'heldByLeakLab': 0,
        }


_DRIVER_FILE = __file__
_take_snapshot = tracemalloc.take_snapshot
_DRIVER_FILES = [tracemalloc.Filter(False, __file__), tracemalloc.Filter(False, imagelib.__file__)]


def _program_snapshot():
    """tracemalloc.take_snapshot() as the program sees it: without LeakLab's own allocations (its
    records of the program's objects), which are not the program's memory."""
    return _take_snapshot().filter_traces(_DRIVER_FILES)


_program_snapshot.__name__ = 'take_snapshot'
_program_snapshot.__qualname__ = 'take_snapshot'
_program_snapshot.__doc__ = _take_snapshot.__doc__
tracemalloc.take_snapshot = _program_snapshot


def start_run(options_json):
    """A run with these options: the host calls its execute(source), then its finish()."""
    return Run(json.loads(options_json))


# -- the program's `leaklab` module ------------------------------------------------------------------

_LEAKLAB_DOC = """What the program can ask of LeakLab itself.

leaklab.snapshot(label) walks the heap where the program stands, as the run's growth walks do between
steps, and keeps it with them under its label ('after open'), for the page's time travel and compare
view and `leaklab compare --from 'after open'`. No code of the program runs in the walk. Inside a
function, the running functions' locals are roots of that walk, named `(running step).items`."""


def _snapshot(label=None):
    """Walk the heap here and keep it with the run's other snapshots, under `label`.

    The page can then show the heap as it was at this moment and compare it with another snapshot
    (`leaklab compare --from label`). Runs none of the program's code. Inside a function, the running
    functions' locals are roots of that walk, named `(running step).items`.

    label: a str of at most 100 characters (trimmed, longer ones cut), such as 'after open'; without
    one, 'snapshot 1', 'snapshot 2', ... in the order asked. Another type raises TypeError; an empty
    label raises ValueError.
    Returns False when no snapshot was taken: the run keeps no walks (`snapshots: 0`), or 50 were taken
    already (a run keeps at most 50 of these), or there was no memory for the walk.

    Example: leaklab.snapshot('baseline'); open_dialog(); leaklab.snapshot('after open')
    """
    run = _current_run
    if run is not None:
        run.guest_asked += 1
    if label is None:
        label = f'snapshot {run.guest_asked if run is not None else 1}'
    if not _is(label, str):
        raise TypeError("leaklab.snapshot(label): the label must be a str, such as 'after open'")
    label = str.strip(label)
    if not label:
        raise ValueError('leaklab.snapshot(label): the label must not be empty')
    label = label[:_MAX_SNAPSHOT_LABEL]
    if run is None or not run.keeps:
        return False
    # The running functions of the program's file, innermost first: their locals are roots. Its
    # top-level code's are its names, roots already.
    frames = []
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_filename == run.filename and code.co_name != '<module>':
            prefix = f'(running {code.co_name}).'
            for name, value in frame.f_locals.items():
                frames.append((prefix + name, value))
        frame = frame.f_back
    frame = code = None
    try:
        return run.guest_snapshot(label, frames)
    finally:
        frames = None


_snapshot.__name__ = 'snapshot'
_snapshot.__qualname__ = 'snapshot'
_snapshot.__module__ = 'leaklab'
leaklab = types.ModuleType('leaklab', _LEAKLAB_DOC)
leaklab.snapshot = _snapshot
sys.modules['leaklab'] = leaklab
