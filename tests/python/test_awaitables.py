"""Awaitable classes written in Rust: `__await__`, `__aiter__` and `__anext__` fill the
`am_*` slots, so `await`, `async for`, `anext()` and `asyncio.gather` use them."""

import asyncio
import inspect
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

        async def step_or_default():
            return await anext(c, "empty")

        assert asyncio.run(step()) == 0
        # `__anext__` raises at once, before there is anything to await: `anext()` passes
        # that on instead of giving the default, for the Python class as well. (With a
        # default and an awaitable whose `__await__` returns a new iterator each time,
        # CPython's `anext()` asks for a new iterator at every step and never finishes,
        # for a class written in Python too; so the default is only tried at the end.)
        for run in (step, step_or_default):
            try:
                asyncio.run(run())
            except StopAsyncIteration:
                pass
            else:
                raise AssertionError(f"{cls.__name__}: anext() at the end did not raise")


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
