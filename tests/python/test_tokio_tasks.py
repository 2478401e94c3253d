"""`examples/tokio_tasks`: Rust futures that need the tokio runtime, awaited from asyncio
(timers, spawned tasks, channels woken from tokio's worker threads), and Python
coroutines awaited from Rust (`abide::coroutine::await_py`)."""

import asyncio
import threading
import time

import pytest

import tokio_tasks as tt


def run(coro):
    return asyncio.run(coro)


def wait_until(predicate, timeout=10.0):
    """Polls `predicate` until it holds; False if it still does not after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.001)
    return predicate()


def test_sleep_on_tokio_timer_returns_the_value():
    assert run(tt.sleep(0.001, "done")) == "done"
    assert run(tt.sleep(0)) is None


def test_many_sleeps_at_once():
    async def main():
        return await asyncio.gather(*(tt.sleep(0.001 * (i % 7), i) for i in range(2000)))

    assert run(main()) == list(range(2000))


def test_bad_duration_is_a_value_error():
    with pytest.raises(ValueError, match="not a duration"):
        run(tt.sleep(-1.0))
    with pytest.raises(ValueError, match="not a duration"):
        run(tt.sleep(float("nan")))


def test_parallel_tasks_sum():
    n = 100_000
    expected = sum(x * x for x in range(n)) % 2**64
    assert run(tt.sum_squares(n, 4)) == expected
    assert run(tt.sum_squares(n, 1)) == expected
    with pytest.raises(ValueError):
        run(tt.sum_squares(n, 0))


def test_panic_in_a_tokio_task_raises_panic_exception():
    with pytest.raises(BaseException) as e:
        run(tt.panic_in_task(0.001))
    assert type(e.value).__name__ == "PanicException"
    assert "a tokio task panicked" in str(e.value)


def test_cancelling_the_coroutine_aborts_the_tokio_task():
    async def main():
        before = tt.running_tasks()
        task = asyncio.ensure_future(tt.sleep(60))
        # Wait (on the loop) until the tokio task is running.
        for _ in range(10_000):
            await asyncio.sleep(0.001)
            if tt.running_tasks() == before + 1:
                break
        assert tt.running_tasks() == before + 1
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return before

    before = run(main())
    assert wait_until(lambda: tt.running_tasks() == before)


def test_wait_for_timeout_aborts_the_tokio_task():
    before = tt.running_tasks()

    async def main():
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(tt.sleep(60), 0.01)

    run(main())
    assert wait_until(lambda: tt.running_tasks() == before)


def test_channel_woken_from_tokio_and_from_python():
    async def main():
        ch = tt.Channel()
        ch.send_later("from tokio", 0.005)
        first = await ch.recv()
        ch.send("from python")
        second = await ch.recv()
        ch.send_later(3, 0.002)
        ch.close()
        third = await ch.recv()
        fourth = await ch.recv()
        return first, second, third, fourth

    assert run(main()) == ("from tokio", "from python", 3, None)


def test_channel_receivers_take_turns():
    async def main():
        ch = tt.Channel()
        receivers = [asyncio.ensure_future(ch.recv()) for _ in range(50)]
        for i in range(50):
            ch.send_later(i, 0.001 * (i % 5))
        return sorted(await asyncio.gather(*receivers))

    assert run(main()) == list(range(50))


def test_awaiting_python_coroutines_from_rust():
    async def double(x):
        await asyncio.sleep(0)
        return 2 * x

    assert run(tt.map_async(double, [1, 2, 3])) == [2, 4, 6]


def test_python_exception_from_an_awaited_coroutine_propagates():
    async def boom(x):
        await asyncio.sleep(0)
        raise KeyError(x)

    with pytest.raises(KeyError):
        run(tt.map_async(boom, [1]))


def test_deadline_from_tokio_cancels_the_python_coroutine():
    cancelled = []

    async def slow():
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    async def fast():
        return "fast"

    async def main():
        assert await tt.with_deadline(fast(), 5.0) == "fast"
        with pytest.raises(TimeoutError):
            await tt.with_deadline(slow(), 0.01)
        # The cancelled Task runs its `except` on the loop's next turns.
        for _ in range(100):
            if cancelled:
                break
            await asyncio.sleep(0)

    run(main())
    assert cancelled == [True]


def test_cancelling_the_rust_coroutine_cancels_the_awaited_python_one():
    cancelled = []

    async def slow(x):
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.append(x)
            raise

    async def main():
        task = asyncio.ensure_future(tt.map_async(slow, ["a"]))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        for _ in range(100):
            if cancelled:
                break
            await asyncio.sleep(0)

    run(main())
    assert cancelled == ["a"]


def test_await_py_needs_a_running_loop_on_the_polling_thread():
    async def coro():
        return 1

    c = coro()
    m = tt.map_async(lambda _: c, [0])
    # Driven by hand, with no event loop: the first step needs the loop.
    with pytest.raises(RuntimeError, match="running asyncio event loop"):
        m.send(None)
    c.close()


def test_event_loops_on_eight_threads():
    results, errors = [], []

    def worker(k):
        async def main():
            values = await asyncio.gather(*(tt.sleep(0.001, k * 1000 + i) for i in range(200)))
            total = await tt.sum_squares(1000, 2)
            return values, total

        try:
            results.append((k, run(main())))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    expected_total = sum(x * x for x in range(1000))
    assert sorted(results) == [
        (k, ([k * 1000 + i for i in range(200)], expected_total)) for k in range(8)
    ]
