"""A PyO3 extension written as a declarative module, ported (tests/ports/declarative).

`#[pymodule] mod declarative { ... }` exports functions, classes, an exception and
constants (`#[pymodule_export] use` / `const`, and items declared inside), nested
submodules (`declarative.maths`, `declarative.maths.deeper`, ...) and runs a
`#[pymodule_init]` function last. The same library holds `declarative_gil`
(`#[pymodule(gil_used = true)]`), loaded by its own name from this file.
"""

import importlib
import importlib.util
import math
import os
import subprocess
import sys
import sysconfig
import textwrap

import pytest

import declarative


def test_module_doc_and_name():
    assert declarative.__name__ == "declarative"
    assert declarative.__doc__ == "A module written in the declarative style."


def test_exported_functions():
    assert declarative.double(21) == 42
    assert declarative.triple(3) == 9
    assert declarative.double.__module__ == "declarative"
    assert declarative.triple.__doc__.endswith("Triples a number.")


def test_exported_class():
    counter = declarative.Counter(3)
    assert counter.incr() == 4
    assert counter.value == 4
    assert declarative.Counter().value == 0
    assert declarative.Counter.__module__ == "declarative"
    assert declarative.Counter.__qualname__ == "Counter"


def test_class_declared_inside():
    tag = declarative.Tag("x")
    assert tag.text == "x"
    assert declarative.Tag.__module__ == "declarative"
    assert declarative.Tag.__doc__ == "A label."


def test_exported_exception():
    error = declarative.NegativeError
    assert issubclass(error, ValueError)
    assert error.__module__ == "declarative"
    with pytest.raises(error, match="a counter starts at zero or above"):
        declarative.Counter(-1)


def test_constants():
    assert declarative.PI == math.pi
    assert declarative.GREETING == "hello"
    # `r#type` is exported as `type`, as PyO3 does.
    assert getattr(declarative, "type") == "!"
    assert not hasattr(declarative, "NOT_EXPORTED")


def test_what_the_module_holds():
    public = sorted(k for k in vars(declarative) if not k.startswith("__"))
    assert public == [
        "Counter",
        "GREETING",
        "NegativeError",
        "PI",
        "Tag",
        "double",
        "double2",
        "external",
        "legacy",
        "maths",
        "renamed",
        "triple",
        "type",
    ]


def test_init_runs_after_the_exports():
    # `init` reads `double`, so it must run after the exports were added.
    assert declarative.double2 is declarative.double


def test_nested_submodule():
    maths = declarative.maths
    assert maths.__name__ == "declarative.maths"
    assert maths.__doc__ == "Maths helpers."
    assert maths.square(4) == 16
    assert maths.square.__module__ == "declarative.maths"
    assert maths.double(5) == 10
    assert maths.E == math.e


def test_submodules_at_any_depth_are_importable():
    import declarative.maths.deeper as deeper
    from declarative.maths import square

    assert deeper is declarative.maths.deeper
    assert deeper.__name__ == "declarative.maths.deeper"
    assert deeper.__doc__ is None
    assert deeper.cube(3) == 27
    assert square(3) == 9
    assert sys.modules["declarative.maths"] is declarative.maths
    assert importlib.import_module("declarative.maths.deeper") is deeper


def test_renamed_submodule():
    assert declarative.renamed.__name__ == "declarative.renamed"
    assert declarative.renamed.WHO == "renamed"
    assert not hasattr(declarative, "original_name")


def test_exported_submodules_declared_outside():
    assert declarative.external.__name__ == "declarative.external"
    assert declarative.external.ANSWER == 42
    assert declarative.external.__doc__ == "A submodule declared outside the module that exports it."


def test_function_module_taking_py():
    legacy = declarative.legacy
    assert legacy.__name__ == "declarative.legacy"
    assert legacy.PLATFORM == sys.platform
    assert legacy.__doc__ == "Tells whether the token came through: the old two-parameter form."


def test_submodules_have_no_entry_points():
    import ctypes

    lib = ctypes.CDLL(declarative.__file__)
    for name in ("declarative", "declarative_gil"):
        assert hasattr(lib, "PyModExport_" + name)
        assert hasattr(lib, "PyInit_" + name)
    for name in ("maths", "deeper", "external", "legacy", "renamed", "original_name"):
        assert not hasattr(lib, "PyModExport_" + name)
        assert not hasattr(lib, "PyInit_" + name)


FREE_THREADED = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))

GIL_PROBE = textwrap.dedent(
    """
    import importlib.util, sys, warnings
    # CPython before 3.13 has no free-threaded build: the GIL is always on.
    gil_enabled = getattr(sys, "_is_gil_enabled", lambda: True)
    before = gil_enabled()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import declarative
        if len(sys.argv) > 1:
            spec = importlib.util.spec_from_file_location(sys.argv[1], declarative.__file__)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            assert module.double(2) == 4
    print(before, gil_enabled(), any("GIL" in str(w.message) for w in caught))
    """
)


def gil_probe(*module_name):
    """In a fresh interpreter, imports `declarative` and then (if given) `module_name`
    from the same library: whether the GIL was on before and after, and whether an
    import warned that it turned the GIL on."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_GIL"}
    out = subprocess.run(
        [sys.executable, "-c", GIL_PROBE, *module_name],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def test_gil_not_used_keeps_the_gil_off():
    # Without `gil_used`, a module declares that it does not need the GIL.
    expected = str(not FREE_THREADED)
    assert gil_probe() == [expected, expected, "False"]


def test_gil_used_turns_the_gil_on_when_free_threaded():
    # `#[pymodule(gil_used = true)]`: a free-threaded build enables the GIL when it
    # imports the module, and warns, as CPython documents for extensions that need it; a
    # GIL build has the GIL on all along.
    expected = str(not FREE_THREADED)
    assert gil_probe("declarative_gil") == [expected, "True", str(FREE_THREADED)]


# -- a class in a nested declarative submodule ------------------------------------------


def load(name):
    """Loads the module `name` from the library that holds `declarative`."""
    spec = importlib.util.spec_from_file_location(name, declarative.__file__)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_class_in_submodule():
    nested = load("declarative_nested_class")
    shapes = nested.shapes
    assert shapes.__name__ == "declarative_nested_class.shapes"
    assert sys.modules["declarative_nested_class.shapes"] is shapes
    square = shapes.Square(3.0)
    assert square.side == 3.0
    assert square.area() == 9.0
    assert shapes.Square.__module__ == "declarative_nested_class.shapes"
    assert shapes.Square.__qualname__ == "Square"
    from declarative_nested_class.shapes import Square

    assert Square is shapes.Square
