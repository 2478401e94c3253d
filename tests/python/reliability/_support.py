"""Helpers shared by the reliability tests: a reference-leak checker, objects that
misbehave on purpose, thread runners and a counter of the work done (so the Rust side can
report totals)."""

import functools
import gc
import os
import subprocess
import sys
import threading
import types

try:
    import pytest
except ImportError:  # test_threads.py also runs as a plain script
    pytest = None

HAS_REFCOUNT = hasattr(sys, "gettotalrefcount")


def fail(message):
    if pytest is not None:
        pytest.fail(message)
    raise AssertionError(message)


# --- totals ----------------------------------------------------------------------------


def record(name, count):
    """Adds `count` to the total `name` in the file named by ABIDE_RELIABILITY_STATS (the
    Rust test that runs this suite prints the totals)."""
    path = os.environ.get("ABIDE_RELIABILITY_STATS")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"{name} {count}\n")


# --- reference leaks -------------------------------------------------------------------

# How check_no_leak measures, chosen once per run:
# - "debug": a Py_DEBUG build; sys.gettotalrefcount() counts every reference there is.
# - "release": a release build, asked for with ABIDE_LEAK_CHECK=release. It has no total,
#   so this counts what it can see: the reference counts of the objects a call refers to
#   (its closure, defaults, globals, bound self, their items) and of the modules' contents
#   registered with `watch_namespaces`, plus the GC-tracked objects. A reference leaked
#   to an object outside those sets goes unseen there; the debug run sees it.
# - None: no leak check (a release build under valgrind, where PYTHONMALLOC=malloc leaves
#   no block count either); check_no_leak refuses to run.
# Both modes also count the allocated memory blocks (pymalloc's), which a leaked new
# object grows.
if HAS_REFCOUNT:
    LEAK_CHECK = "debug"
elif os.environ.get("ABIDE_LEAK_CHECK") == "release":
    LEAK_CHECK = "release"
else:
    LEAK_CHECK = None


class LeakError(AssertionError):
    pass


_WATCHED = []


def watch_namespaces(*modules):
    """Release mode: also watch the reference count of every attribute of `modules` and,
    for the classes among them, every entry of the class's own namespace."""
    for module in modules:
        for value in vars(module).values():
            _WATCHED.append(value)
            if isinstance(value, type):
                _WATCHED.extend(vars(value).values())


def _referred(fn, depth=4):
    """The objects `fn` refers to: closure cells, defaults, the globals its code names, a
    bound method's self and function, a partial's arguments, and the items of containers
    among them (`depth` levels deep)."""
    seen, out, todo = set(), [], [(fn, 0)]
    while todo:
        obj, d = todo.pop()
        if id(obj) in seen or d > depth:
            continue
        seen.add(id(obj))
        out.append(obj)
        inner = []
        if isinstance(obj, types.FunctionType):
            inner += [c.cell_contents for c in obj.__closure__ or () if _cell_full(c)]
            inner += list(obj.__defaults__ or ()) + list((obj.__kwdefaults__ or {}).values())
            # The globals its code names (co_names also holds attribute names: only
            # those bound in its globals count).
            g = obj.__globals__
            inner += [g[name] for name in obj.__code__.co_names if name in g]
        elif isinstance(obj, types.MethodType):
            inner += [obj.__self__, obj.__func__]
        elif isinstance(obj, functools.partial):
            inner += [obj.func, *obj.args, *obj.keywords.values()]
        elif type(obj) in (tuple, list, set, frozenset):
            inner += list(obj)
        elif type(obj) is dict:
            inner += [*obj.keys(), *obj.values()]
        elif isinstance(obj, (types.BuiltinMethodType, types.MethodWrapperType)):
            if not isinstance(obj.__self__, types.ModuleType):
                inner.append(obj.__self__)  # a built-in method bound to an object
        todo += [(o, d + 1) for o in inner]
    return out


def _cell_full(cell):
    try:
        cell.cell_contents
    except ValueError:
        return False
    return True


def _totals(watched):
    if LEAK_CHECK == "debug":
        return sys.gettotalrefcount(), sys.getallocatedblocks(), 0
    refs = sum(sys.getrefcount(o) for o in watched)
    return refs, sys.getallocatedblocks(), len(gc.get_objects())


def check_no_leak(fn, n=200, rounds=3, warmup=30, retry=True):
    """Calls `fn` `warmup + n * rounds` times and raises LeakError if the reference count
    (see LEAK_CHECK), the number of allocated memory blocks or (release mode) of GC-tracked
    objects grew in every round by more than a tenth of the number of calls (one leaked
    reference per call grows it by `n`; noise is a few units and does not repeat). A full
    collection runs before the first round and after each one. Returns the number of calls
    made."""
    assert LEAK_CHECK, (
        "needs a Py_DEBUG interpreter (sys.gettotalrefcount) or ABIDE_LEAK_CHECK=release"
    )
    watched = _referred(fn) + _WATCHED if LEAK_CHECK == "release" else []
    for _ in range(warmup):
        fn()
    gc.collect()
    before = _totals(watched)
    results = []
    for _ in range(rounds):
        for _ in range(n):
            fn()
        gc.collect()
        after = _totals(watched)
        results.append(tuple(a - b for a, b in zip(after, before)))
        before = _totals(watched)
    refs, blocks, objects = (min(r[i] for r in results) for i in range(3))
    limit = max(n // 10, 8)
    if refs > limit or blocks > limit or objects > limit:
        if retry:
            # Growth that does not scale with the number of calls (a cache filling, an
            # arena allocated) can exceed the limit once on a loaded machine; a leak
            # scales. Check again with five times as many calls, and as strict a limit.
            return warmup + n * rounds + check_no_leak(fn, n * 5, rounds, 0, retry=False)
        raise LeakError(
            f"{getattr(fn, '__name__', fn)}: grew by {refs} references, {blocks} memory "
            f"blocks and {objects} GC-tracked objects per {n} calls ({LEAK_CHECK} check; "
            f"rounds: {results})"
        )
    return warmup + n * rounds


def calling(f, *args, **kwargs):
    """A zero-argument callable for `f(*args, **kwargs)` that must succeed."""

    def call():
        return f(*args, **kwargs)

    call.__name__ = getattr(f, "__name__", "call")
    return call


def raising(exc, f, *args, **kwargs):
    """A zero-argument callable for `f(*args, **kwargs)` that must raise `exc` (and the
    exception and its traceback are dropped afterwards)."""

    def call():
        try:
            f(*args, **kwargs)
        except exc:
            return
        raise AssertionError(f"{f!r} did not raise {exc}")

    call.__name__ = f"{getattr(f, '__name__', 'call')}-raises-{getattr(exc, '__name__', exc)}"
    return call


# --- misbehaving objects ---------------------------------------------------------------


class Boom(Exception):
    """Raised by the misbehaving objects below."""


class BadIndex:
    def __index__(self):
        raise Boom("__index__")


class BadFloat:
    def __float__(self):
        raise Boom("__float__")


class BadLen:
    def __len__(self):
        raise Boom("__len__")

    def __iter__(self):
        return iter([1, 2, 3])

    def __getitem__(self, i):
        return [1, 2, 3][i]


class BadIter:
    def __iter__(self):
        raise Boom("__iter__")


class BadNext:
    def __iter__(self):
        return self

    def __next__(self):
        raise Boom("__next__")


class LyingLen:
    """Claims to be huge, yields little."""

    def __len__(self):
        return sys.maxsize

    def __iter__(self):
        return iter([1, 2])

    def __getitem__(self, i):
        if i < 2:
            return i
        raise IndexError(i)


class BadHash:
    def __hash__(self):
        raise Boom("__hash__")

    def __eq__(self, other):
        raise Boom("__eq__")


class BadStr(str):
    def __str__(self):
        raise Boom("__str__")

    def __repr__(self):
        raise Boom("__repr__")


class HugeIndex:
    def __index__(self):
        return 2**200


# --- threads ---------------------------------------------------------------------------


def run_threads(target, n=8, timeout=60.0, args_for=lambda i: ()):
    """Runs `target(*args_for(i))` in `n` threads started together; fails (without hanging)
    if one raises or if they do not finish within `timeout` seconds."""
    barrier = threading.Barrier(n)
    errors = []

    def body(i):
        try:
            barrier.wait()
            target(*args_for(i))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append((i, e))

    threads = [threading.Thread(target=body, args=(i,), daemon=True) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout)
    alive = [th.name for th in threads if th.is_alive()]
    if alive:
        fail(f"threads did not finish within {timeout}s (deadlock?): {alive}")
    if errors:
        i, e = errors[0]
        raise AssertionError(f"thread {i} raised {type(e).__name__}: {e}") from e


def call_in_subinterpreters(count, func, *args, rounds=1, alongside=None, timeout=120.0):
    """Creates `count` subinterpreters (`concurrent.interpreters`, 3.14+) and calls
    `func(*args)` `rounds` times in each, each from a thread of its own, with `alongside()`
    in one more thread if given (`run_threads`); closes them. Returns each
    subinterpreter's results (a list per interpreter) and the interpreters' IDs."""
    from concurrent import interpreters

    subs = [interpreters.create() for _ in range(count)]
    results = [[] for _ in range(count)]

    def body(i):
        if i == count:
            alongside()
            return
        for _ in range(rounds):
            results[i].append(subs[i].call(func, *args))

    try:
        run_threads(
            body, n=count + (alongside is not None), timeout=timeout, args_for=lambda i: (i,)
        )
    finally:
        for sub in subs:
            sub.close()
    return results, [sub.id for sub in subs]


# --- subprocesses ----------------------------------------------------------------------


def run_python(code_or_args, timeout=120, env=None):
    """Runs this interpreter in a subprocess (with the same module path and
    faulthandler on) and returns the CompletedProcess; a crash or a hang becomes a test
    failure with the child's output instead of killing the test runner."""
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else list(code_or_args)
    full_env = dict(os.environ)
    full_env.setdefault("RUST_BACKTRACE", "0")
    full_env.update(env or {})
    try:
        proc = subprocess.run(
            [sys.executable, "-X", "faulthandler", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=full_env,
            preexec_fn=_no_core_dumps,
        )
    except subprocess.TimeoutExpired as e:
        fail(f"subprocess hung (no result after {timeout}s):\n{_tail(e.stderr)}")
    return proc


def _no_core_dumps():
    """A crash that a test provokes or finds must not leave a core file behind."""
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def describe_exit(proc):
    rc = proc.returncode
    if rc < 0:
        import signal

        try:
            name = signal.Signals(-rc).name
        except ValueError:
            name = f"signal {-rc}"
        return f"killed by {name}"
    return f"exit status {rc}"


def expect_clean_exit(proc):
    if proc.returncode != 0:
        fail(
            f"subprocess failed ({describe_exit(proc)})\n--- stdout ---\n{_tail(proc.stdout)}"
            f"\n--- stderr ---\n{_tail(proc.stderr)}"
        )


def _tail(text, n=4000):
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return text if len(text) <= n else "...\n" + text[-n:]


def panic_exception_class(module):
    """abide's PanicException, as `module.panics` raises it (it is not importable by name:
    each interpreter keeps its own)."""
    try:
        module.panics("probe")
    except BaseException as e:  # noqa: BLE001
        return type(e)
    raise AssertionError("panics() did not raise")
