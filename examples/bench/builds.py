from __future__ import annotations

"""Clean and incremental release builds of the three benchmark modules."""

import shutil
import time

from common import HERE, LABEL, MODULES, run_timed, touch

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
