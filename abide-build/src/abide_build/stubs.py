"""Type stubs: the `.pyi` of an abide extension module, composed by the extension itself.

abide's macros render each function, class, method and property; the module records what
its `#[pymodule]` function added. A library built with abide's `stubs` feature exports
`abide_module_stubs(module)`, which composes the text: this module imports the extension,
loads its library with ctypes and calls that function. Nothing in the module's namespace
is involved, and the library you ship does not need the feature.
"""

from __future__ import annotations

import ctypes
import importlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from . import run_maturin

STUBS_FEATURE = "abide/stubs"


class StubError(Exception):
    """The stub could not be composed; the message says what to do."""


def compose(module) -> str:
    """The stub text of `module`, an imported abide extension module."""
    path = getattr(module, "__file__", None)
    if not path:
        raise StubError(f"{module.__name__} has no __file__: is it an extension module?")
    try:
        library = ctypes.PyDLL(path)
    except OSError as e:
        raise StubError(f"{module.__name__} ({path}) is not an extension library: {e}") from None
    try:
        function = library.abide_module_stubs
    except AttributeError:
        raise StubError(
            f"{path} does not export abide_module_stubs: build it with abide's `stubs` "
            f"feature (`cargo build --features {STUBS_FEATURE}`), or let "
            "`abide-build stubs` build it"
        ) from None
    function.argtypes = [ctypes.py_object]
    function.restype = ctypes.py_object
    return function(module)


def from_module(name: str, paths: list[str] = ()) -> str:
    """Imports the module `name` (searching `paths` first, then the current directory,
    then the usual `sys.path`) and composes its stub."""
    for entry in reversed([*paths, os.getcwd()]):
        sys.path.insert(0, str(entry))
    try:
        module = importlib.import_module(name)
    except ImportError as e:
        raise StubError(f"cannot import {name}: {e}") from None
    return compose(module)


def from_project(project: Path, maturin_args: list[str]) -> tuple[str, str]:
    """Builds the project's library with abide's `stubs` feature (maturin, in the
    release profile, so that only abide and the crate itself are compiled again) and
    composes its stub in a fresh interpreter. Returns (module name, stub text)."""
    with tempfile.TemporaryDirectory(prefix="abide-stubs-") as tmp:
        tmp = Path(tmp)
        (tmp / "wheel").mkdir()
        wheel = run_maturin.build(
            project, tmp / "wheel", [*maturin_args, "--features", STUBS_FEATURE], strip=False
        )
        with zipfile.ZipFile(wheel) as z:
            libraries = [n for n in z.namelist() if n.endswith(".so") and ".dist-info/" not in n]
            if len(libraries) != 1:
                raise StubError(f"expected one library in {wheel.name}, found {libraries}")
            module = libraries[0].split("/")[0]
            # A plain `.so` is a suffix every CPython from 3.11 (and 3.15t) accepts.
            (tmp / "lib").mkdir()
            (tmp / "lib" / f"{module}.so").write_bytes(z.read(libraries[0]))
        return module, compose_in_subprocess(module, tmp / "lib")


def compose_in_subprocess(module: str, path: Path) -> str:
    """Runs `python -m abide_build stubgen` on a fresh interpreter (this one's): the
    extension's import and its module state stay out of the build process."""
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run(
        [sys.executable, "-m", "abide_build", "stubgen", module, "--path", str(path), "--out", "-"],
        cwd=path,
        env=env,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise StubError(
            f"composing the stub of {module} failed (set [tool.abide-build] stubs = false "
            "to build without one):\n" + result.stderr.decode(errors="replace")
        )
    return result.stdout.decode("utf-8")
