from __future__ import annotations

"""What the benchmark scripts share: paths, the modules and builds compared, the
interpreter and machine descriptions, logging, timed commands."""

import datetime
import os
import platform
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

# The two CPython builds every measurement runs on: one abi3t .so of each module
# loads on both. "gil" is python3.15, "ft" the free-threaded python3.15t.
BUILDS = ["gil", "ft"]
BUILD_LABEL = {"gil": "GIL build", "ft": "free-threaded build"}


def current_build() -> str:
    """"gil" or "ft": the build of the running interpreter."""
    return "gil" if getattr(sys, "_is_gil_enabled", lambda: True)() else "ft"


def calls_json(out: Path, build: str) -> Path:
    """Where `run.py calls` writes the measurements of one build."""
    return out / f"calls-{build}.json"


def builds_json(out: Path) -> Path:
    """Where `run.py builds` writes sizes, build times and growth."""
    return out / "builds.json"


def make_log(tag: str):
    """A logger to stderr with the elapsed time and `tag` (for instance the build)."""
    started = time.perf_counter()

    def log(msg):
        print(f"[bench {tag} {time.perf_counter() - started:6.1f}s] {msg}",
              file=sys.stderr, flush=True)

    return log


def import_modules(so_dir: Path, log) -> dict:
    """bench_c, bench_abide and bench_pyo3 from `so_dir`, None for any that fails."""
    sys.path.insert(0, str(so_dir))
    mods = {}
    for key in MODULES:
        try:
            mods[key] = __import__(f"bench_{key}")
        except ImportError as e:
            log(f"cannot import bench_{key}: {e}")
            mods[key] = None
    return mods


def python_info() -> dict:
    """The running interpreter."""
    return {
        "python": sys.version.split()[0],
        "python_full": sys.version.replace("\n", " "),
        "python_build": current_build(),
        "executable": sys.executable,
    }


def machine_info() -> dict:
    """The machine and the compilers (the interpreters are in python_info)."""
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

    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": f"{platform.system()} {platform.release()}",
        "rustc": version(["rustc", "--version"]),
        "cc": version([os.environ.get("CC", "gcc"), "--version"]),
    }


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
