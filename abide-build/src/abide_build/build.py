"""The build: maturin's wheel, the stub, and abide's one wheel made of them."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from . import run_maturin, stubs
from .config import Settings
from .wheelfile import Built, repack


def say(message: str) -> None:
    print(f"abide-build: {message}", file=sys.stderr, flush=True)


def build_wheel(project: Path, out_dir: Path, settings: Settings) -> Built:
    """Builds the project's wheel into `out_dir`."""
    with tempfile.TemporaryDirectory(prefix="abide-build-") as tmp:
        tmp = Path(tmp)
        stub = None
        if settings.stubs:
            module, stub = stubs.from_project(project, settings.maturin_args)
            say(f"composed the stub of {module} ({len(stub.splitlines())} lines)")
        (tmp / "maturin").mkdir()
        wheel = run_maturin.build(project, tmp / "maturin", settings.maturin_args, strip=True)
        built = repack(wheel, out_dir, stub)
    report(built)
    return built


def report(built: Built) -> None:
    library = built.library
    say(library.describe())
    newest = max(library.needs, (3, 2))
    say(
        f"it imports {len(library.imports)} symbols, all in CPython's stable ABI, "
        f"none newer than {newest[0]}.{newest[1]}"
    )
    if built.stub == "generated":
        say(f"type stub: {library.module}/__init__.pyi (generated) and py.typed")
        if built.project_stub_differs:
            say(
                f"note: {library.module}.pyi in the project differs from the generated stub; "
                "the wheel has the generated one (`abide-build stubs` rewrites the file)"
            )
    elif built.stub == "project":
        say(f"type stub: {library.module}/__init__.pyi (the project's) and py.typed")
    else:
        say("type stub: none ([tool.abide-build] stubs = false)")
    size = built.path.stat().st_size
    say(f"wrote {built.path.name} ({size / 1024:.0f} KiB)")
