"""abide-build: the PEP 517 build backend of abide extension modules.

In an extension crate's pyproject.toml:

    [build-system]
    requires = ["abide-build>=0.1,<0.2"]
    build-backend = "abide_build"

`pip install .`, `pip wheel .` and `python -m build` then give the one wheel of the
crate: maturin builds the library, which becomes the package `m/__init__.so`, tagged
`cp311-abi3.abi3t` (or the oldest CPython whose stable ABI has all it imports), stripped,
with the module's type stub. The same file loads on CPython 3.11 to 3.14 (GIL builds) and
3.15+ (GIL and free-threaded).
"""

from __future__ import annotations

__version__ = "0.1.0"

import sys
from pathlib import Path

from .config import ConfigError, Settings
from .library import LibraryError
from .run_maturin import MaturinError
from .stubs import StubError
from .wheelfile import WheelError

#: The errors a build reports as a message, without a traceback.
BUILD_ERRORS = (ConfigError, LibraryError, MaturinError, StubError, WheelError)


def _fail(error: Exception):
    print(f"abide-build: {error}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    """PEP 517: builds the wheel into `wheel_directory`, returns its file name."""
    from .build import build_wheel as build

    try:
        built = build(Path.cwd(), Path(wheel_directory), Settings.load(Path.cwd(), config_settings))
    except BUILD_ERRORS as e:
        _fail(e)
    return built.path.name


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """PEP 660: the same wheel as `build_wheel`. A compiled extension has nothing to link
    back to the source tree: after changing the Rust code, run `pip install -e .` again."""
    return build_wheel(wheel_directory, config_settings, metadata_directory)


def build_sdist(sdist_directory, config_settings=None):
    """PEP 517: maturin's source distribution (the crate, its path dependencies and this
    pyproject.toml, so that building it runs this backend again)."""
    import shutil
    import tempfile

    from .run_maturin import sdist

    with tempfile.TemporaryDirectory(prefix="abide-sdist-") as tmp:
        try:
            made = sdist(Path.cwd(), Path(tmp))
        except BUILD_ERRORS as e:
            _fail(e)
        shutil.move(made, Path(sdist_directory) / made.name)
    return made.name


def get_requires_for_build_wheel(config_settings=None):
    # maturin is a dependency of this package: nothing more to install.
    return []


get_requires_for_build_editable = get_requires_for_build_wheel
get_requires_for_build_sdist = get_requires_for_build_wheel
