"""Free-threading specifics: first-use races (the PanicException class, a class's first
instances), garbage collection while other threads change `Py` fields, `py.detach`
under contention, `&mut self` held with the interpreter released while other threads
read, and `Drop` panicking on many threads at once. Also where the PanicException class
lives: out of Python's reach, one per interpreter. The harness runs this file on CPython
3.15 and on the free-threaded 3.15t, where the threads really run in parallel; every test
must pass on both. First-use cases run in a fresh subprocess, so they really are first."""

import gc
import json
import os
import random
import sys
import threading
import time
import weakref

import pytest

import testmod as t
from _support import expect_clean_exit, panic_exception_class, record, run_python, run_threads

N_THREADS = 8
ITERS = int(os.environ.get("ABIDE_THREAD_ITERS", "20000"))
SYS_ATTR = "_abide_PanicException"  # where abide kept the class before; Python could change it


def run_child(code, rounds=1):
    """Runs `code` in fresh interpreters (`rounds` times); each must exit cleanly and print
    one JSON value as its last line of output. Returns the values."""
    results = []
    for _ in range(rounds):
        proc = run_python(code, env={"RUST_BACKTRACE": "0"})
        expect_clean_exit(proc)
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return results


def panic_class_of(f, *args):
    try:
        f(*args)
    except BaseException as e:  # noqa: BLE001
        return type(e)
    raise AssertionError(f"{f!r} did not panic")


# --- A: where the PanicException class lives ----------------------------------------------


def test_panic_class_is_not_in_sys_and_python_cannot_replace_it():
    cls = panic_class_of(t.panics, "probe")
    assert f"{cls.__module__}.{cls.__qualname__}" == "abide.PanicException"
    assert issubclass(cls, BaseException) and not issubclass(cls, Exception)
    assert not any("abide" in name.lower() for name in dir(sys)), [
        n for n in dir(sys) if "abide" in n.lower()
    ]
    try:
        for replacement in (KeyError, 42, None, type("Fake", (BaseException,), {})):
            setattr(sys, SYS_ATTR, replacement)
            with pytest.raises(cls, match="^after replacing$"):
                t.panics("after replacing")
            assert panic_class_of(t.panics, "x") is cls
        delattr(sys, SYS_ATTR)
        assert panic_class_of(t.panics, "x") is cls
        assert panic_class_of(t.Boom().method, 1) is cls
    finally:
        sys.__dict__.pop(SYS_ATTR, None)
    record("ft_panics", 12)


def test_panic_class_set_in_sys_before_import_is_ignored():
    """Before the fix, abide read the class from `sys` first: an attribute planted there
    before the import became what every panic raised."""
    [out] = run_child(
        "import json, sys\n"
        f"sys.{SYS_ATTR} = KeyError\n"
        "import testmod as t\n"
        "try:\n"
        "    t.panics('planted')\n"
        "except BaseException as e:\n"
        "    cls = type(e)\n"
        f"del sys.{SYS_ATTR}\n"
        "try:\n"
        "    t.panics('deleted')\n"
        "except BaseException as e:\n"
        "    same = type(e) is cls\n"
        "print(json.dumps([f'{cls.__module__}.{cls.__qualname__}', cls is KeyError, same]))\n"
    )
    assert out == ["abide.PanicException", False, True]


def test_panic_class_is_the_same_object_in_all_threads():
    main = panic_exception_class(t)
    seen = [set() for _ in range(N_THREADS)]
    iters = 200

    def body(i):
        boom = t.Boom()
        for k in range(iters):
            f = (lambda: t.panics(f"{i}/{k}"), lambda: boom.method(k), lambda: boom.prop)[k % 3]
            seen[i].add(panic_class_of(f))

    run_threads(body, N_THREADS, args_for=lambda i: (i,))
    assert all(s == {main} for s in seen), seen
    record("ft_panics", iters * N_THREADS)


def test_another_instance_of_the_module_shares_the_class_and_freeing_it_keeps_it():
    """A second instance of the module (a loader's `exec_module` on a fresh module) uses
    the interpreter's class; freeing it releases its hold but not the class that the
    first instance still holds."""
    import importlib.util

    main = panic_exception_class(t)
    spec = importlib.util.find_spec("testmod")
    for _ in range(3):
        # The instance registers its submodules in sys.modules (`testmod.sub`, ...),
        # replacing this module's; they belong to it (their functions and classes are
        # defined by it), so they would keep it alive. Put this module's back.
        registered = {k: v for k, v in sys.modules.items() if k.startswith("testmod.")}
        other = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(other)
        sys.modules.update(registered)
        assert other is not t and other.FtPoint is not t.FtPoint
        assert panic_class_of(other.panics, "other") is main
        gone = weakref.ref(other)
        del other
        gc.collect()
        assert gone() is None, "the module instance was not freed"
        assert panic_class_of(t.panics, "main") is main
    record("ft_panics", 6)


def test_the_class_is_released_with_the_last_module_of_the_interpreter():
    """With no module of the library left in the interpreter, its class is released (the
    registry holds no reference), and a new module instance makes a new one."""
    [out] = run_child(
        "import gc, importlib.util, json, weakref\n"
        "spec = importlib.util.find_spec('testmod')\n"
        "import sys\n"
        "def load():\n"
        "    m = importlib.util.module_from_spec(spec)\n"
        "    spec.loader.exec_module(m)\n"
        "    # Its submodules in sys.modules belong to it and would keep it alive.\n"
        "    for k in [k for k in sys.modules if k.startswith('testmod.')]:\n"
        "        del sys.modules[k]\n"
        "    return m\n"
        "def panic_class(m):\n"
        "    try:\n"
        "        m.panics('probe')\n"
        "    except BaseException as e:\n"
        "        return type(e)\n"
        "a, b = load(), load()\n"
        "cls = panic_class(a)\n"
        "same = panic_class(b) is cls\n"
        "ref = weakref.ref(cls)\n"
        "del cls\n"
        "mods = [weakref.ref(a), weakref.ref(b)]\n"
        "del a\n"
        "gc.collect()\n"
        "gc.collect()\n"
        "after_first = ref() is not None\n"
        "del b\n"
        "gc.collect()\n"
        "freed = [r() is None for r in mods]\n"
        "gc.collect()  # the class, now in a cycle of its own (its __mro__) only\n"
        "after_last = ref() is not None\n"
        "c = load()\n"
        "new = panic_class(c)\n"
        "print(json.dumps([same, freed, after_first, after_last,\n"
        "                  f'{new.__module__}.{new.__qualname__}']))\n"
    )
    assert out == [True, [True, True], True, False, "abide.PanicException"]


def test_module_instances_executing_at_once_get_one_class():
    """Eight threads execute eight fresh instances of the module at once, right after
    start-up: the first of them creates the interpreter's class while the others race to
    do the same. Every instance must raise the very same class."""
    code = (
        "import importlib.util, json, threading\n"
        "N = 8\n"
        "spec = importlib.util.find_spec('testmod')\n"
        "barrier = threading.Barrier(N)\n"
        "out = [None] * N\n"
        "def body(i):\n"
        "    barrier.wait()\n"
        "    m = importlib.util.module_from_spec(spec)\n"
        "    spec.loader.exec_module(m)\n"
        "    try:\n"
        "        m.panics(f'instance {i}')\n"
        "    except BaseException as e:\n"
        "        out[i] = (id(type(e)), type(e).__qualname__, str(e), id(m))\n"
        "        keep.append((m, type(e)))\n"
        "keep = []\n"
        "ts = [threading.Thread(target=body, args=(i,)) for i in range(N)]\n"
        "for th in ts: th.start()\n"
        "for th in ts: th.join()\n"
        "print(json.dumps(out))\n"
    )
    rounds = 4
    for out in run_child(code, rounds):
        assert None not in out, out
        assert len({cls for cls, _, _, _ in out}) == 1, out
        assert len({m for _, _, _, m in out}) == N_THREADS  # really eight instances
        assert [(name, msg) for _, name, msg, _ in out] == [
            ("PanicException", f"instance {i}") for i in range(N_THREADS)
        ]
    record("ft_panics", rounds * N_THREADS)


def test_subinterpreters_have_their_own_class_and_ignore_sys():
    # 3.14+ always has it (this file runs on 3.15 and 3.15t): a plain import, not a skip.
    from concurrent import interpreters

    def probe():
        import sys

        import testmod

        classes = []
        for planted in (None, KeyError):
            if planted is not None:
                setattr(sys, "_abide_PanicException", planted)
            try:
                testmod.panics("in a subinterpreter")
            except BaseException as e:  # noqa: BLE001
                classes.append(type(e))
        cls = classes[0]
        return (
            id(cls),
            f"{cls.__module__}.{cls.__qualname__}",
            classes[0] is classes[1],
            issubclass(cls, Exception),
        )

    main = panic_exception_class(t)
    ids = set()
    for _ in range(3):
        sub = interpreters.create()
        try:
            first = sub.call(probe)
            again = sub.call(probe)
        finally:
            sub.close()
        assert first[1:] == ("abide.PanicException", True, False)
        assert again[0] == first[0], "the class changed within one interpreter"
        ids.add(first[0])
    assert id(main) not in ids
    # Closing the interpreters released their classes, not the main interpreter's.
    assert panic_class_of(t.panics, "main") is main
    record("ft_panics", 12)


# --- B1: the first panic, in eight threads at once ----------------------------------------


def test_first_panic_in_eight_threads_at_once_makes_one_class():
    code = (
        "import json, sys, threading\n"
        "import testmod as t\n"
        "N = 8\n"
        "barrier = threading.Barrier(N)\n"
        "out = [None] * N\n"
        "boom = t.Boom()\n"
        "calls = [lambda i: t.panics(f'first {i}'), lambda i: boom.method(i),\n"
        "         lambda i: boom.prop, lambda i: len(boom)]\n"
        "def body(i):\n"
        "    barrier.wait()\n"
        "    try:\n"
        "        calls[i % 4](i)\n"
        "    except BaseException as e:\n"
        "        c = type(e)\n"
        "        out[i] = [id(c), f'{c.__module__}.{c.__qualname__}', str(e),\n"
        "                  issubclass(c, Exception)]\n"
        "ts = [threading.Thread(target=body, args=(i,)) for i in range(N)]\n"
        "for th in ts: th.start()\n"
        "for th in ts: th.join()\n"
        "try:\n"
        "    t.panics('after')\n"
        "except BaseException as e:\n"
        "    after = id(type(e))\n"
        "print(json.dumps([out, after]))\n"
    )
    rounds = 5
    expected_msgs = ["first {}", "panic in a method", "panic in a getter", "panic in __len__"]
    for out, after in run_child(code, rounds):
        assert None not in out, out
        assert {cls for cls, _, _, _ in out} == {after}, out
        for i, (_, name, msg, is_exception) in enumerate(out):
            assert name == "abide.PanicException"
            assert msg == expected_msgs[i % 4].format(i)
            assert not is_exception
    record("ft_panics", rounds * (N_THREADS + 1))


# --- B2: a class's first instances, in eight threads at once ------------------------------


def test_first_construction_in_eight_threads_at_once():
    code = (
        "import json, threading\n"
        "import testmod as t\n"
        "N, PER = 8, 200\n"
        "class Sub(t.Tracked):\n"
        "    pass\n"
        "barrier = threading.Barrier(N)\n"
        "out = [None] * N\n"
        "def body(i):\n"
        "    barrier.wait()\n"
        "    pts = [(t.FtPoint if i % 2 else t.ft_make_point)(i, k) for k in range(PER)]\n"
        "    subs = [Sub(k) for k in range(PER)]\n"
        "    kids = [t.TrackedChild(str(i), k) for k in range(PER)]\n"
        "    out[i] = [\n"
        "        sorted({id(type(p)) for p in pts}),\n"
        "        sorted({id(type(s)) for s in subs}),\n"
        "        sorted({id(type(c)) for c in kids}),\n"
        "        all(p.x == i and p.y == k and p.norm2() == i * i + k * k\n"
        "            for k, p in enumerate(pts)),\n"
        "        all(s.value == k for k, s in enumerate(subs)),\n"
        "        all(c.label == str(i) and c.value == k for k, c in enumerate(kids)),\n"
        "        pts[-1] == t.FtPoint(i, PER - 1),\n"
        "    ]\n"
        "ts = [threading.Thread(target=body, args=(i,)) for i in range(N)]\n"
        "for th in ts: th.start()\n"
        "for th in ts: th.join()\n"
        "print(json.dumps([out, id(t.FtPoint), id(Sub), id(t.TrackedChild)]))\n"
    )
    rounds = 3
    for out, point, sub, child in run_child(code, rounds):
        assert None not in out, out
        for pts, subs, kids, *checks in out:
            assert (pts, subs, kids) == ([point], [sub], [child])
            assert checks == [True, True, True, True]
    record("ft_objects", rounds * N_THREADS * 600)


# --- B3: the collector running while other threads change Py fields -----------------------


def test_gc_collect_loop_while_threads_mutate_py_fields():
    gc.collect()
    c0, d0 = t.FtNode.counts()
    tc0, td0 = t.Tracked.counts()
    shared = [t.FtNode(0) for _ in range(4)]
    shared_bag = t.FtBag()
    # Cycles through the shared objects, which stay reachable throughout.
    shared[0].link(shared[1])
    shared[1].link(shared[0])
    shared_bag.push(shared[2])
    shared[2].add_child(shared_bag)
    shared[3].add_child(shared[3])
    mutators = N_THREADS - 1
    iters = max(ITERS // 20, 50)
    done = threading.Event()
    collections = []

    def collector():
        n = 0
        while not done.is_set():
            gc.collect()
            n += 1
        gc.collect()
        collections.append(n + 1)

    def mutator(i):
        for k in range(iters):
            a, b = t.FtNode(k), t.FtNode(i)
            a.link(b)
            b.link(a)  # a <-> b
            a.add_child([b, {"a": a}])
            bag = t.FtBag()
            bag.push(a)
            bag.push(bag)  # bag -> bag, bag -> a
            b.add_child(bag)
            assert a.chain_sum(3) == k + i + k
            assert len(a) == 1 and len(bag) == 2
            s = shared[k % 4]
            s.bump(1)
            s.add_child(a)
            s.pop_child()  # this thread's `a` or another's: the count is what matters
            shared_bag.push(b)
            assert shared_bag.pop() is not None
            if k % 8 == 0:
                tr = t.Tracked(k)
                tr.payload = [tr, a]
            if k % 16 == 0:
                old = b.link(None)
                assert old is a
                assert a.clear_children() == 1

    finished = []
    finished_lock = threading.Lock()

    def body(i):
        if i == 0:
            collector()
            return
        try:
            mutator(i)
        finally:
            with finished_lock:
                finished.append(i)
                if len(finished) == mutators:
                    done.set()

    run_threads(body, N_THREADS, timeout=300.0, args_for=lambda i: (i,))
    per_shared = [sum(1 for k in range(iters) if k % 4 == j) * mutators for j in range(4)]
    assert [s.value for s in shared] == per_shared
    assert [len(s) for s in shared] == [0, 0, 1, 1]
    assert len(shared_bag) == 1
    assert shared[0].partner is shared[1] and shared[1].partner is shared[0]
    assert shared[0].chain_sum(2) == per_shared[0] + per_shared[1]
    assert collections and collections[0] >= 1
    del shared, shared_bag
    gc.collect()
    c1, d1 = t.FtNode.counts()
    tc1, td1 = t.Tracked.counts()
    # Every node and bag made here was freed: by reference counting or by the collector.
    assert c1 - c0 == d1 - d0 == 5 + 3 * iters * mutators, (c1 - c0, d1 - d0)
    assert tc1 - tc0 == td1 - td0 == len(range(0, iters, 8)) * mutators
    record("ft_gc_collections", collections[0])
    record("ft_gc_mutations", iters * mutators)


# --- B4: py.detach under contention -------------------------------------------------------


def _fnv1a(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def test_detach_under_contention_gives_correct_results():
    data = bytes(range(256)) * 16
    rounds = 4
    expected_hash = _fnv1a(data * rounds)
    acc = t.FtAccumulator()
    iters = max(ITERS // 400, 10)
    span = 2000

    def body(i):
        rng = random.Random(i)
        for k in range(iters):
            assert t.ft_fnv1a_detached(data, rounds) == expected_hash
            values = [rng.randrange(-10**9, 10**9) for _ in range(500)]
            assert t.ft_sorted_detached(values) == sorted(values)
            start = (i * iters + k) * span
            assert acc.add_range_detached(start, start + span) == sum(range(start, start + span))
            n = 10_000 + k
            assert t.ft_detach_then_attach(n) == [n * (n - 1) // 2, n]

    run_threads(body, N_THREADS, timeout=300.0, args_for=lambda i: (i,))
    last = N_THREADS * iters * span
    assert acc.calls == N_THREADS * iters
    assert acc.total == last * (last - 1) // 2  # every number in 0..last added once
    record("ft_detach_calls", 4 * N_THREADS * iters)


# --- B5: &mut self held detached while others read ----------------------------------------


def test_readers_wait_for_a_writer_holding_mut_self_detached():
    total, amount, transfers, millis = 1000, 7, 6, 50
    ledger = t.FtLedger(total)
    writer_done = threading.Event()
    returned = []
    reads = [0] * N_THREADS
    longest = [0.0] * N_THREADS
    torn = []

    def writer():
        try:
            for _ in range(transfers):
                returned.append(ledger.transfer(amount, millis))
        finally:
            writer_done.set()

    def reader(i):
        last = 0
        while not writer_done.is_set() or reads[i] < 20:
            t0 = time.monotonic()
            a, b, k = ledger.snapshot()
            longest[i] = max(longest[i], time.monotonic() - t0)
            if a + b != total or a != total - k * amount or k < last:
                torn.append(("snapshot", a, b, k, last))
            if ledger.total != total:
                torn.append(("total getter",))
            k2 = ledger.transfers
            if not last <= k <= k2 <= transfers:
                torn.append(("transfers getter", k, k2))
            if ledger.b % amount or ledger.a % amount != total % amount:
                torn.append(("balance getters",))
            last = k
            reads[i] += 1

    # Started together (run_threads' barrier): thread 0 writes, the other seven read.
    run_threads(
        lambda i: writer() if i == 0 else reader(i),
        N_THREADS,
        timeout=120.0,
        args_for=lambda i: (i,),
    )
    assert not torn, torn[:5]
    assert returned == [(total - j * amount, j * amount) for j in range(1, transfers + 1)]
    assert ledger.snapshot() == (total - transfers * amount, transfers * amount, transfers)
    assert (ledger.a, ledger.b, ledger.total, ledger.transfers) == (
        total - transfers * amount, transfers * amount, total, transfers
    )
    assert all(n >= 20 for n in reads[1:]), reads
    # Some read came in while the writer held the object and had to wait for it.
    assert max(longest) > millis / 1000 / 5, longest
    record("ft_ledger_reads", sum(reads))


# --- B6: Drop panicking on eight threads at once ------------------------------------------


def test_drop_panics_on_eight_threads_are_reported_as_unraisable():
    code = (
        "import gc, json, sys, threading\n"
        "import testmod as t\n"
        "N, PER, CYCLES = 8, 200, 50\n"
        "lock = threading.Lock()\n"
        "seen = []\n"
        "def hook(u):\n"
        "    with lock:\n"
        "        seen.append((u.exc_type.__name__, str(u.exc_value)))\n"
        "sys.unraisablehook = hook\n"
        "barrier = threading.Barrier(N)\n"
        "def body(i):\n"
        "    objs = [t.PanicOnDrop(f'drop {i}/{k}') for k in range(PER)]\n"
        "    for k in range(CYCLES):\n"
        "        node = t.FtPanicNode()\n"
        "        node.other = [node, {'k': k}]  # a cycle only the collector frees\n"
        "    del node\n"
        "    barrier.wait()\n"
        "    del objs  # PER values dropped by reference counting, on every thread at once\n"
        "    barrier.wait()\n"
        "    gc.collect()  # and the cycles, by the collector's tp_clear\n"
        "ts = [threading.Thread(target=body, args=(i,)) for i in range(N)]\n"
        "for th in ts: th.start()\n"
        "for th in ts: th.join()\n"
        "gc.collect()\n"
        "survivor = t.PanicOnDrop('last')\n"
        "del survivor\n"
        "counts = {}\n"
        "for name, msg in seen:\n"
        "    counts[f'{name}: {msg}'] = counts.get(f'{name}: {msg}', 0) + 1\n"
        "print(json.dumps(counts))\n"
    )
    [counts] = run_child(code)
    n, per, cycles = N_THREADS, 200, 50
    assert counts == {
        "RuntimeError: panic while dropping a PanicOnDrop value": n * per + 1,
        "RuntimeError: panic while dropping a FtPanicNode value": n * cycles,
    }
    record("ft_drop_panics", n * (per + cycles) + 1)
