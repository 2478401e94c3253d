from __future__ import annotations

"""Threads: contention on one shared `Counter` and on one `Counter` per thread, and the
fairness to one writer (`incr`, a `&mut self` method) of readers calling `scan` (a slow
`&self` method) on the same object.

A reference that raises or loses counts is a result, not a crash of the runner: every
exception is caught, counted and reported. A writer that is starved inside one call
cannot hang the runner either: the readers are stopped when the cell's time is up (which
lets the writer in), and a thread still stuck after the timeout is reported as hung and
left behind (daemon threads)."""

import threading
import time
from array import array

HUNG = "hung"


def describe(e: BaseException) -> str:
    """How an exception is counted: its type and message."""
    return f"{type(e).__name__}: {e}"


def tally(counts: dict, what: str, n: int = 1):
    counts[what] = counts.get(what, 0) + n


def _start(targets, timeout):
    """Runs each callable of `targets` on its own daemon thread, released together;
    returns (seconds from release to the last join, names of threads that hung)."""
    barrier = threading.Barrier(len(targets) + 1)

    def wrap(fn):
        def run():
            barrier.wait()
            fn()
        return run

    workers = [threading.Thread(target=wrap(fn), daemon=True) for fn in targets]
    for w in workers:
        w.start()
    barrier.wait()
    t0 = time.perf_counter()
    deadline = t0 + timeout
    hung = []
    for i, w in enumerate(workers):
        w.join(max(0.0, deadline - time.perf_counter()))
        if w.is_alive():
            hung.append(i)
    return time.perf_counter() - t0, hung


def contention(mod, threads, calls, shared, timeout):
    """`threads` threads each call `incr()` `calls` times, all on one shared Counter
    (`shared`) or each on its own. A thread stops at its first exception (as a
    program would). The count must come out exact."""
    objs = [mod.Counter(0) for _ in range(1 if shared else threads)]
    done = [0] * threads
    errors = {}
    lock = threading.Lock()

    def worker(i):
        c = objs[0 if shared else i]

        def work():
            k = 0
            try:
                for k in range(calls):
                    c.incr()
                done[i] = calls
            except Exception as e:  # noqa: BLE001 - report whatever happens
                done[i] = k
                with lock:
                    tally(errors, describe(e))

        return work

    elapsed, hung = _start([worker(i) for i in range(threads)], timeout)
    if hung:
        tally(errors, HUNG, len(hung))
    expected = threads * calls
    final = sum(c.get() for c in objs) if not hung else None
    return {
        "objects": "shared" if shared else "per-thread",
        "threads": threads,
        "calls_per_thread": calls,
        "seconds": elapsed,
        "calls_per_s": sum(done) / elapsed,
        "completed": sum(done),
        "final": final,
        "expected": expected,
        "exceptions": errors,
        "hung": len(hung),
        "ok": final == expected and not errors,
    }


def bench_contention(mod, thread_counts, calls, repeats, timeout, log):
    """The contention cells of one module, shared then per-thread objects: each the
    fastest of `repeats` runs, or the first run that failed."""
    rows = []
    for shared in (True, False):
        for n in thread_counts:
            runs = []
            for _ in range(repeats):
                runs.append(contention(mod, n, calls, shared, timeout))
                if not runs[-1]["ok"]:
                    break
            r = runs[-1] if not runs[-1]["ok"] else max(runs, key=lambda r: r["calls_per_s"])
            r["runs"] = len(runs)
            rows.append(r)
            if not r["ok"]:
                log(f"  {mod.__name__} {r['objects']} x{n}: final {r['final']} of "
                    f"{r['expected']}, {r['exceptions']}")
    return rows


def timer_overhead_ns(n=100_000):
    """The median cost of the two `perf_counter_ns()` calls around each writer call."""
    clock = time.perf_counter_ns
    samples = array("q")
    for _ in range(n):
        t0 = clock()
        t1 = clock()
        samples.append(t1 - t0)
    return sorted(samples)[n // 2]


def scan_time_us(mod, scan_n, calls=2000):
    """One thread: microseconds per `scan(scan_n)` call (best of 3), and its result."""
    c = mod.Counter(5)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(calls):
            c.scan(scan_n)
        best = min(best, time.perf_counter() - t0)
    return best / calls * 1e6, c.scan(scan_n)


def fairness(mod, readers, seconds, max_calls, scan_n, timeout):
    """One writer calls `incr()` on a Counter for `seconds` (or `max_calls` calls)
    while `readers` threads call `scan(scan_n)` on the same Counter until the writer
    is done. Every call continues after an exception (counted). Reports the writer's
    successful calls/s and its per-call latency (mean, p99, max), the readers' calls/s,
    and whether the count equals the writer's successful calls."""
    c = mod.Counter(0)
    stop = threading.Event()
    lock = threading.Lock()
    w = {"errors": {}, "lat": array("q"), "seconds": 0.0, "done": False, "starved": False}
    r = {"calls": 0, "errors": {}}

    def writer():
        clock = time.perf_counter_ns
        lat, errors = w["lat"], w["errors"]
        start = t = clock()
        deadline = start + int(seconds * 1e9)
        while t < deadline and len(lat) < max_calls:
            t0 = clock()
            try:
                c.incr()
            except Exception as e:  # noqa: BLE001 - report whatever happens
                tally(errors, describe(e))
                t = clock()
                continue
            t = clock()
            lat.append(t - t0)
        w["seconds"] = (t - start) / 1e9
        w["done"] = True
        stop.set()  # the readers stop with the writer

    def reader():
        n, errors = 0, {}
        while not stop.is_set():
            try:
                c.scan(scan_n)
                n += 1
            except Exception as e:  # noqa: BLE001 - report whatever happens
                tally(errors, describe(e))
        with lock:
            r["calls"] += n
            for k, v in errors.items():
                tally(r["errors"], k, v)

    # A writer starved inside one call gets in once the time is up: a watchdog stops
    # the readers a second after the writer's time, if the writer is not done by then.
    def watch():
        if not w["done"]:
            w["starved"] = True
        stop.set()

    watchdog = threading.Timer(seconds + 1.0, watch)
    watchdog.daemon = True
    watchdog.start()
    elapsed, hung = _start([writer] + [reader] * readers, seconds + timeout)
    watchdog.cancel()
    stop.set()
    lat = sorted(w["lat"])
    n = len(lat)
    res = {
        "readers": readers,
        "seconds": w["seconds"] or elapsed,
        "writer_calls": n,
        "writer_calls_per_s": n / (w["seconds"] or elapsed),
        "writer_errors": w["errors"],
        "mean_us": sum(lat) / n / 1e3 if n else None,
        "p99_us": lat[min(n - 1, (99 * n) // 100)] / 1e3 if n else None,
        "max_us": lat[-1] / 1e3 if n else None,
        "reader_calls_per_s": r["calls"] / elapsed if readers else None,
        "reader_errors": r["errors"],
        # The writer was still in a call a second after its time was up.
        "starved": w["starved"],
        "hung": len(hung),
    }
    res["final"] = c.get() if not hung else None
    res["exact"] = res["final"] == n
    res["ok"] = res["exact"] and not w["errors"] and not r["errors"] and not hung
    return res


def bench_fairness(mod, reader_counts, seconds, max_calls, scan_n, timeout, log):
    """The fairness cells of one module, one per reader count."""
    rows = []
    for n in reader_counts:
        res = fairness(mod, n, seconds, max_calls, scan_n, timeout)
        rows.append(res)
        if not res["ok"]:
            log(f"  {mod.__name__} fairness, {n} readers: writer {res['writer_errors']}, "
                f"readers {res['reader_errors']}, final {res['final']} of "
                f"{res['writer_calls']}, hung {res['hung']}")
    return rows
