"""A module whose name is not ASCII: `café` (tests/unicode-module).

CPython finds its entry point under the Punycode of its name (`PyModExportU_caf_dma` on
3.15+, `PyInitU_caf_dma` on 3.11 to 3.14); an `import` statement finds the module.
"""

import ctypes
import importlib
import sys

import café


def hook_name(prefix, name):
    # CPython's rule (the docs of the PEP 793 export hook).
    try:
        return prefix + "_" + name.encode("ascii").decode()
    except UnicodeEncodeError:
        return prefix + "U_" + name.encode("punycode").replace(b"-", b"_").decode()


def test_import_statement_finds_it():
    assert café.__name__ == "café"
    assert sys.modules["café"] is café
    assert importlib.import_module("café") is café


def test_call_a_function():
    assert café.order("café") == "un café, s'il vous plaît"


def test_entry_points_are_named_after_the_punycode():
    lib = ctypes.CDLL(café.__file__)
    assert hook_name("PyModExport", "café") == "PyModExportU_caf_dma"
    assert hasattr(lib, hook_name("PyModExport", "café"))
    assert hasattr(lib, hook_name("PyInit", "café"))
