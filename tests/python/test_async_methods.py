"""`async fn` methods: the coroutine holds `&self` (a shared borrow) or `&mut self` (the
exclusive borrow) from the call that creates it until it finishes, is cancelled, closed
or dropped. The rules are the synchronous methods' (any number of readers, or one
writer), except that a conflict with a coroutine's borrow raises `RuntimeError` at once:
a suspended coroutine may need the very thread that would wait for it."""

import asyncio
import gc
import threading

import pytest

import testmod as t


def run(coro):
    return asyncio.run(coro)


def test_shared_and_exclusive_methods_give_their_results():
    async def main():
        c = t.AsyncCounter()
        return await c.get(0.001), await c.incr(0.001), await c.incr(0), c.value()

    assert run(main()) == (0, 1, 2, 2)


def test_readers_share_the_object():
    async def main():
        c = t.AsyncCounter()
        c.set(5)
        readers = [c.get(0.005) for _ in range(20)]
        # A synchronous reader joins the coroutines' shared borrows.
        during = c.value()
        return during, await asyncio.gather(*readers)

    during, results = run(main())
    assert during == 5
    assert results == [5] * 20


@pytest.mark.parametrize(
    "conflict", ["set", "incr"], ids=["sync-writer", "async-writer"]
)
def test_a_writer_raises_while_a_coroutine_reads(conflict):
    async def main():
        c = t.AsyncCounter()
        reader = c.get(0.005)
        with pytest.raises(RuntimeError, match="Already borrowed: a coroutine"):
            if conflict == "set":
                c.set(1)
            else:
                c.incr(0)
        assert await reader == 0
        # The borrow ended with the coroutine.
        c.set(3)
        return c.value()

    assert run(main()) == 3


@pytest.mark.parametrize(
    "conflict", ["value", "set", "get", "incr"]
)
def test_everything_raises_while_a_coroutine_writes(conflict):
    async def main():
        c = t.AsyncCounter()
        writer = c.incr(0.005)
        with pytest.raises(RuntimeError, match="Already mutably borrowed: a coroutine"):
            if conflict in ("value",):
                c.value()
            elif conflict == "set":
                c.set(1)
            else:
                getattr(c, conflict)(0)
        assert await writer == 1
        return c.value()

    assert run(main()) == 1


def test_the_borrow_ends_when_the_coroutine_is_dropped_unawaited():
    c = t.AsyncCounter()
    writer = c.incr(10)
    with pytest.raises(RuntimeError):
        c.value()
    del writer
    gc.collect()
    c.set(4)
    assert c.value() == 4


def test_the_borrow_ends_when_the_coroutine_is_closed_or_thrown_into():
    c = t.AsyncCounter()
    writer = c.incr(10)
    writer.close()
    c.set(1)
    writer = c.incr(10)
    with pytest.raises(KeyError):
        writer.throw(KeyError("stop"))
    c.set(2)
    assert c.value() == 2


def test_the_borrow_ends_when_the_task_is_cancelled():
    async def main():
        c = t.AsyncCounter()
        task = asyncio.ensure_future(c.incr(10))
        await asyncio.sleep(0.005)
        with pytest.raises(RuntimeError):
            c.value()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        c.set(9)
        return c.value()

    assert run(main()) == 9


def test_a_py_self_receiver_holds_no_borrow():
    async def main():
        c = t.AsyncCounter()
        pending = c.read_later(0.005)
        # Nothing is borrowed while it waits: a writer may run meanwhile.
        c.set(11)
        return await pending

    assert run(main()) == 11


def test_static_async_method():
    assert run(t.AsyncCounter.double(21)) == 42
    assert t.AsyncCounter.double(1).__qualname__ == "AsyncCounter.double"


def test_names_of_method_coroutines():
    c = t.AsyncCounter()
    coro = c.get(0)
    assert coro.__name__ == "get"
    assert coro.__qualname__ == "AsyncCounter.get"
    assert "AsyncCounter.get" in repr(coro)
    coro.close()


def test_frozen_class_async_method_survives_a_collection_while_pending():
    async def main():
        g = t.AsyncGreeter("Ada")
        pending = g.greet(0.005)
        del g
        gc.collect()
        return await pending

    assert run(main()) == "Hello, Ada!"


def test_event_loops_on_several_threads_share_one_reader():
    """Readers on 4 threads' loops at once (in parallel on the free-threaded build); each
    thread's own counter takes writers in turn."""
    shared = t.AsyncCounter()
    shared.set(7)
    errors = []
    results = []

    def worker():
        async def main():
            own = t.AsyncCounter()
            for _ in range(50):
                await own.incr(0)
            reads = await asyncio.gather(*(shared.get(0.001) for _ in range(50)))
            return own.value(), reads

        try:
            results.append(asyncio.run(main()))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert results == [(50, [7] * 50)] * 4
    shared.set(0)


def test_a_method_with_a_cancel_handle_finishes_its_work_when_cancelled():
    async def main():
        c = t.AsyncCounter()
        task = asyncio.ensure_future(c.incr_when_cancelled())
        await asyncio.sleep(0.005)
        # The coroutine holds the exclusive borrow while it waits.
        with pytest.raises(RuntimeError, match="Already mutably borrowed"):
            c.value()
        task.cancel()
        return await task, task.cancelled(), c.value()

    assert run(main()) == (1, False, 1)
