"""Turns maturin's wheel into abide's one wheel.

maturin builds the pure-Rust layout: `m/m.<suffix>.so` and an `m/__init__.py` that
re-exports it, tagged for the interpreter it ran with (`cp315-abi3.abi3t` on 3.15,
`cp311-cp311` on 3.11: maturin only knows abi3t from 3.15 on). abide's wheel instead has:

- the library as the package itself, `m/__init__.so`: a plain `.so` is the one suffix
  that CPython 3.11-3.14 (which know `.abi3.so`, not `.abi3t.so`) and free-threaded 3.15t
  (which refuses `.abi3.so`) all accept, and `m/` stays a package so that its stub
  `m/__init__.pyi` and `py.typed` (PEP 561) work. An abi3t-only library is
  `m/__init__.abi3t.so`, the name PEP 803 gives it;
- the tags `cpXY-abi3` and `cpXY-abi3t` (file name `cpXY-abi3.abi3t`), `cpXY` from the
  library's imports (see `library.py`);
- a fresh `RECORD`.

Everything else maturin wrote (METADATA, licenses, entry points, data) is kept as is.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import hashlib
import io
import os
import re
import time
import zipfile
from pathlib import Path

from . import __version__
from .library import Library, inspect

# A wheel file name: {distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl
WHEEL_NAME = re.compile(
    r"^(?P<dist>[^-]+)-(?P<version>[^-]+)(-(?P<build>\d[^-]*))?"
    r"-(?P<python>[^-]+)-(?P<abi>[^-]+)-(?P<platform>[^-]+)\.whl$"
)


class WheelError(Exception):
    """maturin's wheel is not one abide can turn into its wheel; the message says why."""


@dataclasses.dataclass
class Built:
    """The finished wheel and what it holds."""

    path: Path
    library: Library
    stub: str | None  # where the stub came from: "generated", "project" or None
    project_stub_differs: bool = False  # a generated stub replaced a different one


def record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={digest.decode()}"


def zip_time() -> tuple[int, int, int, int, int, int]:
    """Entry timestamps: SOURCE_DATE_EPOCH if set (reproducible builds), else 1980-01-01,
    the earliest a zip can say (what maturin writes too)."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    return time.gmtime(max(epoch, 315532800))[:6]


def repack(source: Path, out_dir: Path, stub: str | None = None) -> Built:
    """Writes abide's wheel for maturin's wheel `source` into `out_dir`.

    `stub` is the module's generated `.pyi` text: it becomes `m/__init__.pyi` (replacing
    one maturin took from the project), with `m/py.typed`."""
    parts = WHEEL_NAME.match(source.name)
    if not parts:
        raise WheelError(f"{source.name} is not a wheel file name")
    with zipfile.ZipFile(source) as z:
        files = {info.filename: z.read(info) for info in z.infolist() if not info.is_dir()}
    dist_info = f"{parts['dist']}-{parts['version']}.dist-info"
    if f"{dist_info}/WHEEL" not in files:
        raise WheelError(f"{source.name} has no {dist_info}/WHEEL")

    libraries = [n for n in files if n.endswith(".so") and not n.startswith(dist_info)]
    if len(libraries) != 1:
        raise WheelError(f"expected one library in {source.name}, found {libraries}")
    (library_path,) = libraries
    module, _, name = library_path.partition("/")
    init = f"{module}/__init__.py"
    # maturin's pure-Rust layout, nothing more. A project with Python sources
    # (`python-source`) is not handled: its package decides where the library goes.
    expected = {library_path, init, f"{module}/__init__.pyi", f"{module}/py.typed"}
    extra = sorted(n for n in files if n.startswith(module + "/") and n not in expected)
    reexports = files.get(init, b"").startswith(f"from .{module} import *".encode())
    if "/" in name or not name.startswith(module + ".") or extra or not reexports:
        also = f", but also {', '.join(extra)}" if extra else ""
        raise WheelError(
            f"{library_path}: not maturin's pure-Rust layout ({module}/__init__.py "
            f"re-exporting {module}/{module}.*.so{also}); projects with Python sources "
            "are not supported yet"
        )
    library = inspect(module, files[library_path])

    renamed = "__init__.so" if library.kind == "universal" else "__init__.abi3t.so"
    entries: dict[str, bytes] = {}
    for path, data in files.items():
        if path in (library_path, init, f"{dist_info}/RECORD", f"{dist_info}/WHEEL"):
            continue
        entries[path] = data
    entries[f"{module}/{renamed}"] = files[library_path]
    stub_source = None
    project_stub = entries.get(f"{module}/__init__.pyi")
    if stub is not None:
        entries[f"{module}/__init__.pyi"] = stub.encode()
        stub_source = "generated"
    elif f"{module}/__init__.pyi" in entries:
        stub_source = "project"
    if stub_source:
        entries.setdefault(f"{module}/py.typed", b"")

    # A compressed platform tag (`manylinux_2_17_x86_64.manylinux2014_x86_64`) is one
    # tag per platform in WHEEL.
    tags = [
        f"{library.python_tag}-{abi}-{platform}"
        for abi in ("abi3", "abi3t")
        for platform in parts["platform"].split(".")
    ]
    entries[f"{dist_info}/WHEEL"] = wheel_metadata(files[f"{dist_info}/WHEEL"], tags)

    build = f"-{parts['build']}" if parts["build"] else ""
    filename = (
        f"{parts['dist']}-{parts['version']}{build}-{library.python_tag}-abi3.abi3t"
        f"-{parts['platform']}.whl"
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / filename
    write(target, entries, f"{dist_info}/RECORD")
    differs = stub is not None and project_stub not in (None, stub.encode())
    return Built(target, library, stub_source, differs)


def wheel_metadata(original: bytes, tags: list[str]) -> bytes:
    """maturin's `WHEEL` with our generator and tags (other fields kept)."""
    lines = []
    for line in original.decode().splitlines():
        if line.startswith("Tag:"):
            continue
        if line.startswith("Generator:"):
            line = f"Generator: abide-build ({__version__}) with {line.split(':', 1)[1].strip()}"
        lines.append(line)
    lines += [f"Tag: {tag}" for tag in tags]
    return ("\n".join(lines) + "\n").encode()


def write(target: Path, entries: dict[str, bytes], record: str) -> None:
    """Writes the wheel: the files in a stable order (dist-info last, as PEP 427 advises),
    then RECORD with each file's hash and size."""
    when = zip_time()
    dist_info = record.rsplit("/", 1)[0]
    order = sorted(entries, key=lambda p: (p.startswith(dist_info + "/"), p))
    record_text = io.StringIO()
    rows = csv.writer(record_text, lineterminator="\n")
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for path in order:
            data = entries[path]
            info = zipfile.ZipInfo(path, when)
            info.external_attr = (0o755 if path.endswith(".so") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
            rows.writerow([path, record_hash(data), len(data)])
        rows.writerow([record, "", ""])
        info = zipfile.ZipInfo(record, when)
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, record_text.getvalue())
    tmp.replace(target)
