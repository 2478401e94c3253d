"""Subinterpreters: the examples import in interpreters with their own GIL
(`concurrent.interpreters`, 3.14+), work there, run in parallel with other interpreters,
and keep their state (types, exceptions, module attributes) per interpreter."""

import sys

import pytest

import shapes
import testmod as t
from _support import call_in_subinterpreters, record

# This file runs on 3.15 and 3.15t only, where both modules always exist: importing them
# plainly makes a missing one an error, not a silent skip of every test.
assert sys.version_info >= (3, 14), sys.version
import _interpreters  # noqa: E402
from concurrent import interpreters  # noqa: E402


@pytest.fixture
def interp():
    i = interpreters.create()
    yield i
    i.close()


def _ids():
    import shapes
    import testmod

    try:
        testmod.panics("probe")
    except BaseException as e:  # noqa: BLE001
        panic = type(e)
    return (id(shapes.Vector), id(shapes.Tally), id(testmod.Tracked), id(panic), id(testmod))


def _workload():
    """Runs a bit of everything; returns a summary (shareable: a tuple of ints/strs)."""
    import gc
    import sys

    import hello
    import shapes
    import testmod as t

    out = []
    out.append(hello.add(2, 3))
    out.append(hello.greet("sub"))
    v = shapes.Vector(3, 4)
    out.append((v + shapes.Vector(1, 1)).norm() > 0)
    out.append(abs(v))
    p = shapes.Polygon([shapes.Vector(0, 0), shapes.Vector(4, 0), shapes.Vector(0, 3)])
    out.append(p.area())
    tally = shapes.Tally(2)
    for _ in range(10):
        tally.incr()
    out.append(tally.count)
    # Objects made from Rust get this interpreter's class.
    out.append(type(t.make_tracked(1)) is t.Tracked)
    out.append(type(shapes.Vector.unit_x()) is shapes.Vector)
    try:
        t.panics("in a subinterpreter")
    except BaseException as e:  # noqa: BLE001
        out.append(f"{type(e).__module__}.{type(e).__name__}")
        # One class per interpreter, the same at every panic, and not reachable from sys.
        try:
            t.panics("again")
        except BaseException as again:  # noqa: BLE001
            out.append(type(again) is type(e) and not hasattr(sys, "_abide_PanicException"))
    seen = []
    old = sys.unraisablehook
    sys.unraisablehook = lambda u: seen.append(u.exc_type.__name__)
    try:
        del_me = t.PanicOnDrop("drop in a subinterpreter")
        del del_me
    finally:
        sys.unraisablehook = old
    out.append(tuple(seen))
    cyc = t.Tracked(0)
    cyc.payload = cyc
    del cyc
    gc.collect()
    try:
        tally.with_exclusive(tally.incr)
    except RuntimeError:
        out.append("RuntimeError")
    return tuple(out)


EXPECTED = (
    5, "Hello, sub!", True, 5.0, 6.0, 20, True, True, "abide.PanicException", True,
    ("RuntimeError",), "RuntimeError",
)


def test_examples_import_and_work_in_an_isolated_subinterpreter(interp):
    assert interp.call(_workload) == EXPECTED
    assert _workload() == EXPECTED  # and in the main interpreter


def test_state_is_per_interpreter(interp):
    sub = interp.call(_ids)
    main = _ids()
    for name, a, b in zip(["Vector", "Tally", "Tracked", "PanicException", "module"], sub, main):
        assert a != b, f"{name} is shared between interpreters"
    # A second subinterpreter has its own too.
    other = interpreters.create()
    try:
        assert set(other.call(_ids)).isdisjoint(sub)
    finally:
        other.close()


def test_module_attributes_are_per_interpreter(interp):
    interp.exec("import testmod, shapes\ntestmod.ANSWER = 0\nshapes.Vector.DIMENSIONS = 3\n")
    assert t.ANSWER == 42
    assert shapes.Vector.DIMENSIONS == 2

    def read():
        import shapes
        import testmod

        return testmod.ANSWER, shapes.Vector.DIMENSIONS

    assert interp.call(read) == (0, 3)


def test_rust_statics_are_process_wide_but_objects_are_not(interp):
    """The Drop counter is a Rust static: it sees objects of every interpreter."""
    c0, _ = t.Tracked.counts()

    def make():
        import testmod

        objs = [testmod.Tracked(i) for i in range(10)]
        return len(objs)

    assert interp.call(make) == 10
    c1, _ = t.Tracked.counts()
    assert c1 - c0 == 10


def test_panic_in_subinterpreter_reaches_the_caller_as_failure(interp):
    def boom():
        import testmod

        testmod.panics("boom in sub")

    with pytest.raises(interpreters.ExecutionFailed, match="PanicException"):
        interp.call(boom)
    # The interpreter still works.
    assert interp.call(_workload) == EXPECTED


def _spin(n):
    import shapes

    tally = shapes.Tally()
    for _ in range(n):
        tally.incr()
    return tally.count


def test_interpreters_run_in_parallel_threads():
    """Four subinterpreters, each with its own GIL, driven from four threads at once, plus
    the main interpreter."""
    n = 20_000

    def main_too():
        assert _spin(n) == n

    results, _ = call_in_subinterpreters(4, _spin, n, rounds=5, alongside=main_too)
    assert results == [[n] * 5] * 4
    record("subinterpreter_calls", 20 * n)


def test_create_and_destroy_many_interpreters():
    """Module state is created and freed with each interpreter."""
    for _ in range(20):
        i = interpreters.create()
        i.exec(
            "import hello, shapes, testmod\n"
            "v = shapes.Vector(1, 2)\n"
            "p = shapes.Polygon([v, v, v])\n"
            "t = testmod.Tracked(0, payload=p)\n"
            "t.payload = [t, p]\n"
        )
        i.close()
    # The main interpreter's modules are untouched.
    assert shapes.Vector(3, 4).norm() == 5.0
    assert type(t.make_tracked(1)) is t.Tracked


def _run_string(script):
    """Runs `script` in a fresh interpreter through the low-level `_interpreters` module;
    returns what `run_string` returns: None, or (it does not raise) a description of the
    exception the script raised."""
    iid = _interpreters.create()
    try:
        return _interpreters.run_string(iid, script)
    finally:
        _interpreters.destroy(iid)


def test_legacy_interpreters_module():
    failure = _run_string("import hello, shapes, testmod\nassert hello.add(1, 2) == 3\n")
    assert failure is None, failure.errdisplay


def test_legacy_interpreters_module_reports_a_failing_script():
    """Control: a failing script is seen as one (run_string returns its exception)."""
    failure = _run_string("import hello\nassert hello.add(1, 2) == 4, 'wrong sum'\n")
    assert failure is not None
    assert failure.type.__name__ == "AssertionError"
    assert failure.msg == "wrong sum"


def _await_from_rust_threads(rounds):
    """asyncio in this interpreter, awaiting abide coroutines that threads Rust started
    wake (`from_thread`, and `sleep` on testmod's timer thread), and Python coroutines
    awaited from Rust (`await_call`)."""
    import asyncio

    import testmod

    async def half(x):
        await asyncio.sleep(0)
        return x // 2

    async def main():
        woken = await asyncio.gather(*(testmod.from_thread(i) for i in range(100)))
        slept = await asyncio.gather(*(testmod.sleep(0.001, i) for i in range(100)))
        # A Python coroutine awaited from Rust, in this interpreter.
        awaited = await asyncio.gather(*(testmod.await_call(half, 2 * i) for i in range(100)))
        return woken == slept == awaited == list(range(100))

    return all(asyncio.run(main()) for _ in range(rounds))


def test_coroutines_woken_from_rust_threads_in_parallel_subinterpreters():
    """A wake from a thread that is not attached to the coroutine's interpreter must not
    touch that interpreter's objects from another one (each has its own allocator): it
    goes through the loop's wake socket. Four subinterpreters at once, and the main one."""

    def main_too():
        assert _await_from_rust_threads(10)

    results, _ = call_in_subinterpreters(4, _await_from_rust_threads, 10, alongside=main_too)
    assert results == [[True]] * 4
    record("subinterpreter_coroutine_rounds", 50)


def _wake_after_the_loop_is_gone():
    """A coroutine suspended on a loop that is then closed and released, woken later by
    the timer thread: the wake finds no loop to resume and must be harmless."""
    import asyncio
    import gc
    import time

    import testmod

    coro = testmod.sleep(0.05, "late")
    loop = asyncio.new_event_loop()

    async def start():
        assert coro.send(None) is not None  # suspended, waiting for the timer

    loop.run_until_complete(start())
    loop.close()
    del loop
    gc.collect()
    time.sleep(0.15)  # the timer fires: the wake finds the loop gone
    coro.close()
    return "harmless"


def test_a_wake_after_the_loop_is_gone_is_harmless(interp):
    assert interp.call(_wake_after_the_loop_is_gone) == "harmless"
    assert _wake_after_the_loop_is_gone() == "harmless"
