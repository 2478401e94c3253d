from __future__ import annotations

"""Call speed of the thirteen operations, on one thread of this process."""

import array
import pathlib
import statistics
import timeit

from common import MODULES

EMPTY = "(empty timeit loop)"


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
    ("`bytes_len(b\"x\" * 100)` (&[u8])", False, _fn("bytes_len", "f(b)", b=b"x" * 100)),
    ("`make_bytes(100)` (bytes out)", False, _fn("make_bytes", "f(100)")),
    (
        "`sum_f64(1 MB float64 array)` (buffer read)",
        False,
        _fn("sum_f64", "f(a)", a=array.array("d", range(131072))),
    ),
    (
        "`path_in(Path(...))` (PathBuf)",
        False,
        _fn("path_in", "f(p)", p=pathlib.Path("/usr/lib/python3/dist-packages/example.py")),
    ),
    ("`Counter(5)` construction", True, _counter("C(5)")),
    ("`c.incr()` (&mut self)", True, _counter("c.incr()")),
    ("`c.get()` (&self)", True, _counter("c.get()")),
    ("`c.value` (getter)", True, _counter("c.value")),
]


# The rows that move data (issue 15): what they measure is mostly the conversion, so the
# call-overhead targets of `report.py` leave them out.
DATA_OPERATIONS = {
    label for label, _, _ in OPERATIONS
    if label.startswith(("`bytes_len", "`make_bytes", "`sum_f64", "`path_in"))
}

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
    rounds) so that slow drifts of the machine hit all of them alike. Returns
    {"ns": {label: {key: median}}, "samples": {label: {key: [ns, ...]}}, "empty_ns":
    the timeit loop's own cost}, labels as in OPERATIONS.
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
    timers[EMPTY, "-"] = (empty, calibrate(empty, target))

    samples = {k: [] for k in timers}
    for r in range(rounds):
        shift = r % len(MODULES)
        rotated = MODULES[shift:] + MODULES[:shift]
        for label in [op[0] for op in OPERATIONS] + [EMPTY]:
            for key in rotated + ["-"]:
                if (label, key) not in timers:
                    continue
                timer, number = timers[label, key]
                best = min(timer.repeat(repeat=best_of, number=number))
                samples[label, key].append(best / number * 1e9)
    ns, raw = {}, {}
    for (label, key), v in samples.items():
        if label == EMPTY:
            continue
        ns.setdefault(label, {})[key] = statistics.median(v)
        raw.setdefault(label, {})[key] = v
    return {"ns": ns, "samples": raw, "empty_ns": statistics.median(samples[EMPTY, "-"])}
