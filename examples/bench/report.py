from __future__ import annotations

"""The results as Markdown: machine, speed, contention, sizes, builds, growth, and the
targets of issue 5."""

import datetime
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

from common import LABEL, MODULES
from growth import FN_TEMPLATES
from speed import OPERATIONS

def machine_info():
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0]
        except (OSError, IndexError):
            return "unknown"

    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "python_build": "GIL" if gil else "free-threaded (GIL disabled)",
        "os": f"{platform.system()} {platform.release()}",
        "rustc": version(["rustc", "--version"]),
        "cc": version([os.environ.get("CC", "gcc"), "--version"]),
    }


def fmt_ns(v):
    return f"{v:.1f}"


def fmt_ratio(v):
    return f"{v:.2f}x"


def kb(n):
    return f"{n / 1024:.1f} KB"


def md_table(header, rows, align=None):
    align = align or ["---"] + ["---:"] * (len(header) - 1)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def build_ratio(times):
    """Medians of abide's and PyO3's build times."""
    return statistics.median(times["abide"]), statistics.median(times["pyo3"])


def per_function(res, n_more, field, scale=1.0):
    """The growth of `field` per extra function, from the base to the big module."""
    if "fns" in res and "base" in res and field in res["fns"] and field in res["base"]:
        return (res["fns"][field] - res["base"][field]) / n_more * scale
    return None


def speed_section(args, mods, med):
    """Call speed: ns per call and the ratios to C."""
    out = []
    out.append("## Call speed")
    out.append("")
    out.append(
        f"ns per call: median of {args.rounds} rounds, each the best of {args.best_of} "
        f"`timeit` runs of about {args.target * 1e3:.0f} ms, all in one process "
        "(modules interleaved). Every figure includes the `timeit` loop itself "
        f"({fmt_ns(med['(empty timeit loop)', '-'])} ns for an empty statement)."
    )
    out.append("")
    rows = []
    for label, _, _ in OPERATIONS:
        row = [label]
        vals = {}
        for key in MODULES:
            if mods.get(key) is None:
                row.append("not built")
            else:
                vals[key] = med[label, key]
                row.append(fmt_ns(vals[key]))
        for key in ("abide", "pyo3"):
            if key in vals and "c" in vals:
                row.append(fmt_ratio(vals[key] / vals["c"]))
            else:
                row.append("n/a")
        rows.append(row)
    out.append(md_table(["operation", "C ns", "abide ns", "PyO3 ns", "abide/C", "PyO3/C"], rows))
    out.append("")
    return out


def contention_section(contention):
    """The 4-thread `incr()` test."""
    out = []
    out.append("## Contention")
    out.append("")
    out.append(
        "4 threads each call `incr()` 200,000 times on one shared `Counter`; the final "
        "count must be exactly 800,000 and no thread may raise. The one-thread rate "
        "(800,000 calls) is given for reference."
    )
    out.append("")
    rows = []
    for key in MODULES:
        r = contention.get(key)
        if r is None:
            rows.append([LABEL[key], "not built", "", "", "", ""])
            continue
        verdict = "ok" if r["ok"] else "FAILED"
        exc = "; ".join(sorted(set(r["exceptions"])))[:120] or "none"
        rows.append([
            LABEL[key],
            f"{r['calls_per_s'] / 1e6:.2f} M",
            f"{r['single_thread_calls_per_s'] / 1e6:.2f} M",
            f"{r['final']:,}",
            exc,
            verdict,
        ])
    out.append(md_table(
        ["module", "calls/s, 4 threads", "calls/s, 1 thread", "final count", "exceptions", "result"],
        rows, ["---", "---:", "---:", "---:", "---", "---"]))
    out.append("")
    return out


def size_section(sizes):
    """Stripped sizes of the benchmark modules."""
    out = []
    out.append("## Binary size")
    out.append("")
    out.append("The benchmark modules, release builds, after `strip` (of a copy).")
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


def build_section(args, info, builds):
    """Clean builds and rebuilds."""
    out = []
    clean, incr = builds
    out.append("## Build time")
    out.append("")
    out.append(
        f"Clean release build including all dependencies, each run with a fresh "
        f"`CARGO_TARGET_DIR` (median of {args.clean_runs}), and rebuild after touching "
        f"the module's source (median of {args.incr_runs}); wall-clock seconds of the "
        f"module's `build.sh` on {info['cores']} cores. C is one `gcc -O2` of one file "
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
    out.append(md_table(
        ["module", "clean s", "clean runs", "rebuild s", "rebuild runs"], rows))
    out.append("")
    ca, cp = build_ratio(clean)
    ia, ip = build_ratio(incr)
    out.append(f"abide/PyO3: clean {ca / cp:.2f}x, rebuild {ia / ip:.2f}x.")
    out.append("")
    return out


def growth_section(args, growth, n_classes_asked):
    """Bytes and build time per extra function and class."""
    out = []
    out.append("## Growth with size")
    out.append("")
    a, p = growth.get("abide", {}), growth.get("pyo3", {})
    nf = args.gen_functions
    nb = args.gen_base
    classes_note = (
        f"and {n_classes_asked} classes" if n_classes_asked else "(functions only)"
    )
    out.append(
        f"Generated modules of {nf} `#[pyfunction]`s {classes_note}, with signatures "
        f"cycling through {len(FN_TEMPLATES)} shapes (two and three ints, `&str -> String`, "
        "`Option<i64>`, a default, mixed str/int/float returning a tuple), identical "
        f"bodies for both frameworks. The baseline is the same generator with {nb} "
        f"functions, so the difference is {nf - nb} functions' worth, free of the bench "
        "modules' other content (PyO3's has a class). "
        "Build time is the rebuild of the generated crate itself after touching it "
        f"(dependencies already built; median of {args.gen_runs}), which is where a "
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

    rows = [
        [f"stripped size, {nb} functions",
         cell(a, "base", "stripped", lambda v: f"{v:,}"),
         cell(p, "base", "stripped", lambda v: f"{v:,}"), ""],
        [f"stripped size, {nf} functions",
         cell(a, "fns", "stripped", lambda v: f"{v:,}"),
         cell(p, "fns", "stripped", lambda v: f"{v:,}"), ""],
    ]
    ba, bp = per_fn(a, "stripped"), per_fn(p, "stripped")
    rows.append(["**bytes per function**",
                 f"{ba:.0f}" if ba is not None else "n/a",
                 f"{bp:.0f}" if bp is not None else "n/a",
                 f"{ba / bp:.2f}x" if ba and bp else "n/a"])
    rows.append([f"crate rebuild s, {nb} functions",
                 cell(a, "base", "rebuild_median_s", lambda v: f"{v:.2f}"),
                 cell(p, "base", "rebuild_median_s", lambda v: f"{v:.2f}"), ""])
    rows.append([f"crate rebuild s, {nf} functions",
                 cell(a, "fns", "rebuild_median_s", lambda v: f"{v:.2f}"),
                 cell(p, "fns", "rebuild_median_s", lambda v: f"{v:.2f}"), ""])
    ta, tp = per_fn(a, "rebuild_median_s", 1e3), per_fn(p, "rebuild_median_s", 1e3)
    rows.append(["**build ms per function**",
                 f"{ta:.1f}" if ta is not None else "n/a",
                 f"{tp:.1f}" if tp is not None else "n/a",
                 f"{ta / tp:.2f}x" if ta and tp else "n/a"])
    if n_classes_asked:
        def per_cls(res, field, scale=1.0):
            if "classes" in res and "fns" in res and field in res["classes"]:
                return (res["classes"][field] - res["fns"][field]) / n_classes_asked * scale
            return None
        ca_, cp_ = per_cls(a, "stripped"), per_cls(p, "stripped")
        rows.append(["**bytes per class**",
                     f"{ca_:.0f}" if ca_ is not None else "n/a",
                     f"{cp_:.0f}" if cp_ is not None else "n/a",
                     f"{ca_ / cp_:.2f}x" if ca_ and cp_ else "n/a"])
        ta_, tp_ = (per_cls(a, "rebuild_median_s", 1e3),
                    per_cls(p, "rebuild_median_s", 1e3))
        rows.append(["**build ms per class**",
                     f"{ta_:.1f}" if ta_ is not None else "n/a",
                     f"{tp_:.1f}" if tp_ is not None else "n/a",
                     f"{ta_ / tp_:.2f}x" if ta_ and tp_ else "n/a"])
    out.append(md_table(["", "abide", "PyO3", "abide/PyO3"], rows))
    out.append("")
    unchecked = [f"gen_{f}_{t}" for f, res in growth.items() for t, r in res.items()
                 if not r.get("checked")]
    if unchecked:
        out.append(f"Warning: not verified by import: {', '.join(unchecked)}.")
        out.append("")
    return out


def targets_section(med, sizes, builds, growth, contention, n_more):
    """The targets of issue 5, met or missed."""
    out = []
    out.append("## Targets (issue 5)")
    out.append("")
    rows = []
    fn_ops = [label for label, needs, _ in OPERATIONS if not needs]
    if all((label, "abide") in med and (label, "c") in med for label in fn_ops):
        worst = max(med[label, "abide"] / med[label, "c"] for label in fn_ops)
        rows.append(["function calls within 1.10x of C", f"worst {worst:.2f}x",
                     "met" if worst <= 1.10 else "missed"])
    if all((label, key) in med for label, _, _ in OPERATIONS for key in ("abide", "c")):
        cls_ops = [label for label, needs, _ in OPERATIONS if needs]
        ctor = cls_ops[0]
        r = med[ctor, "abide"] / med[ctor, "c"]
        rows.append(["construction within 1.15x of C", f"{r:.2f}x",
                     "met" if r <= 1.15 else "missed"])
        worst = max(med[label, "abide"] / med[label, "c"] for label in cls_ops[1:])
        rows.append(["method calls within 1.10x of C", f"worst {worst:.2f}x",
                     "met" if worst <= 1.10 else "missed"])
    if "abide" in sizes:
        limit = 320 * 1024 + 40 * 1024
        s = sizes["abide"]["stripped"]
        rows.append(["stripped size <= raw-FFI floor + 40 KB (360 KB, floor from the issue)",
                     kb(s), "met" if s <= limit else "missed"])
    if growth:
        ba = per_function(growth.get("abide", {}), n_more, "stripped")
        bp = per_function(growth.get("pyo3", {}), n_more, "stripped")
        if ba is not None and bp:
            rows.append(["bytes per function <= 1/3 of PyO3's", f"{ba / bp:.2f}x",
                         "met" if ba <= bp / 3 else "missed"])
    if builds:
        (ca, cp), (ia, ip) = build_ratio(builds[0]), build_ratio(builds[1])
        rows.append(["clean build <= 1/2 of PyO3's", f"{ca / cp:.2f}x",
                     "met" if ca <= cp / 2 else "missed"])
        rows.append(["rebuild no slower than PyO3's", f"{ia / ip:.2f}x",
                     "met" if ia <= ip else "missed"])
    if contention.get("abide"):
        rows.append(["contention: exact count, no exception", "",
                     "met" if contention["abide"]["ok"] else "missed"])
    out.append(md_table(["target", "measured", "status"], rows, ["---", "---:", "---"]))
    out.append("")
    return out


def report(info, args, mods, speed, contention, sizes, builds, growth, n_classes_asked):
    """The whole report, as Markdown."""
    out = []
    out.append("# abide benchmarks")
    out.append("")
    out.append(
        f"Measured {info['date']} on {info['cpu']} ({info['cores']} cores), {info['os']}; "
        f"CPython {info['python']} ({info['python_build']}); {info['rustc']}; "
        f"{info['cc']}."
    )
    out.append("")
    out += speed_section(args, mods, speed)
    out += contention_section(contention)
    out += size_section(sizes)
    if builds:
        out += build_section(args, info, builds)
    if growth:
        out += growth_section(args, growth, n_classes_asked)
    out += targets_section(speed, sizes, builds, growth, contention,
                           args.gen_functions - args.gen_base)
    return "\n".join(out)
