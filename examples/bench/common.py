from __future__ import annotations

"""What the benchmark scripts share: paths, the modules and builds compared, the
interpreter and machine descriptions, logging, timed commands."""

import datetime
import hashlib
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

# The CPython builds the calls run on. "gil" is python3.15 and "ft" the free-threaded
# python3.15t: one abi3t .so of each module loads on both. "py312" is CPython 3.12 (a GIL
# build): C and PyO3 are abi3 builds with the 3.11 floor there, abide is the very same
# file as on 3.15 under the `.abi3.so` name that 3.12 loads.
BUILDS = ["gil", "ft", "py312"]
BUILD_LABEL = {"gil": "GIL build", "ft": "free-threaded build",
               "py312": "3.12 GIL build (abi3)"}
# The writer-fairness test runs on 3.15 only: on a GIL build the writer waits for the
# GIL, not for the module, which the 3.15 GIL build already shows.
FAIRNESS_BUILDS = ["gil", "ft"]


def current_build() -> str:
    """"gil", "ft" or "py312": the build of the running interpreter."""
    if sys.version_info[:2] == (3, 12):
        return "py312"
    return "gil" if getattr(sys, "_is_gil_enabled", lambda: True)() else "ft"


def module_files(mods: dict) -> dict:
    """{key: {"path", "bytes", "sha256"}} of the files the imported modules came from
    (symlinks resolved), so the report can show that abide loads one file everywhere."""
    files = {}
    for key, mod in mods.items():
        if mod is None:
            continue
        path = Path(mod.__file__).resolve()
        data = path.read_bytes()
        files[key] = {"path": str(path), "bytes": len(data),
                      "sha256": hashlib.sha256(data).hexdigest()}
    return files


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
