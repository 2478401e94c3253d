#!/usr/bin/env python3
"""Write the type stub (`.pyi`) of an abide extension module.

Usage: python stubgen.py MODULE [--out PATH]

Run it with a Python that can import MODULE (CPython 3.11+; set PYTHONPATH as needed).
The stub comes from the extension itself: abide's macros render each function, class,
method and property, and the module records what its `#[pymodule]` function added to it.
A library built with abide's `stubs` feature (`cargo build --features abide/stubs`)
exports `abide_module_stubs(module)`, which composes the text; this script imports the
module, loads its library with ctypes and calls that function. Nothing in the module's
namespace is involved. The library you ship does not need the feature.

PATH defaults to `MODULE.pyi` (the last part of the name) in the current directory; `-`
writes to stdout. Next to an extension crate's Cargo.toml, maturin ships `MODULE.pyi` as
`MODULE/__init__.pyi` with a `py.typed` marker (PEP 561).
"""

import argparse
import ctypes
import importlib
import pathlib
import sys


def module_stubs(module):
    """The stub text of `module`, an imported abide extension module."""
    path = getattr(module, "__file__", None)
    if not path:
        raise SystemExit(f"{module.__name__} has no __file__: is it an extension module?")
    library = ctypes.PyDLL(path)
    try:
        compose = library.abide_module_stubs
    except AttributeError:
        raise SystemExit(
            f"{path} does not export abide_module_stubs: build it with abide's `stubs` "
            "feature (cargo build --features abide/stubs)"
        )
    compose.argtypes = [ctypes.py_object]
    compose.restype = ctypes.py_object
    return compose(module)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", help="the module to import, e.g. `shapes`")
    parser.add_argument("--out", "-o", help="where to write the stub (default: MODULE.pyi; - for stdout)")
    args = parser.parse_args(argv)

    text = module_stubs(importlib.import_module(args.module))
    out = args.out or args.module.rpartition(".")[2] + ".pyi"
    if out == "-":
        sys.stdout.write(text)
    else:
        pathlib.Path(out).write_text(text, encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
