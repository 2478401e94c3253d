"""`examples/worker_pool`: CPU work split over Rust threads while the caller waits
detached, with progress reported to a Python callback through a handle to the caller's
interpreter (`abide::interpreter`), so that a subinterpreter's callback runs in that
subinterpreter. Results are compared with the same computation in pure Python."""

import inspect
import sys
import textwrap
import threading

import pytest

import worker_pool as wp
from worker_pool import Pool


def collatz(n):
    """The reference: how many Collatz steps take `n` to 1."""
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def current_interpreter_id():
    """The ID of the interpreter running this code, as `concurrent.interpreters` says (from
    3.14; before, the private module it is built on)."""
    if sys.version_info >= (3, 14):
        from concurrent import interpreters

        return interpreters.get_current().id
    if sys.version_info >= (3, 13):
        import _interpreters

        return _interpreters.get_current()[0]
    import _xxsubinterpreters

    return int(_xxsubinterpreters.get_current())


PANIC = "PanicException"


class Recorder:
    """A progress callback that records `(done, total, interpreter id, thread id)`."""

    def __init__(self):
        self.calls = []

    def __call__(self, done, total):
        self.calls.append((done, total, current_interpreter_id(), threading.get_ident()))

    @property
    def done(self):
        return [c[0] for c in self.calls]


def assert_reports(done, chunk_sizes):
    """`done` increased after each chunk, by the chunk's size (in any order: the last,
    shorter chunk may be reported before others), up to the total."""
    assert done == sorted(set(done)), done
    steps = [b - a for a, b in zip([0] + done, done)]
    assert sorted(steps) == sorted(chunk_sizes), done
    assert done[-1] == sum(chunk_sizes)


# -- results ----------------------------------------------------------------------------


@pytest.mark.parametrize("workers", [1, 2, 3, 8])
@pytest.mark.parametrize("chunk", [1, 7, 64, 5000])
def test_results_equal_pure_python_in_input_order(workers, chunk):
    items = list(range(1, 3001))
    assert wp.collatz_steps(items, workers, chunk=chunk) == [collatz(n) for n in items]


def test_unordered_and_repeated_items_keep_their_positions():
    items = [27, 1, 97, 27, 2**40 + 1, 6171, 1, 2]
    assert wp.collatz_steps(items, 3, chunk=2) == [collatz(n) for n in items]


def test_the_whole_u64_range():
    items = [2**64 - 1, 2**63, 2**63 + 1, 1980976057694848447]
    assert wp.collatz_steps(items, 2, chunk=1) == [collatz(n) for n in items]


def test_any_iterable_of_ints():
    assert wp.collatz_steps((n for n in range(1, 100)), 2) == [collatz(n) for n in range(1, 100)]
    assert wp.collatz_steps(range(1, 50), 4, chunk=3) == [collatz(n) for n in range(1, 50)]
    assert wp.collatz_steps((5, 6), 1) == [5, 8]


def test_empty_input_returns_an_empty_list_without_progress():
    rec = Recorder()
    assert wp.collatz_steps([], 4, rec) == []
    assert rec.calls == []


def test_more_workers_than_chunks():
    rec = Recorder()
    assert wp.collatz_steps([3, 7], 1000, rec, chunk=64) == [7, 16]
    assert rec.done == [2]


# -- progress ---------------------------------------------------------------------------


def test_progress_increases_chunk_by_chunk_to_total():
    items = list(range(1, 1001))
    rec = Recorder()
    assert wp.collatz_steps(items, 4, rec, chunk=64) == [collatz(n) for n in items]
    assert_reports(rec.done, [64] * 15 + [40])
    assert {c[1] for c in rec.calls} == {1000}


def test_progress_is_called_from_worker_threads_in_the_callers_interpreter():
    rec = Recorder()
    wp.collatz_steps(list(range(1, 2001)), 4, rec, chunk=10)
    assert len(rec.calls) == 200
    caller = threading.get_ident()
    assert all(c[3] != caller for c in rec.calls)
    assert {c[2] for c in rec.calls} == {current_interpreter_id()} == {0}


def test_progress_may_be_given_by_keyword_and_its_result_is_ignored():
    seen = []
    result = wp.collatz_steps([6, 7], workers=2, progress=lambda d, t: seen.append(d) or "ignored", chunk=1)
    assert result == [8, 16]
    assert sorted(seen) == seen == [1, 2]


def test_progress_calls_are_one_at_a_time():
    active = []
    overlaps = []

    def progress(done, total):
        active.append(done)
        if len(active) > 1:
            overlaps.append(tuple(active))
        # Give another worker every chance to come in meanwhile.
        threading.Event().wait(0.0005)
        active.remove(done)

    wp.collatz_steps(list(range(1, 401)), 8, progress, chunk=4)
    assert overlaps == []


def test_other_python_threads_run_while_the_caller_waits():
    # The first report waits for a Python thread that starts only once the report has
    # begun: it can run only if the caller and the worker are not holding the interpreter.
    reporting = threading.Event()
    other_ran = threading.Event()

    def other():
        reporting.wait(30)
        other_ran.set()

    t = threading.Thread(target=other)
    t.start()

    def progress(done, total):
        reporting.set()
        assert other_ran.wait(30), "no other Python thread ran during the call"

    try:
        assert wp.collatz_steps([1, 2, 3], 2, progress, chunk=2) == [0, 1, 7]
    finally:
        reporting.set()
        t.join()
    assert other_ran.is_set()


def test_concurrent_calls_from_python_threads_report_separately():
    errors = []

    def call(i):
        try:
            items = list(range(1 + i, 1001 + i))
            rec = Recorder()
            assert wp.collatz_steps(items, 3, rec, chunk=50) == [collatz(n) for n in items]
            assert rec.done == list(range(50, 1001, 50))
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_a_callback_may_run_the_pool_itself():
    inner = []

    def progress(done, total):
        inner.append(wp.collatz_steps([done], 2, chunk=1))

    assert wp.collatz_steps([3, 6, 9], 2, progress, chunk=1) == [7, 8, 19]
    assert inner == [[collatz(d)] for d in (1, 2, 3)]


# -- errors -----------------------------------------------------------------------------


class Stop(Exception):
    pass


def test_an_exception_in_progress_is_raised_and_stops_the_work():
    seen = []

    def progress(done, total):
        seen.append(done)
        if done >= 200:
            raise Stop(done)

    with pytest.raises(Stop) as e:
        wp.collatz_steps(range(1, 200_001), 4, progress, chunk=50)
    assert e.value.args == (200,)
    # Reports are one at a time and none follows a failed one.
    assert seen == [50, 100, 150, 200]


@pytest.mark.parametrize("exc", [KeyboardInterrupt, SystemExit, ValueError("bad")])
def test_any_exception_from_progress_propagates(exc):
    def progress(done, total):
        raise exc

    with pytest.raises(exc if isinstance(exc, type) else type(exc)):
        wp.collatz_steps([1, 2, 3], 2, progress, chunk=1)


def test_a_progress_callback_with_the_wrong_signature_is_a_type_error():
    with pytest.raises(TypeError):
        wp.collatz_steps([1, 2], 1, lambda: None)
    with pytest.raises(TypeError, match="not callable"):
        wp.collatz_steps([1, 2], 1, 42)


def test_a_panic_in_a_worker_raises_panic_exception_and_stops_the_others():
    seen = []
    with pytest.raises(BaseException) as e:
        wp.panic_in_worker(list(range(100_000)), 4, 500, lambda d, t: seen.append(d), chunk=10)
    assert type(e.value).__name__ == PANIC
    assert not isinstance(e.value, Exception)
    assert "worker panicked at item 500" in str(e.value)
    assert seen and seen[-1] < 100_000
    # The pool works as before afterwards.
    assert wp.panic_in_worker([1, 2, 3], 2, 0) == [1, 2, 3]


def test_workers_must_be_positive():
    with pytest.raises(ValueError, match="^workers must be at least 1$"):
        wp.collatz_steps([1], 0)
    with pytest.raises(OverflowError):
        wp.collatz_steps([1], -1)
    with pytest.raises(ValueError, match="^chunk must be at least 1$"):
        wp.collatz_steps([1], 1, chunk=0)


def test_items_must_be_positive_64_bit_integers():
    with pytest.raises(ValueError, match=r"^items must be positive: items\[2\] is 0$"):
        wp.collatz_steps([1, 2, 0, 3], 2)
    with pytest.raises(OverflowError, match="negative"):
        wp.collatz_steps([1, -5], 2)
    with pytest.raises(OverflowError):
        wp.collatz_steps([2**64], 2)


@pytest.mark.parametrize(
    "args",
    [
        (["1"], 1),
        ([1.5], 1),
        ("123", 1),
        (5, 1),
        (None, 1),
        ([1], "2"),
        ([1], 2.0),
    ],
)
def test_wrong_types_are_type_errors(args):
    with pytest.raises(TypeError, match=r"^collatz_steps\(\) argument '(items|workers)'"):
        wp.collatz_steps(*args)


def test_bad_arguments_are_reported_before_any_progress():
    rec = Recorder()
    with pytest.raises(ValueError):
        wp.collatz_steps([1, 2, 0], 2, rec)
    with pytest.raises(TypeError):
        wp.collatz_steps([1], 2, rec, chunk="1")
    with pytest.raises(TypeError):
        wp.collatz_steps([1], 2, rec, 64)  # chunk is keyword-only
    assert rec.calls == []


# -- Pool -------------------------------------------------------------------------------


def test_pool_keeps_its_configuration():
    pool = Pool(3, chunk=16)
    assert (pool.workers, pool.chunk) == (3, 16)
    assert repr(pool) == "Pool(3, chunk=16)"
    assert Pool(2).chunk == 64
    items = list(range(1, 200))
    rec = Recorder()
    assert pool.collatz_steps(items, rec) == [collatz(n) for n in items]
    assert_reports(rec.done, [16] * 12 + [7])
    assert pool.collatz_steps(items) == wp.collatz_steps(items, 3, chunk=16)


def test_pool_rejects_bad_configurations():
    with pytest.raises(ValueError, match="workers"):
        Pool(0)
    with pytest.raises(ValueError, match="chunk"):
        Pool(1, chunk=0)
    with pytest.raises(TypeError):
        Pool("4")
    with pytest.raises(AttributeError):
        Pool(1).workers = 2


# -- subinterpreters ------------------------------------------------------------------
#
# Run on every version: `concurrent.interpreters` from 3.14, the private module it is
# built on (the same interpreters, each with its own GIL from 3.12) before.


class SubinterpreterFailed(AssertionError):
    """A script run in a subinterpreter raised (the message names the exception)."""


class Subinterpreter:
    """A fresh subinterpreter that runs scripts; a failed `assert` in one fails the test."""

    def __init__(self):
        if sys.version_info >= (3, 14):
            from concurrent import interpreters

            self._interp = interpreters.create()
            self.id = self._interp.id
        elif sys.version_info >= (3, 13):
            import _interpreters

            self._interp = _interpreters.create()
            self.id = self._interp
        else:
            import _xxsubinterpreters

            self._interp = _xxsubinterpreters.create()
            self.id = int(self._interp)

    def run(self, script):
        # The helpers of this file are defined there too.
        script = "\n".join(
            [
                "import sys, threading",
                "import worker_pool as wp",
                inspect.getsource(collatz),
                inspect.getsource(current_interpreter_id),
                inspect.getsource(Recorder),
                f"SUB = {self.id}",
                "assert current_interpreter_id() == SUB != 0",
                textwrap.dedent(script),
            ]
        )
        if sys.version_info >= (3, 14):
            from concurrent import interpreters

            try:
                self._interp.exec(script)
            except interpreters.ExecutionFailed as e:
                raise SubinterpreterFailed(str(e)) from None
        elif sys.version_info >= (3, 13):
            import _interpreters

            failure = _interpreters.exec(self._interp, script)
            if failure is not None:
                raise SubinterpreterFailed(str(failure))
        else:
            import _xxsubinterpreters

            try:
                _xxsubinterpreters.run_string(self._interp, script)
            except _xxsubinterpreters.RunFailedError as e:
                raise SubinterpreterFailed(str(e)) from None

    def close(self):
        if sys.version_info >= (3, 14):
            self._interp.close()
        elif sys.version_info >= (3, 13):
            import _interpreters

            _interpreters.destroy(self._interp)
        else:
            import _xxsubinterpreters

            _xxsubinterpreters.destroy(self._interp)


@pytest.fixture
def sub():
    s = Subinterpreter()
    yield s
    s.close()


def test_the_subinterpreter_helper_runs_in_another_interpreter(sub):
    assert sub.id != current_interpreter_id() == 0
    with pytest.raises(SubinterpreterFailed, match="AssertionError.*the helper reports failures"):
        sub.run("assert False, 'the helper reports failures'")


def test_progress_runs_in_the_calling_subinterpreter(sub):
    sub.run(
        """
        items = list(range(1, 2001))
        rec = Recorder()
        assert wp.collatz_steps(items, 4, rec, chunk=50) == [collatz(n) for n in items]
        assert rec.done == list(range(50, 2001, 50)), rec.done
        # Every callback ran in this subinterpreter, on a worker thread.
        assert {c[2] for c in rec.calls} == {SUB}, rec.calls
        assert threading.get_ident() not in {c[3] for c in rec.calls}
        """
    )
    # And the main interpreter's calls still run in the main interpreter.
    rec = Recorder()
    wp.collatz_steps([1, 2, 3], 2, rec, chunk=1)
    assert {c[2] for c in rec.calls} == {0}


def test_pool_in_a_subinterpreter(sub):
    sub.run(
        """
        pool = wp.Pool(3, chunk=8)
        rec = Recorder()
        assert pool.collatz_steps(range(1, 101), rec) == [collatz(n) for n in range(1, 101)]
        assert rec.done[-1] == 100 and {c[2] for c in rec.calls} == {SUB}
        """
    )


def test_an_exception_in_progress_propagates_in_the_subinterpreter(sub):
    sub.run(
        """
        class Stop(Exception):
            pass

        seen = []

        def progress(done, total):
            seen.append(done)
            if done >= 100:
                raise Stop(current_interpreter_id())

        try:
            wp.collatz_steps(range(1, 100_001), 4, progress, chunk=25)
        except Stop as e:
            assert e.args == (SUB,)
        else:
            raise AssertionError("Stop was not raised")
        assert seen == [25, 50, 75, 100], seen

        try:
            wp.collatz_steps([1, 2], 0)
        except ValueError as e:
            assert str(e) == "workers must be at least 1"
        else:
            raise AssertionError("workers=0 was accepted")
        """
    )


def test_a_worker_panic_in_a_subinterpreter_is_its_panic_exception(sub):
    sub.run(
        """
        try:
            wp.panic_in_worker(list(range(10_000)), 3, 77, lambda d, t: None, chunk=10)
        except BaseException as e:
            assert type(e).__name__ == "PanicException", repr(e)
            assert "worker panicked at item 77" in str(e)
        else:
            raise AssertionError("no panic")
        """
    )


def test_two_subinterpreters_at_once_each_get_their_own_callbacks():
    ids = []
    errors = []

    def work():
        # Created, used and closed on one thread: on 3.11 and 3.12 a subinterpreter
        # that imported `threading` on one thread hangs when destroyed from another
        # (CPython's own, with or without this module).
        s = Subinterpreter()
        try:
            ids.append(s.id)
            s.run(
                """
                for _ in range(3):
                    rec = Recorder()
                    items = list(range(SUB, SUB + 3000))
                    assert wp.collatz_steps(items, 3, rec, chunk=100) == [collatz(n) for n in items]
                    assert {c[2] for c in rec.calls} == {SUB}, rec.calls
                """
            )
        except BaseException as e:  # noqa: BLE001
            errors.append(e)
        finally:
            s.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    # The main interpreter uses the pool meanwhile.
    rec = Recorder()
    assert wp.collatz_steps(range(1, 3001), 3, rec, chunk=100) == [collatz(n) for n in range(1, 3001)]
    assert {c[2] for c in rec.calls} == {0}
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(ids)) == 2 and 0 not in ids
