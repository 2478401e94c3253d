#!/usr/bin/env python3
"""Benchmark runner: abide vs PyO3 vs hand-written C, on CPython 3.15, 3.15t and 3.12.

Run it through ``examples/bench/run.sh``, which provisions the interpreters, builds
the modules once and then runs, with the same options::

    PY    run.py calls  --so-dir SO --out OUT      # on the GIL python3.15
    PYT   run.py calls  --so-dir SO --out OUT      # on the free-threaded python3.15t
    PY312 run.py calls  --so-dir SO312 --out OUT   # on python3.12 (abi3 builds)
    PY    run.py builds --so-dir SO --out OUT      # sizes, builds, growth (once)
    PY    report.py OUT                            # merges them into results.md/.json

``calls`` measures on the interpreter it runs on and writes ``OUT/calls-<build>.json``
(build "gil", "ft" or "py312"): the call speed of each operation (``speed.py``: several
rounds of best-of-N ``timeit`` runs, modules interleaved, median in ns per call), the
async rows (``async_calls.py``: awaiting an ``async fn`` of ``bench_abide_async`` and
``bench_pyo3_async`` that returns at once or is woken from another thread, against a
Python ``async def``, in us per call), contention with 1, 2 and 4 threads on one shared
``Counter`` and on one per thread, and
(on 3.15 only, see ``common.FAIRNESS_BUILDS``) the fairness to one writer of 0, 1, 2 and
4 readers of the same object (``threads.py``).

``builds`` writes ``OUT/builds.json``: stripped ``.so`` sizes and, unless
``--no-builds``, clean and incremental release build times (``builds.py``) and the
growth with size (``growth.py``: generated modules with many functions and classes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from common import (BUILDS, FAIRNESS_BUILDS, MODULES, REPO, builds_json, calls_json,
                    current_build, import_modules, machine_info, make_log, module_files,
                    python_info, stripped_size)


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("stage", choices=["calls", "builds"])
    ap.add_argument("--so-dir", required=True, type=Path,
                    help="directory holding bench_{c,abide,pyo3}.abi3t.so and "
                         "bench_{abide,pyo3}_async.abi3t.so (.abi3.so for the 3.12 leg)")
    ap.add_argument("--out", type=Path, default=REPO / "target" / "bench",
                    help="where the JSON files, results.md and build dirs go")
    ap.add_argument("--build", choices=BUILDS,
                    help="calls: fail unless the interpreter is this build")
    speed = ap.add_argument_group("call speed")
    speed.add_argument("--rounds", type=int, default=7)
    speed.add_argument("--best-of", type=int, default=5)
    speed.add_argument("--target", type=float, default=0.01,
                       help="seconds per timeit run (default 0.01)")
    aio = ap.add_argument_group("async rows (the same --rounds and --best-of)")
    aio.add_argument("--async-calls", type=int, default=20_000,
                     help="awaits per run of the ready row (default 20000)")
    aio.add_argument("--async-woken-calls", type=int, default=1000,
                     help="awaits per run of the woken rows (default 1000)")
    aio.add_argument("--async-spawned-calls", type=int, default=250,
                     help="awaits per run of the thread-per-call row (default 250)")
    aio.add_argument("--async-verify-calls", type=int, default=200,
                     help="untimed awaits per row counting the call_soon_threadsafe "
                          "wakes (default 200)")
    threads = ap.add_argument_group("threads")
    threads.add_argument("--threads", default="1,2,4",
                         help="thread counts of the contention test (default 1,2,4)")
    threads.add_argument("--thread-calls", type=int, default=200_000,
                         help="incr() calls per thread in the contention test")
    threads.add_argument("--thread-repeats", type=int, default=3,
                         help="contention: the fastest of this many runs (default 3)")
    threads.add_argument("--readers", default="0,1,2,4",
                         help="reader counts of the fairness test (default 0,1,2,4)")
    threads.add_argument("--fair-seconds", type=float, default=1.0,
                         help="seconds per fairness cell (default 1.0)")
    threads.add_argument("--fair-max-calls", type=int, default=1_000_000,
                         help="the writer stops earlier after this many calls")
    threads.add_argument("--scan-n", type=int, default=1500,
                         help="the readers' scan(n): a few microseconds per call")
    threads.add_argument("--thread-timeout", type=float, default=120.0,
                         help="seconds after which a thread is reported as hung")
    builds = ap.add_argument_group("builds")
    builds.add_argument("--no-builds", action="store_true",
                        help="skip build-time and growth measurements")
    builds.add_argument("--no-growth", action="store_true", help="skip the generated modules")
    builds.add_argument("--clean-runs", type=int, default=3)
    builds.add_argument("--incr-runs", type=int, default=5)
    builds.add_argument("--gen-functions", type=int, default=200)
    builds.add_argument("--gen-classes", type=int, default=50,
                        help="classes in the generated modules (0: functions only)")
    builds.add_argument("--gen-base", type=int, default=None,
                        help="functions in the baseline generated module "
                             "(default: one per shape)")
    builds.add_argument("--gen-runs", type=int, default=3)
    return ap.parse_args()


def ints(csv):
    return [int(x) for x in csv.split(",") if x]


def stage_calls(args, out, so_dir):
    """Speed, the async rows, contention and fairness on this interpreter."""
    from async_calls import bench_async
    from speed import bench_speed
    from threads import bench_contention, bench_fairness, scan_time_us, timer_overhead_ns

    build = current_build()
    if args.build and args.build != build:
        raise SystemExit(f"{sys.executable} is a {build} build, not {args.build}")
    log = make_log(build)
    mods = import_modules(so_dir, log)
    log(f"call speed on {sys.version.split()[0]} ...")
    speed = bench_speed(mods, args.rounds, args.best_of, args.target)
    log("async rows ...")
    aio = bench_async(so_dir, log, args.rounds, args.best_of, args.async_calls,
                      args.async_woken_calls, args.async_spawned_calls,
                      args.async_verify_calls)
    log("contention ...")
    contention = {key: bench_contention(m, ints(args.threads), args.thread_calls,
                                        args.thread_repeats, args.thread_timeout, log)
                  for key, m in mods.items() if m is not None}
    scan = fairness = None
    if build in FAIRNESS_BUILDS:
        log("writer fairness ...")
        scan = {key: {"us": us, "result": v}
                for key, m in mods.items() if m is not None
                for us, v in [scan_time_us(m, args.scan_n)]}
        fairness = {key: bench_fairness(m, ints(args.readers), args.fair_seconds,
                                        args.fair_max_calls, args.scan_n,
                                        args.thread_timeout, log)
                    for key, m in mods.items() if m is not None}
    raw = {
        "python": python_info(),
        "files": module_files(mods),
        "params": {k: getattr(args, k) for k in (
            "rounds", "best_of", "target", "async_calls", "async_woken_calls",
            "async_spawned_calls", "async_verify_calls", "threads", "thread_calls",
            "thread_repeats", "readers", "fair_seconds", "fair_max_calls", "scan_n")},
        "modules": {key: m is not None for key, m in mods.items()},
        "speed": speed,
        "async": aio,
        "contention": contention,
        "scan": scan,
        "timer_overhead_ns": timer_overhead_ns(),
        "fairness": fairness,
    }
    path = calls_json(out, build)
    path.write_text(json.dumps(raw, indent=2) + "\n")
    log(f"wrote {path}")
    rows = [r for part in (contention, fairness or {}) for rs in part.values() for r in rs]
    if any(r["hung"] for r in rows):  # threads are still stuck: do not wait for them at exit
        sys.stdout.flush()
        os._exit(0)


def stage_builds(args, out, so_dir):
    """Sizes, and unless --no-builds, build times and growth (once for both builds)."""
    from builds import bench_builds
    from growth import FN_TEMPLATES, bench_growth, check_generated

    log = make_log("builds")
    gen_base = args.gen_base if args.gen_base is not None else len(FN_TEMPLATES)
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
        builds = bench_builds(sys.executable, out, args.clean_runs, args.incr_runs, log)
        if not args.no_growth:
            n_classes = args.gen_classes
            log(f"growth: {args.gen_functions} functions, {n_classes} classes ...")
            growth = bench_growth(sys.executable, out, args.gen_functions, n_classes,
                                  gen_base, args.gen_runs, log)
            check_generated(growth, log)
    raw = {
        "machine": machine_info(),
        "params": {"clean_runs": args.clean_runs, "incr_runs": args.incr_runs,
                   "gen_functions": args.gen_functions, "gen_classes": n_classes,
                   "gen_base": gen_base, "gen_runs": args.gen_runs},
        "sizes": sizes,
        "builds": {"clean_s": builds[0], "rebuild_s": builds[1]} if builds else None,
        "growth": growth,
    }
    path = builds_json(out)
    path.write_text(json.dumps(raw, indent=2) + "\n")
    log(f"wrote {path}")


def main():
    args = parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    so_dir = args.so_dir.resolve()
    if args.stage == "calls":
        stage_calls(args, out, so_dir)
    else:
        stage_builds(args, out, so_dir)


if __name__ == "__main__":
    main()
