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

The parts live next to this script: ``speed.py`` (calls and contention), ``builds.py``,
``growth.py`` (generated modules), ``report.py`` (Markdown) and ``common.py``.
Results go to stdout and to ``<out>/results.md`` (plus the raw
numbers in ``<out>/results.json``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from builds import bench_builds
from common import MODULES, REPO, stripped_size
from growth import FN_TEMPLATES, bench_growth, check_generated
from report import machine_info, report
from speed import bench_contention, bench_single_thread, bench_speed


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
                    help="classes in the generated modules (0: functions only)")
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
        if m is not None:
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
            n_classes = args.gen_classes
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
