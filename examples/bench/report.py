#!/usr/bin/env python3
"""Merges the measurements of both builds and the build measurements into one report.

    report.py OUT

reads OUT/calls-gil.json, OUT/calls-ft.json and OUT/calls-py312.json (``run.py calls``
on each interpreter)
and OUT/builds.json (``run.py builds``), prints the Markdown report and writes it to
OUT/results.md, with all raw numbers merged into OUT/results.json. One function per
section: machine, call speed, async calls, contention, writer fairness, sizes, builds, growth, and
the targets of issue 5.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

import async_calls
from common import BUILD_LABEL, BUILDS, LABEL, MODULES, builds_json, calls_json

# The builds that load the abi3t files (the 3.12 leg loads abi3 builds of C and PyO3).
ABI3T_BUILDS = ("gil", "ft")
from growth import FN_TEMPLATES
from speed import DATA_OPERATIONS, OPERATIONS


def fmt_ns(v):
    return f"{v:.1f}"


def fmt_ratio(v):
    return f"{v:.2f}x"


def fmt_rate(v):
    """Calls per second: "12.34 M", "567.8 k" or "42"."""
    if v >= 1e6:
        return f"{v / 1e6:.2f} M"
    if v >= 1e3:
        return f"{v / 1e3:.1f} k"
    return f"{v:.0f}"


def fmt_us(v):
    if v is None:
        return "-"
    return f"{v:,.0f}" if v >= 100 else f"{v:.2f}"


def kb(n):
    return f"{n / 1024:.1f} KB"


def md_table(header, rows, align=None):
    align = align or ["---"] + ["---:"] * (len(header) - 1)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def fmt_errors(counts):
    """{"RuntimeError: Already borrowed": 3} -> "RuntimeError: Already borrowed x 3"."""
    return ", ".join(f"{what[:80]} x {n:,}" for what, n in sorted(counts.items()))


def build_title(build, calls):
    """A subsection title: the build and its interpreter."""
    return f"### {BUILD_LABEL[build]}: CPython {calls['python']['python']}"


def build_ratio(times):
    """Medians of abide's and PyO3's build times."""
    return statistics.median(times["abide"]), statistics.median(times["pyo3"])


def per_function(res, n_more, field, scale=1.0):
    """The growth of `field` per extra function, from the base to the big module."""
    if "fns" in res and "base" in res and field in res["fns"] and field in res["base"]:
        return (res["fns"][field] - res["base"][field]) / n_more * scale
    return None


def header_section(data):
    """Title, machine and interpreters."""
    m = data["machine"]
    pythons = "; ".join(
        f"{BUILD_LABEL[b]}: CPython {c['python']['python_full']}"
        for b, c in data["calls"].items() if b in ABI3T_BUILDS)
    missing = [BUILD_LABEL[b] for b in BUILDS if b not in data["calls"]]
    out = ["# abide benchmarks", ""]
    out.append(f"Measured {m['date']} on {m['cpu']} ({m['cores']} cores), {m['os']}; "
               f"{m['rustc']}; {m['cc']}.")
    out.append("")
    out.append("One abi3t build of each module, loaded on both 3.15 interpreters: "
               + pythons + ".")
    if "py312" in data["calls"]:
        out += ["", py312_note(data["calls"])]
    if missing:
        out.append(f"Not measured: {', '.join(missing)}.")
    out.append("")
    return out


def py312_note(calls):
    """What runs on 3.12, and whether abide loaded the same file as on 3.15."""
    c = calls["py312"]
    hashes = {b: v["files"]["abide"]["sha256"] for b, v in calls.items()
              if "abide" in v.get("files", {})}
    if "py312" not in hashes or len(hashes) < 2:
        same = "abide: not compared (not imported on every build)"
    elif len(set(hashes.values())) == 1:
        same = (f"abide: the same file on every build (sha256 {hashes['py312'][:12]}, "
                "loaded as `bench_abide.abi3.so` on 3.12)")
    else:
        same = "abide: NOT the same file on every build (" + ", ".join(
            f"{BUILD_LABEL[b]} {h[:12]}" for b, h in hashes.items()) + ")"
    return (f"{BUILD_LABEL['py312']}: CPython {c['python']['python_full']}. C is built with "
            "`Py_LIMITED_API=0x030b0000` (abi3, `PyInit_`, the object layout after "
            "`PyObject_HEAD`, `tp_new` only: 3.12 has no `Py_tp_vectorcall` slot), PyO3 with "
            f"`abi3-py311`; {same}. Its runtime looks up what 3.12 lacks and takes "
            "fallbacks; the writer-fairness test is not run there (on a GIL build the "
            "writer waits for the GIL, as the 3.15 GIL build shows).")


def speed_table(calls):
    """ns per call of one build, and the ratios."""
    med = calls["speed"]["ns"]
    rows = []
    for label, _, _ in OPERATIONS:
        row = [label]
        vals = med.get(label, {})
        row += [fmt_ns(vals[key]) if key in vals else "not built" for key in MODULES]
        for num, den in (("abide", "c"), ("pyo3", "c"), ("abide", "pyo3")):
            row.append(fmt_ratio(vals[num] / vals[den]) if num in vals and den in vals
                       else "n/a")
        rows.append(row)
    return md_table(["operation", "C ns", "abide ns", "PyO3 ns", "abide/C", "PyO3/C",
                     "abide/PyO3"], rows)


def speed_section(data):
    """Call speed: ns per call and the ratios, per build."""
    out = ["## Call speed", ""]
    p = next(iter(data["calls"].values()))["params"]
    out.append(
        f"ns per call, one thread: median of {p['rounds']} rounds, each the best of "
        f"{p['best_of']} `timeit` runs of about {p['target'] * 1e3:.0f} ms, all in one "
        "process per build (modules interleaved). Every figure includes the `timeit` "
        "loop itself (an empty statement: "
        + ", ".join(f"{fmt_ns(c['speed']['empty_ns'])} ns on the {BUILD_LABEL[b]}"
                    for b, c in data["calls"].items()) + ")."
    )
    out.append("")
    for build, calls in data["calls"].items():
        out += [build_title(build, calls), "", speed_table(calls), ""]
    return out


def fmt_async_us(v):
    """Microseconds with three significant figures or so: 0.213, 15.4, 207."""
    if v < 1:
        return f"{v:.3f}"
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"


# The async rows' columns, in table order, and how their cells read.
ASYNC_KEYS = ["python", "c", "abide", "pyo3"]
ASYNC_LABEL = {"python": "Python", **LABEL}


def async_cell(a, label, key):
    """A time, or why there is none."""
    if key == "c":
        return "n/a"
    error = a["errors"].get(label, {}).get(key) or a.get("modules", {}).get(key)
    if error is not None:
        error = error.replace("|", "/")
        return error if error.startswith("failed") else "failed: " + error
    v = a["us"].get(label, {}).get(key)
    return "not built" if v is None else fmt_async_us(v)


def async_table(calls):
    """us per await of one build, and the ratios."""
    a = calls["async"]
    rows = []
    for label, _, _ in async_calls.OPERATIONS:
        vals = a["us"].get(label, {})
        row = [label] + [async_cell(a, label, key) for key in ASYNC_KEYS]
        for num, den in (("abide", "python"), ("pyo3", "python"), ("abide", "pyo3")):
            row.append(fmt_ratio(vals[num] / vals[den])
                       if num in vals and den in vals and vals[den] > 0 else "n/a")
        rows.append(row)
    return md_table(["operation", "Python async def us", "C", "abide us", "PyO3 us",
                     "abide/Python", "PyO3/Python", "abide/PyO3"], rows,
                    ["---"] + ["---:"] * 7)


def async_suspensions(a):
    """The untimed pass: did every woken await suspend once on a pending asyncio future
    (and no ready one suspend)?"""
    n = a["verify_calls"]
    odd = []
    for label, name, kind in async_calls.OPERATIONS:
        for key, got in a["suspensions"].get(label, {}).items():
            woken = kind in async_calls.WOKEN_KINDS
            if (got["once"] != n) if woken else got["yields"]:
                what = ", ".join(f"{v} {k}" for k, v in sorted(got["yields"].items()))
                odd.append(f"{ASYNC_LABEL[key]} `{name}` {got['once']} of {n} suspended "
                           f"once (yields: {what or 'none'})")
    if odd:
        return ("UNEXPECTED suspensions in the untimed pass of "
                f"{n} awaits per row: " + "; ".join(odd) + ".")
    return (f"Suspensions in an untimed pass of {n} awaits per row: each await of the "
            "woken rows suspended once on a pending asyncio future, the ready row's never, "
            "for every implementation measured.")


def async_notes(a):
    """What this build's figures say about the waking thread (helper vs spawned, a
    thread state kept or made per wake), from abide's and PyO3's numbers."""
    ops = {name: label for label, name, _ in async_calls.OPERATIONS}
    us = a["us"]
    notes = []
    for key in ("abide", "pyo3"):
        got = {name: us.get(label, {}).get(key) for name, label in ops.items()}
        if None in (got["woken_add"], got["registered_add"], got["spawned_add"]):
            continue
        notes.append(
            f"{ASYNC_LABEL[key]}: a thread spawned per call "
            f"{got['spawned_add'] - got['woken_add']:+.1f} us against the helper thread; "
            f"the helper keeping a thread state {got['registered_add'] - got['woken_add']:+.1f} "
            "us against making one per wake")
    return ("Per call: " + "; ".join(notes) + ".") if notes else ""


def async_section(data):
    """Awaiting an async fn: us per await and the ratios, per build."""
    builds = {b: c for b, c in data["calls"].items() if c.get("async")}
    if not builds:
        return []
    a0 = next(iter(builds.values()))["async"]
    pinned = ("All the threads of these rows ran on one CPU (`sched_setaffinity`), so that "
              "the figures are the work of the wake path and not the latency of waking a "
              "thread on another CPU, which on a virtual machine can alternate between a few "
              "and about a hundred microseconds from one run to the next."
              if a0.get("pinned_cpu") is not None else
              "The threads were not pinned to a CPU (no `sched_setaffinity` here).")
    out = ["## Async calls", ""]
    out.append(
        "Microseconds per `await f(1, 2)` of an `async fn` (abide; PyO3 0.30 with its "
        "`experimental-async` feature; in modules of their own, `bench_abide_async` and "
        "`bench_pyo3_async`, the bench crates built with `--features async`, so that the "
        "sizes below are of modules without async machinery) and of a Python `async def` "
        "doing the same, the reference column: inside one `asyncio.run`, sequential "
        "awaits in a loop timed with `perf_counter()`, minus the same loop empty "
        f"({a0['calls']['ready']:,} awaits per run for the ready row, best of "
        f"{a0['best_of']['ready']}; {a0['calls']['woken']:,} for the woken rows and "
        f"{a0['calls']['spawned']:,} for the thread-per-call row, one run), "
        f"median of {a0['rounds']} rounds with the implementations interleaved. The C "
        "module has no counterpart (the C API has no `async` function: it would take a "
        "coroutine type written by hand): n/a.")
    out.append("")
    out.append(
        "The woken rows' futures wait on a one-shot channel (`examples/bench/wake.rs`, "
        "the same file in both Rust modules, no dependency) that another thread sends on; "
        "the send wakes the future from that thread, and the framework's waker resolves "
        "the asyncio future the coroutine is suspended on (abide and PyO3 both through "
        "`loop.call_soon_threadsafe`). The Python reference suspends on an asyncio future "
        "that its thread resolves through `loop.call_soon_threadsafe`. The waking thread "
        "is a long-lived helper fed through a queue (a std mpsc channel; a "
        "`queue.SimpleQueue` for Python), chosen over a thread spawned per call, whose "
        "cost is `std::thread`'s and not the framework's (the last row shows it; its "
        "Python reference starts a Python thread per call). A Rust "
        "helper thread that Python does not know is attached anew by each wake "
        "(`PyGILState_Ensure` makes a thread state and `PyGILState_Release` frees it); "
        "the third row keeps one for the thread's life (attached once, then detached), as "
        "a Python thread does. Each call's request is handed to the thread by a loop "
        "callback (`loop.call_soon(release)` before the `await`, the same in all three "
        "columns and included in the figures), which runs once the coroutine has "
        "suspended: a thread answering at once often wakes the future while it is still "
        "being polled, a cheaper path in both frameworks, and the rows would measure a mix "
        f"of the two. {pinned}")
    out.append("")
    for build, calls in builds.items():
        a = calls["async"]
        out += [build_title(build, calls), "", async_table(calls), ""]
        out.append(async_suspensions(a))
        notes = async_notes(a)
        if notes:
            out += ["", notes]
        out.append("")
    return out


def contention_result(r):
    """"exact", or what went wrong: exceptions (threads stop at the first), the count."""
    if r["ok"]:
        return "exact"
    parts = []
    if r["exceptions"]:
        parts.append(fmt_errors(r["exceptions"]))
    final = "unknown" if r["final"] is None else f"{r['final']:,}"
    parts.append(f"final {final} of {r['expected']:,}")
    return ", ".join(parts)


def contention_table(calls):
    """One row per (objects, threads), calls/s per module and the failures."""
    rows = []
    cells = {}  # (objects, threads) -> {key: result}
    for key, results in calls["contention"].items():
        for r in results:
            cells.setdefault((r["objects"], r["threads"]), {})[key] = r
    for (objects, threads), by_key in cells.items():
        any_r = next(iter(by_key.values()))
        row = ["one shared" if objects == "shared" else "one per thread", threads,
               f"{any_r['expected']:,}"]
        row += [fmt_rate(by_key[k]["calls_per_s"]) if k in by_key else "not built"
                for k in MODULES]
        failures = [f"{LABEL[k]}: {contention_result(by_key[k])}"
                    for k in MODULES if k in by_key and not by_key[k]["ok"]]
        row.append("; ".join(failures) or "none: all exact")
        rows.append(row)
    return md_table(["objects", "threads", "calls", "C calls/s", "abide calls/s",
                     "PyO3 calls/s", "failures"], rows,
                    ["---", "---:", "---:", "---:", "---:", "---:", "---"])


def contention_section(data):
    """Threads calling `incr()` on one shared Counter, and on one Counter each."""
    out = ["## Contention", ""]
    p = next(iter(data["calls"].values()))["params"]
    out.append(
        f"{p['threads'].replace(',', ', ')} threads each call `incr()` (a `&mut self` "
        f"method) {p['thread_calls']:,} times, on one shared `Counter` or on one "
        "`Counter` per thread; calls/s counts the calls of all threads (the fastest of "
        f"{p['thread_repeats']} runs, or the first run that failed). The final count "
        "(summed over the objects) must equal the calls made, with no exception. A "
        "thread stops at its first exception, as a program would; the failures column "
        "shows each module's exceptions and its final count (anything but exact)."
    )
    out.append("")
    for build, calls in data["calls"].items():
        out += [build_title(build, calls), "", contention_table(calls), ""]
    return out


def fairness_failures(rows_by_key):
    """Exceptions, lost counts, starvation and hangs of one fairness row."""
    out = []
    for key in MODULES:
        r = rows_by_key.get(key)
        if r is None or (r["ok"] and not r["starved"]):
            continue
        parts = []
        if r["writer_errors"]:
            parts.append("writer " + fmt_errors(r["writer_errors"]))
        if r["reader_errors"]:
            parts.append("readers " + fmt_errors(r["reader_errors"]))
        if not r["exact"]:
            final = "unknown" if r["final"] is None else f"{r['final']:,}"
            parts.append(f"final {final} of {r['writer_calls']:,}")
        if r["starved"]:
            parts.append("writer starved (let in when the readers stopped)")
        if r["hung"]:
            parts.append(f"{r['hung']} thread(s) hung")
        out.append(f"{LABEL[key]}: " + ", ".join(parts))
    return "; ".join(out) or "none: all exact"


def fairness_table(calls):
    """One row per reader count: the writer's calls/s and latency, per module."""
    cells = {}  # readers -> {key: result}
    for key, results in calls["fairness"].items():
        for r in results:
            cells.setdefault(r["readers"], {})[key] = r
    rows = []
    for readers, by_key in cells.items():
        row = [readers]
        row += [fmt_rate(by_key[k]["writer_calls_per_s"]) if k in by_key else "not built"
                for k in MODULES]
        row += [" / ".join(fmt_us(by_key[k][f]) for f in ("mean_us", "p99_us", "max_us"))
                if k in by_key else "not built" for k in MODULES]
        rates = [by_key[k]["reader_calls_per_s"] for k in MODULES if k in by_key]
        row.append(" / ".join(fmt_rate(v) for v in rates) if readers else "-")
        row.append(fairness_failures(by_key))
        rows.append(row)
    return md_table(
        ["readers", "C writer calls/s", "abide writer calls/s", "PyO3 writer calls/s",
         "C mean / p99 / max us", "abide mean / p99 / max us", "PyO3 mean / p99 / max us",
         "readers' scans/s C / abide / PyO3", "failures"],
        rows, ["---:"] * 8 + ["---"])


def fairness_section(data):
    """One writer against 0, 1, 2 and 4 readers of the same object."""
    out = ["## Writer fairness", ""]
    p = next(iter(data["calls"].values()))["params"]
    out.append(
        f"One writer thread calls `incr()` (a `&mut self` method) on a `Counter` for "
        f"{p['fair_seconds']:g} s (or {p['fair_max_calls']:,} calls), while "
        f"{p['readers'].replace(',', ', ')} reader threads call `scan({p['scan_n']})` "
        "(a `&self` method holding the object for a few microseconds: rounds of a "
        "64-bit mix of the value, the same work in all three modules; the C module holds "
        "the object's critical section, abide and PyO3 a shared borrow) on the same "
        "object until the writer is done. Writer calls/s counts its successful calls; "
        "the latency of each successful call is timed with two `perf_counter_ns()` "
        "calls, whose own cost is included. Every call continues after an exception; "
        "the count must equal the writer's successful calls."
    )
    out.append("")
    for build, calls in data["calls"].items():
        if calls.get("fairness") is None:
            continue
        scan = calls["scan"]
        same = len({v["result"] for v in scan.values()}) == 1
        out += [build_title(build, calls), ""]
        out.append(
            f"One `scan({p['scan_n']})` call on one thread: "
            + ", ".join(f"{LABEL[k]} {v['us']:.2f} us" for k, v in scan.items())
            + ("" if same else " (WARNING: the modules' results differ)")
            + f"; the two clock calls: {calls['timer_overhead_ns']} ns."
        )
        out += ["", fairness_table(calls), ""]
    return out


def size_section(sizes):
    """Stripped sizes of the benchmark modules (one build for both interpreters)."""
    out = ["## Binary size", ""]
    out.append("The benchmark modules, release builds, after `strip` (of a copy); "
               "the same file loads on both builds.")
    out.append("")
    rows = []
    for key in MODULES:
        s = sizes.get(key)
        if s is None:
            rows.append([LABEL[key], "not built", "", ""])
            continue
        rows.append([LABEL[key], f"{s['bytes']:,}", f"{s['stripped']:,}", kb(s["stripped"])])
    out.append(md_table(["module", "bytes", "stripped bytes", "stripped"], rows))
    out.append("")
    return out


def build_section(p, machine, builds):
    """Clean builds and rebuilds."""
    clean, incr = builds["clean_s"], builds["rebuild_s"]
    out = ["## Build time", ""]
    out.append(
        f"Clean release build including all dependencies, each run with a fresh "
        f"`CARGO_TARGET_DIR` (median of {p['clean_runs']}), and rebuild after touching "
        f"the module's source (median of {p['incr_runs']}); wall-clock seconds of the "
        f"module's `build.sh` on {machine['cores']} cores. C is one `gcc -O2` of one file "
        "(plus the script's header lookup, which runs the interpreter)."
    )
    out.append("")
    rows = []
    for key in MODULES:
        rows.append([
            LABEL[key],
            f"{statistics.median(clean[key]):.2f}",
            " / ".join(f"{t:.2f}" for t in clean[key]),
            f"{statistics.median(incr[key]):.2f}",
            " / ".join(f"{t:.2f}" for t in incr[key]),
        ])
    out.append(md_table(["module", "clean s", "clean runs", "rebuild s", "rebuild runs"], rows))
    out.append("")
    ca, cp = build_ratio(clean)
    ia, ip = build_ratio(incr)
    out.append(f"abide/PyO3: clean {ca / cp:.2f}x, rebuild {ia / ip:.2f}x.")
    out.append("")
    return out


def growth_section(p, growth):
    """Bytes and build time per extra function and class."""
    out = ["## Growth with size", ""]
    a, py = growth.get("abide", {}), growth.get("pyo3", {})
    nf, nb, n_classes = p["gen_functions"], p["gen_base"], p["gen_classes"]
    classes_note = f"and {n_classes} classes" if n_classes else "(functions only)"
    out.append(
        f"Generated modules of {nf} `#[pyfunction]`s {classes_note}, with signatures "
        f"cycling through {len(FN_TEMPLATES)} shapes (two and three ints, `&str -> String`, "
        "`Option<i64>`, a default, mixed str/int/float returning a tuple), identical "
        f"bodies for both frameworks. The baseline is the same generator with {nb} "
        f"functions, so the difference is {nf - nb} functions' worth, free of the bench "
        "modules' other content (PyO3's has a class). "
        "Build time is the rebuild of the generated crate itself after touching it "
        f"(dependencies already built; median of {p['gen_runs']}), which is where a "
        "framework's per-function cost shows."
    )
    out.append("")

    def cell(res, tag, field, fmt):
        r = res.get(tag)
        if not r or field not in r:
            return "failed" if r else "n/a"
        return fmt(r[field])

    def per_fn(res, field, scale=1.0):
        return per_function(res, nf - nb, field, scale)

    def per_cls(res, field, scale=1.0):
        if "classes" in res and "fns" in res and field in res["classes"]:
            return (res["classes"][field] - res["fns"][field]) / n_classes * scale
        return None

    def ratio_row(label, va, vp, fmt):
        return [label, fmt(va) if va is not None else "n/a",
                fmt(vp) if vp is not None else "n/a",
                f"{va / vp:.2f}x" if va and vp else "n/a"]

    count = lambda v: f"{v:,}"  # noqa: E731
    secs = lambda v: f"{v:.2f}"  # noqa: E731
    rows = [
        [f"stripped size, {nb} functions", cell(a, "base", "stripped", count),
         cell(py, "base", "stripped", count), ""],
        [f"stripped size, {nf} functions", cell(a, "fns", "stripped", count),
         cell(py, "fns", "stripped", count), ""],
        ratio_row("**bytes per function**", per_fn(a, "stripped"), per_fn(py, "stripped"),
                  lambda v: f"{v:.0f}"),
        [f"crate rebuild s, {nb} functions", cell(a, "base", "rebuild_median_s", secs),
         cell(py, "base", "rebuild_median_s", secs), ""],
        [f"crate rebuild s, {nf} functions", cell(a, "fns", "rebuild_median_s", secs),
         cell(py, "fns", "rebuild_median_s", secs), ""],
        ratio_row("**build ms per function**", per_fn(a, "rebuild_median_s", 1e3),
                  per_fn(py, "rebuild_median_s", 1e3), lambda v: f"{v:.1f}"),
    ]
    if n_classes:
        rows.append(ratio_row("**bytes per class**", per_cls(a, "stripped"),
                              per_cls(py, "stripped"), lambda v: f"{v:.0f}"))
        rows.append(ratio_row("**build ms per class**", per_cls(a, "rebuild_median_s", 1e3),
                              per_cls(py, "rebuild_median_s", 1e3), lambda v: f"{v:.1f}"))
    out.append(md_table(["", "abide", "PyO3", "abide/PyO3"], rows))
    out.append("")
    unchecked = [f"gen_{f}_{t}" for f, res in growth.items() for t, r in res.items()
                 if not r.get("checked")]
    if unchecked:
        out.append(f"Warning: not verified by import: {', '.join(unchecked)}.")
        out.append("")
    return out


def speed_targets(build, calls):
    """The call-speed targets of issue 5 on one build."""
    med = calls["speed"]["ns"]
    tag = f" ({BUILD_LABEL[build]})"
    rows = []

    def ratio(label):
        return med[label]["abide"] / med[label]["c"]

    have = [label for label, _, _ in OPERATIONS
            if "abide" in med.get(label, {}) and "c" in med.get(label, {})]
    fn_ops = [label for label, needs, _ in OPERATIONS
              if not needs and label not in DATA_OPERATIONS]
    cls_ops = [label for label, needs, _ in OPERATIONS if needs]
    if all(label in have for label in fn_ops):
        worst = max(ratio(label) for label in fn_ops)
        rows.append(["function calls within 1.10x of C" + tag, f"worst {worst:.2f}x",
                     "met" if worst <= 1.10 else "missed"])
    if all(label in have for label in cls_ops):
        r = ratio(cls_ops[0])
        rows.append(["construction within 1.15x of C" + tag, f"{r:.2f}x",
                     "met" if r <= 1.15 else "missed"])
        worst = max(ratio(label) for label in cls_ops[1:])
        rows.append(["method calls within 1.10x of C" + tag, f"worst {worst:.2f}x",
                     "met" if worst <= 1.10 else "missed"])
    if calls["contention"].get("abide"):
        ok = all(r["ok"] for r in calls["contention"]["abide"])
        rows.append(["contention: exact count, no exception" + tag, "",
                     "met" if ok else "missed"])
    return rows


def targets_section(data):
    """The targets of issue 5, met or missed."""
    out = ["## Targets (issue 5)", ""]
    rows = []
    for build, calls in data["calls"].items():
        if build in ABI3T_BUILDS:  # issue 5's targets are for the abi3t builds
            rows += speed_targets(build, calls)
    sizes, builds, growth, p = data["sizes"], data["builds"], data["growth"], data["params"]
    if "abide" in sizes:
        limit = 320 * 1024 + 40 * 1024
        s = sizes["abide"]["stripped"]
        rows.append(["stripped size <= raw-FFI floor + 40 KB (360 KB, floor from the issue)",
                     kb(s), "met" if s <= limit else "missed"])
    if growth:
        n_more = p["gen_functions"] - p["gen_base"]
        ba = per_function(growth.get("abide", {}), n_more, "stripped")
        bp = per_function(growth.get("pyo3", {}), n_more, "stripped")
        if ba is not None and bp:
            rows.append(["bytes per function <= 1/3 of PyO3's", f"{ba / bp:.2f}x",
                         "met" if ba <= bp / 3 else "missed"])
    if builds:
        ca, cp = build_ratio(builds["clean_s"])
        ia, ip = build_ratio(builds["rebuild_s"])
        rows.append(["clean build <= 1/2 of PyO3's", f"{ca / cp:.2f}x",
                     "met" if ca <= cp / 2 else "missed"])
        rows.append(["rebuild no slower than PyO3's", f"{ia / ip:.2f}x",
                     "met" if ia <= ip else "missed"])
    out.append(md_table(["target", "measured", "status"], rows, ["---", "---:", "---"]))
    out.append("")
    return out


def report(data):
    """The whole report, as Markdown."""
    out = header_section(data)
    if data["calls"]:
        out += speed_section(data)
        out += async_section(data)
        out += contention_section(data)
        out += fairness_section(data)
    out += size_section(data["sizes"])
    if data["builds"]:
        out += build_section(data["params"], data["machine"], data["builds"])
    if data["growth"]:
        out += growth_section(data["params"], data["growth"])
    out += targets_section(data)
    return "\n".join(out)


def load(out: Path):
    """The JSON files of both builds and of the build stage, as one dict."""
    data = json.loads(builds_json(out).read_text())
    data["calls"] = {}
    for build in BUILDS:
        path = calls_json(out, build)
        if path.exists():
            data["calls"][build] = json.loads(path.read_text())
    return data


def main():
    if len(sys.argv) != 2:
        raise SystemExit(f"usage: {sys.argv[0]} OUT")
    out = Path(sys.argv[1]).resolve()
    data = load(out)
    text = report(data)
    print(text)
    (out / "results.md").write_text(text + "\n")
    (out / "results.json").write_text(json.dumps(data, indent=2) + "\n")
    print(f"[bench] wrote {out / 'results.md'} and results.json", file=sys.stderr)


if __name__ == "__main__":
    main()
