from __future__ import annotations

"""Awaiting an `async fn` (issue 18): one that returns at once, and one woken once from
another thread, in abide and PyO3 (`experimental-async`), against an `async def` doing
the same in Python. The Rust functions are in modules of their own, `bench_abide_async`
and `bench_pyo3_async` (each bench crate built with `--features async`), so that the
async machinery does not weigh on the size of `bench_abide` and `bench_pyo3`. The C
module has no counterpart (the C API has no `async` function: it would take a whole
coroutine type written by hand).

Inside one `asyncio.run`, `N` sequential `await f(1, 2)` are timed with
`perf_counter()`, minus the same loop with nothing in it; the figure is microseconds per
call. Implementations interleave within each round (their order rotated between rounds);
the figure is the median of the rounds, each round keeping the best of `best_of` runs for
the ready row and one run for the others. An untimed pass then records what each await
yielded to the Task: in the woken rows, one asyncio future not yet done (a suspension,
then a wake from the other thread), and nothing in the ready row, or the row did not
measure what it says.

The woken rows' futures wait on a one-shot channel that another thread sends on
(`wake.rs`, the same file in both Rust crates): the first poll stores the waker and parks
a request; a loop callback (`loop.call_soon(release)` before each `await`, which runs
once the coroutine has suspended) hands it to the thread, whose send wakes the future
from there, and the framework's waker resolves the asyncio future the coroutine waits on
through `loop.call_soon_threadsafe`. The Python reference suspends on an asyncio future
that its thread resolves through `loop.call_soon_threadsafe`. Requests are parked because
a thread that answers at once often answers while the coroutine is still being polled,
which both frameworks take as a cheaper path (the coroutine yields to the loop without an
asyncio future): the rows would measure a mix of two paths, in proportions set by thread
scheduling.

The thread is a long-lived helper fed through a queue (a std mpsc channel in Rust, a
`queue.SimpleQueue` in Python): a plain Rust thread, which each wake attaches to Python
anew; or one that keeps a Python thread state (attached once, then detached for its
lifetime), as a Python thread does; or, for comparison, a thread spawned per call.

All the threads of this measurement run on one CPU (`sched_setaffinity`, where there
is one), so that the figures are the work of the wake path and not the latency of waking
a thread on another CPU, which on a virtual machine alternates between a few and a
hundred microseconds from one run to the next.
"""

import asyncio
import os
import queue
import statistics
import sys
import threading
import time
import types
from pathlib import Path

from common import module_files

# The reference column first, then the modules that have the functions.
PYTHON = "python"
KEYS = [PYTHON, "abide", "pyo3"]
# (label, function name, kind): "ready" rows run `calls["ready"]` awaits per run, "woken"
# rows `calls["woken"]` (each a trip through the event loop and another thread), the
# "spawned" row `calls["spawned"]` (each also starts a thread: fewer, to keep it short).
OPERATIONS = [
    ("awaiting an `async fn` that returns at once: `await ready_add(1, 2)`",
     "ready_add", "ready"),
    ("awaiting an `async fn` woken once from another thread (a Rust helper thread): "
     "`await woken_add(1, 2)`", "woken_add", "woken"),
    ("the same, the helper thread keeping a Python thread state: "
     "`await registered_add(1, 2)`", "registered_add", "woken"),
    ("the same, woken from a thread spawned per call: `await spawned_add(1, 2)`",
     "spawned_add", "spawned"),
]
# The kinds whose awaits are woken from another thread.
WOKEN_KINDS = ("woken", "spawned")
# An implementation that does not finish one check call within this many seconds is
# reported as hung (a waker that never wakes) instead of stopping the runner.
CHECK_TIMEOUT = 10.0


# --- The Python reference -------------------------------------------------------------

_requests: queue.SimpleQueue = queue.SimpleQueue()
_helper_lock = threading.Lock()
_helper = None
# What `_release()` does next: the requests parked since the last call.
_parked = []


def _helper_loop():
    while True:
        loop, future, value = _requests.get()
        loop.call_soon_threadsafe(future.set_result, value)


def _start_helper():
    global _helper
    with _helper_lock:
        if _helper is None:
            _helper = threading.Thread(target=_helper_loop, name="bench-waker", daemon=True)
            _helper.start()


def _spawn(loop, future, value):
    threading.Thread(target=loop.call_soon_threadsafe, args=(future.set_result, value),
                     daemon=True).start()


async def _ready_add(a, b):
    return a + b


async def _woken_add(a, b):
    """Suspends on an asyncio future that the helper thread resolves once released."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    _parked.append(lambda: _requests.put((loop, future, a + b)))
    return await future


async def _spawned_add(a, b):
    """Suspends on an asyncio future that a new thread resolves once released."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    _parked.append(lambda: _spawn(loop, future, a + b))
    return await future


def _release():
    """Sends the parked requests; returns how many."""
    parked = _parked[:]
    _parked.clear()
    for request in parked:
        request()
    return len(parked)


# A Python thread always keeps its thread state: `registered_add` is `woken_add`.
PYTHON_REFERENCE = types.SimpleNamespace(
    ready_add=_ready_add, woken_add=_woken_add, registered_add=_woken_add,
    spawned_add=_spawned_add, release=_release)


# --- Measurement ----------------------------------------------------------------------

async def _timed(f, n):
    t0 = time.perf_counter()
    for _ in range(n):
        await f(1, 2)
    return time.perf_counter() - t0


async def _timed_released(f, release, n):
    """The woken rows: each call's request is released by a loop callback, which runs
    once the coroutine has suspended."""
    call_soon = asyncio.get_running_loop().call_soon
    t0 = time.perf_counter()
    for _ in range(n):
        call_soon(release)
        await f(1, 2)
    return time.perf_counter() - t0


async def _timed_empty(n):
    t0 = time.perf_counter()
    for _ in range(n):
        pass
    return time.perf_counter() - t0


def _describe(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}"[:200]


async def _check(f, release):
    """None if `await f(1, 2)` returns 3 in time, else what went wrong."""
    try:
        async with asyncio.timeout(CHECK_TIMEOUT):
            if release is not None:
                asyncio.get_running_loop().call_soon(release)
            got = await f(1, 2)
    except TimeoutError:
        return f"hung: no result within {CHECK_TIMEOUT:g} s"
    except BaseException as e:  # noqa: BLE001 - a failure is a result
        return _describe(e)
    return None if got == 3 else f"wrong result {got!r}"


class _Spy:
    """Awaits `awaitable` and records what it yields to the Task: "pending" for an
    asyncio future not yet done (a suspension), "done" for one already done, "bare" for
    anything else (a bare yield, which asyncio answers by resuming at once)."""

    def __init__(self, awaitable, record):
        self.awaitable, self.record = awaitable, record

    def __await__(self):
        inner = self.awaitable.__await__()
        value = None
        while True:
            try:
                out = inner.send(value)
            except StopIteration as stop:
                return stop.value
            if getattr(out, "_asyncio_future_blocking", None) is None:
                self.record.append("bare")
            else:
                self.record.append("done" if out.done() else "pending")
            value = yield out


async def _suspensions(f, release, n):
    """How `n` awaits of `f(1, 2)` suspended: {"once": awaits that yielded exactly one
    pending asyncio future, "yields": everything yielded, by kind}."""
    call_soon = asyncio.get_running_loop().call_soon
    once, yields = 0, {}
    for _ in range(n):
        record = []
        if release is not None:
            call_soon(release)
        await _Spy(f(1, 2), record)
        once += record == ["pending"]
        for kind in record:
            yields[kind] = yields.get(kind, 0) + 1
    return {"once": once, "yields": yields}


async def _bench(impls, rounds, best_of, calls, verify_calls):
    """impls: {key: namespace with the functions}. See bench_async."""
    repeats = {"ready": best_of, "woken": 1, "spawned": 1}
    result = {"us": {}, "samples": {}, "errors": {}, "suspensions": {},
              "calls": calls, "best_of": repeats, "rounds": rounds,
              "verify_calls": verify_calls}
    timers = {}  # (label, key) -> an async function of the number of awaits
    checks = {}  # (label, key) -> (function, release or None)
    for label, name, kind in OPERATIONS:
        for key in KEYS:
            impl = impls.get(key)
            if impl is None:
                continue
            f = getattr(impl, name, None)
            woken = kind in WOKEN_KINDS
            release = getattr(impl, "release", None) if woken else None
            if f is None or (woken and release is None):
                error = f"missing: the module has no `{name}`"
            else:
                error = await _check(f, release)
            if error is not None:
                result["errors"].setdefault(label, {})[key] = error
            else:
                checks[label, key] = (f, release)
                if release is None:
                    timers[label, key] = lambda n, f=f: _timed(f, n)
                else:
                    timers[label, key] = lambda n, f=f, r=release: _timed_released(f, r, n)
    samples = {k: [] for k in timers}
    empty = {kind: [] for kind in calls}
    for r in range(rounds):
        shift = r % len(KEYS)
        rotated = KEYS[shift:] + KEYS[:shift]
        for kind, n in calls.items():
            runs = [await _timed_empty(n) for _ in range(repeats[kind])]
            empty[kind].append(min(runs) / n)
        for label, _name, kind in OPERATIONS:
            for key in rotated:
                timed = timers.get((label, key))
                if timed is not None:
                    runs = [await timed(calls[kind]) for _ in range(repeats[kind])]
                    samples[label, key].append(min(runs) / calls[kind])
    empty_s = {kind: statistics.median(v) for kind, v in empty.items()}
    result["empty_ns"] = {kind: v * 1e9 for kind, v in empty_s.items()}
    kinds = {label: kind for label, _, kind in OPERATIONS}
    for (label, key), v in samples.items():
        e = empty_s[kinds[label]]
        result["us"].setdefault(label, {})[key] = (statistics.median(v) - e) * 1e6
        result["samples"].setdefault(label, {})[key] = [(s - e) * 1e6 for s in v]
    for (label, key), (f, release) in checks.items():
        result["suspensions"].setdefault(label, {})[key] = await _suspensions(
            f, release, verify_calls)
    return result


def _pin_to_one_cpu():
    """Pins the calling thread (and so the threads it starts) to one CPU it may run on;
    returns (the CPU, the affinity to restore), or (None, None) where there is no
    `sched_setaffinity`."""
    if not hasattr(os, "sched_setaffinity"):
        return None, None
    allowed = os.sched_getaffinity(0)
    cpu = min(allowed)
    os.sched_setaffinity(0, {cpu})
    return cpu, allowed


def import_async_modules(so_dir: Path, log):
    """({"abide": bench_abide_async or None, "pyo3": ...}, {key: why it is None}) from
    `so_dir`. run.sh writes `bench_<key>_async.build-error.txt` there when a module
    failed to build (PyO3's `experimental-async` may: a result, not a failure)."""
    if str(so_dir) not in sys.path:
        sys.path.insert(0, str(so_dir))
    mods, why = {}, {}
    for key in KEYS[1:]:
        name = f"bench_{key}_async"
        try:
            mods[key] = __import__(name)
        except ImportError as e:
            mods[key] = None
            log_file = so_dir / f"{name}.build-error.txt"
            if log_file.exists():
                lines = log_file.read_text(errors="replace").splitlines()
                first = next((line for line in lines if line.startswith("error")),
                             lines[0] if lines else "")
                why[key] = f"failed to build: {first.strip()}"[:200]
            else:
                why[key] = f"failed to import: {e}"[:200]
            log(f"cannot import {name}: {why[key]}")
    return mods, why


def bench_async(so_dir, log, rounds, best_of, calls_ready, calls_woken, calls_spawned,
                verify_calls=200):
    """Microseconds per `await f(1, 2)`, per operation and implementation.

    The Rust implementations are `bench_abide_async` and `bench_pyo3_async` in `so_dir`
    (one that is missing is reported, in "modules", with why). The ready row keeps the
    best of `best_of` runs of `calls_ready` awaits per round, the woken rows one run of
    `calls_woken`, the spawned row one of `calls_spawned`. Returns {"us": {label: {key:
    median us}}, "samples": {label: {key: [us per round, ...]}}, "errors": {label: {key:
    what failed}}, "suspensions": {label: {key: how `verify_calls` awaits, untimed,
    suspended (see `_suspensions`)}}, "empty_ns": {kind: the
    empty loop's ns per iteration}, "modules": {key: None, or why the module is
    missing}, "files": the modules' files, "pinned_cpu", "calls", "best_of", "rounds",
    "verify_calls"}; keys as in KEYS.

    The calling thread is pinned to one CPU while it runs (and the helper threads it
    starts stay there); its affinity is restored afterwards.
    """
    mods, why = import_async_modules(so_dir, log)
    cpu, allowed = _pin_to_one_cpu()
    try:
        _start_helper()
        impls = {PYTHON: PYTHON_REFERENCE, **mods}
        calls = {"ready": calls_ready, "woken": calls_woken, "spawned": calls_spawned}
        result = asyncio.run(_bench(impls, rounds, best_of, calls, verify_calls))
    finally:
        if allowed is not None:
            os.sched_setaffinity(0, allowed)
    result["pinned_cpu"] = cpu
    result["modules"] = {key: why.get(key) for key in mods}
    result["files"] = module_files(mods)
    return result
