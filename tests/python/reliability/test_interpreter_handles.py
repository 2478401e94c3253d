"""Interpreter handles and subinterpreters (issue 19): Rust threads that a call in a
subinterpreter starts attach to *that* interpreter (in parallel where Python threads run in
parallel), see `InterpreterGone` when it is closed under them, and a handle or guard that
outlives it is harmless. Needs `concurrent.interpreters` (3.14+): runs on 3.14 (abide's
`atexit` record) and on 3.15 and 3.15t (PEP 788)."""

import os
import sys

import pytest

import testmod
from _support import call_in_subinterpreters, record

assert sys.version_info >= (3, 14), sys.version
from concurrent import interpreters  # noqa: E402


@pytest.fixture
def interp():
    i = interpreters.create()
    yield i
    if i.is_running() is False:
        i.close()


def _where_callbacks_run(threads, calls):
    """In the interpreter that runs it: the interpreter IDs and thread idents that the
    callbacks of `attach_from_threads` saw, with this interpreter's ID and thread."""
    import threading

    from concurrent import interpreters

    import testmod

    seen = testmod.attach_from_threads(
        lambda t, c: (t, c, interpreters.get_current().id, threading.get_ident()),
        threads,
        calls,
    )
    return (
        interpreters.get_current().id,
        testmod.interpreter_id(),
        threading.get_ident(),
        tuple(seen),
    )


def _check_where(result, threads, calls):
    here, handle_id, caller, seen = result
    assert handle_id == here
    assert [(t, c) for t, c, _, _ in seen] == [
        (t, c) for t in range(threads) for c in range(calls)
    ]
    assert {i for _, _, i, _ in seen} == {here}, seen
    idents = {ident for _, _, _, ident in seen}
    assert caller not in idents
    assert len(idents) == threads
    return here


def test_callbacks_from_rust_threads_run_in_the_subinterpreter(interp):
    here = _check_where(interp.call(_where_callbacks_run, 4, 25), 4, 25)
    assert here == interp.id != 0
    record("handle_attaches_subinterpreter", 100)


def test_callbacks_from_rust_threads_run_in_the_main_interpreter():
    assert _check_where(_where_callbacks_run(4, 25), 4, 25) == 0


def test_several_subinterpreters_at_once():
    """Four subinterpreters, each driven from its own Python thread, each starting Rust
    threads that call back into it."""
    results, ids = call_in_subinterpreters(4, _where_callbacks_run, 3, 50)
    assert [_check_where(r, 3, 50) for [r] in results] == ids
    record("handle_attaches_subinterpreter", 600)


def _overlaps():
    """Whether four callbacks are ever all inside the callback at once, when four Python
    threads call it and when four Rust threads do (`attach_from_threads`). Each waits
    (spinning, attached) up to half a second for the others. With the switch interval
    raised, only threads that really run at the same time can all get in: true on the
    free-threaded build and false with a GIL, for Python threads and Rust threads alike.
    (Self-contained: `Interpreter.call` runs it in another interpreter.)"""
    import sys
    import threading
    import time

    import testmod

    n = 4

    def overlap(start_threads):
        entered = [0]
        lock = threading.Lock()

        def callback(*_):
            with lock:
                entered[0] += 1
            deadline = time.monotonic() + 0.5
            while entered[0] < n and time.monotonic() < deadline:
                pass
            return entered[0] == n

        return all(start_threads(callback))

    def python_threads(callback):
        out = [None] * n

        def run(k):
            out[k] = callback()

        threads = [threading.Thread(target=run, args=(k,)) for k in range(n)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        return out

    def rust_threads(callback):
        return testmod.attach_from_threads(callback, n, 1)

    old = sys.getswitchinterval()
    sys.setswitchinterval(100)
    try:
        return (overlap(python_threads), overlap(rust_threads))
    finally:
        sys.setswitchinterval(old)


def test_callbacks_in_a_subinterpreter_run_in_parallel_where_python_threads_do(interp):
    python_threads, rust_threads = interp.call(_overlaps)
    assert rust_threads == python_threads
    free_threaded = not sys._is_gil_enabled()
    assert rust_threads == free_threaded


def test_closing_a_subinterpreter_while_a_rust_thread_attaches():
    """50 subinterpreters, each closed while a Rust thread started in it keeps calling
    into it through a handle: every close completes, every thread sees
    `InterpreterGone`."""
    total = 0
    for k in range(50):
        sub = interpreters.create()
        callback = "lambda: sum(range(50))" if k % 2 else "lambda: time.sleep(0.002)"
        sub.exec(f"import time, testmod\ntestmod.start_attacher({callback})\ntime.sleep(0.005)\n")
        sub.close()
        attaches, saw_gone = testmod.join_attachers(30)
        assert saw_gone == 1, k
        total += attaches
    assert total > 0
    record("subinterpreter_closes_under_attacher", 50)
    record("subinterpreter_attaches_before_close", total)


def test_a_handle_outliving_its_subinterpreter_is_harmless():
    sub = interpreters.create()
    sub.exec("import testmod\nassert testmod.keep_interpreter() > 0\n")
    assert testmod.attach_kept() == "attached"
    sub.close()
    assert testmod.attach_kept() == "gone"
    assert testmod.drop_kept_interpreter()
    # The process is unharmed: a new subinterpreter and the main one still work.
    again = interpreters.create()
    try:
        _check_where(again.call(_where_callbacks_run, 2, 2), 2, 2)
    finally:
        again.close()
    _check_where(_where_callbacks_run(2, 2), 2, 2)


def test_a_guard_holds_off_closing_until_its_work_is_done():
    """A guard taken in a subinterpreter, used 200 ms later by a Rust thread: `close()`
    waits for it, so the callback has run when `close()` returns."""
    read, write = os.pipe()
    try:
        sub = interpreters.create()
        sub.exec(
            "import os, testmod\n"
            f"testmod.guard_then_call_later(lambda: os.write({write}, b'ran'), 0.2)\n"
        )
        sub.close()
        os.set_blocking(read, False)
        assert os.read(read, 16) == b"ran"
    finally:
        os.close(read)
        os.close(write)


def _drop_on_worker(attach_first):
    """In the interpreter that runs it: the interpreters in which an object's `__del__`
    ran when a Rust thread dropped the last reference to it while not attached, with
    this interpreter's ID."""
    from concurrent import interpreters

    import testmod

    seen = []

    class Finalized:
        def __del__(self):
            seen.append(interpreters.get_current().id)

    testmod.drop_on_worker([Finalized()], attach_first)
    return interpreters.get_current().id, tuple(seen)


def test_a_py_dropped_on_a_worker_is_released_in_the_workers_interpreter(interp):
    """A `Py` dropped, unattached, on a thread that attached through a handle is released
    in that handle's interpreter (a subinterpreter here), not in the main one."""
    here, seen = interp.call(_drop_on_worker, True)
    assert here != 0
    assert seen == (here,)


def test_a_py_dropped_on_a_worker_in_the_main_interpreter():
    assert _drop_on_worker(True) == (0, (0,))
    # A thread that never used a handle releases in the main interpreter.
    assert _drop_on_worker(False) == (0, (0,))


def _wakes_on_a_loop_without_add_reader():
    """In the interpreter that runs it: coroutines woken from Rust threads on a loop
    without `add_reader` (no wake socket): the wakes attach through an interpreter handle."""
    import asyncio

    import testmod

    class NoReaderLoop(asyncio.SelectorEventLoop):
        def add_reader(self, *args):
            raise NotImplementedError

    async def main():
        return await asyncio.gather(
            *(testmod.from_thread(i) for i in range(20)), testmod.sleep(0.01, "slept")
        )

    loop = NoReaderLoop()
    try:
        return tuple(loop.run_until_complete(main()))
    finally:
        loop.close()


def test_coroutines_in_a_subinterpreter_on_a_loop_without_add_reader(interp):
    assert interp.call(_wakes_on_a_loop_without_add_reader) == (*range(20), "slept")
