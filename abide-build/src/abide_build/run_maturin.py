"""Running maturin, which builds the Rust crate and writes its wheel."""

from __future__ import annotations

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
    # maturin's progress goes to stderr: stdout stays ours (the CLI prints the wheel).
    result = subprocess.run(command, cwd=project, stdout=sys.stderr, check=False)
    if result.returncode != 0:
        raise MaturinError(f"maturin build failed (exit status {result.returncode})")
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

