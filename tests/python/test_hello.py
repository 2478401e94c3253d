"""The `hello` example, as a Python user sees it."""

import inspect
import sys

import pytest

import hello


def test_loaded_as_stable_abi_library():
    # One library: CPython 3.15+ loads it as abi3t (through PyModExport_hello), 3.13 and
    # 3.14 as abi3 (through PyInit_hello).
    suffix = ".abi3t.so" if sys.version_info >= (3, 15) else ".abi3.so"
    assert hello.__file__.endswith(suffix)


def test_add():
    assert hello.add(2, 3) == 5
    assert hello.add(a=2, b=3) == 5
    assert hello.add(-(2**62), -(2**62)) == -(2**63)


def test_greet():
    assert hello.greet("Ada", greeting="Hi") == "Hi, Ada!"
    assert hello.greet("Ada") == "Hello, Ada!"
    assert hello.greet(name="Ada") == "Hello, Ada!"


def test_docs_and_signatures():
    assert hello.add.__doc__ == "Adds two integers."
    assert str(inspect.signature(hello.add)) == "(a, b)"
    assert str(inspect.signature(hello.greet)) == "(name, *, greeting='Hello')"
    assert hello.add.__name__ == "add"
    assert hello.add.__module__ == "hello"


def test_wrong_type_names_function_and_argument():
    with pytest.raises(TypeError) as e:
        hello.add("x", 1)
    assert str(e.value) == "add() argument 'a': 'str' object cannot be interpreted as an integer"


def test_arity_errors_read_like_cpython():
    with pytest.raises(TypeError, match=r"^add\(\) missing 1 required positional argument: 'b'$"):
        hello.add(1)
    with pytest.raises(TypeError, match=r"^add\(\) missing 2 required positional arguments: 'a' and 'b'$"):
        hello.add()
    with pytest.raises(TypeError, match=r"^add\(\) takes 2 positional arguments but 3 were given$"):
        hello.add(1, 2, 3)
    with pytest.raises(TypeError, match=r"^add\(\) got an unexpected keyword argument 'c'$"):
        hello.add(1, 2, c=3)
    with pytest.raises(TypeError, match=r"^add\(\) got multiple values for argument 'a'$"):
        hello.add(1, a=2)
    with pytest.raises(TypeError, match=r"^greet\(\) takes 1 positional argument but 2 were given$"):
        hello.greet("Ada", "Hi")


def test_overflow():
    with pytest.raises(OverflowError, match=r"^add\(\) argument 'a': "):
        hello.add(2**63, 1)


def test_keyword_only_is_keyword_only():
    with pytest.raises(
        TypeError, match="^greet\\(\\) takes 1 positional argument but 2 were given$"
    ):
        hello.greet("Ada", "Hi")
    with pytest.raises(TypeError, match="unexpected keyword argument 'greting'"):
        hello.greet("Ada", greting="Hi")


def test_overflowing_sum_raises():
    with pytest.raises(OverflowError, match="does not fit in 64 bits"):
        hello.add(2**62, 2**62)
