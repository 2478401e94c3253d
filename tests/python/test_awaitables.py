"""Awaitable classes written in Rust: `__await__`, `__aiter__` and `__anext__` fill the
`am_*` slots, so `await`, `async for`, `anext()` and `asyncio.gather` use them."""

import asyncio
import inspect
import signal
import subprocess
import sys
import threading

import testmod as t


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


def test_await_gives_the_result_and_lets_other_tasks_run():
    result, turns = asyncio.run(_count_ticks(t.Delayed(3, "done")))
    assert result == "done"
    # Each bare yield of the iterator is one turn of the loop for the other task.
    assert turns >= 3


def test_awaiting_without_steps_does_not_yield():
    result, turns = asyncio.run(_count_ticks(t.Delayed(0, 42)))
    assert (result, turns) == (42, 0)


def test_instances_are_awaitable_and_can_be_awaited_twice():
    d = t.Delayed(1, [1, 2])
    assert inspect.isawaitable(d)

    async def twice():
        return await d, await d

    first, second = asyncio.run(twice())
    assert first == second == [1, 2]
    assert first is second


def test_gather_runs_many_at_once():
    async def main():
        return await asyncio.gather(*(t.Delayed(i % 4, i) for i in range(200)))

    assert asyncio.run(main()) == list(range(200))


class PyCountdown:
    """The same asynchronous iterator written in Python, to compare with."""

    def __init__(self, n):
        self.left = n

    def __aiter__(self):
        return self

    def __anext__(self):
        if self.left == 0:
            raise StopAsyncIteration
        self.left -= 1
        return asyncio.sleep(0, result=self.left)


def test_async_for_and_anext_as_for_a_python_class():
    for cls in (t.Countdown, PyCountdown):

        async def collect():
            return [x async for x in cls(3)]

        assert asyncio.run(collect()) == [2, 1, 0]
        c = cls(1)
        assert aiter(c) is c

        async def step():
            return await anext(c)

        assert asyncio.run(step()) == 0
        # `__anext__` raises at once, before there is anything to await: `anext()` passes
        # that on, for the Python class as well.
        try:
            asyncio.run(step())
        except StopAsyncIteration:
            pass
        else:
            raise AssertionError(f"{cls.__name__}: anext() at the end did not raise")


# `anext(it, default)` once the iterator is exhausted, for a class whose `__anext__` raises
# at once. (With a default and an awaitable whose `__await__` returns a new iterator each
# time, CPython's `anext()` asks for a new iterator at every step and never finishes, for
# a class written in Python too; so the default is only tried at the end.)
ANEXT_WITH_DEFAULT_AT_END = (
    "import asyncio, sys\nimport testmod as t\n\n"
    + inspect.getsource(PyCountdown)
    + """
cls = t.Countdown if sys.argv[1] == "abide" else PyCountdown
c = cls(0)

async def step_or_default():
    return await anext(c, "empty")

try:
    print("returned", asyncio.run(step_or_default()))
except StopAsyncIteration:
    print("raised StopAsyncIteration")
"""
)


def test_anext_with_a_default_at_the_end_as_for_a_python_class():
    # In a fresh process per class: CPython 3.11.7 and 3.12.1 crash here for the class
    # written in Python as well (`anext()` passes the NULL of a raising `__anext__` on to
    # its default wrapper), so what is compared is the whole outcome, exit status included.
    def outcome(which):
        out = subprocess.run(
            [sys.executable, "-c", ANEXT_WITH_DEFAULT_AT_END, which],
            capture_output=True,
            text=True,
            timeout=60,
        )
        return out.returncode, out.stdout.strip()

    python_class = outcome("python")
    assert outcome("abide") == python_class
    # Where CPython does not crash, `anext()` passes the exception on instead of giving
    # the default, for both.
    assert python_class in [(0, "raised StopAsyncIteration"), (-signal.SIGSEGV, "")]
    if sys.version_info >= (3, 13):
        assert python_class == (0, "raised StopAsyncIteration")


def test_event_loops_in_several_threads():
    results = {}

    def run(k):
        async def main():
            return await asyncio.gather(*(t.Delayed(i % 3, (k, i)) for i in range(50)))

        results[k] = asyncio.run(main())

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert results == {k: [(k, i) for i in range(50)] for k in range(4)}
