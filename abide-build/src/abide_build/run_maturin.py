"""Running maturin, which builds the Rust crate and writes its wheel."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path


class MaturinError(Exception):
    """maturin failed or could not be started; its own output is already on stderr."""


def executable() -> str:
    """The `maturin` installed with this package (next to its interpreter), else on PATH."""
    here = Path(sysconfig.get_path("scripts")) / "maturin"
    if here.is_file():
        return str(here)
    found = shutil.which("maturin")
    if found is None:
        raise MaturinError("maturin is not installed (abide-build depends on it: reinstall)")
    return found


def has_option(args: list[str], *names: str) -> bool:
    return any(a in names or a.startswith(tuple(n + "=" for n in names)) for a in args)


def cargo_env() -> dict[str, str]:
    """The environment of the build. abide always targets the stable ABI (abi3t), whatever
    the interpreter: `PYO3_NO_PYTHON` makes pyo3-ffi's build script use its abi3t
    defaults instead of configuring itself for the interpreter maturin was given (an older
    one would make it a version-specific build, which abide's build script refuses), and
    `PYO3_BUILD_EXTENSION_MODULE` keeps libpython out of the link. A project's own
    setting (environment or `.cargo/config.toml`) is not overridden."""
    env = dict(os.environ)
    env.setdefault("PYO3_NO_PYTHON", "1")
    env.setdefault("PYO3_BUILD_EXTENSION_MODULE", "1")
    return env


#: maturin warnings that do not apply under this backend, left out of the output: it
#: runs maturin itself (maturin warns that pip will not), and it retags maturin's wheel
#: from the library's imports (maturin, knowing abi3t from 3.15 only, calls the wheel
#: it makes with an older interpreter version-specific; the library is abi3t all the same,
#: see `cargo_env`).
NOT_APPLICABLE = (
    "`build-backend` in pyproject.toml is not set to `maturin`",
    "abi3t does not yet support CPython",
)


def run_filtered(command: list[str], project: Path) -> int:
    """Runs maturin with its output (cargo's included) on stderr, less NOT_APPLICABLE's
    lines: stdout stays ours (the CLI prints the wheel's path there)."""
    with subprocess.Popen(
        command,
        cwd=project,
        env=cargo_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    ) as process:
        for line in process.stdout:
            text = line.decode(errors="replace")
            if not any(phrase in text for phrase in NOT_APPLICABLE):
                sys.stderr.write(text)
                sys.stderr.flush()
    return process.returncode


def build(project: Path, out_dir: Path, args: list[str], *, strip: bool) -> Path:
    """`maturin build` in `project` (release, for this interpreter unless `args` say
    otherwise); returns the one wheel it wrote into the empty `out_dir`."""
    command = [executable(), "build", "--out", str(out_dir)]
    if not has_option(args, "--release", "-r", "--profile"):
        command.append("--release")
    if not has_option(args, "--interpreter", "-i"):
        # The frontend's interpreter (PEP 517), not whatever `python3` is on PATH.
        command += ["--interpreter", sys.executable]
    if strip and not has_option(args, "--strip"):
        command.append("--strip")
    command += args
    print(f"abide-build: running {shlex.join(command)}", file=sys.stderr, flush=True)
    status = run_filtered(command, project)
    if status != 0:
        raise MaturinError(f"maturin build failed (exit status {status})")
    wheels = sorted(out_dir.glob("*.whl"))
    if len(wheels) != 1:
        raise MaturinError(f"expected one wheel from maturin, got {[w.name for w in wheels]}")
    return wheels[0]


def sdist(project: Path, out_dir: Path) -> Path:
    """`maturin sdist`: the crate's sources (path dependencies included) with its
    pyproject.toml, whose build backend is this one."""
    command = [executable(), "sdist", "--out", str(out_dir)]
    result = subprocess.run(command, cwd=project, stdout=sys.stderr, check=False)
    if result.returncode != 0:
        raise MaturinError(f"maturin sdist failed (exit status {result.returncode})")
    found = sorted(out_dir.glob("*.tar.gz"))
    if len(found) != 1:
        raise MaturinError(f"expected one sdist from maturin, got {[f.name for f in found]}")
    return found[0]
