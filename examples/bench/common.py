from __future__ import annotations

"""What the benchmark scripts share: paths, the modules compared, timed commands."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# Table order. "key" is the directory under examples/bench/ and the suffix of the
# module name (bench_<key>).
MODULES = ["c", "abide", "pyo3"]
LABEL = {"c": "C", "abide": "abide", "pyo3": "PyO3"}


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


def touch(path: Path):
    now = time.time()
    os.utime(path, (now, now))


def stripped_size(path: Path, tmp: Path) -> int:
    tmp.mkdir(parents=True, exist_ok=True)
    copy = tmp / (path.name + ".stripped")
    shutil.copyfile(path, copy)
    subprocess.run(["strip", str(copy)], check=True)
    size = copy.stat().st_size
    copy.unlink()
    return size
