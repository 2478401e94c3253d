"""A class in a nested declarative submodule (tests/ports/declarative,
`declarative_nested_class.shapes.Square`).

Not collected yet: classes in submodules fail at import with "module has no abide state"
until the `mod-state` branch is merged. Then rename this file to
`test_declarative_submodule_classes.py` (or move the test into test_declarative.py) and
register it in tests/tests/examples.rs.
"""

import importlib.util
import sys

import declarative


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
