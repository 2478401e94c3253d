"""`async fn` in `#[pyfunction]`: calling one returns an `abide.Coroutine` that asyncio
drives like a coroutine of an `async def`. Each behaviour is run on the abide coroutine
and on an equivalent `async def` written here, and what Python can observe (results,
exceptions, `task.cancelled()`, `send`/`throw`/`close`, context variables) must be the
same; cancelling must drop the Rust future and everything it holds."""

import asyncio
import contextvars
import gc
import inspect
import logging
import os
import threading
import warnings
import weakref

import pytest

import testmod as t


# The same functions written in Python, to compare with.


async def py_sleep(seconds, result=None):
    await asyncio.sleep(seconds)
    return result


async def py_add_now(a, b):
    return a + b


async def py_pair(a, b):
    return (a, b)


async def py_echo_later(value):
    await asyncio.sleep(0.001)
    return value


async def py_fail_later(message):
    await asyncio.sleep(0.001)
    raise ValueError(message)


async def py_parse_later(text):
    await asyncio.sleep(0.001)
    # Rust's `ParseIntError` message, raised as the same type.
    raise ValueError("invalid digit found in string")


def py_panic_later(panic_type):
    async def panic_later(seconds):
        if seconds > 0:
            await asyncio.sleep(seconds)
        raise panic_type("panicked inside a future")

    return panic_later


async def py_yield_now(n):
    for _ in range(n):
        await asyncio.sleep(0)
    return n


async def py_hold(keep, seconds):
    await asyncio.sleep(seconds)
    return "finished"


async def py_call_around(before, after):
    first = before()
    await asyncio.sleep(0.001)
    return first, after()


async def py_call_later(f, seconds):
    await asyncio.sleep(seconds)
    return f()


class Kept:
    """An object a coroutine holds, to see it freed through a weak reference."""


def outcome(awaitable):
    """What awaiting `awaitable` in a fresh loop gives: ("ok", value) or ("raised", type,
    message)."""

    async def main():
        return await awaitable

    try:
        return ("ok", asyncio.run(main()))
    except BaseException as e:  # noqa: BLE001 - PanicException derives from BaseException
        return ("raised", type(e), str(e))


async def _count_ticks(awaitable):
    """Awaits `awaitable` while another task counts the event loop's turns."""
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    before = ticks
    result = await awaitable
    turns = ticks - before
    task.cancel()
    return result, turns


# Results.


def test_ten_thousand_concurrent_coroutines():
    """10,000 sleeping coroutines at once under one gather, each with its own result, and
    as many that complete at once."""

    async def main():
        slept = await asyncio.gather(*(t.sleep(0.001 * (i % 5), i) for i in range(10_000)))
        added = await asyncio.gather(*(t.add_now(i, 2 * i) for i in range(10_000)))
        return slept, added

    slept, added = asyncio.run(main())
    assert slept == list(range(10_000))
    assert added == [3 * i for i in range(10_000)]


def test_immediate_results_do_not_yield_to_the_loop():
    """A future ready on its first poll returns without a loop turn, as an `async def`
    that does not await."""
    for make, expected in [
        (lambda: t.add_now(2, 3), 5),
        (lambda: py_add_now(2, 3), 5),
        (t.ready, "ready"),
    ]:
        assert asyncio.run(_count_ticks(make())) == (expected, 0)


def test_tuple_result_is_the_value_not_the_arguments():
    """A tuple result is `await`'s value and `StopIteration.value`, as for Python."""
    assert outcome(t.pair(1, "a")) == outcome(py_pair(1, "a")) == ("ok", (1, "a"))
    for coro in (t.pair(1, "a"), py_pair(1, "a")):
        with pytest.raises(StopIteration) as info:
            coro.send(None)
        assert info.value.value == (1, "a")


def test_an_exception_instance_returned_is_a_value():
    """Returning an exception instance returns it; it is not raised."""
    exc = ValueError("x")
    for f in (t.echo_later, py_echo_later):
        kind, value = outcome(f(exc))
        assert kind == "ok"
        assert value is exc


def test_woken_from_another_thread():
    """A future woken from a thread of its own resumes the coroutine on the loop."""

    async def main():
        return await asyncio.gather(*(t.from_thread(i) for i in range(50)))

    assert asyncio.run(main()) == list(range(50))


class NoReaderLoop(asyncio.SelectorEventLoop):
    """A loop without `add_reader` (as uvloop's or Windows' proactor loop may lack what
    abide's wake socket needs): wakes attach to the loop's interpreter instead."""

    def add_reader(self, *args):
        raise NotImplementedError


def test_woken_from_another_thread_on_a_loop_without_add_reader():
    async def main():
        return await asyncio.gather(
            *(t.from_thread(i) for i in range(50)), t.sleep(0.01, "slept")
        )

    loop = NoReaderLoop()
    try:
        assert loop.run_until_complete(main()) == [*range(50), "slept"]
    finally:
        loop.close()


def test_yield_now_yields_to_the_loop_n_times():
    """A future that wakes itself while polled yields a bare turn to the loop each time,
    as many turns as `await asyncio.sleep(0)` n times."""
    for n in (1, 3, 10):
        abide = asyncio.run(_count_ticks(t.yield_now(n)))
        python = asyncio.run(_count_ticks(py_yield_now(n)))
        assert abide == python
        assert abide[0] == n and abide[1] >= n


def test_sleep_lets_other_tasks_run():
    """While the Rust future waits, the loop runs other tasks."""
    result, turns = asyncio.run(_count_ticks(t.sleep(0.02, "done")))
    assert result == "done"
    assert turns >= 2


# Errors.


def test_errors_raise_from_await_as_from_async_def():
    """An `Err` raises its exception from `await`: `ValueError` from `PyErr` and from a
    `ParseIntError`, as the same `async def` raising them."""
    assert outcome(t.fail_later("boom")) == outcome(py_fail_later("boom"))
    assert outcome(t.fail_later("boom")) == ("raised", ValueError, "boom")
    assert outcome(t.parse_later("x")) == outcome(py_parse_later("x"))
    assert outcome(t.parse_later("x"))[:2] == ("raised", ValueError)
    assert outcome(t.parse_later(" 42 ")) == ("ok", 42)


def test_a_panic_raises_panic_exception():
    """A panic inside the future, after a suspension or at once, raises `PanicException`
    from `await`, as an `async def` raising it; the loop goes on."""
    try:
        asyncio.run(t.panic_later(0))
    except BaseException as e:  # noqa: BLE001
        panic_type = type(e)
    else:
        raise AssertionError("no exception from a panic")
    assert panic_type.__name__ == "PanicException"
    py_panic = py_panic_later(panic_type)
    for seconds in (0, 0.001):
        assert outcome(t.panic_later(seconds)) == outcome(py_panic(seconds))
        assert outcome(t.panic_later(seconds)) == (
            "raised",
            panic_type,
            "panicked inside a future",
        )

    async def in_tasks(f):
        # The panic ends its own task only: the other finishes.
        results = await asyncio.gather(f(0.001), t.sleep(0.005, "other"), return_exceptions=True)
        return [type(r) if isinstance(r, BaseException) else r for r in results]

    assert asyncio.run(in_tasks(t.panic_later)) == asyncio.run(in_tasks(py_panic))
    assert asyncio.run(in_tasks(t.panic_later)) == [panic_type, "other"]


def test_exception_from_a_python_callback_propagates():
    """An exception raised by Python code the future calls propagates from `await`."""
    assert outcome(t.call_later(lambda: 1 / 0, 0.001)) == outcome(
        py_call_later(lambda: 1 / 0, 0.001)
    )
    assert outcome(t.call_later(lambda: 1 / 0, 0.001))[:2] == ("raised", ZeroDivisionError)
    assert outcome(t.call_later(lambda: "called", 0.001)) == ("ok", "called")


# Cancelling drops the Rust future.


def _cancel_holds(hold, count):
    """Starts `count` tasks each holding a new object, cancels them mid-flight; returns
    what each task reports and weak references to the held objects."""
    refs = []

    async def main():
        tasks = []
        for _ in range(count):
            kept = Kept()
            refs.append(weakref.ref(kept))
            tasks.append(asyncio.create_task(hold(kept, 10)))
            del kept
        await asyncio.sleep(0.01)
        assert not any(task.done() for task in tasks)
        for task in tasks:
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        return [(task.cancelled(), type(r)) for task, r in zip(tasks, results)]

    return asyncio.run(main()), refs


def test_cancelling_a_task_drops_the_future():
    """`task.cancel()` mid-flight cancels the task as for an `async def` awaiting
    `asyncio.sleep(10)`, and drops the future: its guard and the object it held are
    freed."""
    made, dropped = t.guard_counts()
    abide, refs = _cancel_holds(t.hold, 20)
    gc.collect()
    assert t.guard_counts() == (made + 20, dropped + 20)
    assert all(r() is None for r in refs)

    python, py_refs = _cancel_holds(py_hold, 20)
    gc.collect()
    assert abide == python == [(True, asyncio.CancelledError)] * 20
    assert all(r() is None for r in py_refs)


def test_awaiting_a_cancelled_task_raises_cancelled_error():
    """The task awaiting an abide coroutine, cancelled, raises `CancelledError` from
    `await task` and its coroutine sees it, as for an `async def`."""

    def run(hold):
        async def main():
            seen = []

            async def wrapper():
                try:
                    return await hold(Kept(), 10)
                except asyncio.CancelledError:
                    seen.append("cancelled inside")
                    raise

            task = asyncio.create_task(wrapper())
            await asyncio.sleep(0.005)
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                seen.append("cancelled outside")
            return seen, task.cancelled()

        return asyncio.run(main())

    made, dropped = t.guard_counts()
    assert run(t.hold) == run(py_hold) == (["cancelled inside", "cancelled outside"], True)
    assert t.guard_counts() == (made + 1, dropped + 1)


def test_wait_for_timeout_drops_the_future():
    """`asyncio.wait_for(..., 0.01)` times out with `TimeoutError` and drops the future,
    as for an `async def`."""

    def run(hold):
        refs = []

        async def main():
            kept = Kept()
            refs.append(weakref.ref(kept))
            coro = hold(kept, 10)
            del kept
            try:
                await asyncio.wait_for(coro, 0.01)
            except asyncio.TimeoutError as e:
                return type(e)
            return "finished"

        return asyncio.run(main()), refs

    made, dropped = t.guard_counts()
    abide, refs = run(t.hold)
    gc.collect()
    assert t.guard_counts() == (made + 1, dropped + 1)
    assert refs[0]() is None
    python, _ = run(py_hold)
    assert abide == python == asyncio.TimeoutError


def _drive_by_hand(hold, finish):
    """Inside a running loop, sends into a `hold` coroutine once (it suspends), then
    `finish(coro)`; returns what it yielded, what `finish` did, what a later `send` does,
    and whether the held object is freed."""
    refs = []

    async def main():
        kept = Kept()
        refs.append(weakref.ref(kept))
        coro = hold(kept, 10)
        del kept
        yielded = coro.send(None)
        try:
            finished = ("returned", finish(coro))
        except BaseException as e:  # noqa: BLE001
            finished = ("raised", type(e), str(e))
        try:
            coro.send(None)
            again = "sent"
        except RuntimeError as e:
            again = str(e)
        # The future it yielded is the Task's business: cancel it as the Task would.
        if isinstance(yielded, asyncio.Future):
            yielded.cancel()
        del coro
        gc.collect()
        return isinstance(yielded, asyncio.Future), finished, again, refs[0]() is None

    return asyncio.run(main())


def test_close_on_a_suspended_coroutine_drops_the_future():
    """`close()` on a coroutine suspended mid-flight returns None, drops the future and
    finishes the coroutine, as for an `async def`."""
    made, dropped = t.guard_counts()
    abide = _drive_by_hand(t.hold, lambda c: c.close())
    assert t.guard_counts() == (made + 1, dropped + 1)
    python = _drive_by_hand(py_hold, lambda c: c.close())
    assert abide == python
    assert abide == (True, ("returned", None), "cannot reuse already awaited coroutine", True)


class Thrown(Exception):
    pass


def test_throw_on_a_suspended_coroutine_drops_the_future():
    """`throw()` into a coroutine suspended mid-flight raises the exception out of it (a
    Rust future cannot catch it), drops the future and finishes the coroutine, as for an
    `async def` that does not catch it."""
    made, dropped = t.guard_counts()
    abide = _drive_by_hand(t.hold, lambda c: c.throw(Thrown("thrown")))
    assert t.guard_counts() == (made + 1, dropped + 1)
    python = _drive_by_hand(py_hold, lambda c: c.throw(Thrown("thrown")))
    assert abide == python
    assert abide == (
        True,
        ("raised", Thrown, "thrown"),
        "cannot reuse already awaited coroutine",
        True,
    )


def test_dropping_an_unawaited_coroutine_drops_the_future():
    """A coroutine never awaited, dropped, drops its future and what it holds."""
    made, dropped = t.guard_counts()
    kept = Kept()
    ref = weakref.ref(kept)
    coro = t.hold(kept, 10)
    del kept
    assert ref() is not None
    del coro
    gc.collect()
    assert ref() is None
    # The guard is made inside the future, which never ran.
    assert t.guard_counts() == (made, dropped)


def test_wait_for_timeout_leaves_no_pending_task_or_warning(caplog):
    """`wait_for(sleep(10), 0.01)` times out cleanly: the loop closes with no pending
    task, no asyncio error logged, no warning."""
    errors = []

    async def main():
        asyncio.get_running_loop().set_exception_handler(lambda loop, ctx: errors.append(ctx))
        try:
            await asyncio.wait_for(t.sleep(10), 0.01)
        except asyncio.TimeoutError:
            pass
        else:
            raise AssertionError("no timeout")
        # A later wake of the dropped future, if any, must not disturb the loop.
        await asyncio.sleep(0.01)
        return [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]

    with caplog.at_level(logging.DEBUG, logger="asyncio"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert asyncio.run(main()) == []
            gc.collect()
    assert errors == []
    assert [str(w.message) for w in caught] == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "Task was destroyed but it is pending" not in caplog.text


def test_a_wake_after_cancelling_is_harmless(caplog):
    """The waker of a dropped future may still be called (the timer keeps it): while the
    loop runs, the cancelled task is not resumed; after the loop closed, nothing happens
    and nothing is reported."""
    errors = []

    async def main():
        asyncio.get_running_loop().set_exception_handler(lambda loop, ctx: errors.append(ctx))
        in_loop = asyncio.create_task(t.sleep(0.02, "late"))
        after_close = asyncio.create_task(t.sleep(0.06, "later"))
        await asyncio.sleep(0.005)
        in_loop.cancel()
        after_close.cancel()
        # The first timer fires while the loop still runs.
        await asyncio.sleep(0.04)
        return in_loop.cancelled(), after_close.cancelled()

    with caplog.at_level(logging.DEBUG, logger="asyncio"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert asyncio.run(main()) == (True, True)
            # The second fires now, on the timer thread, for a closed loop.
            threading.Event().wait(0.05)
            gc.collect()
    assert errors == []
    assert [str(w.message) for w in caught] == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


# The coroutine protocol, as Python's.


def test_send_non_none_to_a_just_started_coroutine():
    """`send(1)` to a just-started coroutine raises `TypeError` and leaves it startable,
    as for an `async def`."""
    for coro in (t.add_now(1, 2), py_add_now(1, 2)):
        with pytest.raises(TypeError, match="can't send non-None value to a just-started"):
            coro.send(1)
        with pytest.raises(StopIteration) as info:
            coro.send(None)
        assert info.value.value == 3


def test_reusing_a_finished_coroutine():
    """A finished coroutine raises `RuntimeError` on `send` and on a second `await`."""
    for make in (lambda: t.add_now(1, 2), lambda: py_add_now(1, 2)):
        coro = make()

        async def twice():
            first = await coro
            try:
                await coro
            except RuntimeError as e:
                return first, str(e)
            return first, "awaited twice"

        assert asyncio.run(twice()) == (3, "cannot reuse already awaited coroutine")
        with pytest.raises(RuntimeError, match="cannot reuse already awaited coroutine"):
            coro.send(None)


def test_reusing_a_coroutine_that_raised():
    """A coroutine whose error was raised is finished, as for an `async def`."""

    def run(f):
        async def main():
            coro = f("boom")
            try:
                await coro
            except ValueError:
                pass
            try:
                coro.send(None)
            except RuntimeError as e:
                return str(e)
            return "sent"

        return asyncio.run(main())

    assert run(t.fail_later) == run(py_fail_later) == "cannot reuse already awaited coroutine"


def test_close_on_an_unstarted_coroutine():
    """`close()` before the first `send` finishes it: `send` then raises `RuntimeError`,
    and a second `close()` does nothing."""
    for coro in (t.add_now(1, 2), py_add_now(1, 2)):
        assert coro.close() is None
        with pytest.raises(RuntimeError, match="cannot reuse already awaited coroutine"):
            coro.send(None)
        assert coro.close() is None


def test_throw_on_an_unstarted_coroutine():
    """`throw(exc)` before the first `send` raises `exc` and finishes the coroutine."""
    for coro in (t.add_now(1, 2), py_add_now(1, 2)):
        exc = Thrown("early")
        with pytest.raises(Thrown) as info:
            coro.throw(exc)
        assert info.value is exc
        with pytest.raises(RuntimeError, match="cannot reuse already awaited coroutine"):
            coro.send(None)


def test_throw_forms():
    """`throw(Type)`, `throw(Type, value)` (a value, a tuple of arguments, an instance),
    `throw(instance)`, and the errors for `throw(instance, value)` and for a
    non-exception, as for an `async def` (whose 2-argument form warns on 3.12+)."""

    def thrown(make, *args):
        coro = make()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            try:
                coro.throw(*args)
            except BaseException as e:  # noqa: BLE001
                return type(e), e.args
            finally:
                coro.close()
        return "no exception"

    instance = Thrown("inst")
    cases = [
        (Thrown,),
        (Thrown, "v"),
        (Thrown, ("a", "b")),
        (Thrown, instance),
        (instance,),
        (instance, "v"),
        (42,),
        (int,),
    ]
    for args in cases:
        abide = thrown(lambda: t.add_now(1, 2), *args)
        python = thrown(lambda: py_add_now(1, 2), *args)
        assert abide == python, args
    assert thrown(lambda: t.add_now(1, 2), Thrown, ("a", "b")) == (Thrown, ("a", "b"))
    assert thrown(lambda: t.add_now(1, 2), instance, "v")[0] is TypeError
    assert thrown(lambda: t.add_now(1, 2), 42)[0] is TypeError


def test_names_and_repr():
    """`__name__`, `__qualname__` are the function's; the repr names it."""
    coro = t.sleep(0)
    py_coro = py_sleep(0)
    assert coro.__name__ == coro.__qualname__ == "sleep"
    assert py_coro.__name__ == py_coro.__qualname__ == "py_sleep"
    assert "coroutine object sleep" in repr(coro)
    assert "coroutine object py_sleep" in repr(py_coro)
    assert t.call_around.__name__ == "call_around"
    assert t.call_around(print, print).__qualname__ == "call_around"
    coro.close()
    py_coro.close()


def test_asyncio_sees_a_coroutine_inspect_does_not():
    """`asyncio.iscoroutine` accepts it (so `create_task` and `run` do); `inspect`'s
    checks are for Python's own coroutine type only (a documented difference)."""
    coro = t.sleep(0)
    assert asyncio.iscoroutine(coro)
    assert inspect.isawaitable(coro)
    assert not inspect.iscoroutine(coro)
    assert coro.__await__() is coro
    assert type(coro).__name__ == "Coroutine"
    assert type(coro).__module__ == "abide"
    coro.close()


def test_no_never_awaited_warning():
    """A Python coroutine never awaited warns `RuntimeWarning`; abide's does not (a
    documented difference)."""

    async def py_never_awaited():
        pass

    def warned(make, name):
        # Only warnings about this coroutine count (not one that an earlier test left).
        gc.collect()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            coro = make()
            del coro
            gc.collect()
        return [(w.category, str(w.message)) for w in caught if name in str(w.message)]

    name = py_never_awaited.__qualname__
    assert warned(py_never_awaited, name) == [
        (RuntimeWarning, f"coroutine '{name}' was never awaited")
    ]
    assert warned(lambda: t.echo_later(None), "'echo_later'") == []


def test_send_outside_a_loop():
    """A future ready at once needs no loop: `send(None)` raises `StopIteration` with the
    result. One that must wait raises `RuntimeError` about the event loop, as
    `asyncio.sleep` does outside a loop."""
    with pytest.raises(StopIteration) as info:
        t.add_now(1, 2).send(None)
    assert info.value.value == 3
    with pytest.raises(StopIteration) as info:
        t.ready().send(None)
    assert info.value.value == "ready"

    coro = t.sleep(0.01)
    with pytest.raises(RuntimeError, match="event loop"):
        coro.send(None)
    py_coro = py_sleep(0.01)
    with pytest.raises(RuntimeError, match="event loop"):
        py_coro.send(None)


def test_a_coroutine_that_raised_outside_a_loop_is_finished():
    """The `RuntimeError` raised outside a loop came out of the coroutine, so the coroutine
    is finished: a second `send` raises "cannot reuse", and the future is dropped at once
    (what it holds is freed), as for an `async def`."""

    def after_raising(hold):
        kept = Kept()
        ref = weakref.ref(kept)
        coro = hold(kept, 10)
        del kept
        with pytest.raises(RuntimeError, match="event loop"):
            coro.send(None)
        gc.collect()
        freed = ref() is None
        try:
            coro.send(None)
            again = "sent"
        except RuntimeError as e:
            again = str(e)
        coro.close()
        return freed, again

    python = after_raising(py_hold)
    assert python == (True, "cannot reuse already awaited coroutine")
    assert after_raising(t.hold) == python


# Context variables.

var = contextvars.ContextVar("var")
set_by_before = contextvars.ContextVar("set_by_before")


def test_callbacks_run_in_the_task_context():
    """Python code the future calls, before and after a suspension, sees the context of
    the Task driving it, as for an `async def`."""

    def run(call_around):
        async def main():
            var.set("in main")
            return await call_around(var.get, var.get)

        return asyncio.run(main())

    assert run(t.call_around) == run(py_call_around) == ("in main", "in main")


def test_a_variable_set_in_one_step_is_seen_in_the_next():
    """A context variable set by `before` (step 1) is seen by `after` (step 2, after the
    suspension), and stays in the task's own context."""

    def run(call_around):
        def before():
            set_by_before.set("set in step 1")
            return "before"

        async def main():
            direct = await call_around(before, lambda: set_by_before.get("unset"))
            main_sees = set_by_before.get("unset")
            set_by_before.set("reset")
            in_task = await asyncio.create_task(
                call_around(before, lambda: set_by_before.get("unset"))
            )
            # The child task ran in a copy of the context: main does not see its set.
            return direct, main_sees, in_task, set_by_before.get("unset")

        return asyncio.run(main())

    assert run(t.call_around) == run(py_call_around)
    assert run(t.call_around) == (
        ("before", "set in step 1"),
        "set in step 1",
        ("before", "set in step 1"),
        "reset",
    )


def test_concurrent_tasks_keep_their_own_values():
    """Tasks running at once, each with its own value, each see their own."""

    def run(call_around):
        async def worker(value):
            var.set(value)
            return await call_around(var.get, var.get)

        async def main():
            return await asyncio.gather(*(worker(f"task {i}") for i in range(20)))

        return asyncio.run(main())

    assert run(t.call_around) == run(py_call_around)
    assert run(t.call_around) == [(f"task {i}", f"task {i}") for i in range(20)]


# Threads.


def test_event_loops_in_eight_threads():
    """Eight threads, each running its own loop over many abide coroutines at once, all
    get their own right results."""
    results = {}
    errors = []

    def run(k):
        async def main():
            slept = asyncio.gather(*(t.sleep(0.001 * (i % 3), (k, i)) for i in range(500)))
            threaded = asyncio.gather(*(t.from_thread(k * 1000 + i) for i in range(20)))
            return await asyncio.gather(slept, threaded)

        try:
            results[k] = asyncio.run(main())
        except BaseException as e:  # noqa: BLE001
            errors.append((k, e))

    threads = [threading.Thread(target=run, args=(k,)) for k in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert not any(th.is_alive() for th in threads)
    assert errors == []
    assert results == {
        k: [[(k, i) for i in range(500)], [k * 1000 + i for i in range(20)]] for k in range(8)
    }


# --- a cancel handle: the exception thrown in is handed to the future -----------------


async def py_cancellable_sleep(seconds, label):
    """What `cancellable_sleep` does, in Python: catch what is thrown in, and return."""
    try:
        await asyncio.sleep(seconds)
    except BaseException as e:  # noqa: BLE001 - the point is to catch it
        return f"{label}: {type(e).__name__}"
    return f"{label}: slept"


@pytest.mark.parametrize("impl", [t.cancellable_sleep, py_cancellable_sleep], ids=["abide", "python"])
def test_a_cancel_handle_lets_the_future_answer_a_cancel(impl):
    async def main():
        done = await impl(0.001, "a")
        task = asyncio.ensure_future(impl(10, "b"))
        await asyncio.sleep(0.005)
        task.cancel()
        return done, await task, task.cancelled()

    assert asyncio.run(main()) == ("a: slept", "b: CancelledError", False)


@pytest.mark.parametrize("impl", [t.cancellable_sleep, py_cancellable_sleep], ids=["abide", "python"])
def test_a_cancel_handle_receives_what_throw_raises(impl):
    async def main():
        coro = impl(10, "c")
        assert coro.send(None) is not None
        with pytest.raises(StopIteration) as stop:
            coro.throw(ValueError("x"))
        # The coroutine is finished: reusing it raises.
        with pytest.raises(RuntimeError, match="cannot reuse already awaited coroutine"):
            coro.send(None)
        return stop.value.value

    assert asyncio.run(main()) == "c: ValueError"


def test_the_cancel_handle_is_not_a_python_parameter():
    assert t.cancellable_sleep.__text_signature__ == "($module, /, seconds, label)"
    with pytest.raises(TypeError, match="takes 2 positional arguments but 3 were given"):
        t.cancellable_sleep(1, "x", 3)
    with pytest.raises(TypeError, match="unexpected keyword argument 'cancel'"):
        t.cancellable_sleep(1, "x", cancel=None)


def test_close_drops_a_future_with_a_cancel_handle():
    async def main():
        coro = t.cancellable_sleep(10, "d")
        coro.send(None)
        coro.close()
        with pytest.raises(RuntimeError, match="cannot reuse already awaited coroutine"):
            coro.send(None)

    asyncio.run(main())


async def py_call_later(f, seconds):
    await asyncio.sleep(seconds)
    return f()


@pytest.mark.parametrize("impl", [t.call_later, py_call_later], ids=["abide", "python"])
def test_a_coroutine_sending_into_itself_is_already_executing(impl):
    """Re-entering a running coroutine (a callback inside it sends into it) raises
    `ValueError`, as CPython's coroutines do; the coroutine itself goes on."""
    holder = {}

    def reenter():
        with pytest.raises(ValueError, match="already executing"):
            holder["coro"].send(None)
        return "went on"

    async def main():
        holder["coro"] = impl(reenter, 0.001)
        return await holder["coro"]

    assert asyncio.run(main()) == "went on"


def _open_fds():
    return len(os.listdir("/proc/self/fd"))


def test_each_loop_wake_socket_is_closed_with_its_loop():
    """A loop gets a socket pair for wakes from other threads the first time an abide
    coroutine suspends on it (two descriptors, besides the loop's own), and releasing the
    loop closes it."""
    gc.collect()
    before = _open_fds()
    loops = []
    for _ in range(20):
        loop = asyncio.new_event_loop()
        # Certain to suspend (a 10 s timer), then cancelled.
        with pytest.raises(TimeoutError):
            loop.run_until_complete(asyncio.wait_for(t.hold([], 10), 0.001))
        loop.close()
        loops.append(loop)
    # Closed loops keep only abide's pair (asyncio closed its own self-pipe).
    assert _open_fds() - before == 2 * len(loops)
    del loop, loops
    gc.collect()
    assert _open_fds() <= before
