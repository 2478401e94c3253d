"""Threads: 8 threads call functions and shared objects at once, for a bounded number of
iterations, and every update must count (the borrow flag makes `&mut self` exclusive and
makes contenders wait, never raise). The harness runs this file on CPython 3.15 and on the
free-threaded 3.15t, where the threads really run in parallel."""

import os
import sys
import sysconfig
import threading
import time

import hello
import shapes
import testmod as t

from _support import record, run_threads

N_THREADS = 8
ITERS = int(os.environ.get("ABIDE_THREAD_ITERS", "20000"))


def _gil_enabled():
    return getattr(sys, "_is_gil_enabled", lambda: True)()


def test_shared_tally_loses_no_update():
    tally = shapes.Tally(step=3)
    run_threads(lambda: [tally.incr() for _ in range(ITERS)], N_THREADS)
    assert tally.count == 3 * ITERS * N_THREADS
    record("thread_calls", ITERS * N_THREADS)


def test_slow_counter_with_pause_between_read_and_write():
    """`incr` reads, releases the interpreter, then writes: without exclusivity other
    threads would interleave and updates would be lost."""
    counter = t.SlowCounter()
    iters = max(ITERS // 10, 20)
    run_threads(lambda: [counter.incr(pause_us=20) for _ in range(iters)], N_THREADS)
    assert counter.count == iters * N_THREADS
    assert counter.snapshot() == (iters * N_THREADS, iters * N_THREADS)
    record("thread_calls", iters * N_THREADS)


def test_mixed_readers_and_writers():
    counter = t.SlowCounter()
    iters = max(ITERS // 4, 20)
    torn = []

    def writer():
        for _ in range(iters):
            counter.incr(pause_us=5)

    def reader():
        last = 0
        for _ in range(iters):
            count, logged = counter.snapshot()
            if count != logged or count < last:
                torn.append((count, logged, last))
            last = count
            assert counter.count >= last

    run_threads(lambda role: (writer if role else reader)(), N_THREADS, args_for=lambda i: (i % 2,))
    assert not torn, torn[:5]
    assert counter.count == iters * (N_THREADS // 2)
    record("thread_calls", iters * N_THREADS * 2)


def test_hold_makes_readers_and_writers_wait():
    """`hold` keeps `&mut self` for a while with the interpreter released: readers and
    writers on other threads must wait for it (not raise "already borrowed")."""
    tally = shapes.Tally()
    holding = threading.Event()
    results = []

    def holder():
        holding.set()
        for _ in range(5):
            tally.hold(20)

    def other(i):
        holding.wait()
        for _ in range(20):
            if i % 2:
                results.append(tally.count)
            else:
                tally.incr()

    threads = [threading.Thread(target=holder, daemon=True)]
    threads += [threading.Thread(target=other, args=(i,), daemon=True) for i in range(N_THREADS - 1)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert not any(th.is_alive() for th in threads), "deadlock"
    writers = sum(1 for i in range(N_THREADS - 1) if i % 2 == 0)
    assert tally.count == 5 + 20 * writers
    assert len(results) == 20 * (N_THREADS - 1 - writers)
    record("thread_calls", 5 + 20 * (N_THREADS - 1))


def test_hold_blocks_a_reader_until_done():
    tally = shapes.Tally()
    started = threading.Event()

    def holder():
        started.set()
        tally.hold(300)

    th = threading.Thread(target=holder, daemon=True)
    th.start()
    started.wait()
    time.sleep(0.05)
    t0 = time.monotonic()
    count = tally.count  # waits for the holder's &mut to end
    waited = time.monotonic() - t0
    th.join(10)
    assert count == 1, "the reader saw the value before the holder finished"
    assert waited > 0.1


def test_reentrant_borrow_on_the_same_thread_raises_not_deadlocks():
    tally = shapes.Tally()
    for _ in range(3):
        try:
            tally.with_exclusive(tally.incr)
        except RuntimeError:
            pass
        else:
            raise AssertionError("re-entrant &mut did not raise")
    # Concurrently, re-entrance on each thread raises on that thread only.
    errors = []

    def body():
        for _ in range(50):
            try:
                tally.with_exclusive(tally.incr)
            except RuntimeError:
                errors.append(1)
            tally.incr()

    run_threads(body, N_THREADS)
    assert len(errors) == 50 * N_THREADS
    assert tally.count == 50 * N_THREADS


def test_a_waiting_writer_is_not_starved_by_overlapping_readers():
    """Readers pass a baton so that one of them always holds `&self`: each reader's
    callback waits (up to 50 ms) for the next reader to come in before it returns. If new
    readers could overtake a waiting writer, the chain would never break and the writer
    would only get in after all rounds. With fair waiting, the writer's turn stops new
    readers, the holder's wait runs out, and the writer finishes while rounds remain."""
    tally = shapes.Tally()
    rounds = 2000
    entered = [threading.Event() for _ in range(rounds + 1)]
    state = {"round": 0, "writer_done_at": None}
    stop = threading.Event()
    lock = threading.Lock()

    def take_round():
        with lock:
            if stop.is_set() or state["round"] >= rounds:
                return None
            state["round"] += 1
            return state["round"]

    def reader():
        while (k := take_round()) is not None:
            def hold():
                entered[k].set()
                entered[k + 1].wait(0.05)  # hand over to the next reader, if it gets in

            tally.with_shared(hold)

    def writer():
        entered[1].wait(30)
        tally.incr()
        with lock:
            state["writer_done_at"] = state["round"]
        stop.set()

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(3)]
    threads.append(threading.Thread(target=writer, daemon=True))
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert not any(th.is_alive() for th in threads), "deadlock"
    assert tally.count == 1
    assert state["writer_done_at"] is not None
    assert state["writer_done_at"] < rounds, (
        f"the writer got in only after all {rounds} reader rounds: readers overtook it"
    )
    record("thread_calls", state["round"] + 1)


def _nested_read_with_a_writer_waiting(first_reader_holds_too):
    """A reader whose callback reads the same object again while a writer waits for it:
    the nested read must go in (the writer waits for this very reader), not wait for the
    writer. With `first_reader_holds_too`, another thread took the borrow first, so this
    thread's read is recognised through its own list, not the word's holder."""
    tally = shapes.Tally()
    first_in = threading.Event()
    release_first = threading.Event()
    results = []

    def first_reader():
        tally.with_shared(lambda: (first_in.set(), release_first.wait(60)))

    def writer():
        tally.incr()

    def nested():
        def body():
            th = threading.Thread(target=writer, daemon=True)
            th.start()
            time.sleep(0.05)  # let the writer start waiting (not needed for correctness)
            results.append(tally.count)  # the nested shared borrow
            return th

        return tally.with_shared(body)

    holder = None
    if first_reader_holds_too:
        holder = threading.Thread(target=first_reader, daemon=True)
        holder.start()
        assert first_in.wait(30)
    done = []
    runner = threading.Thread(target=lambda: done.append(nested()), daemon=True)
    runner.start()
    runner.join(60)
    assert not runner.is_alive(), "the nested read waited for the writer: deadlock"
    release_first.set()
    if holder is not None:
        holder.join(60)
    writer_thread = done[0]
    writer_thread.join(60)
    assert not writer_thread.is_alive(), "the writer never got in"
    assert results == [0]
    assert tally.count == 1


def test_nested_read_by_the_first_reader_while_a_writer_waits():
    _nested_read_with_a_writer_waiting(first_reader_holds_too=False)


def test_nested_read_by_a_joining_reader_while_a_writer_waits():
    _nested_read_with_a_writer_waiting(first_reader_holds_too=True)


def test_exclusive_borrow_inside_a_joined_read_raises():
    """A thread reading an object that another thread read first, asking for `&mut self`
    through a callback, overlaps its own borrow: `RuntimeError`, not a wait for itself."""
    tally = shapes.Tally()
    first_in = threading.Event()
    release_first = threading.Event()
    holder = threading.Thread(
        target=lambda: tally.with_shared(lambda: (first_in.set(), release_first.wait(60))),
        daemon=True,
    )
    holder.start()
    assert first_in.wait(30)
    errors = []

    def joined():
        try:
            tally.with_shared(tally.incr)
        except RuntimeError as e:
            errors.append(str(e))

    th = threading.Thread(target=joined, daemon=True)
    th.start()
    th.join(60)
    release_first.set()
    holder.join(60)
    assert not th.is_alive(), "the exclusive borrow waited for its own thread's read"
    assert len(errors) == 1 and "Already borrowed" in errors[0], errors
    tally.incr()
    assert tally.count == 1


def test_shared_vectors_and_polygons():
    """Readers of shared objects (polygon area, contains, iteration) while other threads
    replace vertices and scale vectors."""
    vs = [shapes.Vector(0, 0), shapes.Vector(4, 0), shapes.Vector(0, 3)]
    poly = shapes.Polygon(vs)
    iters = max(ITERS // 10, 20)

    def body(i):
        for k in range(iters):
            if i % 4 == 0:
                poly[1] = shapes.Vector(4, 0)
            elif i % 4 == 1:
                assert poly.area() == 6.0
            elif i % 4 == 2:
                assert len(list(poly)) == 3 and shapes.Vector(0, 3) in poly
            else:
                v = shapes.Vector(k, 1)
                v.scale(2.0)
                v += shapes.Vector(1, 1)
                assert v == shapes.Vector(2 * k + 1, 3)

    run_threads(body, N_THREADS, args_for=lambda i: (i,))
    record("thread_calls", iters * N_THREADS)


def test_functions_from_many_threads():
    iters = ITERS // 2

    def body(i):
        for k in range(iters):
            assert hello.add(i, k) == i + k
            assert hello.greet(str(i), greeting="hi") == f"hi, {i}!"
            assert t.id_vec([i, k]) == [i, k]
            assert t.id_map({"k": k}) == {"k": k}
            assert t.make_list(3) == [0, 1, 2]

    run_threads(body, N_THREADS, args_for=lambda i: (i,))
    record("thread_calls", iters * N_THREADS * 5)


def test_tracked_objects_made_and_freed_in_threads():
    import gc

    gc.collect()
    c0, d0 = t.Tracked.counts()
    iters = ITERS // 4

    def body():
        for k in range(iters):
            a = t.Tracked(k)
            a.payload = a  # a cycle, left to the collector
            t.make_tracked(k)
            shared.bump(1)

    shared = t.Tracked(0)
    run_threads(body, N_THREADS)
    assert shared.value == iters * N_THREADS
    del shared
    gc.collect()
    c1, d1 = t.Tracked.counts()
    assert c1 - c0 == d1 - d0 == 2 * iters * N_THREADS + 1


def test_panics_in_threads():
    def body():
        for _ in range(100):
            try:
                t.panics("in a thread")
            except BaseException as e:  # noqa: BLE001
                assert type(e).__name__ == "PanicException"
            else:
                raise AssertionError("no panic")

    run_threads(body, N_THREADS)


def test_detach_runs_and_returns_correct_results():
    """py.detach: long Rust work with the interpreter released, on 8 threads at once,
    while other threads keep running Python code; results must be exact. (Speed-up is not
    asserted: only correctness and progress.)"""
    n = 200_000
    expected = sum((i * 7) % 13 for i in range(n))
    results = []
    ticks = []
    stop = threading.Event()

    def python_worker():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    ticker = threading.Thread(target=python_worker, daemon=True)
    ticker.start()

    def body():
        for _ in range(3):
            results.append(t.checksum_detached(n))
            results.append(t.sum_detached(n))
        assert t.spin_detached(50) > 0

    run_threads(body, N_THREADS)
    stop.set()
    ticker.join(10)
    assert results.count(expected) == 3 * N_THREADS
    assert results.count(n * (n - 1) // 2) == 3 * N_THREADS
    assert ticks  # the Python thread ran meanwhile


def test_detach_really_releases_the_interpreter():
    """A thread waiting inside py.detach is released by another thread that needs the
    interpreter to call in: no timing involved, only a generous deadlock timeout."""
    received = []
    waiter = threading.Thread(target=lambda: received.append(t.wait_for_signal_detached(60_000)))
    waiter.start()
    time.sleep(0.05)  # let the waiter detach first (not required for correctness)
    t.send_signal()
    waiter.join(120)
    assert received == [True]


def test_detached_thread_lets_python_run():
    """While one thread spins detached for 300 ms, the main thread runs Python code."""
    th = threading.Thread(target=t.spin_detached, args=(300,), daemon=True)
    th.start()
    time.sleep(0.01)
    count = 0
    t0 = time.monotonic()
    while th.is_alive() and time.monotonic() - t0 < 5:
        count += 1
    th.join(10)
    assert count > 1000


def test_call_from_rust_thread():
    results = []
    run_threads(lambda: results.append(t.call_from_thread(lambda x: x * 2)), N_THREADS)
    assert results == [42] * N_THREADS


def test_importing_the_extensions_leaves_the_gil_as_the_build_has_it():
    """Every abide module declares `Py_mod_gil = Py_MOD_GIL_NOT_USED`: on the free-threaded
    build, importing them (done above) must not turn the GIL back on. On the GIL build the
    GIL is on."""
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    assert _gil_enabled() is not free_threaded
    assert {hello.__name__, shapes.__name__, t.__name__} <= set(sys.modules)
