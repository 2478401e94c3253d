#!/usr/bin/env python3
"""Benchmark runner: abide vs PyO3 vs hand-written C, on CPython 3.15 (abi3t).

Run it through ``examples/bench/run.sh``, which provisions Python, builds the three
modules and then runs this script with the provisioned interpreter::

    examples/bench/run.sh              # everything (a few minutes)
    examples/bench/run.sh --no-builds  # call speed, sizes and contention only

In ONE Python process it measures, for each operation and each module, several
rounds of best-of-N ``timeit`` runs and reports the median in ns per call and the
ratio to C. It also reports stripped ``.so`` sizes, clean and incremental release
build times, the growth with size (a generated module with many functions, for
abide and PyO3) and a 4-thread contention test on one shared ``Counter``.

Class rows (``Counter``) are measured for a module only when it defines
``Counter``. Results go to stdout and to ``<out>/results.md`` (plus the raw
numbers in ``<out>/results.json``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
import timeit
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# Table order. "key" is the directory under examples/bench/ and the suffix of the
# module name (bench_<key>).
MODULES = ["c", "abide", "pyo3"]
LABEL = {"c": "C", "abide": "abide", "pyo3": "PyO3"}
NO_CLASS = "n/a (no #[pyclass] yet)"

# ----------------------------------------------------------------------------------
# Call speed


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
    for label, needs_class, make in OPERATIONS:
        for key in MODULES:
            mod = mods.get(key)
            if mod is None or (needs_class and not hasattr(mod, "Counter")):
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


# ----------------------------------------------------------------------------------
# Contention


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


# ----------------------------------------------------------------------------------
# Sizes


def stripped_size(path: Path, tmp: Path) -> int:
    tmp.mkdir(parents=True, exist_ok=True)
    copy = tmp / (path.name + ".stripped")
    shutil.copyfile(path, copy)
    subprocess.run(["strip", str(copy)], check=True)
    size = copy.stat().st_size
    copy.unlink()
    return size


# ----------------------------------------------------------------------------------
# Builds


def run_timed(cmd, env=None, cwd=REPO):
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"build failed: {' '.join(map(str, cmd))}")
    return elapsed


def build_script(key, python, outdir, target_dir):
    """Runs examples/bench/<key>/build.sh with its own CARGO_TARGET_DIR."""
    return run_timed(
        [str(HERE / key / "build.sh"), python, str(outdir)],
        env={"CARGO_TARGET_DIR": str(target_dir)},
    )


SOURCE = {
    "c": HERE / "c" / "bench_c.c",
    "abide": HERE / "abide" / "src" / "lib.rs",
    "pyo3": HERE / "pyo3" / "src" / "lib.rs",
}


def touch(path: Path):
    now = time.time()
    os.utime(path, (now, now))


def bench_builds(python, out, clean_runs, incr_runs, log):
    """Clean builds (fresh target dir each, dependencies included) and rebuilds
    after touching the source, for each of the three modules."""
    scratch = out / "build-scratch"
    clean = {k: [] for k in MODULES}
    for i in range(clean_runs):
        for key in MODULES:
            tdir = out / "clean-target" / key
            shutil.rmtree(tdir, ignore_errors=True)
            t = build_script(key, python, scratch, tdir)
            clean[key].append(t)
            log(f"  clean build {i + 1}/{clean_runs} {LABEL[key]}: {t:.2f} s")
            shutil.rmtree(tdir, ignore_errors=True)
    incremental = {k: [] for k in MODULES}
    for key in MODULES:
        tdir = out / "cargo" / key
        build_script(key, python, scratch, tdir)  # warm (no-op after run.sh)
        for i in range(incr_runs):
            touch(SOURCE[key])
            time.sleep(0.05)
            t = build_script(key, python, scratch, tdir)
            incremental[key].append(t)
        log(
            f"  rebuild after touch {LABEL[key]}: "
            + ", ".join(f"{t:.2f}" for t in incremental[key])
            + " s"
        )
    shutil.rmtree(scratch, ignore_errors=True)
    return clean, incremental


# ----------------------------------------------------------------------------------
# Growth with size: generated modules


# Function templates, cycled: a few ints, a str, an Option, a default, ...
# Each is (abide attribute, PyO3 attributes, Rust signature and body); `{i}` is the
# function's index. The bodies are identical for both frameworks.
FN_TEMPLATES = [
    ("#[pyfunction]", "#[pyfunction]",
     "fn fun{i}(a: i64, b: i64) -> i64 {{ a.wrapping_mul({i}).wrapping_add(b) }}"),
    ("#[pyfunction]", "#[pyfunction]",
     "fn fun{i}(a: i64, b: i64, c: i64) -> i64 {{ a.wrapping_add(b).wrapping_sub(c) ^ {i} }}"),
    ("#[pyfunction]", "#[pyfunction]",
     "fn fun{i}(s: &str) -> String {{ let mut o = s.to_owned(); o.push_str(\"-{i}\"); o }}"),
    ("#[pyfunction]", "#[pyfunction]",
     "fn fun{i}(x: Option<i64>) -> Option<i64> {{ x.map(|v| v.wrapping_add({i})) }}"),
    ("#[pyfunction(signature = (a, b = {i}))]", "#[pyfunction]\n#[pyo3(signature = (a, b = {i}))]",
     "fn fun{i}(a: i64, b: i64) -> i64 {{ a.wrapping_sub(b) }}"),
    ("#[pyfunction]", "#[pyfunction]",
     "fn fun{i}(name: &str, n: u32, scale: f64) -> (usize, f64) {{ (name.len() + n as usize, scale * {i}.0) }}"),
]

# Class template, used only when abide has #[pyclass] (detected from bench_abide
# defining Counter). It uses the PyO3 spelling, which abide follows for the same
# meaning (DESIGN.md principle 6); `add_class` is assumed for both.
CLASS_TEMPLATE = """
#[pyclass]
struct K{i} {{
    v: i64,
}}

#[pymethods]
impl K{i} {{
    #[new]
    fn new(v: i64) -> Self {{
        K{i} {{ v: v.wrapping_add({i}) }}
    }}
    fn incr(&mut self) {{
        self.v = self.v.wrapping_add(1);
    }}
    fn get(&self) -> i64 {{
        self.v
    }}
    #[getter]
    fn value(&self) -> i64 {{
        self.v
    }}
}}
"""


def generate_crate(flavor, name, n_fns, n_classes, dest: Path):
    """Writes a cdylib crate `name` with `n_fns` #[pyfunction]s and `n_classes`
    #[pyclass]es, for `flavor` "abide" or "pyo3". The lock file and release profile
    are the bench crate's, so it shares that crate's dependency builds."""
    dest.mkdir(parents=True, exist_ok=True)
    bench = HERE / flavor
    if flavor == "abide":
        dep = 'abide = {{ path = "{}" }}'.format((REPO / "runtime").as_posix())
        prelude = "use abide::prelude::*;"
        mod_sig = f"fn {name}(m: &Module<'_>) -> PyResult<()> {{"
        add_fn = "    m.add_function(wrap_pyfunction!(fun{i}))?;"
        add_cls = "    m.add_class::<K{i}>()?;"
    else:
        manifest = (bench / "Cargo.toml").read_text()
        dep = next(line for line in manifest.splitlines() if line.startswith("pyo3 "))
        prelude = "use pyo3::prelude::*;"
        mod_sig = f"fn {name}(m: &Bound<'_, PyModule>) -> PyResult<()> {{"
        add_fn = "    m.add_function(wrap_pyfunction!(fun{i}, m)?)?;"
        add_cls = "    m.add_class::<K{i}>()?;"
    (dest / "Cargo.toml").write_text(
        f"""[package]
name = "{name}"
version = "0.0.0"
edition = "2024"
publish = false

[lib]
crate-type = ["cdylib"]

[dependencies]
{dep}

[workspace]

[profile.release]
opt-level = 3
lto = true
codegen-units = 1
"""
    )
    lock = bench / "Cargo.lock"
    if lock.exists():
        text = lock.read_text().replace(f'name = "bench_{flavor}"', f'name = "{name}"')
        (dest / "Cargo.lock").write_text(text)
    src = [f"// Generated by examples/bench/run.py: {n_fns} functions, {n_classes} classes.",
           "#![allow(clippy::all)]", prelude, ""]
    for i in range(n_fns):
        abide_attr, pyo3_attr, body = FN_TEMPLATES[i % len(FN_TEMPLATES)]
        attr = abide_attr if flavor == "abide" else pyo3_attr
        src.append(attr.format(i=i))
        src.append(body.format(i=i))
        src.append("")
    for i in range(n_classes):
        src.append(CLASS_TEMPLATE.format(i=i))
    src.append("#[pymodule]")
    src.append(mod_sig)
    src += [add_fn.format(i=i) for i in range(n_fns)]
    src += [add_cls.format(i=i) for i in range(n_classes)]
    src += ["    Ok(())", "}", ""]
    (dest / "src").mkdir(exist_ok=True)
    (dest / "src" / "lib.rs").write_text("\n".join(src))
    return dest


def cargo_env(flavor, python):
    env = {"PYO3_BUILD_EXTENSION_MODULE": "1"}
    if flavor == "abide":
        env["PYO3_NO_PYTHON"] = "1"
    else:
        env["PYO3_PYTHON"] = python
    return env


def bench_growth(python, out, n_fns, n_classes, n_base, runs, log):
    """Builds, per framework, a generated base module (`n_base` functions) and a big
    one (`n_fns` functions, plus `n_classes` classes when enabled); reports stripped
    sizes and rebuild times of the crate itself (dependencies already built) and
    the difference per function."""
    gen = out / "gen"
    results = {}
    for flavor in ("abide", "pyo3"):
        tdir = out / "cargo" / flavor  # shared with the bench crate: deps are built
        variants = [("base", n_base, 0), ("fns", n_fns, 0)]
        if n_classes:
            variants.append(("classes", n_fns, n_classes))
        res = {}
        for tag, nf, nc in variants:
            name = f"gen_{flavor}_{tag}"
            crate = generate_crate(flavor, name, nf, nc, gen / name)
            cmd = ["cargo", "build", "--release", "--quiet",
                   "--manifest-path", str(crate / "Cargo.toml")]
            env = dict(cargo_env(flavor, python), CARGO_TARGET_DIR=str(tdir))
            try:
                first = run_timed(cmd, env=env)
            except SystemExit as e:
                log(f"  {name}: {e}")
                res[tag] = {"error": str(e)}
                continue
            times = []
            for _ in range(runs):
                touch(crate / "src" / "lib.rs")
                time.sleep(0.05)
                times.append(run_timed(cmd, env=env))
            so = tdir / "release" / f"lib{name}.so"
            so_copy = out / "gen-so" / f"{name}.abi3t.so"
            so_copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(so, so_copy)
            res[tag] = {
                "functions": nf,
                "classes": nc,
                "first_build_s": first,
                "rebuild_s": times,
                "rebuild_median_s": statistics.median(times),
                "bytes": so.stat().st_size,
                "stripped": stripped_size(so, out / "strip-tmp"),
                "so": str(so_copy),
            }
            log(
                f"  {name}: stripped {res[tag]['stripped']} B, rebuild "
                + ", ".join(f"{t:.2f}" for t in times)
                + " s"
            )
        results[flavor] = res
    return results


def check_generated(growth, log):
    """Imports each generated module and calls a few functions, so that the sizes and
    times above are those of working modules."""
    for flavor, res in growth.items():
        for tag, r in res.items():
            if "so" not in r:
                continue
            so = Path(r["so"])
            sys.path.insert(0, str(so.parent))
            try:
                mod = __import__(so.name.split(".")[0])
                assert mod.fun0(2, 3) == 0 * 2 + 3
                assert mod.fun2("x") == "x-2"
                assert mod.fun3(None) is None and mod.fun3(1) == 4
                assert mod.fun4(10) == 6 and mod.fun4(10, b=1) == 9
                n = sum(1 for k in dir(mod) if k.startswith("fun") and k[3:].isdigit())
                assert n == r["functions"], (n, r["functions"])
                r["checked"] = True
            except Exception as e:  # noqa: BLE001
                log(f"  check of {so.name} failed: {type(e).__name__}: {e}")
                r["checked"] = False
            finally:
                sys.path.remove(str(so.parent))


# ----------------------------------------------------------------------------------
# Reporting


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


def report(info, args, mods, speed, contention, sizes, builds, growth, n_classes_asked):
    has_class = {k: (m is not None and hasattr(m, "Counter")) for k, m in mods.items()}
    out = []
    out.append("# abide benchmarks")
    out.append("")
    out.append(
        f"Measured {info['date']} on {info['cpu']} ({info['cores']} cores), {info['os']}; "
        f"CPython {info['python']} ({info['python_build']}); {info['rustc']}; "
        f"{info['cc']}."
    )
    out.append("")

    # -- speed
    med = speed
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
    for label, needs_class, _ in OPERATIONS:
        row = [label]
        vals = {}
        for key in MODULES:
            if mods.get(key) is None:
                row.append("not built")
            elif needs_class and not has_class[key]:
                row.append(NO_CLASS if key == "abide" else "n/a (no Counter)")
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

    # -- contention
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
            why = NO_CLASS if key == "abide" else "not built"
            rows.append([LABEL[key], why, "", "", "", ""])
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

    # -- sizes
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

    # -- builds
    if builds:
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
        ca, cp = statistics.median(clean["abide"]), statistics.median(clean["pyo3"])
        ia, ip = statistics.median(incr["abide"]), statistics.median(incr["pyo3"])
        out.append(f"abide/PyO3: clean {ca / cp:.2f}x, rebuild {ia / ip:.2f}x.")
        out.append("")

    # -- growth
    if growth:
        out.append("## Growth with size")
        out.append("")
        a, p = growth.get("abide", {}), growth.get("pyo3", {})
        nf = args.gen_functions
        nb = args.gen_base
        classes_note = (
            f"and {n_classes_asked} classes"
            if n_classes_asked
            else "(functions only: abide has no #[pyclass] yet, so the 50-class part is "
            "skipped for both)"
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
            if "fns" in res and "base" in res and field in res["fns"] and field in res["base"]:
                return (res["fns"][field] - res["base"][field]) / (nf - nb) * scale
            return None

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

    # -- targets of issue 5
    out.append("## Targets (issue 5)")
    out.append("")
    rows = []
    fn_ops = [label for label, needs, _ in OPERATIONS if not needs]
    if all((label, "abide") in med and (label, "c") in med for label in fn_ops):
        worst = max(med[label, "abide"] / med[label, "c"] for label in fn_ops)
        rows.append(["function calls within 1.10x of C", f"worst {worst:.2f}x",
                     "met" if worst <= 1.10 else "missed"])
    if has_class.get("abide") and has_class.get("c"):
        cls_ops = [label for label, needs, _ in OPERATIONS if needs]
        ctor = cls_ops[0]
        r = med[ctor, "abide"] / med[ctor, "c"]
        rows.append(["construction within 1.15x of C", f"{r:.2f}x",
                     "met" if r <= 1.15 else "missed"])
        worst = max(med[label, "abide"] / med[label, "c"] for label in cls_ops[1:])
        rows.append(["method calls within 1.10x of C", f"worst {worst:.2f}x",
                     "met" if worst <= 1.10 else "missed"])
    else:
        rows.append(["class operations within 1.10x / 1.15x of C", NO_CLASS, "open"])
    if "abide" in sizes:
        limit = 320 * 1024 + 40 * 1024
        s = sizes["abide"]["stripped"]
        rows.append(["stripped size <= raw-FFI floor + 40 KB (360 KB, floor from the issue)",
                     kb(s), "met" if s <= limit else "missed"])
    if growth:
        ba = per_fn(growth.get("abide", {}), "stripped")
        bp = per_fn(growth.get("pyo3", {}), "stripped")
        if ba is not None and bp:
            rows.append(["bytes per function <= 1/3 of PyO3's", f"{ba / bp:.2f}x",
                         "met" if ba <= bp / 3 else "missed"])
    if builds:
        rows.append(["clean build <= 1/2 of PyO3's", f"{ca / cp:.2f}x",
                     "met" if ca <= cp / 2 else "missed"])
        rows.append(["rebuild no slower than PyO3's", f"{ia / ip:.2f}x",
                     "met" if ia <= ip else "missed"])
    if contention.get("abide"):
        rows.append(["contention: exact count, no exception", "",
                     "met" if contention["abide"]["ok"] else "missed"])
    else:
        rows.append(["contention: exact count, no exception", NO_CLASS, "open"])
    out.append(md_table(["target", "measured", "status"], rows, ["---", "---:", "---"]))
    out.append("")
    return "\n".join(out)


# ----------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--so-dir", required=True, type=Path,
                    help="directory holding bench_{c,abide,pyo3}.abi3t.so")
    ap.add_argument("--out", type=Path, default=REPO / "target" / "bench",
                    help="where results.md, results.json and build dirs go")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--best-of", type=int, default=5)
    ap.add_argument("--target", type=float, default=0.01,
                    help="seconds per timeit run (default 0.01)")
    ap.add_argument("--no-builds", action="store_true",
                    help="skip build-time and growth measurements")
    ap.add_argument("--no-growth", action="store_true", help="skip the generated modules")
    ap.add_argument("--clean-runs", type=int, default=3)
    ap.add_argument("--incr-runs", type=int, default=5)
    ap.add_argument("--gen-functions", type=int, default=200)
    ap.add_argument("--gen-classes", type=int, default=50,
                    help="classes in the generated modules, once abide has #[pyclass]")
    ap.add_argument("--gen-base", type=int, default=len(FN_TEMPLATES),
                    help="functions in the baseline generated module (default: one per shape)")
    ap.add_argument("--gen-runs", type=int, default=3)
    args = ap.parse_args()

    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    so_dir = args.so_dir.resolve()
    python = sys.executable
    started = time.perf_counter()

    def log(msg):
        print(f"[bench {time.perf_counter() - started:6.1f}s] {msg}", file=sys.stderr, flush=True)

    info = machine_info()
    sys.path.insert(0, str(so_dir))
    mods = {}
    for key in MODULES:
        try:
            mods[key] = __import__(f"bench_{key}")
        except ImportError as e:
            log(f"cannot import bench_{key}: {e}")
            mods[key] = None

    log("call speed ...")
    speed, samples = bench_speed(mods, args.rounds, args.best_of, args.target)

    log("contention ...")
    contention = {}
    for key in MODULES:
        m = mods[key]
        if m is not None and hasattr(m, "Counter"):
            r = bench_contention(m)
            r["single_thread_calls_per_s"] = bench_single_thread(m)
            contention[key] = r

    log("sizes ...")
    sizes = {}
    for key in MODULES:
        so = so_dir / f"bench_{key}.abi3t.so"
        if so.exists():
            sizes[key] = {"bytes": so.stat().st_size,
                          "stripped": stripped_size(so, out / "strip-tmp")}

    builds = growth = None
    n_classes = 0
    if not args.no_builds:
        log("build times ...")
        builds = bench_builds(python, out, args.clean_runs, args.incr_runs, log)
        if not args.no_growth:
            abide_mod = mods.get("abide")
            n_classes = args.gen_classes if abide_mod and hasattr(abide_mod, "Counter") else 0
            log(f"growth: {args.gen_functions} functions, {n_classes} classes ...")
            growth = bench_growth(python, out, args.gen_functions, n_classes,
                                  args.gen_base, args.gen_runs, log)
            check_generated(growth, log)

    text = report(info, args, mods, speed, contention, sizes, builds, growth, n_classes)
    print(text)
    (out / "results.md").write_text(text + "\n")
    raw = {
        "machine": info,
        "speed_ns": {f"{label} [{key}]": v for (label, key), v in samples.items()},
        "contention": contention,
        "sizes": sizes,
        "builds": {"clean_s": builds[0], "rebuild_s": builds[1]} if builds else None,
        "growth": growth,
    }
    (out / "results.json").write_text(json.dumps(raw, indent=2) + "\n")
    log(f"done; wrote {out / 'results.md'}")


if __name__ == "__main__":
    main()
