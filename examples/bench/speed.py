from __future__ import annotations

"""Call speed of the nine operations, and the contention test, in this process."""

import statistics
import threading
import time
import timeit

from common import MODULES

def _fn(name, stmt, **extra):
    """An operation on a module-level function: `f` is bound to module.<name>."""

    def make(mod):
        g = {"f": getattr(mod, name)}
        g.update(extra)
        return stmt, g

    return make


def _counter(stmt):
    """An operation on the Counter class: `C` is the class, `c` an instance."""

    def make(mod):
        cls = mod.Counter
        return stmt, {"C": cls, "c": cls(5)}

    return make


# (label, needs Counter, factory(module) -> (stmt, globals))
OPERATIONS = [
    ("`noargs()`", False, _fn("noargs", "f()")),
    ("`add(1, 2)` (i64)", False, _fn("add", "f(1, 2)")),
    ("`kwargs(1, b=2)`", False, _fn("kwargs", "f(1, b=2)")),
    ("`echo_str(\"hello\")` (&str -> String)", False, _fn("echo_str", "f(s)", s="hello")),
    (
        "`sum_list(list of 100 ints)` (Vec<i64>)",
        False,
        _fn("sum_list", "f(xs)", xs=list(range(100))),
    ),
    ("`Counter(5)` construction", True, _counter("C(5)")),
    ("`c.incr()` (&mut self)", True, _counter("c.incr()")),
    ("`c.get()` (&self)", True, _counter("c.get()")),
    ("`c.value` (getter)", True, _counter("c.value")),
]


def calibrate(timer: timeit.Timer, target: float) -> int:
    """Loop count for which one timing takes about `target` seconds."""
    number = 1
    while True:
        t = timer.timeit(number)
        if t >= target / 10 or number >= 1 << 30:
            break
        number *= 10
    return max(1, int(number * target / max(t, 1e-9)))


def bench_speed(mods, rounds, best_of, target):
    """Median over `rounds` of best-of-`best_of` ns/call, per operation and module.

    Modules are interleaved within each round (and their order rotated between
    rounds) so that slow drifts of the machine hit all of them alike.
    """
    timers = {}  # (op, key) -> (Timer, number)
    for label, _, make in OPERATIONS:
        for key in MODULES:
            mod = mods.get(key)
            if mod is None:
                continue
            stmt, g = make(mod)
            timer = timeit.Timer(stmt, globals=g)
            timers[label, key] = (timer, calibrate(timer, target))
    # An empty statement: the timeit loop's own cost, included in every figure.
    empty = timeit.Timer("pass")
    timers["(empty timeit loop)", "-"] = (empty, calibrate(empty, target))

    samples = {k: [] for k in timers}
    for r in range(rounds):
        shift = r % len(MODULES)
        rotated = MODULES[shift:] + MODULES[:shift]
        for label in [op[0] for op in OPERATIONS] + ["(empty timeit loop)"]:
            for key in rotated + ["-"]:
                if (label, key) not in timers:
                    continue
                timer, number = timers[label, key]
                best = min(timer.repeat(repeat=best_of, number=number))
                samples[label, key].append(best / number * 1e9)
    return {k: statistics.median(v) for k, v in samples.items()}, samples


def bench_contention(mod, threads=4, calls=200_000):
    """`threads` threads each call `incr()` `calls` times on one shared Counter."""
    c = mod.Counter(0)
    barrier = threading.Barrier(threads + 1)
    errors = []
    lock = threading.Lock()

    def work():
        barrier.wait()
        try:
            for _ in range(calls):
                c.incr()
        except BaseException as e:  # noqa: BLE001 - report whatever happens
            with lock:
                errors.append(f"{type(e).__name__}: {e}")

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    barrier.wait()
    t0 = time.perf_counter()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - t0
    final = c.get()
    expected = threads * calls
    return {
        "threads": threads,
        "calls_per_thread": calls,
        "seconds": elapsed,
        "calls_per_s": expected / elapsed,
        "final": final,
        "expected": expected,
        "exceptions": errors,
        "ok": final == expected and not errors,
    }


def bench_single_thread(mod, calls=800_000):
    """The same number of incr() calls on one thread, for reference."""
    c = mod.Counter(0)
    t0 = time.perf_counter()
    for _ in range(calls):
        c.incr()
    return calls / (time.perf_counter() - t0)
